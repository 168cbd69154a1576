// Data Plane API faults: 401, 409, 406, 429, 500, timeouts, a certificate for another host. Each
// ends in a clear message (on the endpoint's node or the action's notification, through the
// sidebar's real code, or from runTransaction). A transaction interrupted at any step leaves no
// open transaction behind; two concurrent transactions on the same version: exactly one commits,
// the other gets the conflict error, and nothing is lost once it is redone.
import { recorded, resetRecorded } from './fakeVscode';
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataPlaneClient } from '../../client/src/haproxy/dataplane/client';
import {
  ConfigurationChangedError,
  DataPlaneError,
  TimeoutError,
  TooManyTransactionsError,
  TransactionNotAcceptableError,
} from '../../client/src/haproxy/dataplane/errors';
import { errorMessage } from '../../client/src/views/errors';
import { DataPlaneTestServer } from '../dataplane/server';
import { password, startLab, user, type Lab } from '../dataplane/fixture';
import { FaultProxy } from './faultProxy';
import { startSidebar, type Sidebar } from './sidebarHarness';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => void unhandled.push(reason));

const MAX_OPEN = 3;
let lab: Lab;
let proxy: FaultProxy;
let sidebar: Sidebar | undefined;

before(async () => {
  lab = await startLab({ maxOpenTransactions: MAX_OPEN });
  proxy = await FaultProxy.start(lab.server.url);
});
after(async () => {
  await proxy?.close();
  await lab?.stop();
  assert.deepEqual(unhandled, [], 'no unhandled promise rejection');
});
afterEach(async () => {
  sidebar?.dispose();
  sidebar = undefined;
  proxy.clear();
  resetRecorded();
  // Every test must leave the server without open transactions.
  assert.deepEqual(await openTransactions(), [], 'no transaction left open');
});

const openTransactions = async () => (await lab.client.listTransactions('in_progress')).map((t) => t.id);

async function dataPlaneSidebar(name: string, options: { url?: string; password?: string; timeoutMs?: number; caFile?: string; tlsInsecure?: boolean } = {}) {
  sidebar = await startSidebar(
    [{ name, dataPlaneApi: { url: options.url ?? proxy.url, user, ...(options.caFile ? { caFile: options.caFile } : {}), ...(options.tlsInsecure ? { tlsInsecure: true } : {}) } }],
    { passwords: { [name]: options.password ?? password }, ...(options.timeoutMs ? { timeouts: { replyTimeoutMs: options.timeoutMs } } : {}) },
  );
  return sidebar;
}

async function nodeError(name: string): Promise<string | undefined> {
  await sidebar!.tree.refresh(name);
  return sidebar!.model(name).error;
}

describe('Data Plane API faults in the sidebar', () => {
  test('401: a wrong password says so on the node (without the password); fixed by Set Password', async () => {
    await dataPlaneSidebar('dp401', { password: 'wrong-secret-123' });
    const error = await nodeError('dp401');
    assert.match(error ?? '', /GET \/v3\/info: 401 unauthorized \(check the user name and password\)/);
    assert.doesNotMatch(`${error} ${recorded.output.join(' ')}`, /wrong-secret-123/);
    await sidebar!.secrets.store('haproxy.endpoint.password/dp401', password);
    assert.equal(await nodeError('dp401'), undefined, 'the new password is used at the next refresh');
  });

  test('500 on the snapshot: the API message on the node; the next refresh recovers', async () => {
    await dataPlaneSidebar('dp500');
    assert.equal(await nodeError('dp500'), undefined);
    proxy.inject({ method: 'GET', path: /\/stats\/native$/, fault: { status: 500, message: 'cannot read stats: runtime socket unavailable' } });
    assert.match((await nodeError('dp500')) ?? '', /GET \/v3\/services\/haproxy\/stats\/native: 500 cannot read stats: runtime socket unavailable/);
    assert.equal(sidebar!.model('dp500').node.presentation.description, 'unreachable');
    assert.equal(await nodeError('dp500'), undefined, 'recovered');
    assert.ok(sidebar!.model('dp500').snapshot!.servers.length > 0);
  });

  test('500 on an action: the notification names the server and the API message; nothing changed', async () => {
    await dataPlaneSidebar('dpact');
    await sidebar!.tree.refresh('dpact');
    proxy.inject({ method: 'PUT', path: /\/runtime\/backends\/be_app\/servers\/s1$/, fault: { status: 500, message: 'runtime API: command failed' } });
    await sidebar!.action('haproxy.server.drain', sidebar!.server('dpact', 'be_app', 's1'));
    assert.ok(
      recorded.notifications.some((n) => /^error: Drain failed for 1 of 1: be_app\/s1: PUT \/v3\/services\/haproxy\/runtime\/backends\/be_app\/servers\/s1: 500 runtime API: command failed/.test(n)),
      recorded.notifications.join('\n'),
    );
    assert.equal(sidebar!.server('dpact', 'be_app', 's1').server.adminState, 'ready');
  });

  test('a request that never answers: a timeout on the node; recovers', async () => {
    await dataPlaneSidebar('dphang', { timeoutMs: 3000 });
    assert.equal(await nodeError('dphang'), undefined);
    proxy.inject({ method: 'GET', path: /\/stats\/native$/, fault: { kind: 'hang' } });
    assert.match((await nodeError('dphang')) ?? '', /GET \/v3\/services\/haproxy\/stats\/native: no answer within 3000 ms/);
    assert.equal(await nodeError('dphang'), undefined);
  });

  test('a reset connection: a network error on the node; recovers', async () => {
    await dataPlaneSidebar('dpreset');
    assert.equal(await nodeError('dpreset'), undefined);
    proxy.inject({ method: 'GET', path: /\/stats\/native$/, fault: { kind: 'reset' } });
    assert.match((await nodeError('dpreset')) ?? '', /GET \/v3\/services\/haproxy\/stats\/native: (ECONNRESET|socket hang up)/);
    assert.equal(await nodeError('dpreset'), undefined);
  });
});

