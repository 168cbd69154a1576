// Runtime endpoints of the Data Plane API client (no reload: the test server applies them on
// the real HAProxy admin socket), native stats and process info.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NotFoundError } from '../../client/src/haproxy/dataplane/errors';
import { serverStat, startLab, type Lab } from './fixture';

describe('Data Plane API v3 runtime', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab();
  });
  after(() => lab?.stop());

  test('lists runtime servers with admin/operational state and weight', async () => {
    const servers = await lab.client.listRuntimeServers('be_app');
    assert.deepEqual(
      servers.map((s) => [s.name, s.admin_state, s.operational_state, s.weight, s.address, s.port]),
      [
        ['s1', 'ready', 'up', 10, '127.0.0.1', lab.backends.ports[0]],
        ['s2', 'ready', 'up', 10, '127.0.0.1', lab.backends.ports[1]],
      ],
    );
  });

  test('admin_state drain and maint show in HAProxy, and ready restores', async () => {
    const drained = await lab.client.updateRuntimeServer('be_app', 's1', { admin_state: 'drain' });
    assert.equal(drained.admin_state, 'drain');
    assert.equal((await serverStat(lab, 'be_app', 's1'))?.status, 'DRAIN');

    await lab.client.updateRuntimeServer('be_app', 's1', { admin_state: 'maint' });
    assert.equal((await lab.client.getRuntimeServer('be_app', 's1')).admin_state, 'maint');
    assert.equal((await serverStat(lab, 'be_app', 's1'))?.status, 'MAINT');

    await lab.client.updateRuntimeServer('be_app', 's1', { admin_state: 'ready' });
    assert.equal((await serverStat(lab, 'be_app', 's1'))?.status, 'no check');
  });

  test('weight changes without a reload', async () => {
    const workerBefore = lab.haproxy.workerPid();
    const updated = await lab.client.updateRuntimeServer('be_app', 's2', { weight: 25 });
    assert.equal(updated.weight, 25);
    assert.match(await lab.admin('get weight be_app/s2'), /^25 \(initial 10\)/);
    assert.equal(lab.haproxy.workerPid(), workerBefore);
  });

  test('missing backends and servers are 404', async () => {
    await assert.rejects(lab.client.getRuntimeServer('be_app', 'nope'), NotFoundError);
    await assert.rejects(lab.client.listRuntimeServers('be_nope'), NotFoundError);
    await assert.rejects(lab.client.updateRuntimeServer('be_app', 'nope', { admin_state: 'drain' }), NotFoundError);
  });

  test('adds and deletes a dynamic server', async () => {
    const added = await lab.client.addRuntimeServer('be_app', { name: 'dyn1', address: '127.0.0.1', port: lab.backends.ports[0], weight: 5 });
    assert.equal(added.name, 'dyn1');
    assert.equal((await serverStat(lab, 'be_app', 'dyn1'))?.status, 'MAINT', 'dynamic servers start in maintenance');
    await lab.client.updateRuntimeServer('be_app', 'dyn1', { admin_state: 'ready' });
    assert.equal((await serverStat(lab, 'be_app', 'dyn1'))?.weight, '5');
    await lab.client.updateRuntimeServer('be_app', 'dyn1', { admin_state: 'maint' });
    await lab.client.deleteRuntimeServer('be_app', 'dyn1');
    assert.equal(await serverStat(lab, 'be_app', 'dyn1'), undefined);
  });

  test('native stats report frontends, backends and servers with typed counters', async () => {
    const port = lab.haproxy.freePorts[0];
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200);
    const stats = await lab.client.nativeStats();
    const frontend = stats.find((s) => s.type === 'frontend' && s.name === 'fe_main');
    assert.ok(frontend?.stats);
    assert.ok((frontend.stats.hrsp_2xx ?? 0) >= 3);
    assert.equal(frontend.stats.mode, 'http');
    const servers = await lab.client.nativeStats({ type: 'server', parent: 'be_app' });
    assert.deepEqual(servers.map((s) => s.name).sort(), ['s1', 's2']);
    assert.ok(servers.every((s) => s.backend_name === 'be_app' && typeof s.stats?.weight === 'number'));
    const total = servers.reduce((sum, s) => sum + (s.stats?.stot ?? 0), 0);
    assert.ok(total >= 3, `servers served ${total} sessions`);
  });

  test('process info comes from the running worker', async () => {
    const info = await lab.client.processInfo();
    assert.equal(info.info?.pid, lab.haproxy.workerPid());
    assert.match(info.info?.version ?? '', /^\d+\.\d+/);
    assert.equal(info.info?.max_conn, 100);
  });
});
