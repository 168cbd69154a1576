// A real HAProxy for the metrics tests: `be_mixed` answers 5xx for exactly one request in four
// (its one server counts the requests it gets), `be_ok` always 2xx, `be_down` has only a server
// nobody listens on (health-checked: DOWN), and an optional Prometheus exporter frontend.
// `load(n)` sends exactly n requests with autocannon and counts the answers by status.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { startBackends, type Backends } from '../harness/backends';
import { freePort, startHaproxy, type HaproxyInstance } from '../harness/haproxy';

export interface ErrorBackend {
  port: number;
  /** Requests received (health checks excluded). */
  requests: number;
  stop(): Promise<void>;
}

/** An HTTP server answering 500 to every `every`-th request (1-based: the 4th, 8th...), 200 otherwise. */
export async function startErrorBackend(every: number): Promise<ErrorBackend> {
  const state: ErrorBackend = { port: 0, requests: 0, stop: async () => undefined };
  const server: Server = createServer((request, response) => {
    if ((request.url ?? '').startsWith('/health')) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    state.requests++;
    const fail = state.requests % every === 0;
    response.writeHead(fail ? 500 : 200, { 'content-type': 'text/plain' }).end(fail ? 'failed on purpose\n' : 'ok\n');
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  state.port = (server.address() as AddressInfo).port;
  state.stop = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return state;
}

export interface MetricsLab {
  haproxy: HaproxyInstance;
  errorBackend: ErrorBackend;
  okBackends: Backends;
  /** `http://127.0.0.1:PORT` of the frontends: /mixed goes to be_mixed, anything else to be_ok. */
  url: string;
  /** Port of the exporter frontend (`/metrics`), when asked for. */
  exporterPort?: number;
  stop(): Promise<void>;
}

export interface LoadResult {
  total: number;
  byStatus: Map<number, number>;
  errors: number;
}

export async function startMetricsLab(options: { exporter?: boolean } = {}): Promise<MetricsLab> {
  const errorBackend = await startErrorBackend(4);
  let okBackends: Backends | undefined;
  let haproxy: HaproxyInstance | undefined;
  try {
    okBackends = await startBackends(1);
    const downPort = await freePort();
    const okPort = okBackends.ports[0] as number;
    haproxy = await startHaproxy(
      (ctx) => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe_main
    bind 127.0.0.1:${ctx.freePorts[0]}
    use_backend be_mixed if { path_beg /mixed }
    default_backend be_ok
${options.exporter ? `frontend fe_prometheus
    bind 127.0.0.1:${ctx.freePorts[1]}
    http-request use-service prometheus-exporter if { path /metrics }
    no log
` : ''}backend be_mixed
    server app1 127.0.0.1:${errorBackend.port}
backend be_ok
    server ok1 127.0.0.1:${okPort}
backend be_down
    server gone1 127.0.0.1:${downPort} check inter 200 fall 1
`,
      { backendPorts: [errorBackend.port, okPort] },
    );
    const lab: MetricsLab = {
      haproxy,
      errorBackend,
      okBackends,
      url: `http://127.0.0.1:${haproxy.freePorts[0]}`,
      exporterPort: options.exporter ? haproxy.freePorts[1] : undefined,
      stop: async () => {
        await haproxy?.stop();
        await okBackends?.stop();
        await errorBackend.stop();
      },
    };
    return lab;
  } catch (error) {
    await haproxy?.stop();
    await okBackends?.stop();
    await errorBackend.stop();
    throw error;
  }
}

/** Sends exactly `amount` requests to `url` (at most `rate` per second when given) and counts the answers. */
export function load(url: string, amount: number, options: { connections?: number; rate?: number } = {}): Promise<LoadResult> {
  const { connections = 4, rate } = options;
  return new Promise((resolve, reject) => {
    const byStatus = new Map<number, number>();
    let errors = 0;
    const instance = autocannon({ url, amount, connections, timeout: 5, ...(rate ? { overallRate: rate } : {}) }, (error) => {
      if (error) reject(error);
      else resolve({ total: [...byStatus.values()].reduce((a, b) => a + b, 0), byStatus, errors });
    });
    instance.on('response', (_client, status) => byStatus.set(status, (byStatus.get(status) ?? 0) + 1));
    instance.on('reqError', () => void errors++);
  });
}
