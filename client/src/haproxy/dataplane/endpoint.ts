// Endpoint over the Data Plane API: snapshots from native stats (+ runtime servers for the
// admin state), actions through the runtime server endpoints (no reload).
import type { AddServerOptions, Counters, Endpoint, ProxySnapshot, ServerAdminState, ServerSnapshot, ServerStatus, Snapshot, Timings, Weight } from '../endpoint';
import { InvalidInputError, validateAddress, validateBackendName, validatePort, validateServerName, validateServerOptions, validateWeight } from '../validate';
import { DataPlaneClient, type DataPlaneClientOptions } from './client';
import { DataPlaneError } from './errors';
import type { NativeStat, NativeStatStats, RuntimeAddServer, RuntimeServer } from './types';

type Field = { name: keyof RuntimeAddServer & string; kind: 'flag' | 'int' | 'time' | 'string' };

/** `add server` keywords (validate.ts allow-list) → runtime_add_server fields of the v3 spec. */
const addServerFields: Record<string, Field> = {
  check: { name: 'check', kind: 'flag' },
  backup: { name: 'backup', kind: 'flag' },
  ssl: { name: 'ssl', kind: 'flag' },
  'send-proxy': { name: 'send-proxy', kind: 'flag' },
  'agent-check': { name: 'agent-check', kind: 'flag' },
  'check-ssl': { name: 'check-ssl', kind: 'flag' },
  'check-send-proxy': { name: 'check-send-proxy', kind: 'flag' },
  tfo: { name: 'tfo', kind: 'flag' },
  weight: { name: 'weight', kind: 'int' },
  maxconn: { name: 'maxconn', kind: 'int' },
  maxqueue: { name: 'maxqueue', kind: 'int' },
  minconn: { name: 'minconn', kind: 'int' },
  rise: { name: 'rise', kind: 'int' },
  fall: { name: 'fall', kind: 'int' },
  port: { name: 'health_check_port', kind: 'int' },
  'agent-port': { name: 'agent-port', kind: 'int' },
  'error-limit': { name: 'error_limit', kind: 'int' },
  'pool-low-conn': { name: 'pool_low_conn', kind: 'int' },
  'pool-max-conn': { name: 'pool_max_conn', kind: 'int' },
  inter: { name: 'inter', kind: 'time' },
  fastinter: { name: 'fastinter', kind: 'time' },
  downinter: { name: 'downinter', kind: 'time' },
  slowstart: { name: 'slowstart', kind: 'time' },
  'agent-inter': { name: 'agent-inter', kind: 'time' },
  'pool-purge-delay': { name: 'pool_purge_delay', kind: 'time' },
  addr: { name: 'health_check_address', kind: 'string' },
  alpn: { name: 'alpn', kind: 'string' },
  sni: { name: 'sni', kind: 'string' },
  verify: { name: 'verify', kind: 'string' },
  verifyhost: { name: 'verifyhost', kind: 'string' },
  'check-sni': { name: 'check-sni', kind: 'string' },
  'check-alpn': { name: 'check_alpn', kind: 'string' },
  'check-proto': { name: 'check_proto', kind: 'string' },
  ciphers: { name: 'ciphers', kind: 'string' },
  ciphersuites: { name: 'ciphersuites', kind: 'string' },
  'ca-file': { name: 'ssl_cafile', kind: 'string' },
  crt: { name: 'ssl_certificate', kind: 'string' },
  'crl-file': { name: 'crl_file', kind: 'string' },
  'ssl-min-ver': { name: 'ssl_min_ver', kind: 'string' },
  'ssl-max-ver': { name: 'ssl_max_ver', kind: 'string' },
  track: { name: 'track', kind: 'string' },
  observe: { name: 'observe', kind: 'string' },
  'on-error': { name: 'on-error', kind: 'string' },
  'on-marked-down': { name: 'on-marked-down', kind: 'string' },
  'on-marked-up': { name: 'on-marked-up', kind: 'string' },
  proto: { name: 'proto', kind: 'string' },
  source: { name: 'source', kind: 'string' },
  'agent-addr': { name: 'agent-addr', kind: 'string' },
  'agent-send': { name: 'agent-send', kind: 'string' },
  npn: { name: 'npn', kind: 'string' },
  ws: { name: 'ws', kind: 'string' },
};

/** HAProxy time (`2s`, `500ms`, bare = ms) → ms, as the API's duration fields expect. */
function toMilliseconds(value: string): number {
  const match = /^(\d+)(us|ms|s|m|h|d)?$/.exec(value);
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match?.[2] ?? 'ms'] ?? 1;
  return Math.round(Number(match?.[1] ?? NaN) * factor);
}

