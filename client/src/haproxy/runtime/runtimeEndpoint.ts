// Endpoint over the Runtime API: one `show stat` per snapshot, changes through RuntimeClient.
import type { AddServerOptions, Counters, Endpoint, ProxySnapshot, ServerAdminState, ServerSnapshot, ServerStatus, Snapshot, Timings, Weight } from '../endpoint';
import { RuntimeClient, type RuntimeClientOptions } from './client';
import { describeTarget } from './transport';
import type { StatRow, StatStatus } from './showStat';

export class RuntimeEndpoint implements Endpoint {
  readonly client: RuntimeClient;
  readonly label: string;

  constructor(options: RuntimeClientOptions | RuntimeClient) {
    this.client = options instanceof RuntimeClient ? options : new RuntimeClient(options);
    this.label = describeTarget(this.client.target);
  }

  async snapshot(): Promise<Snapshot> {
    const rows = await this.client.showStat();
    return snapshotFromStat(rows, new Date());
  }

  setServerState(backend: string, server: string, state: ServerAdminState): Promise<void> {
    return this.client.setServerState(backend, server, state);
  }

  setWeight(backend: string, server: string, weight: Weight): Promise<void> {
    return this.client.setWeight(backend, server, weight);
  }

  setHealthChecks(backend: string, server: string, enabled: boolean): Promise<void> {
    return this.client.setHealthChecks(backend, server, enabled);
  }

  addServer(backend: string, server: string, address: string, port: number, options: AddServerOptions = {}): Promise<void> {
    return this.client.addServer({ backend, server, address, port, options: options.options ?? [] });
  }

  deleteServer(backend: string, server: string): Promise<void> {
    return this.client.deleteServer(backend, server);
  }

  dispose(): Promise<void> {
    return this.client.close();
  }
}

/** `show stat` rows -> API-neutral snapshot (listener rows are left out). */
export function snapshotFromStat(rows: readonly StatRow[], takenAt: Date): Snapshot {
  const proxies: ProxySnapshot[] = [];
  const servers: ServerSnapshot[] = [];
  for (const row of rows) {
    if (row.type === 'frontend' || row.type === 'backend') proxies.push(toProxy(row, row.type));
    else if (row.type === 'server') servers.push(toServer(row));
  }
  return { takenAt, proxies, servers };
}

function counters(row: StatRow): Counters {
  return {
    requests: row.http.requestTotal,
    bytesIn: row.bytesIn,
    bytesOut: row.bytesOut,
    http1xx: row.http['1xx'],
    http2xx: row.http['2xx'],
    http3xx: row.http['3xx'],
    http4xx: row.http['4xx'],
    http5xx: row.http['5xx'],
    requestErrors: row.requestErrors,
    connectionErrors: row.connectionErrors,
    responseErrors: row.responseErrors,
    deniedRequests: row.deniedRequests,
    retries: row.retries,
    redispatches: row.redispatches,
  };
}

function toProxy(row: StatRow, kind: 'frontend' | 'backend'): ProxySnapshot {
  return {
    name: row.proxy,
    kind,
    status: row.status?.text ?? '',
    mode: row.mode,
    algorithm: row.algorithm,
    sessions: { current: row.sessions.current, max: row.sessions.max, limit: row.sessions.limit, total: row.sessions.total, rate: row.sessions.rate },
    requestRate: row.http.requestRate,
    queue: { current: row.queue.current, max: row.queue.max },
    activeServers: kind === 'backend' ? row.active : undefined,
    backupServers: kind === 'backend' ? row.backup : undefined,
    weight: kind === 'backend' ? row.weight : undefined,
    lastChangeSeconds: row.lastChangeSeconds,
    downtimeSeconds: row.downtimeSeconds,
    counters: counters(row),
    timings: kind === 'backend' ? timings(row) : undefined,
  };
}

function timings(row: StatRow): Timings {
  return { ...row.times };
}

/** HAProxy's status words -> normalised status. */
export function normaliseStatus(status: StatStatus | undefined): ServerStatus {
  switch (status?.state) {
    case 'UP':
      return status.transition ? 'going-down' : 'up';
    case 'DOWN':
      return status.transition ? 'going-up' : 'down';
    case 'NOLB':
      return 'nolb';
    case 'DRAIN':
      return 'drain';
    case 'MAINT':
      return 'maint';
    case 'no check':
      return 'no-check';
    default:
      return 'unknown';
  }
}

function toServer(row: StatRow): ServerSnapshot {
  const status = normaliseStatus(row.status);
  return {
    backend: row.proxy,
    name: row.name,
    address: row.address,
    status,
    statusText: row.status?.text ?? '',
    adminState: status === 'maint' ? 'maint' : status === 'drain' ? 'drain' : 'ready',
    weight: row.userWeight ?? row.weight,
    backup: row.backup === 1,
    sessions: { current: row.sessions.current, max: row.sessions.max, limit: row.sessions.limit, total: row.sessions.total, rate: row.sessions.rate },
    queue: { current: row.queue.current, max: row.queue.max, limit: row.queue.limit },
    check: {
      status: row.check.status,
      code: row.check.code,
      durationMs: row.check.durationMs,
      description: row.check.description,
      failedChecks: row.check.failed,
      downTransitions: row.check.downs,
    },
    tracks: row.tracked,
    lastChangeSeconds: row.lastChangeSeconds,
    downtimeSeconds: row.downtimeSeconds,
    lastSessionSeconds: row.lastSessionSeconds !== undefined && row.lastSessionSeconds >= 0 ? row.lastSessionSeconds : undefined,
    selected: row.selected,
    counters: counters(row),
    timings: timings(row),
  };
}
