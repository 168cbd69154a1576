// The harness itself: a real HAProxy starts, answers, balances to our backends, reloads and
// is gone (every pid) after stop().
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { startBackends } from '../harness/backends';
import { processAlive, rawCommand, startHaproxy, startHaproxyForTest } from '../harness/haproxy';

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('http timeout')));
    req.on('error', reject);
    req.end();
  });
}

const config = (frontendPort: number, ports: number[], extra = '') => `
global
    log stdout format raw local0 emerg
defaults
    mode http
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${frontendPort}
    default_backend be_app
backend be_app
    balance roundrobin
    option httpchk GET /health
${ports.map((port, i) => `    server s${i + 1} 127.0.0.1:${port} check inter 200 fall 1 rise 1`).join('\n')}
${extra}
`;

test('backends answer with their index and can turn unhealthy', async (t) => {
  const backends = await startBackends(2);
  t.after(() => backends.stop());
  assert.deepEqual(await httpGet(backends.ports[1], '/'), { status: 200, body: 'backend 1\n' });
  assert.equal((await httpGet(backends.ports[0], '/health')).status, 200);
  backends.backends[0].setHealthy(false);
  assert.equal((await httpGet(backends.ports[0], '/health')).status, 503);
  await backends.backends[0].stop();
  await assert.rejects(httpGet(backends.ports[0], '/'));
});

test('haproxy starts, answers, proxies, reloads and stops by pid', async (t) => {
  const backends = await startBackends(2);
  t.after(() => backends.stop());
  const haproxy = await startHaproxyForTest(t, (ctx) => config(ctx.freePorts[0], ctx.backendPorts), {
    backendPorts: backends.ports,
  });
  const frontendPort = haproxy.freePorts[0];

  const info = await rawCommand(haproxy.adminSocket, 'show info');
  assert.match(info, /^Name: HAProxy$/m);
  assert.match(info, new RegExp(`^Pid: ${haproxy.workerPid()}$`, 'm'));
  assert.ok(processAlive(haproxy.pid), 'master alive');
  assert.ok(processAlive(haproxy.workerPid()), 'worker alive');

  const bodies = new Set<string>();
  for (let i = 0; i < 4; i++) bodies.add((await httpGet(frontendPort, '/')).body);
  assert.deepEqual([...bodies].sort(), ['backend 0\n', 'backend 1\n']);

  const firstWorker = haproxy.workerPid();
  await haproxy.reload((ctx) => config(ctx.freePorts[0], ctx.backendPorts, 'backend be_added\n    server extra 127.0.0.1:1'));
  assert.notEqual(haproxy.workerPid(), firstWorker);
  assert.match(await rawCommand(haproxy.adminSocket, 'show backend'), /^be_added$/m);

  const masterProc = await rawCommand(haproxy.masterSocket, 'show proc');
  assert.match(masterProc, new RegExp(`^${haproxy.pid}\\s+master`, 'm'));

  const pids = [haproxy.pid, firstWorker, haproxy.workerPid()];
  await haproxy.stop();
  for (const pid of pids) assert.equal(processAlive(pid), false, `pid ${pid} still alive`);
  assert.equal(existsSync(haproxy.dir), false, 'temp dir removed');
});

test('a config haproxy refuses fails the start with its own alert, leaving no process', async () => {
  await assert.rejects(
    startHaproxy('global\n    bogus-keyword 1\n'),
    (error: Error) => /unknown keyword 'bogus-keyword'/.test(error.message),
  );
});

test('a reload with an invalid config is refused before it reaches the master', async (t) => {
  const haproxy = await startHaproxyForTest(t, 'defaults\n    mode http\nbackend be\n    server s 127.0.0.1:1\n');
  const worker = haproxy.workerPid();
  await assert.rejects(haproxy.reload('backend be\n    balance nonsense\n'), /new config refused by haproxy -c/);
  assert.equal(haproxy.workerPid(), worker);
  assert.match(await rawCommand(haproxy.adminSocket, 'show info'), new RegExp(`^Pid: ${worker}$`, 'm'));
});

// Suite-level registration works with the global `after` too.
test('startHaproxyForTest accepts node:test after()', async () => {
  const haproxy = await startHaproxyForTest(after, 'backend be\n    server s 127.0.0.1:1\n');
  assert.match(await rawCommand(haproxy.adminSocket, 'show backend'), /^be$/m);
});