describe('Data Plane API over TLS: verification is on by default', () => {
  let tlsServer: DataPlaneTestServer;
  let dir: string;
  let otherHostCert: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hwb-tls-'));
    // A certificate for another host name, as a misconfigured endpoint would present.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-subj', '/CN=lb1.example.com', '-addext', 'subjectAltName=DNS:lb1.example.com'], { stdio: 'pipe', timeout: 30_000 });
    otherHostCert = join(dir, 'cert.pem');
    tlsServer = await DataPlaneTestServer.start({ haproxy: lab.haproxy, users: { [user]: password }, tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(otherHostCert, 'utf8') } });
  });
  after(async () => {
    await tlsServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an untrusted certificate is refused by default (no caFile, no tlsInsecure)', async () => {
    await dataPlaneSidebar('tls-default', { url: tlsServer.url });
    assert.match((await nodeError('tls-default')) ?? '', /GET \/v3\/info: TLS error (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/);
  });

  test('a trusted certificate for another host name is refused: the mismatch is named', async () => {
    await dataPlaneSidebar('tls-mismatch', { url: tlsServer.url, caFile: otherHostCert });
    assert.match((await nodeError('tls-mismatch')) ?? '', /GET \/v3\/info: TLS error ERR_TLS_CERT_ALTNAME_INVALID: .*127\.0\.0\.1/);
  });

  test('a caFile that does not exist is a clear error, not a silent fallback to no verification', async () => {
    await dataPlaneSidebar('tls-nofile', { url: tlsServer.url, caFile: join(dir, 'missing.pem') });
    assert.match((await nodeError('tls-nofile')) ?? '', /cannot read caFile .*missing\.pem: ENOENT/);
  });

  test('only the explicit tlsInsecure switch accepts it', async () => {
    await dataPlaneSidebar('tls-insecure', { url: tlsServer.url, tlsInsecure: true });
    assert.equal(await nodeError('tls-insecure'), undefined);
  });
});

