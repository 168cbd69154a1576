// The client against a v2 Data Plane API (flat child paths with ?backend=, `{_version, data}`
// envelopes, per-process stats arrays), validated against the v2.9 spec.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BadRequestError, DataPlaneError, NotFoundError } from '../../client/src/haproxy/dataplane/errors';
import { serverStat, startLab, type Lab } from './fixture';

describe('Data Plane API v2', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab({ api: 'v2', reloadDelayMs: 50 });
  });
  after(() => lab?.stop());

  test('detects v2 when /v3 does not exist', async () => {
    assert.equal(lab.client.api, 'v2');
    assert.equal(await lab.client.getConfigurationVersion(), 1);
  });

  test('transaction with a server under ?backend= and an ACL with its index in the body', async () => {
    const { client } = lab;
    const id = String((await client.startTransaction(await client.getConfigurationVersion())).id);
    await client.servers('be_app').create({ name: 's9', address: '127.0.0.1', port: lab.backends.ports[0], weight: 9 }, { transactionId: id });
    await client.acls('frontend', 'fe_main').create(0, { acl_name: 'is_health', criterion: 'path', value: '/health' }, { transactionId: id });
    assert.deepEqual((await client.servers('be_app').list({ transactionId: id })).map((s) => s.name), ['s1', 's2', 's9']);
    assert.equal((await client.acls('frontend', 'fe_main').get(0, { transactionId: id })).acl_name, 'is_health');
    const commit = await client.commitTransaction(id);
    assert.equal(commit.status, 202);
    await client.waitForReload(commit.reloadId ?? '', { timeoutMs: 20_000, intervalMs: 50 });
    assert.equal((await serverStat(lab, 'be_app', 's9'))?.weight, '9');
    assert.equal((await client.servers('be_app').get('s9')).weight, 9);
    await assert.rejects(client.servers('be_app').get('nope'), NotFoundError);
  });

  test('raw configuration comes in the v2 envelope; bad configs are 400', async () => {
    const raw = await lab.client.getRawConfiguration();
    assert.equal(raw.version, await lab.client.getConfigurationVersion());
    assert.match(raw.text, /^# _version=\d+\nglobal\n/);
    const error = await lab.client.pushRawConfiguration(raw.text.replace('balance roundrobin', 'balance nonsense'), { onlyValidate: true }).catch((e: unknown) => e);
    assert.ok(error instanceof BadRequestError, String(error));
    assert.match(error.apiMessage ?? '', /parsing \[haproxy.cfg:\d+\] : balance only supports/);
  });

  test('runtime servers under ?backend=: state changes work, weight is refused by the client', async () => {
    const servers = await lab.client.listRuntimeServers('be_app');
    assert.deepEqual(servers.map((s) => s.name).sort(), ['s1', 's2', 's9']);
    await lab.client.updateRuntimeServer('be_app', 's2', { admin_state: 'drain' });
    assert.equal((await serverStat(lab, 'be_app', 's2'))?.status, 'DRAIN');
    assert.equal((await lab.client.getRuntimeServer('be_app', 's2')).admin_state, 'drain');
    await assert.rejects(lab.client.updateRuntimeServer('be_app', 's2', { weight: 3 }), (e: unknown) => e instanceof DataPlaneError && /v2/.test(e.message));
    await assert.rejects(lab.client.addRuntimeServer('be_app', { name: 'x' }), /needs the v3 Data Plane API/);
  });

  test('native stats and process info arrays are flattened', async () => {
    const stats = await lab.client.nativeStats({ type: 'backend' });
    assert.deepEqual(stats.map((s) => s.name), ['be_app']);
    const info = await lab.client.processInfo();
    assert.equal(info.info?.pid, lab.haproxy.workerPid());
  });
});
