// Runtime API socket faults, through the sidebar's real refresh and action code: each ends in a
// clear message on the endpoint's node (or the action's notification), nothing is left as an
// unhandled rejection, and the endpoint recovers once HAProxy is back.
import { recorded, resetRecorded } from './fakeVscode';
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { startHaproxyForTest, processAlive, type HaproxyInstance } from '../harness/haproxy';
import { startSidebar, type Sidebar } from './sidebarHarness';
import type { ServerNode } from '../../client/src/views/serversModel';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => void unhandled.push(reason));
after(() => assert.deepEqual(unhandled, [], 'no unhandled promise rejection during the faults'));

function config(ctx: { adminSocket: string; dir: string; freePorts: number[] }, extraGlobal = ''): string {
  return `global
    stats socket ${ctx.adminSocket} mode 600 level admin
${extraGlobal}
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
backend be_app
${[1, 2, 3, 4, 5].map((i) => `    server s${i} 127.0.0.1:${ctx.freePorts[1]} weight 10`).join('\n')}
`;
}

let sidebar: Sidebar | undefined;
afterEach(() => {
  sidebar?.dispose();
  sidebar = undefined;
  resetRecorded();
});

/** Refreshes the endpoint the way the view's timer does, and returns its node and error child. */
async function refresh(name: string) {
  await sidebar!.tree.refresh(name);
  const model = sidebar!.model(name);
  return { model, node: model.node, children: model.children() };
}

async function expectUnreachable(name: string, pattern: RegExp) {
  const { model, node, children } = await refresh(name);
  assert.match(model.error ?? '(no error)', pattern);
  assert.equal(node.presentation.description, 'unreachable');
  assert.equal(node.presentation.contextValue, 'endpoint.runtime.error', 'the Retry action is offered');
  assert.equal(children.length, 1);
  assert.equal(children[0]!.kind, 'error');
  assert.match(children[0]!.presentation.label, pattern, 'the error row says why');
  assert.ok(recorded.output.some((line) => line.startsWith(`warn: ${name}: `) && pattern.test(line)), `logged once: ${recorded.output.join(' | ')}`);
  return model;
}

async function expectRecovered(name: string, servers: number) {
  const { model, node } = await refresh(name);
  assert.equal(model.error, undefined, `recovered: ${model.error}`);
  assert.equal(model.snapshot?.servers.length, servers);
  assert.match(node.presentation.description ?? '', new RegExp(`/${servers} servers up$`));
  assert.ok(recorded.output.includes(`info: ${name}: reachable again`));
}