export class DataPlaneEndpoint implements Endpoint {
  readonly label: string;

  constructor(readonly client: DataPlaneClient, label: string) {
    this.label = label;
  }

  static async connect(options: DataPlaneClientOptions): Promise<DataPlaneEndpoint> {
    return new DataPlaneEndpoint(await DataPlaneClient.connect(options), options.baseUrl);
  }

  /**
   * One native-stats call, plus one runtime-servers call per backend with servers: the spec's
   * stats `status` enum has no DRAIN (and a spec-conforming server leaves it out), so the
   * admin state is read from `runtime_server.admin_state`, which has it.
   */
  async snapshot(): Promise<Snapshot> {
    const stats = await this.client.nativeStats();
    const backends = [...new Set(stats.filter((s) => s.type === 'server').map((s) => s.backend_name ?? ''))].filter((b) => b !== '');
    const runtime = new Map<string, RuntimeServer>();
    await Promise.all(
      backends.map(async (backend) => {
        for (const server of await this.client.listRuntimeServers(backend)) runtime.set(`${backend}/${server.name}`, server);
      }),
    );
    const proxies: ProxySnapshot[] = [];
    const servers: ServerSnapshot[] = [];
    for (const stat of stats) {
      if (stat.type === 'frontend' || stat.type === 'backend') proxies.push(toProxy(stat, stat.type));
      else if (stat.type === 'server') servers.push(toServer(stat, runtime.get(`${stat.backend_name}/${stat.name}`)));
    }
    return { takenAt: new Date(), proxies, servers };
  }

  async setServerState(backend: string, server: string, state: ServerAdminState): Promise<void> {
    validateBackendName(backend);
    validateServerName(server);
    if (state !== 'ready' && state !== 'drain' && state !== 'maint') throw new InvalidInputError('state', "must be 'ready', 'drain' or 'maint'", state);
    await this.client.updateRuntimeServer(backend, server, { admin_state: state });
  }

  /** Absolute weights are sent as is; `N%` is applied to the initial weight (`iweight`), like HAProxy. */
  async setWeight(backend: string, server: string, weight: Weight): Promise<void> {
    validateBackendName(backend);
    validateServerName(server);
    const token = validateWeight(weight);
    let absolute = Number(token);
    if (token.endsWith('%')) {
      const initial = (await this.client.getRuntimeServer(backend, server)).iweight;
      if (initial === undefined || initial === null) throw new DataPlaneError(`cannot apply ${token}: the API did not report the initial weight of ${backend}/${server}`, { kind: 'protocol', method: 'GET', url: `runtime/backends/${backend}/servers/${server}` });
      absolute = Math.min(256, Math.round((initial * Number(token.slice(0, -1))) / 100));
    }
    await this.client.updateRuntimeServer(backend, server, { weight: absolute });
  }

  /** The Data Plane API has no runtime switch for health checks (runtime_server has no such field). */
  async setHealthChecks(backend: string, server: string, enabled: boolean): Promise<void> {
    throw new DataPlaneError(
      `cannot ${enabled ? 'enable' : 'disable'} health checks of ${backend}/${server} at run time through the Data Plane API; change the server's 'check' in the configuration (push) or use a Runtime API endpoint`,
      { kind: 'unsupported', method: 'PUT', url: `runtime/backends/${backend}/servers/${server}` },
    );
  }

  async addServer(backend: string, server: string, address: string, port: number, options: AddServerOptions = {}): Promise<void> {
    validateBackendName(backend);
    validateServerName(server);
    validateAddress(address, { allowHostname: true });
    validatePort(port);
    const list = options.options ?? [];
    validateServerOptions(list);
    const body: Record<string, unknown> = { name: server, address, port };
    for (const option of list) {
      const field = addServerFields[option.keyword];
      if (!field) throw new InvalidInputError(`option ${option.keyword}`, `'${option.keyword}' cannot be set through the Data Plane API runtime endpoint`, option.keyword);
      const value = String(option.value ?? '');
      body[field.name] = field.kind === 'flag' ? 'enabled' : field.kind === 'int' ? Number(value) : field.kind === 'time' ? toMilliseconds(value) : value;
    }
    await this.client.addRuntimeServer(backend, body as RuntimeAddServer);
  }

  async deleteServer(backend: string, server: string): Promise<void> {
    validateBackendName(backend);
    validateServerName(server);
    await this.client.deleteRuntimeServer(backend, server);
  }

  async dispose(): Promise<void> {
    this.client.close();
  }
}

