// Data Plane API client against the spec-validating test server and a real HAProxy:
// configuration versions, transactions, reloads, raw configuration, configuration objects.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  AlreadyExistsError,
  BadRequestError,
  ConfigurationChangedError,
  NotFoundError,
  TooManyTransactionsError,
  TransactionNotAcceptableError,
  UnauthorizedError,
} from '../../client/src/haproxy/dataplane/errors';
import { DataPlaneClient } from '../../client/src/haproxy/dataplane/client';
import { freePort } from '../harness/haproxy';
import { serverStat, showStat, startLab, type Lab } from './fixture';

const maxOpenTransactions = 3;

describe('Data Plane API v3 configuration', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab({ maxOpenTransactions, reloadDelayMs: 50 });
  });
  after(() => lab?.stop());

  /** Deletes transactions left open by a test so the next one starts clean. */
  async function rollbackAll(): Promise<void> {
    for (const transaction of await lab.client.listTransactions()) await lab.client.deleteTransaction(String(transaction.id));
  }

  test('detects v3 and reads the configuration version from the config file', async () => {
    assert.equal(lab.client.api, 'v3');
    const version = await lab.client.getConfigurationVersion();
    const raw = await lab.client.getRawConfiguration();
    assert.equal(raw.version, version);
    assert.match(raw.text, new RegExp(`^# _version=${version}\\n`));
    assert.match(raw.checksum ?? '', /^[0-9a-f]{32}$/);
  });

  test('a transaction adds a server and changes a weight; commit reloads the real HAProxy', async () => {
    const { client } = lab;
    const version = await client.getConfigurationVersion();
    const transaction = await client.startTransaction(version);
    assert.equal(transaction.status, 'in_progress');
    assert.equal(transaction._version, version);
    const id = String(transaction.id);

    await client.servers('be_app').create({ name: 's3', address: '127.0.0.1', port: lab.backends.ports[0], weight: 30 }, { transactionId: id });
    const s1 = await client.servers('be_app').get('s1', { transactionId: id });
    assert.equal(s1.weight, 10);
    await client.servers('be_app').replace('s1', { ...s1, weight: 55 }, { transactionId: id });

    // Staged only: neither the running config nor HAProxy has it yet.
    assert.equal(await serverStat(lab, 'be_app', 's3'), undefined);
    assert.deepEqual((await client.servers('be_app').list()).map((s) => s.name), ['s1', 's2']);
    assert.deepEqual((await client.servers('be_app').list({ transactionId: id })).map((s) => s.name), ['s1', 's2', 's3']);

    const commit = await client.commitTransaction(id);
    assert.equal(commit.status, 202);
    assert.equal(commit.transaction.status, 'success');
    assert.match(commit.reloadId ?? '', /^\d{4}-\d{2}-\d{2}-\d+$/);
    const reload = await client.waitForReload(commit.reloadId ?? '', { timeoutMs: 20_000, intervalMs: 50 });
    assert.equal(reload.status, 'succeeded');

    assert.equal(await client.getConfigurationVersion(), version + 1);
    assert.equal((await serverStat(lab, 'be_app', 's3'))?.weight, '30');
    assert.match(await lab.admin('get weight be_app/s1'), /^55 \(initial 55\)/);
    assert.ok((await client.listReloads()).some((r) => r.id === commit.reloadId));
  });

  test('a commit that haproxy -c refuses fails the transaction and leaves the running config alone', async () => {
    const { client } = lab;
    const version = await client.getConfigurationVersion();
    const before = await client.getRawConfiguration();
    const id = String((await client.startTransaction(version)).id);
    await client.servers('be_app').create({ name: 'tracker', address: '127.0.0.1', port: 9, track: 'be_missing/s1' }, { transactionId: id });

    const error = await client.commitTransaction(id).then(
      () => assert.fail('commit should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BadRequestError, String(error));
    assert.match(error.apiMessage ?? '', /be_missing/);
    assert.equal((await client.getTransaction(id)).status, 'failed');
    await assert.rejects(client.commitTransaction(id), TransactionNotAcceptableError);

    assert.equal(await client.getConfigurationVersion(), version);
    assert.equal((await client.getRawConfiguration()).text, before.text);
    assert.equal(await serverStat(lab, 'be_app', 'tracker'), undefined);
    assert.deepEqual((await client.listTransactions('failed')).map((t) => t.id), [id]);
    await client.deleteTransaction(id);
    await assert.rejects(client.getTransaction(id), NotFoundError);
  });

  test('a stale version is a 409 ConfigurationChangedError', async () => {
    const { client } = lab;
    const version = await client.getConfigurationVersion();
    await assert.rejects(client.startTransaction(version - 1), ConfigurationChangedError);
    const error = await client.backends.create({ name: 'be_stale' }, { version: version - 1 }).catch((e: unknown) => e);
    assert.ok(error instanceof ConfigurationChangedError, String(error));
    assert.equal(error.status, 409);
    assert.equal(error.kind, 'configuration-changed');
    assert.match(error.apiMessage ?? '', /version/);
    await assert.rejects(client.backends.get('be_stale'), NotFoundError);
  });

  test('committing a transaction made outdated by another commit is a 406', async () => {
    const { client } = lab;
    const version = await client.getConfigurationVersion();
    const first = String((await client.startTransaction(version)).id);
    const second = String((await client.startTransaction(version)).id);
    await client.servers('be_app').replace('s2', { name: 's2', address: '127.0.0.1', port: lab.backends.ports[1], weight: 20 }, { transactionId: first });
    await client.servers('be_app').replace('s2', { name: 's2', address: '127.0.0.1', port: lab.backends.ports[1], weight: 40 }, { transactionId: second });
    const commit = await client.commitTransaction(first, { forceReload: true });
    assert.equal(commit.status, 200);
    assert.equal(commit.reloadId, undefined);
    assert.match(await lab.admin('get weight be_app/s2'), /^20 /);

    assert.equal((await client.getTransaction(second)).status, 'outdated');
    const error = await client.commitTransaction(second).catch((e: unknown) => e);
    assert.ok(error instanceof TransactionNotAcceptableError, String(error));
    assert.equal(error.status, 406);
    assert.match(await lab.admin('get weight be_app/s2'), /^20 /);
    await rollbackAll();
  });

  test(`more than ${maxOpenTransactions} open transactions is a 429`, async () => {
    const { client } = lab;
    await rollbackAll();
    const version = await client.getConfigurationVersion();
    for (let i = 0; i < maxOpenTransactions; i++) await client.startTransaction(version);
    const error = await client.startTransaction(version).catch((e: unknown) => e);
    assert.ok(error instanceof TooManyTransactionsError, String(error));
    assert.equal(error.status, 429);
    assert.equal((await client.listTransactions('in_progress')).length, maxOpenTransactions);
    await rollbackAll();
    assert.deepEqual(await client.listTransactions(), []);
  });

  test('a wrong password is a 401 UnauthorizedError, with WWW-Authenticate', async () => {
    await assert.rejects(DataPlaneClient.connect({ baseUrl: lab.server.url, username: 'admin', password: 'wrong' }), UnauthorizedError);
    const client = await lab.connect({ password: 'wrong', api: 'v3' });
    const error = await client.getConfigurationVersion().catch((e: unknown) => e);
    assert.ok(error instanceof UnauthorizedError);
    assert.doesNotMatch(error.message, /wrong/, 'the password must not appear in errors');
    const challenge = await new Promise<string | undefined>((resolve, reject) => {
      http.get(`${lab.server.url}/v3/services/haproxy/configuration/version`, (res) => {
        res.resume();
        resolve(res.headers['www-authenticate']);
      }).on('error', reject);
    });
    assert.equal(challenge, 'Basic realm="API"');
  });

  test('a request that does not match the spec is refused with 400 and recorded by the validator', async () => {
    const { client } = lab;
    const id = String((await client.startTransaction(await client.getConfigurationVersion())).id);
    const typo = { name: 's7', address: '127.0.0.1', port: 80, wieght: 5 } as unknown as Parameters<ReturnType<typeof client.servers>['create']>[0];
    const error = await client.servers('be_app').create(typo, { transactionId: id }).catch((e: unknown) => e);
    assert.ok(error instanceof BadRequestError, String(error));
    assert.match(error.apiMessage ?? '', /does not match the spec.*wieght/);
    // The server recorded it; take it out so the suite's zero-violations check covers the rest.
    const recorded = lab.server.violations.splice(0);
    assert.equal(recorded.length, 1);
    assert.match(recorded[0], /^request POST .*servers.*wieght/);
    await client.deleteTransaction(id);
  });

  test('version and transaction_id together, or neither, are refused with 400', async () => {
    const { client } = lab;
    const id = String((await client.startTransaction(await client.getConfigurationVersion())).id);
    const both = { version: await client.getConfigurationVersion(), transaction_id: id };
    await assert.rejects(client.call({ method: 'POST', path: '/services/haproxy/configuration/backends', query: both, body: { name: 'be_x' }, expect: [201, 202] }), BadRequestError);
    await assert.rejects(client.call({ method: 'POST', path: '/services/haproxy/configuration/backends', body: { name: 'be_x' }, expect: [201, 202] }), BadRequestError);
    await client.deleteTransaction(id);
  });

  test('raw configuration: only_validate returns HAProxy\'s error text, a valid push reloads', async () => {
    const { client } = lab;
    const current = await client.getRawConfiguration();
    const broken = current.text.replace('balance roundrobin', 'balance roundrobin\n    bogus_keyword 1');
    const error = await client.pushRawConfiguration(broken, { onlyValidate: true }).catch((e: unknown) => e);
    assert.ok(error instanceof BadRequestError, String(error));
    assert.match(error.apiMessage ?? '', /bogus_keyword/);
    assert.match(error.apiMessage ?? '', /ALERT/);

    const valid = await client.pushRawConfiguration(current.text, { onlyValidate: true });
    assert.equal(valid.status, 202);
    assert.equal(valid.reloadId, undefined);
    assert.equal(await client.getConfigurationVersion(), current.version);

    await assert.rejects(client.pushRawConfiguration(broken, { version: current.version }), BadRequestError);
    await assert.rejects(client.pushRawConfiguration(current.text, { version: current.version - 1 }), ConfigurationChangedError);
    assert.equal(await client.getConfigurationVersion(), current.version);

    const withBackend = `${current.text}\nbackend be_raw\n    server r1 127.0.0.1:${lab.backends.ports[0]}\n`;
    const pushed = await client.pushRawConfiguration(withBackend, { version: current.version });
    assert.equal(pushed.status, 202);
    assert.equal(pushed.version, current.version + 1);
    await client.waitForReload(pushed.reloadId ?? '', { timeoutMs: 20_000, intervalMs: 50 });
    assert.ok(await serverStat(lab, 'be_raw', 'r1'));

    const skipped = await client.pushRawConfiguration(withBackend.replace('be_raw', 'be_raw2'), { skipVersion: true, forceReload: true });
    assert.equal(skipped.status, 201);
    assert.ok(await serverStat(lab, 'be_raw2', 'r1'));
  });

  test('frontends, binds, ACLs and http-request rules: create, read, replace, delete in a transaction', async () => {
    const { client } = lab;
    const port = await freePort();
    const id = String((await client.startTransaction(await client.getConfigurationVersion())).id);
    const target = { transactionId: id };
    await client.frontends.create({ name: 'fe_api', mode: 'http', default_backend: 'be_app' }, target);
    await client.binds('fe_api').create({ name: 'api', address: '127.0.0.1', port }, target);
    await client.acls('frontend', 'fe_api').create(0, { acl_name: 'is_admin', criterion: 'path_beg', value: '/admin' }, target);
    await client.acls('frontend', 'fe_api').create(1, { acl_name: 'is_api', criterion: 'path_beg', value: '/api' }, target);
    await client.httpRequestRules('frontend', 'fe_api').create(0, { type: 'deny', deny_status: 403, cond: 'if', cond_test: 'is_admin' }, target);
    await client.httpRequestRules('frontend', 'fe_api').create(1, { type: 'set-header', hdr_name: 'X-Api', hdr_format: '1', cond: 'if', cond_test: 'is_api' }, target);

    assert.deepEqual(await client.frontends.get('fe_api', target), { name: 'fe_api', mode: 'http', default_backend: 'be_app' });
    assert.deepEqual(await client.binds('fe_api').list(target), [{ name: 'api', address: '127.0.0.1', port }]);
    assert.deepEqual((await client.acls('frontend', 'fe_api').list(target)).map((a) => a.acl_name), ['is_admin', 'is_api']);
    assert.deepEqual(await client.httpRequestRules('frontend', 'fe_api').get(0, target), { type: 'deny', deny_status: 403, cond: 'if', cond_test: 'is_admin' });

    await client.acls('frontend', 'fe_api').replace(1, { acl_name: 'is_api', criterion: 'path_beg', value: '/v1' }, target);
    assert.equal((await client.acls('frontend', 'fe_api').get(1, target)).value, '/v1');
    await client.httpRequestRules('frontend', 'fe_api').delete(1, target);
    assert.equal((await client.httpRequestRules('frontend', 'fe_api').list(target)).length, 1);

    await assert.rejects(client.binds('fe_api').create({ name: 'api', address: '127.0.0.1', port }, target), AlreadyExistsError);
    await assert.rejects(client.servers('be_app').create({ name: 's1', address: '127.0.0.1', port: 1 }, target), AlreadyExistsError);
    await assert.rejects(client.servers('be_nope').list(target), NotFoundError);
    await assert.rejects(client.acls('frontend', 'fe_api').get(7, target), NotFoundError);

    const staged = await client.getRawConfiguration({ transactionId: id });
    assert.match(staged.text, /frontend fe_api\n {4}mode http\n {4}default_backend be_app\n {4}bind 127\.0\.0\.1:\d+ name api\n {4}acl is_admin path_beg \/admin\n {4}acl is_api path_beg \/v1\n {4}http-request deny deny_status 403 if is_admin\n/);

    const commit = await client.commitTransaction(id, { forceReload: true });
    assert.equal(commit.status, 200);
    const frontend = (await showStat(lab)).find((row) => row.pxname === 'fe_api' && row.svname === 'FRONTEND');
    assert.equal(frontend?.status, 'OPEN');

    const response = await fetch(`http://127.0.0.1:${port}/admin/x`);
    assert.equal(response.status, 403);
  });

  test('runTransaction: stage, commit, follow the reload; a failure rolls back', async () => {
    const { client } = lab;
    const version = await client.getConfigurationVersion();
    const done = await client.runTransaction(
      async (id) => {
        await client.servers('be_app').create({ name: 's5', address: '127.0.0.1', port: lab.backends.ports[1], weight: 15 }, { transactionId: id });
        return 's5';
      },
      { reload: { timeoutMs: 20_000, intervalMs: 50 } },
    );
    assert.equal(done.result, 's5');
    assert.equal(done.reload?.status, 'succeeded');
    assert.equal((await serverStat(lab, 'be_app', 's5'))?.weight, '15');
    assert.equal(await client.getConfigurationVersion(), version + 1);

    // A stage that throws: the transaction is deleted and nothing changes.
    await assert.rejects(
      client.runTransaction(async (id) => {
        await client.servers('be_app').delete('s5', { transactionId: id });
        throw new Error('planned failure');
      }),
      /planned failure/,
    );
    // A commit haproxy -c refuses: the failed transaction is deleted too.
    await assert.rejects(
      client.runTransaction((id) => client.servers('be_app').create({ name: 'bad', address: '127.0.0.1', port: 1, track: 'nowhere/s1' }, { transactionId: id })),
      BadRequestError,
    );
    assert.deepEqual(await client.listTransactions(), []);
    assert.equal(await client.getConfigurationVersion(), version + 1);
    assert.ok(await serverStat(lab, 'be_app', 's5'));
  });

  test('defaults sections and backends without a transaction (force_reload)', async () => {
    const { client } = lab;
    const defaults = await client.defaults.list();
    assert.deepEqual(defaults.map((d) => d.mode), ['http']);
    const version = await client.getConfigurationVersion();
    const created = await client.backends.create({ name: 'be_new', mode: 'http', balance: { algorithm: 'leastconn' } }, { version, forceReload: true });
    assert.equal(created.status, 201);
    assert.equal(created.reloadId, undefined);
    const row = (await showStat(lab)).find((r) => r.pxname === 'be_new' && r.svname === 'BACKEND');
    assert.ok(row, 'HAProxy runs the new backend');
    assert.equal(row.algo, 'leastconn');
    assert.deepEqual(await client.backends.get('be_new'), { name: 'be_new', mode: 'http', balance: { algorithm: 'leastconn' } });

    const deleted = await client.backends.delete('be_new', { version: version + 1 });
    assert.equal(deleted.status, 202);
    await client.waitForReload(deleted.reloadId ?? '', { timeoutMs: 20_000, intervalMs: 50 });
    assert.equal((await showStat(lab)).find((r) => r.pxname === 'be_new'), undefined);
    await assert.rejects(client.backends.delete('be_new', { version: version + 2 }), NotFoundError);
  });
});
