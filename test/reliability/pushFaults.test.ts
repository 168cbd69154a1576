// Pushes interrupted at every step (a 500, a reset or a timeout on a staged operation; a lost
// commit answer; a concurrent change between plan and apply): no transaction is ever left open,
// the running configuration is untouched unless the commit really happened, and the outcome says
// what happened. Through the push pipeline the Push command runs (client/src/push/pushFlow.ts).
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataPlaneClient } from '../../client/src/haproxy/dataplane/client';
import { runDataplanePush, type PushOutcome } from '../../client/src/push/pushFlow';
import { pushOutcomeText } from '../../client/src/push/report';
import { password, startLab, user, type Lab } from '../dataplane/fixture';
import { FaultProxy, type Fault } from './faultProxy';

let lab: Lab;
let proxy: FaultProxy;
before(async () => {
  lab = await startLab();
  proxy = await FaultProxy.start(lab.server.url);
});
after(async () => {
  await proxy?.close();
  await lab?.stop();
});
afterEach(async () => {
  proxy.clear();
  assert.deepEqual((await lab.client.listTransactions('in_progress')).map((t) => t.id), [], 'no transaction left open');
});

/** The running config with s2's weight changed to `weight` and a server `n<weight>` added. */
async function localEdit(weight: number): Promise<string> {
  const running = (await lab.client.getRawConfiguration()).text;
  const edited = running.replace(/^(\s+server s2 \S+) weight \d+/m, `$1 weight ${weight}`);
  assert.notEqual(edited, running, 'the edit applies to the running config');
  // Appended after the last server of be_app (the last section): a new server elsewhere would reorder ids and make the plan raw.
  return `${edited.trimEnd()}\n    server n${weight} 127.0.0.1:${lab.backends.ports[0]} weight 5\n`;
}

async function push(localText: string, timeoutMs: number, onStep?: Parameters<typeof runDataplanePush>[0]['onStep']): Promise<{ outcome: PushOutcome; text: string }> {
  const outcome = await runDataplanePush({
    localText,
    haproxyVersion: '2.6',
    connect: () => DataPlaneClient.connect({ baseUrl: proxy.url, username: user, password, timeoutMs }),
    confirm: () => true,
    onStep,
    reload: { timeoutMs: 20_000, intervalMs: 50 },
  });
  if ('prepared' in outcome) assert.equal(outcome.prepared.plan.method, 'transaction', 'the plan is a structured transaction');
  return { outcome, text: pushOutcomeText(outcome, 'lb').join('\n') };
}

const serverWeight = async (name: string) => (await lab.client.servers('be_app').list()).find((s) => s.name === name)?.weight;

describe('interrupted pushes leave no open transaction and say what happened', () => {
  for (const [label, fault] of [
    ['a 500 on a staged operation', { status: 500, message: 'internal error' }],
    ['a reset on a staged operation', { kind: 'reset' }],
    ['a staged operation that never answers', { kind: 'hang' }],
  ] as Array<[string, Fault]>) {
    test(`${label}: rolled back, nothing applied`, async () => {
      const version = await lab.client.getConfigurationVersion();
      proxy.inject({ path: /\/configuration\/backends\/be_app\/servers(\/s2)?$/, fault });
      const { outcome, text } = await push(await localEdit(23), 3000);
      assert.equal(outcome.status, 'failed', text);
      assert.ok(outcome.status === 'failed' && outcome.stage === 'operation' && outcome.rolledBack && !outcome.committed, text);
      assert.match(text, /push failed at operation \d+ ".*": .*(internal error|ECONNRESET|socket hang up|no answer within 3000 ms)/);
      assert.match(text, /The transaction was rolled back: nothing was applied\./);
      assert.equal(await lab.client.getConfigurationVersion(), version);
      assert.notEqual(await serverWeight('s2'), 23);
      assert.equal(await serverWeight('n23'), undefined);
    });
  }

  test('the commit answer is lost: the push is reported as applied (the version moved), not as "nothing applied"', async () => {
    const version = await lab.client.getConfigurationVersion();
    proxy.inject({ method: 'PUT', path: /\/transactions\/[^/]+$/, fault: { kind: 'lose-answer' } });
    const { outcome, text } = await push(await localEdit(24), 3000);
    assert.equal(await serverWeight('s2'), 24, 'the server did commit it');
    assert.ok((await lab.client.getConfigurationVersion()) > version);
    assert.equal(outcome.status, 'applied', text);
    assert.doesNotMatch(text, /nothing was applied/i);
  });

  test('a concurrent change between plan and commit: a conflict, nothing applied, the other change kept', async () => {
    const version = await lab.client.getConfigurationVersion();
    const { outcome, text } = await push(await localEdit(25), 15_000, async (step) => {
      if (step.kind !== 'staged') return;
      // Someone else commits first.
      await lab.client.runTransaction(async (id) => {
        const s1 = await lab.client.servers('be_app').get('s1', { transactionId: id });
        await lab.client.servers('be_app').replace('s1', { ...s1, weight: 31 }, { transactionId: id });
      }, { forceReload: true });
    });
    assert.equal(outcome.status, 'conflict', `${text} ${JSON.stringify(outcome).slice(0, 600)}`);
    assert.match(text, /the configuration changed on the server since it was fetched; nothing was applied/);
    assert.equal(await lab.client.getConfigurationVersion(), version + 1, 'only the other commit');
    assert.equal(await serverWeight('s1'), 31);
    assert.notEqual(await serverWeight('s2'), 25);
  });
});