function counters(s: NativeStatStats): Counters {
  return {
    requests: num(s.req_tot),
    bytesIn: num(s.bin),
    bytesOut: num(s.bout),
    http1xx: num(s.hrsp_1xx),
    http2xx: num(s.hrsp_2xx),
    http3xx: num(s.hrsp_3xx),
    http4xx: num(s.hrsp_4xx),
    http5xx: num(s.hrsp_5xx),
    requestErrors: num(s.ereq),
    connectionErrors: num(s.econ),
    responseErrors: num(s.eresp),
    deniedRequests: num(s.dreq),
    retries: num(s.wretr),
    redispatches: num(s.wredis),
  };
}

function timings(s: NativeStatStats): Timings {
  return { queueMs: num(s.qtime), connectMs: num(s.ctime), responseMs: num(s.rtime), totalMs: num(s.ttime) };
}

const num = (value: number | null | undefined): number | undefined => (value === null ? undefined : value);

function toProxy(stat: NativeStat, kind: 'frontend' | 'backend'): ProxySnapshot {
  const s = stat.stats ?? {};
  return {
    name: stat.name ?? '',
    kind,
    status: String(s.status ?? ''),
    mode: s.mode,
    algorithm: s.algo,
    sessions: { current: num(s.scur), max: num(s.smax), limit: num(s.slim), total: num(s.stot), rate: num(s.rate) },
    requestRate: num(s.req_rate),
    queue: { current: num(s.qcur), max: num(s.qmax) },
    activeServers: kind === 'backend' ? num(s.act) : undefined,
    backupServers: kind === 'backend' ? num(s.bck) : undefined,
    weight: kind === 'backend' ? num(s.weight) : undefined,
    lastChangeSeconds: num(s.lastchg),
    downtimeSeconds: num(s.downtime),
    counters: counters(s),
    timings: kind === 'backend' ? timings(s) : undefined,
  };
}

/** HAProxy's status words (`UP`, `UP 1/3`, `DOWN 1/2`, `MAINT (via x/y)`, `DRAIN`, `no check`) → normalised. */
export function normaliseStatusText(text: string): ServerStatus {
  const [word, progress] = text.split(' ');
  if (text === 'no check') return 'no-check';
  switch (word) {
    case 'UP':
      return progress && /^\d+\/\d+$/.test(progress) ? 'going-down' : 'up';
    case 'DOWN':
      return progress && /^\d+\/\d+$/.test(progress) ? 'going-up' : 'down';
    case 'NOLB':
      return 'nolb';
    case 'DRAIN':
      return 'drain';
    case 'MAINT':
      return 'maint';
    default:
      return 'unknown';
  }
}

function toServer(stat: NativeStat, runtime: RuntimeServer | undefined): ServerSnapshot {
  const s = stat.stats ?? {};
  const statusText = String(s.status ?? '');
  const adminState: ServerAdminState = runtime?.admin_state ?? (statusText.startsWith('MAINT') ? 'maint' : statusText === 'DRAIN' ? 'drain' : 'ready');
  let status = normaliseStatusText(statusText);
  if (adminState === 'maint') status = 'maint';
  else if (adminState === 'drain' && (status === 'up' || status === 'no-check' || status === 'unknown')) status = 'drain';
  const address = runtime?.address ? (runtime.address.includes(':') ? `[${runtime.address}]` : runtime.address) + (runtime.port ? `:${runtime.port}` : '') : s.addr;
  return {
    backend: stat.backend_name ?? '',
    name: stat.name ?? '',
    address,
    status,
    statusText: statusText || (adminState === 'drain' ? 'DRAIN' : ''),
    adminState,
    weight: num(runtime?.weight) ?? num(s.weight),
    backup: s.bck === 1,
    sessions: { current: num(s.scur), max: num(s.smax), limit: num(s.slim), total: num(s.stot), rate: num(s.rate) },
    queue: { current: num(s.qcur), max: num(s.qmax), limit: num(s.qlimit) },
    check: {
      status: s.check_status,
      code: num(s.check_code),
      durationMs: num(s.check_duration),
      description: s.check_desc,
      failedChecks: num(s.chkfail),
      downTransitions: num(s.chkdown),
    },
    tracks: s.tracked,
    lastChangeSeconds: num(s.lastchg),
    downtimeSeconds: num(s.downtime),
    lastSessionSeconds: s.lastsess !== undefined && s.lastsess !== null && s.lastsess >= 0 ? s.lastsess : undefined,
    selected: num(s.lbtot),
    counters: counters(s),
    timings: timings(s),
  };
}
