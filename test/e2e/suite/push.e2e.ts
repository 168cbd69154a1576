// Push in real VS Code: a real HAProxy runs test/fixtures/workspace/push/haproxy.cfg behind the
// spec-validating Data Plane API test server; the suite edits that file in the editor (unsaved)
// and runs "HAProxy: Push Configuration…" with the confirmation answered through the command's
// options argument. HAProxy's admin socket, not the extension, says whether the change is live.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { PushApi, PushCommandResult } from '../../../client/src/commands/push';
import { DataPlaneClient } from '../../../client/src/haproxy/dataplane/client';
import { rawCommand, startHaproxy, type HaproxyInstance } from '../../harness/haproxy';
import { DataPlaneTestServer } from '../../dataplane/server';
import { activeExtension, e2eLog, openDocument, requestScreenshot, revertAndCloseAll, workspaceFile } from './helpers';

const FIXTURE = 'push/haproxy.cfg';
const ENDPOINT = 'e2e-push';
const USER = 'admin';
const PASSWORD = 'e2e-push-password';

/** `show servers state be_push` on the admin socket: server -> user weight. */
async function weights(haproxy: HaproxyInstance): Promise<Record<string, number>> {
  const lines = (await rawCommand(haproxy.adminSocket, 'show servers state be_push')).split('\n').slice(2).filter((l) => l.trim() !== '');
  return Object.fromEntries(lines.map((l) => l.split(' ')).map((row) => [row[3] as string, Number(row[7])]));
}

