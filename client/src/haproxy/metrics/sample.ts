// What one snapshot says about one backend or server, as the numbers the metrics keep:
// cumulative counters (rates are computed between samples) and gauges (charted as read).
import type { Counters, ProxySnapshot, ServerSnapshot, Snapshot, Timings } from '../endpoint';

/** Cumulative counters: they only grow, except when HAProxy restarts them (reload, `clear counters`). */
export const COUNTER_FIELDS = [
  'requests',
  'responses',
  'http2xx',
  'http4xx',
  'http5xx',
  'bytesIn',
  'bytesOut',
  'sessionsTotal',
  'checkFailures',
  'checkDowns',
] as const;

/** Instantaneous values. Times are HAProxy's averages over the last 1024 requests, in ms. */
export const GAUGE_FIELDS = ['queue', 'sessions', 'queueMs', 'connectMs', 'responseMs', 'totalMs', 'usableServers', 'servers'] as const;

export type CounterField = (typeof COUNTER_FIELDS)[number];
export type GaugeField = (typeof GAUGE_FIELDS)[number];
export type SampleField = CounterField | GaugeField;
export const SAMPLE_FIELDS: readonly SampleField[] = [...COUNTER_FIELDS, ...GAUGE_FIELDS];

/** Position of each field in a sample row (SeriesBuffer.pushRow's order). */
const at = Object.fromEntries(SAMPLE_FIELDS.map((field, i) => [field, i])) as Record<SampleField, number>;

/** Statuses in which a server takes new traffic (as the servers tree counts them). */
const usableStatuses = new Set(['up', 'going-down', 'no-check']);

/** All HTTP responses counted by HAProxy (1xx to 5xx). Undefined when it counts none (TCP mode). */
export function responsesOf(counters: Counters): number | undefined {
  const classes = [counters.http1xx, counters.http2xx, counters.http3xx, counters.http4xx, counters.http5xx];
  if (classes.every((value) => value === undefined)) return undefined;
  return classes.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

const num = (value: number | undefined): number => (value === undefined ? NaN : value);

function writeCommon(row: Float64Array, counters: Counters, timings: Timings | undefined, sessions: { current?: number; total?: number }, queue: number | undefined): void {
  row[at.requests] = num(counters.requests);
  row[at.responses] = num(responsesOf(counters));
  row[at.http2xx] = num(counters.http2xx);
  row[at.http4xx] = num(counters.http4xx);
  row[at.http5xx] = num(counters.http5xx);
  row[at.bytesIn] = num(counters.bytesIn);
  row[at.bytesOut] = num(counters.bytesOut);
  row[at.sessionsTotal] = num(sessions.total);
  row[at.sessions] = num(sessions.current);
  row[at.queue] = num(queue);
  row[at.queueMs] = num(timings?.queueMs);
  row[at.connectMs] = num(timings?.connectMs);
  row[at.responseMs] = num(timings?.responseMs);
  row[at.totalMs] = num(timings?.totalMs);
}

/** Fills `row` with a server's sample. */
export function writeServerRow(row: Float64Array, server: ServerSnapshot): Float64Array {
  writeCommon(row, server.counters, server.timings, server.sessions, server.queue.current);
  row[at.checkFailures] = num(server.check.failedChecks);
  row[at.checkDowns] = num(server.check.downTransitions);
  row[at.usableServers] = usableStatuses.has(server.status) ? 1 : 0;
  row[at.servers] = 1;
  return row;
}

/**
 * Fills `row` with a backend's sample. Health-check figures are the sums over its servers (the
 * BACKEND row's own `chkdown` counts the backend going down, not its servers); usable servers are
 * HAProxy's `act + bck` (UP with a non-zero weight) when it reports them.
 */
export function writeBackendRow(row: Float64Array, proxy: ProxySnapshot, servers: readonly ServerSnapshot[]): Float64Array {
  writeCommon(row, proxy.counters, proxy.timings, proxy.sessions, proxy.queue.current);
  let failures = NaN;
  let downs = NaN;
  let usable = 0;
  for (const server of servers) {
    if (server.check.failedChecks !== undefined) failures = (Number.isNaN(failures) ? 0 : failures) + server.check.failedChecks;
    if (server.check.downTransitions !== undefined) downs = (Number.isNaN(downs) ? 0 : downs) + server.check.downTransitions;
    if (usableStatuses.has(server.status)) usable++;
  }
  row[at.checkFailures] = failures;
  row[at.checkDowns] = downs;
  row[at.usableServers] = proxy.activeServers !== undefined || proxy.backupServers !== undefined ? (proxy.activeServers ?? 0) + (proxy.backupServers ?? 0) : usable;
  row[at.servers] = servers.length;
  return row;
}

/** Key of a backend's or server's series. */
export const seriesKey = {
  backend: (backend: string): string => `backend/${backend}`,
  server: (backend: string, server: string): string => `server/${backend}/${server}`,
};

/** Calls `visit` with every backend and server of a snapshot and its sample row (one reused array: copy it to keep it). */
export function forEachSample(snapshot: Snapshot, visit: (key: string, row: Float64Array) => void): void {
  const row = new Float64Array(SAMPLE_FIELDS.length);
  const serversByBackend = new Map<string, ServerSnapshot[]>();
  for (const server of snapshot.servers) {
    const list = serversByBackend.get(server.backend);
    if (list) list.push(server);
    else serversByBackend.set(server.backend, [server]);
    visit(seriesKey.server(server.backend, server.name), writeServerRow(row, server));
  }
  for (const proxy of snapshot.proxies) {
    if (proxy.kind === 'backend') visit(seriesKey.backend(proxy.name), writeBackendRow(row, proxy, serversByBackend.get(proxy.name) ?? []));
  }
}
