// Shared setup for the Data Plane API tests: two tiny HTTP backends, a real HAProxy balancing
// them, the spec-validating test server in front, and a client. Everything is stopped in
// `after`, which also asserts that the validator recorded no spec violation.
import assert from 'node:assert/strict';
import { startBackends, type Backends } from '../harness/backends';
import { rawCommand, startHaproxy, type HaproxyInstance } from '../harness/haproxy';
import { DataPlaneClient, type DataPlaneClientOptions } from '../../client/src/haproxy/dataplane/client';
import { DataPlaneTestServer, type DataPlaneTestServerOptions } from './server';

export const user = 'admin';
export const password = 'adminpwd';

export interface Lab {
  backends: Backends;
  haproxy: HaproxyInstance;
  server: DataPlaneTestServer;
  client: DataPlaneClient;
  /** A new client on the same server with other options. */
  connect(options?: Partial<DataPlaneClientOptions>): Promise<DataPlaneClient>;
  admin(command: string): Promise<string>;
  /** Asserts the validator saw no spec violation, then stops everything (also when that fails). */
  stop(): Promise<void>;
}

export function labConfig(ports: { frontend: number; backends: number[] }): string {
  return `global
    maxconn 100

defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s

frontend fe_main
    bind 127.0.0.1:${ports.frontend}
    default_backend be_app

backend be_app
    balance roundrobin
${ports.backends.map((port, i) => `    server s${i + 1} 127.0.0.1:${port} weight 10`).join('\n')}
`;
}

/** Starts the lab; call `lab.stop()` from `after` (it also asserts zero spec violations). */
export async function startLab(options: Partial<Omit<DataPlaneTestServerOptions, 'haproxy'>> & { clientOptions?: Partial<DataPlaneClientOptions> } = {}): Promise<Lab> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve().then(cleanup).catch((error: unknown) => errors.push(error));
    if (errors.length) throw errors[0];
  };
  try {
    return await build(cleanups, stop, options);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function build(
  cleanups: Array<() => Promise<void> | void>,
  stop: () => Promise<void>,
  options: Partial<Omit<DataPlaneTestServerOptions, 'haproxy'>> & { clientOptions?: Partial<DataPlaneClientOptions> },
): Promise<Lab> {
  const backends = await startBackends(2);
  cleanups.push(() => backends.stop());
  const haproxy = await startHaproxy((ctx) => labConfig({ frontend: ctx.freePorts[0], backends: ctx.backendPorts }), { backendPorts: backends.ports });
  cleanups.push(() => haproxy.stop());
  const { clientOptions, ...serverOptions } = options;
  const server = await DataPlaneTestServer.start({ haproxy, users: { [user]: password }, ...serverOptions });
  cleanups.push(() => server.stop());
  const clients: DataPlaneClient[] = [];
  cleanups.push(() => clients.forEach((c) => c.close()));
  const connect = async (extra: Partial<DataPlaneClientOptions> = {}) => {
    const client = await DataPlaneClient.connect({ baseUrl: server.url, username: user, password, timeoutMs: 15_000, ...clientOptions, ...extra });
    clients.push(client);
    return client;
  };
  const client = await connect();
  // Registered last so it runs first, before the server is gone.
  cleanups.push(() => {
    assert.deepEqual(server.violations, [], 'the test server recorded spec violations');
    // The only path outside the spec a client may try is the other version's /info (detection).
    const expectedMisses = server.api === 'v2' ? server.unmatched.filter((m) => m === 'GET /v3/info') : [];
    assert.deepEqual(server.unmatched, expectedMisses, 'the client called paths that are not in the spec');
  });
  return { backends, haproxy, server, client, connect, stop, admin: (command) => rawCommand(haproxy.adminSocket, command) };
}

/** `show stat` rows as objects keyed by column. */
export async function showStat(lab: Lab): Promise<Array<Record<string, string>>> {
  const [header, ...rows] = (await lab.admin('show stat')).split('\n').filter((l) => l !== '');
  const columns = header.replace(/^# /, '').split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [columns[i], value])));
}

export async function serverStat(lab: Lab, backend: string, server: string): Promise<Record<string, string> | undefined> {
  return (await showStat(lab)).find((row) => row.pxname === backend && row.svname === server);
}