describe('Runtime API socket faults, as the sidebar sees them', () => {
  test('admin socket removed while HAProxy runs: ENOENT with a hint; back once HAProxy restarts', async (t) => {
    // A socket path that outlives one HAProxy instance, as /run/haproxy/admin.sock does.
    const stableDir = mkdtempSync(join(tmpdir(), 'hwb-stable-'));
    t.after(() => rmSync(stableDir, { recursive: true, force: true }));
    const socket = join(stableDir, 'admin.sock');
    const withStableSocket = (ctx: Parameters<typeof config>[0]) => config(ctx, `    stats socket ${socket} mode 600 level admin`);
    const haproxy = await startHaproxyForTest(t, withStableSocket);
    sidebar = await startSidebar([{ name: 'lb', runtimeApi: socket }]);
    await refresh('lb');
    assert.equal(sidebar.model('lb').snapshot?.servers.length, 5);
    unlinkSync(socket);
    await expectUnreachable('lb', /ENOENT \(no such socket: is HAProxy running, and is this its stats socket\?\)/);
    // A second failing refresh with the same error does not log again.
    const logged = recorded.output.length;
    await refresh('lb');
    assert.equal(recorded.output.length, logged, 'the same error is logged once, not at every refresh');
    // A reload keeps the (unlinked) listening socket: only a restart creates the file again.
    await haproxy.stop();
    await startHaproxyForTest(t, withStableSocket);
    await expectRecovered('lb', 5);
  });

  test('HAProxy killed mid-reply (cut at a line boundary): "cut off", never a shorter server list; back when HAProxy restarts', async (t) => {
    let haproxy: HaproxyInstance = await startHaproxyForTest(t, (ctx) => config(ctx));
    const proxy = await startCuttingProxy(() => haproxy.adminSocket);
    t.after(() => proxy.close());
    sidebar = await startSidebar([{ name: 'cut', runtimeApi: proxy.path }]);
    await refresh('cut');
    assert.equal(sidebar.model('cut').snapshot?.servers.length, 5);
    const killed = [haproxy.pid, haproxy.workerPid()];
    proxy.cutNextReply(() => killed.forEach((pid) => process.kill(pid, 'SIGKILL')));
    const model = await expectUnreachable('cut', /reply to 'show stat' was cut off after \d+ rows/);
    assert.equal(model.snapshot?.servers.length, 5, 'the last complete snapshot is kept, not replaced by a partial one');
    for (const pid of killed) await waitUntil(`pid ${pid} gone`, () => !processAlive(pid));
    // HAProxy is down: the proxy's upstream connect fails, and it drops the client either
    // before or after the command arrived (a reset, or a close with no reply at all).
    await expectUnreachable('cut', /ECONNREFUSED|ENOENT|ECONNRESET|closed without any reply/);
    haproxy = await startHaproxyForTest(t, (ctx) => config(ctx));
    await expectRecovered('cut', 5);
  });

  test('a reply that never ends: a reply timeout on the node, and the next refresh is not stuck behind it', async (t) => {
    const hung = await startUnixHang();
    t.after(() => hung.close());
    sidebar = await startSidebar([{ name: 'hung', runtimeApi: hung.path }], { timeouts: { replyTimeoutMs: 1500, connectTimeoutMs: 1500 } });
    await expectUnreachable('hung', /no complete reply to 'show stat' within 1500 ms/);
    await expectUnreachable('hung', /no complete reply to 'show stat' within 1500 ms/);
    assert.equal(hung.connections(), 2, 'each refresh opened its own connection (a timed-out one is dropped)');
  });

  test('TCP stats socket that accepts and never answers: timeout; then a real HAProxy on that port is picked up', async (t) => {
    const hung = await startTcpHang();
    t.after(() => hung.close());
    sidebar = await startSidebar([{ name: 'tcp', runtimeApi: `127.0.0.1:${hung.port}` }], { timeouts: { replyTimeoutMs: 1500, connectTimeoutMs: 1500 } });
    await expectUnreachable('tcp', /no complete reply to 'show stat' within 1500 ms/);
    await hung.close();
    await startHaproxyForTest(t, (ctx) => config(ctx, `    stats socket ipv4@127.0.0.1:${hung.port} level admin`));
    await expectRecovered('tcp', 5);
  });

  test('sockets at level user and operator: the view works, admin actions fail with HAProxy\'s "Permission denied"', async (t) => {
    const haproxy = await startHaproxyForTest(t, (ctx) =>
      config(ctx, `    stats socket ${join(ctx.dir, 'user.sock')} mode 600 level user\n    stats socket ${join(ctx.dir, 'operator.sock')} mode 600 level operator`),
    );
    sidebar = await startSidebar([
      { name: 'user', runtimeApi: join(haproxy.dir, 'user.sock') },
      { name: 'operator', runtimeApi: join(haproxy.dir, 'operator.sock') },
    ]);
    for (const name of ['user', 'operator']) {
      await refresh(name);
      assert.equal(sidebar.model(name).error, undefined, `${name}: show stat is allowed`);
      for (const [command, ...extra] of [['haproxy.server.drain'], ['haproxy.server.maint'], ['haproxy.server.setWeight', '5'], ['haproxy.server.disableChecks']] as const) {
        resetRecorded();
        await sidebar.action(command, sidebar.server(name, 'be_app', 's1'), ...extra);
        const error = recorded.notifications.find((n) => n.startsWith('error: '));
        assert.match(error ?? '(no error shown)', /failed for 1 of 1: be_app\/s1: HAProxy: Permission denied/, `${name} ${command}`);
        assert.ok(recorded.output.some((l) => /^error: .*failed: HAProxy: Permission denied/.test(l)), `${name} ${command} logged`);
      }
      const s1: ServerNode = sidebar.model(name).server('be_app', 's1')!;
      assert.equal(s1.server.adminState, 'ready', `${name}: nothing changed`);
      assert.equal(s1.server.weight, 10);
    }
  });
});

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A unix socket in front of HAProxy's that forwards everything, except that on request it
 * forwards only the first lines of the next reply, runs `onCut` (kills HAProxy) and closes.
 */
async function startCuttingProxy(upstream: () => string) {
  const dir = mkdtempSync(join(tmpdir(), 'hwb-cut-'));
  const path = join(dir, 'proxy.sock');
  let cut: (() => void) | undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const up = connect(upstream());
    sockets.add(client).add(up);
    const onCut = cut;
    cut = undefined;
    let cutDone = false;
    client.on('data', (chunk) => up.write(chunk));
    client.on('end', () => up.end());
    up.on('data', (chunk: Buffer) => {
      if (cutDone) return;
      if (!onCut) return void client.write(chunk);
      // Header and two rows, ending exactly at a newline: the adversarial cut.
      let at = -1;
      for (let i = 0; i < 3; i++) at = chunk.indexOf(0x0a, at + 1);
      cutDone = true;
      client.write(chunk.subarray(0, at + 1));
      onCut();
      client.end();
    });
    up.on('end', () => client.end());
    up.on('error', (error) => client.destroy(error));
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    cutNextReply: (onCut: () => void) => void (cut = onCut),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** A unix socket that accepts, reads, and answers the start of a reply it never finishes. */
async function startUnixHang() {
  const dir = mkdtempSync(join(tmpdir(), 'hwb-hang-'));
  const path = join(dir, 'hang.sock');
  const { connections, close } = await hangServer((s) => s.listen(path), true);
  return { path, connections, close: async () => { await close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A TCP socket on 127.0.0.1 that accepts and never answers. */
async function startTcpHang() {
  const { server, connections, close } = await hangServer((s) => s.listen(0, '127.0.0.1'), false);
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, connections, close };
}

async function hangServer(listen: (server: Server) => void, writeStart: boolean) {
  const sockets = new Set<Socket>();
  let count = 0;
  let closed: Promise<void> | undefined;
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    if (writeStart) socket.once('data', () => socket.write('# pxname,svname,qcur\nbe_app,s1,0\n'));
  });
  await new Promise<void>((resolve) => {
    server.once('listening', resolve);
    listen(server);
  });
  return {
    server,
    connections: () => count,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      })),
  };
}
