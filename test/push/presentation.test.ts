// Plain-data parts of the push UI: Transactions view nodes (labels, context values the menus key
// on) and the plan/report texts shown in confirmations and notifications.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { endpointNode, transactionNodes } from '../../client/src/views/transactionsModel';
import { applyOutcomeText, planText, restoreOutcomeText, runtimeOutcomeText } from '../../client/src/push/report';
import { planPush } from '../../client/src/push/plan';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, Array<{ command: string; when?: string; group?: string }>>; views: Record<string, Array<{ id: string }>> };
};

describe('Transactions view nodes', () => {
  test('endpoints say how many transactions are open, or why they cannot be read', () => {
    assert.equal(endpointNode('lb1', 'https://lb1:5555', { transactions: [] }).description, 'no open transaction');
    assert.equal(endpointNode('lb1', 'https://lb1:5555', { transactions: [{ id: 'a', status: 'in_progress', _version: 3 }] }).description, '1 open');
    const failed = endpointNode('lb1', 'https://lb1:5555', { error: 'ECONNREFUSED' });
    assert.deepEqual([failed.description, failed.contextValue, failed.icon], ['unreachable: ECONNREFUSED', 'transactionsEndpoint.error', 'error']);
  });

  test('transactions carry their status as context value; Commit is offered only on in-progress ones', () => {
    const nodes = transactionNodes('lb1', [
      { id: '0cd1a3b4-1111-2222-3333-444455556666', status: 'in_progress', _version: 7 },
      { id: 'f00', status: 'failed', _version: 6 },
    ]);
    assert.deepEqual(nodes.map((n) => [n.label, n.description, n.contextValue]), [
      ['0cd1a3b4…', 'in progress · on version 7', 'transaction.in_progress'],
      ['f00', 'failed · on version 6', 'transaction.failed'],
    ]);
    const menu = manifest.contributes.menus['view/item/context']!.filter((e) => e.when?.includes('view == haproxy.transactions') && e.group !== 'inline');
    const offered = (contextValue: string) =>
      menu.filter((e) => {
        const exact = /viewItem == (\S+)/.exec(e.when ?? '');
        const pattern = /viewItem =~ \/(.*)\//.exec(e.when ?? '');
        return exact ? exact[1] === contextValue : pattern ? new RegExp(pattern[1]!).test(contextValue) : false;
      }).map((e) => e.command);
    assert.deepEqual(offered(nodes[0]!.contextValue), ['haproxy.transactions.commit', 'haproxy.transactions.rollback']);
    assert.deepEqual(offered(nodes[1]!.contextValue), ['haproxy.transactions.rollback']);
    assert.ok(manifest.contributes.views.haproxy?.some((v) => v.id === 'haproxy.transactions'), 'the view is the second one of the HAProxy container');
  });
});

describe('plan and report texts', () => {
  const running = 'backend be\n    server a 10.0.0.1:80 weight 10\n';
  test('a transaction plan lists its operations; a raw one says why first', () => {
    assert.deepEqual(planText(planPush(running, running.replace('weight 10', 'weight 20')), 'lb1'), [
      'Push to lb1 as 1 structured operation in one Data Plane API transaction:',
      '  • change weight of a in be 10 → 20',
    ]);
    assert.deepEqual(planText(planPush(running, `global\n    maxconn 10\n${running.replace('weight 10', 'weight 20')}`)), [
      'Push as the whole file (raw configuration): these changes have no structured operation:',
      '  • global: new global section (only frontends and backends are created as structured objects)',
      'The push also makes these changes:',
      '  • change weight of a in be 10 → 20',
    ]);
  });

  test('a failed operation is named with HAProxy\'s message and what state things are in', () => {
    const plan = planPush(running, running.replace('weight 10', 'weight 20'));
    const lines = applyOutcomeText({ status: 'failed', stage: 'operation', message: 'no such backend', operation: plan.operations[0], operationIndex: 0, rolledBack: true, committed: false }, 'lb1');
    assert.deepEqual(lines, ['lb1: push failed at operation 1 "change weight of a in be 10 → 20": no such backend', 'The transaction was rolled back: nothing was applied.']);
    assert.deepEqual(applyOutcomeText({ status: 'failed', stage: 'reload', message: 'reload r1 failed: bad', rolledBack: false, committed: true, reload: 'failed' }, 'lb1')[1], 'The new configuration was written but HAProxy did not reload: it still runs the previous one.');
    assert.deepEqual(applyOutcomeText({ status: 'failed', stage: 'reload', message: 'reload r1 still in_progress after 30000 ms', rolledBack: false, committed: true, reload: 'unknown' }, 'lb1')[1],
      'The new configuration was written; whether HAProxy reloaded it is not known yet (see its reloads on the endpoint).');
  });

  test('restoring after a failed reload says what the endpoint holds now', () => {
    assert.deepEqual(restoreOutcomeText({ status: 'restored', version: 7 }, 'lb1'), ['lb1: the configuration HAProxy still runs was written back (configuration version 7); no reload was needed.']);
    assert.deepEqual(restoreOutcomeText({ status: 'conflict', message: 'version mismatch' }, 'lb1'), ['lb1: not restored: the configuration changed on the server after the push, and that change was kept. (version mismatch)']);
    assert.deepEqual(restoreOutcomeText({ status: 'failed', message: 'connection refused' }, 'lb1'), [
      'lb1: could not restore the previous configuration: connection refused',
      'The file on the endpoint still holds the configuration HAProxy could not reload.',
    ]);
  });

  test('a runtime failure says exactly what is live', () => {
    const step = (description: string) => ({ description, action: { kind: 'set-weight' as const, backend: 'be', server: 'a', weight: 1 }, undo: [] });
    const lines = runtimeOutcomeText({ status: 'failed', failed: step('add server x'), message: 'Backend must use a dynamic load balancing to support dynamic servers.', undone: [step('w2')], undoFailures: [{ step: step('w1'), message: 'No such server.' }], live: [step('w1')] }, 'lb1');
    assert.deepEqual(lines, [
      'lb1: "add server x" failed: Backend must use a dynamic load balancing to support dynamic servers.',
      'Undone (in reverse order): w2.',
      'Could not undo "w1": No such server.',
      'Live now: w1.',
    ]);
  });
});
