// The one interface the UI (servers tree, actions, CLI) uses to read and operate a live HAProxy,
// whichever API is behind it: the Runtime API socket (RuntimeEndpoint) or the Data Plane API.
// API-neutral: no socket, CSV or HTTP concept leaks through. Implementations throw
// InvalidInputError (refused before sending), HaproxyCommandError (HAProxy said no; its text
// kept verbatim) or a transport error of their own.

/** Administrative state an operator can put a server in. */
export type ServerAdminState = 'ready' | 'drain' | 'maint';

/** A weight: absolute 0..256, or relative to the configured weight (`'50%'`). */
export type Weight = number | `${number}%`;

/** Normalised health/traffic status of a server. `statusText` keeps HAProxy's own words. */
export type ServerStatus = 'up' | 'going-down' | 'down' | 'going-up' | 'nolb' | 'drain' | 'maint' | 'no-check' | 'unknown';

export interface Counters {
  /** HTTP requests processed (`req_tot`). */
  requests?: number;
  bytesIn?: number;
  bytesOut?: number;
  http1xx?: number;
  http2xx?: number;
  http3xx?: number;
  http4xx?: number;
  http5xx?: number;
  requestErrors?: number;
  connectionErrors?: number;
  responseErrors?: number;
  deniedRequests?: number;
  retries?: number;
  redispatches?: number;
}

/** Average times in ms over the last 1024 requests (`qtime`, `ctime`, `rtime`, `ttime`); backends and servers. */
export interface Timings {
  queueMs?: number;
  connectMs?: number;
  responseMs?: number;
  totalMs?: number;
}

export interface Sessions {
  current?: number;
  max?: number;
  limit?: number;
  total?: number;
  /** New sessions per second over the last second. */
  rate?: number;
}

export interface ProxySnapshot {
  name: string;
  kind: 'frontend' | 'backend';
  /** HAProxy's words: `OPEN`, `STOP`, `FULL` (frontends), `UP`, `DOWN` (backends). */
  status: string;
  mode?: string;
  /** Backends: balance algorithm. */
  algorithm?: string;
  sessions: Sessions;
  /** HTTP requests per second (frontends). */
  requestRate?: number;
  queue: { current?: number; max?: number };
  /** Backends: active / backup servers that are usable, and the total effective weight. */
  activeServers?: number;
  backupServers?: number;
  weight?: number;
  /** Seconds since the backend last changed between UP and DOWN, and its total downtime. */
  lastChangeSeconds?: number;
  downtimeSeconds?: number;
  counters: Counters;
  /** Backends only. */
  timings?: Timings;
}

export interface ServerSnapshot {
  backend: string;
  name: string;
  /** `host:port` / `[v6]:port` as HAProxy reports it. */
  address?: string;
  status: ServerStatus;
  /** HAProxy's words, e.g. `UP 1/3`, `MAINT (via be/s1)`, `no check`. */
  statusText: string;
  adminState: ServerAdminState;
  /** The weight as configured or last set by an operator (HAProxy's user weight), 0..256. */
  weight?: number;
  backup: boolean;
  sessions: Sessions;
  queue: { current?: number; max?: number; limit?: number };
  check: {
    /** `L7OK`, `L4CON`, ... absent when the server has no health check. */
    status?: string;
    code?: number;
    durationMs?: number;
    description?: string;
    failedChecks?: number;
    downTransitions?: number;
  };
  /** `backend/server` this server tracks, if any. */
  tracks?: string;
  lastChangeSeconds?: number;
  downtimeSeconds?: number;
  /** Seconds since the last session was sent to it; absent if never. */
  lastSessionSeconds?: number;
  /** Times chosen by the load balancer. */
  selected?: number;
  counters: Counters;
  timings?: Timings;
}

export interface Snapshot {
  takenAt: Date;
  proxies: ProxySnapshot[];
  servers: ServerSnapshot[];
}

export interface AddServerOptions {
  /** `server` keywords accepted by `add server`, e.g. `[{ keyword: 'check' }, { keyword: 'inter', value: '2s' }]`. */
  options?: ReadonlyArray<{ keyword: string; value?: string | number }>;
}

export interface Endpoint {
  /** Short human label for messages (`/run/haproxy/admin.sock`, `http://lb:5555`). */
  readonly label: string;
  /** Proxies and servers with their status and counters, in one consistent read. */
  snapshot(): Promise<Snapshot>;
  setServerState(backend: string, server: string, state: ServerAdminState): Promise<void>;
  setWeight(backend: string, server: string, weight: Weight): Promise<void>;
  setHealthChecks(backend: string, server: string, enabled: boolean): Promise<void>;
  /** Adds a server at run time. It starts in maintenance: call setServerState(..., 'ready'). */
  addServer(backend: string, server: string, address: string, port: number, options?: AddServerOptions): Promise<void>;
  /** Deletes a server; HAProxy requires it to be in maintenance first. */
  deleteServer(backend: string, server: string): Promise<void>;
  /** Releases connections; the endpoint is not used afterwards. */
  dispose(): Promise<void>;
}
