// Fleet push: one file to three real HAProxies (two behind the Data Plane test server, one with
// only a Runtime API socket). Every node validates first; then nodes change one at a time and
// the push stops at the first failure, saying which nodes have the change.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { RuntimeClient } from '../../client/src/haproxy/runtime/client';
import { dataplaneNode, runFleetPush, runtimeNode, type FleetNode, type NodeCheck } from '../../client/src/push/fleet';
import { fleetText } from '../../client/src/push/report';
import { rawCommand, startHaproxy, type HaproxyInstance } from '../harness/haproxy';
import { startLab, type Lab } from '../dataplane/fixture';

const reload = { timeoutMs: 20_000, intervalMs: 50 };

/**
 * The same file for every node: sockets are relative to each HAProxy's own directory (its cwd),
 * so one text serves all three. Servers point at lab A's backends.
 */
function fleetConfig(ports: number[], edit: (text: string) => string = (t) => t): string {
  return edit(`global
    stats socket unix@admin.sock mode 600 level admin
    # relative file names are relative to each node's own configuration file
    default-path config

defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s

frontend fe_main
    bind unix@fe.sock
    default_backend be_app

backend be_app
    balance roundrobin
    server s1 127.0.0.1:${ports[0]} weight 10
    server s2 127.0.0.1:${ports[1]} weight 10
`);
}

async function weights(socket: string): Promise<Record<string, number>> {
  const lines = (await rawCommand(socket, 'show servers state be_app')).split('\n').slice(2).filter((l) => l.trim() !== '');
  return Object.fromEntries(lines.map((l) => l.split(' ')).map((row) => [row[3] as string, Number(row[7])]));
}

describe('fleet push', () => {
  let a: Lab;
  let b: Lab;
  let c: HaproxyInstance;
  let common: string;
  // The harness adds its own admin socket line unless the text names the path: a comment does.
  const runtimeText = (text: string) => `${text}# admin socket: ${c.adminSocket}\n`;

  before(async () => {
    a = await startLab({ reloadDelayMs: 50 });
    b = await startLab({ reloadDelayMs: 50 });
    common = fleetConfig(a.backends.ports);
    c = await startHaproxy((ctx) => `${common}# admin socket: ${ctx.adminSocket}\n`);
  });
  after(async () => {
    await c?.stop();
    await b?.stop();
    await a?.stop();
  });

  beforeEach(async () => {
    for (const lab of [a, b]) {
      for (const transaction of await lab.client.listTransactions()) await lab.client.deleteTransaction(String(transaction.id));
      const pushed = await lab.client.pushRawConfiguration(common, { skipVersion: true });
      if (pushed.reloadId) await lab.client.waitForReload(pushed.reloadId, reload);
    }
    await c.reload(runtimeText(common));
  });

  function nodes(options: { onStagedB?: () => Promise<void> } = {}): FleetNode[] {
    return [
      dataplaneNode('lb-a', () => a.connect(), { reload }),
      dataplaneNode('lb-b', () => b.connect(), { reload, onStep: async (step) => void (step.kind === 'staged' && (await options.onStagedB?.())) }),
      runtimeNode('lb-c', new RuntimeClient({ target: c.adminSocket })),
    ];
  }

  const changed = (text: string) => text.replace(/(server s1 \S+) weight 10/, '$1 weight 5');

  test('every node validates, then every node takes the change', async () => {
    let seen: readonly NodeCheck[] = [];
    const report = await runFleetPush({ localText: changed(common), haproxyVersion: '2.6', nodes: nodes(), confirm: (checks) => ((seen = checks), true) });
    assert.equal(report.status, 'applied', fleetText(report).join('\n'));
    assert.deepEqual(report.changed, ['lb-a', 'lb-b', 'lb-c']);
    assert.deepEqual(seen.map((check) => check.preparation?.kind), ['dataplane', 'dataplane', 'runtime']);
    for (const socket of [a.haproxy.adminSocket, b.haproxy.adminSocket, c.adminSocket]) assert.deepEqual(await weights(socket), { s1: 5, s2: 10 }, socket);
  });

  test('one node refusing the file stops the fleet before anything changes', async () => {
    // A file present next to lb-a's configuration only: lb-b's HAProxy cannot load it.
    writeFileSync(join(a.haproxy.dir, 'only-on-a.http'), 'HTTP/1.0 503 Service Unavailable\r\n\r\n');
    const local = changed(common).replace('backend be_app\n', 'backend be_app\n    errorfile 503 only-on-a.http\n');
    let asked = false;
    const report = await runFleetPush({ localText: local, haproxyVersion: '2.6', nodes: nodes(), confirm: () => ((asked = true), true) });
    assert.equal(report.status, 'invalid', fleetText(report).join('\n'));
    assert.equal(asked, false);
    assert.deepEqual(report.checks.map((check) => [check.name, check.error === undefined]), [['lb-a', true], ['lb-b', false], ['lb-c', true]]);
    assert.match(report.checks[1]?.error ?? '', /only-on-a\.http/);
    assert.deepEqual(report.changed, []);
    for (const socket of [a.haproxy.adminSocket, b.haproxy.adminSocket, c.adminSocket]) assert.deepEqual(await weights(socket), { s1: 10, s2: 10 }, socket);
  });

  test('a failure on the second node stops there: the report names who has the change', async () => {
    const report = await runFleetPush({
      localText: changed(common),
      haproxyVersion: '2.6',
      nodes: nodes({
        onStagedB: async () => {
          const version = await b.client.getConfigurationVersion();
          await b.client.backends.create({ name: 'be_meanwhile' }, { version, forceReload: true });
        },
      }),
      confirm: () => true,
    });
    assert.equal(report.status, 'stopped', fleetText(report).join('\n'));
    assert.deepEqual(report.changed, ['lb-a']);
    assert.equal(report.failed?.name, 'lb-b');
    assert.equal(report.failed?.result?.outcome.status, 'conflict', fleetText(report).join('\n'));
    assert.deepEqual(report.notAttempted, ['lb-c']);
    const text = fleetText(report).join('\n');
    assert.match(text, /Have the change: lb-a\./);
    assert.match(text, /Not attempted: lb-c\./);
    assert.deepEqual(await weights(a.haproxy.adminSocket), { s1: 5, s2: 10 });
    assert.deepEqual(await weights(b.haproxy.adminSocket), { s1: 10, s2: 10 });
    assert.deepEqual(await weights(c.adminSocket), { s1: 10, s2: 10 });
  });
});
