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

export type SampleValues = Partial<Record<SampleField, number | undefined>>;

/** Statuses in which a server takes new traffic (as the servers tree counts them). */
const usableStatuses = new Set(['up', 'going-down', 'no-check']);

/** All HTTP responses counted by HAProxy (1xx to 5xx). Undefined when it counts none (TCP mode). */
export function responsesOf(counters: Counters): number | undefined {
  const classes = [counters.http1xx, counters.http2xx, counters.http3xx, counters.http4xx, counters.http5xx];
  if (classes.every((value) => value === undefined)) return undefined;
  return classes.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

function counterValues(counters: Counters): SampleValues {
  return {
    requests: counters.requests,
    responses: responsesOf(counters),
    http2xx: counters.http2xx,
    http4xx: counters.http4xx,
    http5xx: counters.http5xx,
    bytesIn: counters.bytesIn,
    bytesOut: counters.bytesOut,
  };
}

function timingValues(timings: Timings | undefined): SampleValues {
  return { queueMs: timings?.queueMs, connectMs: timings?.connectMs, responseMs: timings?.responseMs, totalMs: timings?.totalMs };
}

const sum = (values: ReadonlyArray<number | undefined>): number | undefined =>
  values.every((value) => value === undefined) ? undefined : values.reduce<number>((total, value) => total + (value ?? 0), 0);

export function serverSample(server: ServerSnapshot): SampleValues {
  return {
    ...counterValues(server.counters),
    ...timingValues(server.timings),
    sessionsTotal: server.sessions.total,
    checkFailures: server.check.failedChecks,
    checkDowns: server.check.downTransitions,
    queue: server.queue.current,
    sessions: server.sessions.current,
    usableServers: usableStatuses.has(server.status) ? 1 : 0,
    servers: 1,
  };
}

/**
 * A backend's sample. Health-check figures are the sums over its servers (the BACKEND row's own
 * `chkdown` counts the backend going down, not its servers); usable servers are HAProxy's
 * `act + bck` (UP with a non-zero weight) when it reports them.
 */
export function backendSample(proxy: ProxySnapshot, servers: readonly ServerSnapshot[]): SampleValues {
  const usable = proxy.activeServers !== undefined || proxy.backupServers !== undefined
    ? (proxy.activeServers ?? 0) + (proxy.backupServers ?? 0)
    : servers.filter((server) => usableStatuses.has(server.status)).length;
  return {
    ...counterValues(proxy.counters),
    ...timingValues(proxy.timings),
    sessionsTotal: proxy.sessions.total,
    checkFailures: sum(servers.map((server) => server.check.failedChecks)),
    checkDowns: sum(servers.map((server) => server.check.downTransitions)),
    queue: proxy.queue.current,
    sessions: proxy.sessions.current,
    usableServers: usable,
    servers: servers.length,
  };
}

/** Key of a backend's or server's series. */
export const seriesKey = {
  backend: (backend: string): string => `backend/${backend}`,
  server: (backend: string, server: string): string => `server/${backend}/${server}`,
};

/** Every backend and server of a snapshot with its sample values. */
export function samplesOf(snapshot: Snapshot): Array<{ key: string; values: SampleValues }> {
  const serversByBackend = new Map<string, ServerSnapshot[]>();
  for (const server of snapshot.servers) {
    const list = serversByBackend.get(server.backend);
    if (list) list.push(server);
    else serversByBackend.set(server.backend, [server]);
  }
  const samples: Array<{ key: string; values: SampleValues }> = [];
  for (const proxy of snapshot.proxies) {
    if (proxy.kind !== 'backend') continue;
    samples.push({ key: seriesKey.backend(proxy.name), values: backendSample(proxy, serversByBackend.get(proxy.name) ?? []) });
  }
  for (const server of snapshot.servers) samples.push({ key: seriesKey.server(server.backend, server.name), values: serverSample(server) });
  return samples;
}
