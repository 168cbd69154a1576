// Tiny HTTP backends on 127.0.0.1 for HAProxy to balance and health-check in tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Backend {
  /** 0-based index, also the name in the reply body: `backend <index>`. */
  index: number;
  port: number;
  /** Requests answered so far (health checks included). */
  requests: number;
  /** 200 on /health when healthy, 503 when not. Normal requests always get 200 while running. */
  setHealthy(healthy: boolean): void;
  /** Closes the listener and open connections; the port then refuses connections. */
  stop(): Promise<void>;
}

export interface Backends {
  ports: number[];
  backends: Backend[];
  /** Stops every backend still running. */
  stop(): Promise<void>;
}

export interface BackendOptions {
  /** Path answered as the health check (default `/health`). */
  healthPath?: string;
}

async function startOne(index: number, healthPath: string): Promise<Backend> {
  let healthy = true;
  let stopped: Promise<void> | undefined;
  const backend: Backend = {
    index,
    port: 0,
    requests: 0,
    setHealthy: (value) => (healthy = value),
    stop: () => (stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    })),
  };
  const server: Server = createServer((request, response) => {
    backend.requests++;
    const isHealthCheck = (request.url ?? '').split('?')[0] === healthPath;
    const status = isHealthCheck && !healthy ? 503 : 200;
    response.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
    response.end(isHealthCheck ? (healthy ? 'ok\n' : 'unhealthy\n') : `backend ${index}\n`);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  backend.port = (server.address() as AddressInfo).port;
  return backend;
}

/** Starts `count` HTTP servers on ephemeral 127.0.0.1 ports. */
export async function startBackends(count: number, options: BackendOptions = {}): Promise<Backends> {
  const healthPath = options.healthPath ?? '/health';
  const backends: Backend[] = [];
  try {
    for (let i = 0; i < count; i++) backends.push(await startOne(i, healthPath));
  } catch (error) {
    await Promise.all(backends.map((b) => b.stop()));
    throw error;
  }
  return {
    ports: backends.map((b) => b.port),
    backends,
    stop: async () => {
      await Promise.all(backends.map((b) => b.stop()));
    },
  };
}