async function replaceText(document: vscode.TextDocument, search: string, replacement: string): Promise<void> {
  const offset = document.getText().indexOf(search);
  assert.ok(offset >= 0, `'${search}' is in ${document.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(offset), document.positionAt(offset + search.length)), replacement);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

function push(options: Record<string, unknown>): Thenable<PushCommandResult | undefined> {
  return vscode.commands.executeCommand<PushCommandResult | undefined>('haproxy.push', undefined, { endpoint: ENDPOINT, ...options });
}

/** Runs `work` with a 127.0.0.1 port someone else holds: `haproxy -c` accepts a bind on it, a reload cannot make it. */
async function withBusyPort(work: (port: number) => Promise<void>): Promise<void> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  try {
    await work((holder.address() as net.AddressInfo).port);
  } finally {
    holder.close();
  }
}

/** A raw configuration without the API's `# _version` line. */
const withoutVersionLine = (text: string): string => text.replace(/^# _version=\d+\n/, '');

suite('HAProxy push', () => {
  let haproxy: HaproxyInstance;
  let server: DataPlaneTestServer;
  let client: DataPlaneClient;
  const config = () => vscode.workspace.getConfiguration('haproxy');

  suiteSetup(async function () {
    this.timeout(60_000);
    const fixture = fs.readFileSync(workspaceFile(FIXTURE).fsPath, 'utf8');
    // The comment names the harness's admin socket path, so it adds no second `stats socket` line.
    haproxy = await startHaproxy((ctx) => `${fixture}# admin socket of this run: ${ctx.adminSocket}\n`);
    server = await DataPlaneTestServer.start({ haproxy, users: { [USER]: PASSWORD }, reloadDelayMs: 50 });
    client = await DataPlaneClient.connect({ baseUrl: server.url, username: USER, password: PASSWORD });
    await activeExtension();
    await config().update('endpoints', [{ name: ENDPOINT, dataPlaneApi: { url: server.url, user: USER } }], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('haproxy.endpoints.setPassword', { endpointName: ENDPOINT }, PASSWORD);
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    await revertAndCloseAll();
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    client?.close();
    await server?.stop();
    await haproxy?.stop();
    assert.deepEqual(server?.violations ?? [], [], 'the Data Plane test server saw no spec violation');
  });

  teardown(async () => {
    await revertAndCloseAll();
  });

  test('push shows the diff and the plan; once confirmed the change is live and the edits stay in the editor', async function () {
    this.timeout(60_000);
    assert.deepEqual(await weights(haproxy), { web1: 10, web2: 10 });
    const document = await openDocument(FIXTURE);
    await replaceText(document, 'server web1 127.0.0.1:10001 weight 10', 'server web1 127.0.0.1:10001 weight 50');
    await replaceText(document, 'server web2 127.0.0.1:10002 weight 10\n', 'server web2 127.0.0.1:10002 weight 10\n    server web3 127.0.0.1:10003 weight 5\n');

    const result = await push({ confirm: true });
    assert.ok(result, 'the command resolves with its result');
    e2eLog(`push plan: ${result.plan.join(' | ')}`);
    assert.equal(result.outcome.status, 'applied', JSON.stringify(result.outcome));
    assert.ok(result.outcome.status === 'applied' && 'method' in result.outcome);
    assert.equal(result.outcome.method, 'transaction');
    assert.ok(result.plan.includes('  • change weight of web1 in be_push 10 → 50'), result.plan.join('\n'));
    assert.ok(result.plan.includes('  • add server web3 127.0.0.1:10003 to be_push (weight 5)'), result.plan.join('\n'));

    const diffTab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((tab) => tab.input instanceof vscode.TabInputTextDiff);
    assert.ok(diffTab, 'a diff editor is open');
    const diff = diffTab.input as vscode.TabInputTextDiff;
    assert.equal(diff.original.scheme, 'haproxy-running');
    assert.equal(diff.modified.toString(), document.uri.toString());
    assert.match((await vscode.workspace.openTextDocument(diff.original)).getText(), /server web1 127\.0\.0\.1:10001 weight 10/, 'the left side is the running configuration');
    await requestScreenshot('push-diff');

    assert.deepEqual(await weights(haproxy), { web1: 50, web2: 10, web3: 5 }, 'HAProxy runs the pushed servers after its reload');
    assert.ok(document.isDirty, 'the unsaved edits are still in the editor');
    assert.deepEqual(await client.listTransactions(), []);
  });

  test('a cancelled push changes nothing', async function () {
    this.timeout(30_000);
    const before = await client.getRawConfiguration();
    const document = await openDocument(FIXTURE);
    await replaceText(document, 'balance roundrobin', 'balance leastconn');
    const result = await push({ confirm: false });
    assert.equal(result?.outcome.status, 'cancelled', JSON.stringify(result?.outcome));
    assert.ok(result?.plan.some((line) => line.includes('change balance of backend be_push roundrobin → leastconn')), result?.plan.join('\n'));
    const after = await client.getRawConfiguration();
    assert.equal(after.version, before.version);
    assert.equal(after.text, before.text);
  });

  test('a file with errors is refused before any request reaches the endpoint', async function () {
    this.timeout(30_000);
    const document = await openDocument(FIXTURE);
    await replaceText(document, 'balance roundrobin', 'balance "roundrobin');
    server.handled.clear();
    const result = await push({ confirm: true });
    assert.equal(result?.outcome.status, 'refused', JSON.stringify(result?.outcome));
    assert.equal(server.handled.size, 0, [...server.handled.keys()].join(', '));
  });

  test('Validate on Endpoint lets HAProxy judge the edited file without changing anything', async function () {
    this.timeout(30_000);
    const before = await client.getRawConfiguration();
    const document = await openDocument(FIXTURE);
    await replaceText(document, 'default_backend be_push', 'default_backend be_missing');
    const refused = await vscode.commands.executeCommand<{ valid: boolean; message?: string }>('haproxy.validateOnEndpoint', undefined, { endpoint: ENDPOINT });
    assert.equal(refused?.valid, false);
    assert.match(refused?.message ?? '', /be_missing/, "HAProxy's own message");
    await replaceText(document, 'default_backend be_missing', 'default_backend be_push');
    const accepted = await vscode.commands.executeCommand<{ valid: boolean }>('haproxy.validateOnEndpoint', undefined, { endpoint: ENDPOINT });
    assert.equal(accepted?.valid, true);
    assert.equal((await client.getRawConfiguration()).version, before.version);
  });

  test('Pull Configuration opens the running configuration, or a diff against the open file', async function () {
    this.timeout(30_000);
    const version = await client.getConfigurationVersion();
    const opened = await vscode.commands.executeCommand<{ version: number; uri: string }>('haproxy.pull', undefined, { endpoint: ENDPOINT, pullAs: 'open' });
    assert.equal(opened?.version, version);
    const pulled = vscode.window.activeTextEditor?.document;
    assert.equal(pulled?.uri.toString(), opened?.uri);
    assert.equal(pulled?.languageId, 'haproxy');
    assert.match(pulled?.getText() ?? '', /^# Fixture of the push e2e suite/, 'the API\'s # _version line is left out');
    assert.match(pulled?.getText() ?? '', /backend be_push\n/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'); // untitled: no save prompt later

    const document = await openDocument(FIXTURE);
    await vscode.commands.executeCommand('haproxy.pull', undefined, { endpoint: ENDPOINT, pullAs: 'diff' });
    const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(diff instanceof vscode.TabInputTextDiff, 'the active tab is a diff');
    assert.equal(diff.original.scheme, 'haproxy-running');
    assert.equal(diff.modified.toString(), document.uri.toString());
  });

  test('the Transactions view lists an open transaction; Roll Back deletes it', async function () {
    this.timeout(30_000);
    const api = await vscode.commands.executeCommand<PushApi>('haproxy.internal.push');
    const version = await client.getConfigurationVersion();
    const transaction = await client.startTransaction(version);
    await vscode.commands.executeCommand('haproxy.transactions.refresh');
    const [endpoint] = api.transactions.getChildren();
    assert.equal(endpoint?.label, ENDPOINT);
    assert.equal(endpoint?.description, '1 open');
    const [node] = api.transactions.getChildren(endpoint);
    assert.equal(node?.kind === 'transaction' && node.transactionId, String(transaction.id));
    assert.equal(api.transactions.getTreeItem(node!).contextValue, 'transaction.in_progress');

    const rolledBack = await vscode.commands.executeCommand<boolean>('haproxy.transactions.rollback', node, { confirm: true });
    assert.equal(rolledBack, true);
    assert.deepEqual(await client.listTransactions(), []);
    assert.equal(api.transactions.getChildren()[0]?.description, 'no open transaction');
  });

  test('a push HAProxy cannot reload is reported, and the configuration it still runs is written back', async function () {
    this.timeout(90_000);
    await withBusyPort(async (port) => {
      const before = await client.getRawConfiguration();
      const worker = haproxy.workerPid();
      const document = await openDocument(FIXTURE);
      await replaceText(document, '\nbackend be_push\n', `\nfrontend fe_busy\n    bind 127.0.0.1:${port}\n    default_backend be_push\n\nbackend be_push\n`);

      const result = await push({ confirm: true, onReloadFailure: 'restore' });

      assert.ok(result?.outcome.status === 'failed' && 'stage' in result.outcome, JSON.stringify(result?.outcome));
      assert.equal(result.outcome.stage, 'reload');
      assert.equal(result.outcome.committed, true);
      assert.match(result.outcome.message, /cannot bind socket/);
      assert.equal(result.restore?.status, 'restored', JSON.stringify(result.restore));
      const after = await client.getRawConfiguration();
      assert.equal(withoutVersionLine(after.text), withoutVersionLine(before.text), 'the file on the endpoint is again the configuration HAProxy runs');
      assert.equal(after.version, before.version + 2, 'one version for the push, one for the restore');
      assert.equal(haproxy.workerPid(), worker, 'the previous worker kept serving; nothing reloaded');
      assert.ok(document.isDirty, 'the unsaved edits are still in the editor');
    });
  });

  test('committing a transaction from the Transactions view whose reload fails offers the same restore', async function () {
    this.timeout(90_000);
    await withBusyPort(async (port) => {
      const before = await client.getRawConfiguration();
      const worker = haproxy.workerPid();
      const transactionId = String((await client.startTransaction(before.version)).id);
      await client.frontends.create({ name: 'fe_busy', mode: 'http', default_backend: 'be_push' }, { transactionId });
      await client.binds('fe_busy').create({ name: 'busy', address: '127.0.0.1', port }, { transactionId });
      const api = await vscode.commands.executeCommand<PushApi>('haproxy.internal.push');
      await vscode.commands.executeCommand('haproxy.transactions.refresh');
      const [endpoint] = api.transactions.getChildren();
      const node = api.transactions.getChildren(endpoint).find((n) => n.kind === 'transaction' && n.transactionId === transactionId);
      assert.ok(node, 'the transaction is listed');

      const committed = await vscode.commands.executeCommand<boolean>('haproxy.transactions.commit', node, { confirm: true, onReloadFailure: 'restore' });

      assert.equal(committed, false, 'HAProxy did not take it');
      const after = await client.getRawConfiguration();
      assert.equal(after.version, before.version + 2, 'one version for the commit, one for the restore');
      assert.equal(withoutVersionLine(after.text), withoutVersionLine(before.text));
      assert.equal(haproxy.workerPid(), worker, 'the previous worker kept serving');
      assert.deepEqual(await client.listTransactions(), []);
    });
  });
});
