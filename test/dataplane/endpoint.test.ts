// DataPlaneEndpoint (the UI's Endpoint interface over the Data Plane API) against the
// spec-validating test server and the real HAProxy.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DataPlaneEndpoint, normaliseStatusText } from '../../client/src/haproxy/dataplane/endpoint';
import { DataPlaneError } from '../../client/src/haproxy/dataplane/errors';
import { InvalidInputError } from '../../client/src/haproxy/validate';
import { serverStat, startLab, type Lab } from './fixture';

describe('DataPlaneEndpoint', () => {
  let lab: Lab;
  let endpoint: DataPlaneEndpoint;
  before(async () => {
    lab = await startLab();
    endpoint = new DataPlaneEndpoint(await lab.connect(), lab.server.url);
  });
  after(async () => {
    await endpoint?.dispose();
    await lab?.stop();
  });

  const server = async (name: string) => (await endpoint.snapshot()).servers.find((s) => s.backend === 'be_app' && s.name === name);

  test('snapshot lists proxies and servers with state, weight, address and counters', async () => {
    for (let i = 0; i < 2; i++) await fetch(`http://127.0.0.1:${lab.haproxy.freePorts[0]}/`);
    const snapshot = await endpoint.snapshot();
    assert.deepEqual(snapshot.proxies.map((p) => `${p.kind}:${p.name}`).sort(), ['backend:be_app', 'frontend:fe_main']);
    const frontend = snapshot.proxies.find((p) => p.kind === 'frontend');
    assert.ok((frontend?.counters.http2xx ?? 0) >= 2);
    const backend = snapshot.proxies.find((p) => p.kind === 'backend');
    assert.equal(backend?.algorithm, 'roundrobin');
    assert.equal(backend?.activeServers, 2);
    assert.deepEqual(
      snapshot.servers.map((s) => [s.name, s.status, s.adminState, s.weight, s.address]),
      lab.backends.ports.map((port, i) => [`s${i + 1}`, 'no-check', 'ready', 10, `127.0.0.1:${port}`]),
    );
  });

  test('setServerState drain / maint / ready reaches HAProxy and the snapshot', async () => {
    await endpoint.setServerState('be_app', 's1', 'drain');
    assert.equal((await serverStat(lab, 'be_app', 's1'))?.status, 'DRAIN');
    assert.deepEqual([(await server('s1'))?.status, (await server('s1'))?.adminState], ['drain', 'drain']);
    await endpoint.setServerState('be_app', 's1', 'maint');
    assert.equal((await server('s1'))?.status, 'maint');
    await endpoint.setServerState('be_app', 's1', 'ready');
    assert.equal((await server('s1'))?.status, 'no-check');
  });

  test('setWeight: absolute, then relative to the initial weight', async () => {
    await endpoint.setWeight('be_app', 's2', 20);
    assert.match(await lab.admin('get weight be_app/s2'), /^20 \(initial 10\)/);
    await endpoint.setWeight('be_app', 's2', '50%');
    assert.match(await lab.admin('get weight be_app/s2'), /^5 \(initial 10\)/);
    assert.equal((await server('s2'))?.weight, 5);
  });

  test('addServer with options, then deleteServer', async () => {
    await endpoint.addServer('be_app', 'dyn', '127.0.0.1', lab.backends.ports[1], { options: [{ keyword: 'weight', value: 7 }, { keyword: 'maxconn', value: 50 }] });
    assert.equal((await server('dyn'))?.status, 'maint');
    await endpoint.setServerState('be_app', 'dyn', 'ready');
    const row = await serverStat(lab, 'be_app', 'dyn');
    assert.deepEqual([row?.weight, row?.slim], ['7', '50']);
    await endpoint.setServerState('be_app', 'dyn', 'maint');
    await endpoint.deleteServer('be_app', 'dyn');
    assert.equal(await server('dyn'), undefined);
  });

  test('health checks cannot be toggled at run time: a clear error, not a no-op', async () => {
    const error = await endpoint.setHealthChecks('be_app', 's1', false).catch((e: unknown) => e);
    assert.ok(error instanceof DataPlaneError);
    assert.equal(error.kind, 'unsupported');
  });

  test('bad names and values are refused before any request', async () => {
    const before = [...lab.server.handled.values()].reduce((a, b) => a + b, 0);
    await assert.rejects(endpoint.setServerState('be app', 's1', 'drain'), InvalidInputError);
    await assert.rejects(endpoint.setWeight('be_app', 's1', 300), InvalidInputError);
    await assert.rejects(endpoint.addServer('be_app', 'x', '127.0.0.1', 0), InvalidInputError);
    await assert.rejects(endpoint.addServer('be_app', 'x', '127.0.0.1', 80, { options: [{ keyword: 'bogus' }] }), InvalidInputError);
    assert.equal([...lab.server.handled.values()].reduce((a, b) => a + b, 0), before);
  });

  test('status words are normalised like the Runtime API endpoint does', () => {
    assert.deepEqual(
      ['UP', 'UP 1/3', 'DOWN', 'DOWN 1/2', 'NOLB', 'DRAIN', 'MAINT', 'MAINT (via be/s1)', 'no check', 'OPEN'].map(normaliseStatusText),
      ['up', 'going-down', 'down', 'going-up', 'nolb', 'drain', 'maint', 'maint', 'no-check', 'unknown'],
    );
  });
});