describe('transactions under faults', () => {
  /** A client through the fault proxy. */
  const faulty = (timeoutMs = 15_000) => DataPlaneClient.connect({ baseUrl: proxy.url, username: user, password, timeoutMs });
  const weightOf = async (server: string) => (await lab.client.servers('be_app').get(server)).weight;
  const setWeight = async (client: DataPlaneClient, id: string, server: string, weight: number) => {
    const current = await client.servers('be_app').get(server, { transactionId: id });
    await client.servers('be_app').replace(server, { ...current, weight }, { transactionId: id });
  };

  test('409: a transaction on a stale version is refused with "the configuration changed"; nothing opened', async () => {
    const version = await lab.client.getConfigurationVersion();
    await lab.client.backends.create({ name: 'be_bump' }, { version, forceReload: true });
    const error = await lab.client.runTransaction(async () => undefined, { version }).catch((e: unknown) => e);
    assert.ok(error instanceof ConfigurationChangedError, String(error));
    assert.match(errorMessage(error), /409 version mismatch.*\(the configuration changed on the server\)/);
    await lab.client.backends.delete('be_bump', { version: version + 1, forceReload: true });
  });

  test('429: over max_open_transactions, the message says how many are open; the stage never runs', async () => {
    const version = await lab.client.getConfigurationVersion();
    const held = await Promise.all(Array.from({ length: MAX_OPEN }, () => lab.client.startTransaction(version)));
    let staged = false;
    const error = await lab.client.runTransaction(async () => void (staged = true)).catch((e: unknown) => e);
    for (const t of held) await lab.client.deleteTransaction(String(t.id));
    assert.ok(error instanceof TooManyTransactionsError, String(error));
    assert.match(errorMessage(error), /429 cannot start transaction: 3 transactions are open \(max_open_transactions 3\)/);
    assert.equal(staged, false);
  });

  test('406: committing a transaction outdated by another commit; runTransaction deletes it', async () => {
    const version = await lab.client.getConfigurationVersion();
    const error = await lab.client
      .runTransaction(async (id) => {
        await setWeight(lab.client, id, 's2', 21);
        // Another commit lands first (forced reload: no reload queue).
        const other = String((await lab.client.startTransaction(version)).id);
        await setWeight(lab.client, other, 's1', 11);
        await lab.client.commitTransaction(other, { forceReload: true });
      }, { version })
      .catch((e: unknown) => e);
    assert.ok(error instanceof TransactionNotAcceptableError || error instanceof ConfigurationChangedError, String(error));
    assert.match(errorMessage(error), /(406 transaction \S+ is outdated and cannot be committed|409 version mismatch)/);
    assert.equal(await weightOf('s1'), 11, 'the other commit is there');
    assert.notEqual(await weightOf('s2'), 21, 'the refused edit is not');
  });

  test('a stage interrupted by a 500, a reset or a timeout: rolled back, no open transaction, config unchanged', async () => {
    const client = await faulty(3000);
    try {
      for (const fault of [{ status: 500, message: 'boom' }, { kind: 'reset' as const }, { kind: 'hang' as const }]) {
        const version = await lab.client.getConfigurationVersion();
        proxy.inject({ method: 'PUT', path: /\/configuration\/backends\/be_app\/servers\/s2$/, fault });
        const error = await client.runTransaction((id) => setWeight(client, id, 's2', 77)).catch((e: unknown) => e);
        assert.ok(error instanceof DataPlaneError, `${JSON.stringify(fault)}: ${String(error)}`);
        assert.match(errorMessage(error), /PUT \/v3\/services\/haproxy\/configuration\/backends\/be_app\/servers\/s2(\?\S*)?: (500 boom|ECONNRESET|socket hang up|no answer within 3000 ms)/);
        assert.deepEqual(await openTransactions(), [], `${JSON.stringify(fault)}: rolled back`);
        assert.equal(await lab.client.getConfigurationVersion(), version, 'nothing committed');
        assert.notEqual(await weightOf('s2'), 77);
      }
    } finally {
      client.close();
    }
  });

  test('the commit answer is lost: the error says the outcome is unknown and names the version; no open transaction', async () => {
    const client = await faulty(3000);
    try {
      const version = await lab.client.getConfigurationVersion();
      proxy.inject({ method: 'PUT', path: /\/transactions\/[^/]+$/, fault: { kind: 'lose-answer' } });
      const error = await client.runTransaction((id) => setWeight(client, id, 's2', 33)).catch((e: unknown) => e);
      assert.ok(error instanceof TimeoutError, String(error));
      assert.match(errorMessage(error), /no answer within 3000 ms/);
      assert.match(errorMessage(error), new RegExp(`the commit may have been applied: the configuration version is now ${version + 1} \\(was ${version}\\)`));
      assert.deepEqual(await openTransactions(), []);
      assert.equal(await weightOf('s2'), 33, 'the server did apply it');
    } finally {
      client.close();
    }
  });

  test('two concurrent transactions on one version: exactly one commits, the other gets the conflict, nothing lost after a redo', async () => {
    const [a, b] = [await faulty(), await faulty()];
    try {
      const version = await lab.client.getConfigurationVersion();
      let staged = 0;
      let bothStaged!: () => void;
      const barrier = new Promise<void>((resolve) => (bothStaged = resolve));
      const edit = (client: DataPlaneClient, server: string, weight: number) =>
        client.runTransaction(async (id) => {
          await setWeight(client, id, server, weight);
          if (++staged === 2) bothStaged();
          await barrier; // both staged on the same version before either commits
        }, { version, forceReload: true });
      const results = await Promise.allSettled([edit(a, 's1', 41), edit(b, 's2', 42)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(won.length, 1, `exactly one commits: ${results.map((r) => r.status).join(', ')}`);
      assert.equal(lost.length, 1);
      const conflict = lost[0]!.reason;
      assert.ok(conflict instanceof ConfigurationChangedError || conflict instanceof TransactionNotAcceptableError, String(conflict));
      assert.match(errorMessage(conflict), /version mismatch|outdated/);
      assert.deepEqual(await openTransactions(), [], 'the loser was rolled back');
      assert.equal(await lab.client.getConfigurationVersion(), version + 1);
      const winnerIsA = results[0]!.status === 'fulfilled';
      const [wonServer, wonWeight, lostServer, lostWeight] = winnerIsA ? ['s1', 41, 's2', 42] : ['s2', 42, 's1', 41];
      assert.equal(await weightOf(wonServer), wonWeight);
      assert.notEqual(await weightOf(lostServer), lostWeight, 'the conflicting edit was not applied behind the winner');
      // Redone on the new version, the second edit lands too: both are there.
      await (winnerIsA ? b : a).runTransaction((id) => setWeight(winnerIsA ? b : a, id, lostServer, lostWeight), { forceReload: true });
      assert.equal(await weightOf('s1'), 41);
      assert.equal(await weightOf('s2'), 42);
    } finally {
      a.close();
      b.close();
    }
  });
});
