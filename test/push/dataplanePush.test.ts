// Push through the Data Plane API, end to end against the spec-validating test server and a
// real HAProxy: structured transactions, raw fallback, rollback on a failed commit, version
// conflicts, and the refusal of a file with errors before any request.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runDataplanePush, type PushOutcome } from '../../client/src/push/pushFlow';
import type { PreparedPush } from '../../client/src/push/applyDataplane';
import { planPush } from '../../client/src/push/plan';
import { startLab, type Lab } from '../dataplane/fixture';

const reload = { timeoutMs: 20_000, intervalMs: 50 };

/** `show servers state BACKEND` read on the admin socket: server -> { weight, address, port }. */
async function liveServers(lab: Lab, backend: string): Promise<Map<string, { weight: number; address: string; port: number }>> {
  const lines = (await lab.admin(`show servers state ${backend}`)).split('\n');
  const header = (lines[1] ?? '').replace(/^# /, '').split(' ');
  const column = (row: string[], name: string) => row[header.indexOf(name)] ?? '';
  const servers = new Map<string, { weight: number; address: string; port: number }>();
  for (const line of lines.slice(2)) {
    if (line.trim() === '') continue;
    const row = line.split(' ');
    servers.set(column(row, 'srv_name'), { weight: Number(column(row, 'srv_uweight')), address: column(row, 'srv_addr'), port: Number(column(row, 'srv_port')) });
  }
  return servers;
}

/** The running configuration without the API's `# _version` line: what a user's file looks like. */
async function runningFile(lab: Lab): Promise<string> {
  return (await lab.client.getRawConfiguration()).text.replace(/^# _version=\d+\n/, '');
}

describe('push through the Data Plane API', () => {
  let lab: Lab;
  let baseline: string;
  before(async () => {
    lab = await startLab({ reloadDelayMs: 50 });
    baseline = await runningFile(lab);
  });
  after(() => lab?.stop());

  /** Every test starts from the lab's own configuration, with no transaction left open. */
  beforeEach(async () => {
    for (const transaction of await lab.client.listTransactions()) await lab.client.deleteTransaction(String(transaction.id));
    if ((await runningFile(lab)) !== baseline) {
      const pushed = await lab.client.pushRawConfiguration(baseline, { skipVersion: true });
      if (pushed.reloadId) await lab.client.waitForReload(pushed.reloadId, reload);
    }
  });

  function push(localText: string, extra: Partial<Parameters<typeof runDataplanePush>[0]> = {}): Promise<PushOutcome> {
    return runDataplanePush({ localText, haproxyVersion: '2.6', connect: () => lab.connect(), confirm: () => true, reload, ...extra });
  }

  test('adding a server and changing a weight is one transaction; HAProxy runs both after its reload', async () => {
    const s1 = (await liveServers(lab, 'be_app')).get('s1');
    assert.equal(s1?.weight, 10);
    const local = baseline
      .replace(/(server s1 \S+) weight 10/, '$1 weight 5')
      .replace(/(server s2 .*)\n/, `$1\n    server s3 127.0.0.1:${lab.backends.ports[0]} weight 7 check\n`);
    let shown: PreparedPush | undefined;
    const outcome = await push(local, { confirm: (prepared) => ((shown = prepared), true) });

    assert.equal(outcome.status, 'applied', JSON.stringify(outcome));
    assert.ok(outcome.status === 'applied');
    assert.equal(outcome.method, 'transaction');
    assert.equal(outcome.reload, 'succeeded');
    assert.deepEqual(shown?.plan.operations.map((o) => o.description), [
      'change weight of s1 in be_app 10 → 5',
      `add server s3 127.0.0.1:${lab.backends.ports[0]} to be_app (weight 7, check)`,
    ]);
    const live = await liveServers(lab, 'be_app');
    assert.equal(live.get('s1')?.weight, 5);
    assert.deepEqual(live.get('s3'), { weight: 7, address: '127.0.0.1', port: lab.backends.ports[0] });
    assert.match(await lab.admin('get weight be_app/s1'), /^5 \(initial 5\)/, 'the weight comes from the reloaded configuration');
    assert.deepEqual(await lab.client.listTransactions(), []);
  });

  test('a commit that fails rolls the transaction back and leaves the running configuration unchanged', async () => {
    const errorFile = join(lab.haproxy.dir, '503.http');
    writeFileSync(errorFile, 'HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\nbusy\r\n');
    try {
      const withErrorFile = baseline.replace(/(backend be_app\n)/, `$1    errorfile 503 ${errorFile}\n`);
      const seeded = await lab.client.pushRawConfiguration(withErrorFile, { skipVersion: true });
      if (seeded.reloadId) await lab.client.waitForReload(seeded.reloadId, reload);
      const before = await lab.client.getRawConfiguration();
      const local = withErrorFile.replace(/(server s1 \S+) weight 10/, '$1 weight 3');

      // The file validates on the endpoint, then disappears before the commit: HAProxy refuses the commit.
      const outcome = await push(local, {
        onStep: (step) => {
          if (step.kind === 'staged') rmSync(errorFile);
        },
      });

      assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
      assert.ok(outcome.status === 'failed');
      assert.equal(outcome.stage, 'commit');
      assert.equal(outcome.rolledBack, true);
      assert.equal(outcome.committed, false);
      assert.match(outcome.message, /503\.http/, 'HAProxy names the missing file');
      assert.deepEqual(await lab.client.listTransactions(), [], 'the failed transaction was deleted');
      const after = await lab.client.getRawConfiguration();
      assert.equal(after.version, before.version);
      assert.equal(after.text, before.text);
      assert.equal((await liveServers(lab, 'be_app')).get('s1')?.weight, 10);
    } finally {
      rmSync(errorFile, { force: true });
    }
  });

  test('a change made on the server after the fetch is a conflict at commit: ours is not applied', async () => {
    const local = baseline.replace(/(server s1 \S+) weight 10/, '$1 weight 4');
    const outcome = await push(local, {
      onStep: async (step) => {
        if (step.kind !== 'staged') return;
        const version = await lab.client.getConfigurationVersion();
        await lab.client.servers('be_app').replace('s2', { name: 's2', address: '127.0.0.1', port: lab.backends.ports[1], weight: 20 }, { version, forceReload: true });
      },
    });

    assert.equal(outcome.status, 'conflict', JSON.stringify(outcome));
    assert.ok(outcome.status === 'conflict');
    assert.match(outcome.message, /version/);
    assert.deepEqual(await lab.client.listTransactions(), []);
    const live = await liveServers(lab, 'be_app');
    assert.equal(live.get('s1')?.weight, 10, 'our change is not applied');
    assert.equal(live.get('s2')?.weight, 20, 'the other change stays');
    assert.match((await lab.client.getRawConfiguration()).text, /server s1 \S+ weight 10\n/);
  });

  test('a change made while the user reads the plan is a conflict before any transaction starts', async () => {
    const local = baseline.replace(/(server s1 \S+) weight 10/, '$1 weight 4');
    let started = false;
    const outcome = await push(local, {
      confirm: async (prepared) => {
        await lab.client.backends.create({ name: 'be_other', mode: 'http' }, { version: prepared.running.version, forceReload: true });
        return true;
      },
      onStep: (step) => void (step.kind === 'transaction-started' && (started = true)),
    });
    assert.equal(outcome.status, 'conflict', JSON.stringify(outcome));
    assert.equal(started, false);
    assert.equal((await liveServers(lab, 'be_app')).get('s1')?.weight, 10);
  });

  test('a file with errors is refused before any request is sent', async () => {
    lab.server.handled.clear();
    const unmatched = lab.server.unmatched.length;
    let connected = false;
    const outcome = await push(baseline.replace('balance roundrobin', 'balance "roundrobin'), {
      connect: () => ((connected = true), lab.connect()),
    });
    assert.equal(outcome.status, 'refused', JSON.stringify(outcome));
    assert.ok(outcome.status === 'refused');
    assert.ok(outcome.problems.some((p) => /quote/i.test(p.message)), JSON.stringify(outcome.problems));
    assert.equal(connected, false);
    assert.equal(lab.server.handled.size, 0, `requests: ${[...lab.server.handled.keys()].join(', ')}`);
    assert.equal(lab.server.unmatched.length, unmatched);
  });

  test('a change without a structured form is pushed as raw configuration, and the plan says why', async () => {
    const local = baseline.replace('timeout client 5s', 'timeout client 7s').replace(/(server s1 \S+) weight 10/, '$1 weight 6');
    const outcome = await push(local);
    assert.equal(outcome.status, 'applied', JSON.stringify(outcome));
    assert.ok(outcome.status === 'applied');
    assert.equal(outcome.method, 'raw');
    assert.deepEqual(outcome.prepared.plan.raw, [{ where: 'defaults', detail: "changed 'timeout client 5s' → 'timeout client 7s' (these directives have no structured operation)" }]);
    assert.deepEqual(outcome.prepared.plan.operations.map((o) => o.description), ['change weight of s1 in be_app 10 → 6']);
    assert.match((await lab.client.getRawConfiguration()).text, /timeout client 7s/);
    assert.equal((await liveServers(lab, 'be_app')).get('s1')?.weight, 6);
  });

  test('HAProxy refusing the file on the endpoint stops the push before the confirmation', async () => {
    let asked = false;
    const local = baseline.replace(/(backend be_app\n)/, '$1    errorfile 503 /nonexistent/hwb-503.http\n');
    const outcome = await push(local, { confirm: () => ((asked = true), true) });
    assert.equal(outcome.status, 'invalid', JSON.stringify(outcome));
    assert.ok(outcome.status === 'invalid');
    assert.match(outcome.message, /hwb-503\.http/);
    assert.equal(asked, false);
  });

  test('an operation the API refuses rolls back and names the operation', async () => {
    const local = baseline.replace(/(server s2 .*)\n/, `$1\n    server s4 127.0.0.1:${lab.backends.ports[1]} tfo\n`);
    const outcome = await push(local);
    assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
    assert.ok(outcome.status === 'failed');
    assert.equal(outcome.stage, 'operation');
    assert.equal(outcome.operation?.description, `add server s4 127.0.0.1:${lab.backends.ports[1]} to be_app (tfo)`);
    assert.equal(outcome.rolledBack, true);
    assert.deepEqual(await lab.client.listTransactions(), []);
    assert.equal((await liveServers(lab, 'be_app')).has('s4'), false);
  });

  test('nothing to push when only comments and layout differ', async () => {
    const local = `# my load balancer\n${baseline.replace(/\n    /g, '\n\t')}`;
    const outcome = await push(local);
    assert.equal(outcome.status, 'nothing-to-do', JSON.stringify(outcome));
  });
});

describe('push through the v2 Data Plane API', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab({ api: 'v2', reloadDelayMs: 50 });
  });
  after(() => lab?.stop());

  test('servers and ACLs go through v2 paths (parents in the query, index in the body); defaults go raw', async () => {
    const baseline = await runningFile(lab);
    const local = baseline
      .replace(/(server s1 \S+) weight 10/, '$1 weight 9')
      .replace(/(frontend fe_main\n)/, '$1    acl is_api path_beg /api\n');
    const outcome = await runDataplanePush({ localText: local, haproxyVersion: '2.6', connect: () => lab.connect(), confirm: () => true, reload });
    assert.equal(outcome.status, 'applied', JSON.stringify(outcome));
    assert.ok(outcome.status === 'applied');
    assert.equal(outcome.method, 'transaction');
    assert.deepEqual(outcome.prepared.plan.operations.map((o) => o.description), ['change weight of s1 in be_app 10 → 9', 'add acl is_api (path_beg /api) to frontend fe_main at index 0']);
    assert.match(await lab.admin('get weight be_app/s1'), /^9 \(initial 9\)/);
    assert.match((await lab.client.getRawConfiguration()).text, /acl is_api path_beg \/api/);
    assert.equal(lab.client.api, 'v2');
    assert.ok(lab.server.handled.has('PUT /services/haproxy/configuration/servers/{name}') || [...lab.server.handled.keys()].some((k) => k.startsWith('PUT ') && k.includes('/servers/')), [...lab.server.handled.keys()].join(', '));

    // No named defaults endpoint in v2: a defaults change is a raw push there.
    const current = await runningFile(lab);
    assert.equal(planPush(current, current.replace('timeout client 5s', 'timeout client 8s').replace('    mode http\n', '    mode http\n    option httplog\n'), { api: 'v2' }).method, 'raw');
    const raw = await runDataplanePush({ localText: current.replace('timeout client 5s', 'timeout client 8s'), haproxyVersion: '2.6', connect: () => lab.connect(), confirm: () => true, reload });
    assert.equal(raw.status === 'applied' && raw.method, 'raw', JSON.stringify(raw));
    assert.match((await lab.client.getRawConfiguration()).text, /timeout client 8s/);
  });
});
