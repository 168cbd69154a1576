// No password or token in anything logged or shown: every output channel line, notification,
// progress message, tree row and tooltip of a sidebar session (Data Plane API endpoint with a
// password, a Runtime API endpoint, successful and failing actions, a wrong password, injected
// server errors and timeouts), and everything the language server logs while it edits, checks
// (haproxy -c on save) and answers requests on a config holding userlist passwords.
import { recorded, resetRecorded } from '../reliability/fakeVscode';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLab, type Lab } from '../dataplane/fixture';
import { FaultProxy } from '../reliability/faultProxy';
import { startSidebar, type Sidebar } from '../reliability/sidebarHarness';
import { tooltipOf, type AnyNode } from '../../client/src/views/serversModel';
import { startLspServer, type LspSession } from '../lsp/lspClient';
import { DataPlaneClient } from '../../client/src/haproxy/dataplane/client';
import { runDataplanePush } from '../../client/src/push/pushFlow';
import { planText, pushOutcomeText } from '../../client/src/push/report';
import { errorMessage } from '../../client/src/views/errors';

const OPERATOR = 'operator';
const SECRET = 'Zq9-s3cr3t-Pw!x';
const WRONG = 'Wr0ng-Pw-7731';
/** What must never appear: the passwords, and the Basic authorization tokens built from them. */
const forbidden = [SECRET, WRONG, ...[SECRET, WRONG].map((p) => Buffer.from(`${OPERATOR}:${p}`).toString('base64'))];

function assertClean(where: string, texts: readonly string[]): void {
  for (const text of texts) {
    for (const secret of forbidden) assert.ok(!text.includes(secret), `${where} leaks a secret: ${text.slice(0, 300)}`);
  }
}

describe('sidebar session: nothing logged or shown holds the password', () => {
  let lab: Lab;
  let proxy: FaultProxy;
  let sidebar: Sidebar;
  const shown: string[] = [];
  before(async () => {
    lab = await startLab({ users: { admin: 'adminpwd', [OPERATOR]: SECRET } });
    proxy = await FaultProxy.start(lab.server.url);
    sidebar = await startSidebar(
      [
        { name: 'dp', dataPlaneApi: { url: proxy.url, user: OPERATOR } },
        { name: 'rt', runtimeApi: lab.haproxy.adminSocket },
      ],
      { passwords: { dp: SECRET }, timeouts: { replyTimeoutMs: 4000 } },
    );
    resetRecorded();
  });
  after(async () => {
    sidebar?.dispose();
    await proxy?.close();
    await lab?.stop();
  });

  /** Everything a user could read in the view right now. */
  function visibleTexts(): string[] {
    const texts: string[] = [];
    const visit = (node: AnyNode) => {
      texts.push(node.presentation.label, node.presentation.description ?? '', tooltipOf(node));
      for (const child of sidebar.tree.getChildren(node)) visit(child);
    };
    for (const root of sidebar.tree.getChildren()) visit(root);
    return texts;
  }

  async function step(run: () => Promise<unknown>): Promise<void> {
    await run();
    shown.push(...visibleTexts());
  }

  test('a session with successes, failures, a wrong password and injected faults', async () => {
    const s1 = () => sidebar.server('dp', 'be_app', 's1');
    await step(() => sidebar.tree.refresh());
    assert.equal(sidebar.model('dp').error, undefined, 'the right password works');
    await step(() => sidebar.action('haproxy.server.drain', s1()));
    await step(() => sidebar.action('haproxy.server.setWeight', s1(), '50%'));
    await step(() => sidebar.action('haproxy.server.ready', s1()));
    await step(() => sidebar.action('haproxy.server.disableChecks', s1())); // refused by the Data Plane API: an error
    proxy.inject({ method: 'PUT', path: /\/runtime\/backends\/be_app\/servers\/s1$/, fault: { status: 500, message: 'internal error' } });
    await step(() => sidebar.action('haproxy.server.maint', s1()));
    proxy.inject({ method: 'GET', path: /\/stats\/native$/, fault: { kind: 'hang' } });
    await step(() => sidebar.tree.refresh('dp'));
    assert.match(sidebar.model('dp').error ?? '', /no answer within 4000 ms/);
    await sidebar.secrets.store('haproxy.endpoint.password/dp', WRONG);
    await step(() => sidebar.tree.refresh('dp'));
    assert.match(sidebar.model('dp').error ?? '', /401 unauthorized/);
    await step(() => sidebar.action('haproxy.server.drain', sidebar.server('rt', 'be_app', 's2')));
    await step(() => sidebar.action('haproxy.server.ready', sidebar.server('rt', 'be_app', 's2')));
    await step(() => sidebar.tree.refresh());

    assert.ok(recorded.output.length >= 8, `the session was logged (${recorded.output.length} lines)`);
    assert.ok(recorded.notifications.some((n) => n.startsWith('error: ')), 'failures were shown');
    assertClean('the output channel', recorded.output);
    assertClean('a notification', recorded.notifications);
    assertClean('a progress message', recorded.progress);
    assertClean('the servers view', shown);
  });
});

describe('push: nothing reported holds the password', () => {
  let lab: Lab;
  let proxy: FaultProxy;
  before(async () => {
    lab = await startLab({ users: { admin: 'adminpwd', [OPERATOR]: SECRET } });
    proxy = await FaultProxy.start(lab.server.url);
  });
  after(async () => {
    await proxy?.close();
    await lab?.stop();
  });

  test('applied, failed (500 mid-transaction), refused and wrong-password pushes: plans, reports and errors are clean', async () => {
    // What the Push command writes to the output channel: the plan and the outcome report lines.
    const reported: string[] = [];
    const pushOnce = async (localText: string, secret = SECRET) => {
      try {
        const outcome = await runDataplanePush({
          localText,
          haproxyVersion: '2.6',
          connect: () => DataPlaneClient.connect({ baseUrl: proxy.url, username: OPERATOR, password: secret, timeoutMs: 10_000 }),
          confirm: (prepared) => (reported.push(...planText(prepared.plan, 'dp')), true),
          reload: { timeoutMs: 20_000, intervalMs: 50 },
        });
        reported.push(...pushOutcomeText(outcome, 'dp'));
        return outcome.status;
      } catch (error) {
        reported.push(`Push failed: ${errorMessage(error)}`);
        return 'thrown';
      }
    };
    const running = (await lab.client.getRawConfiguration()).text;
    const withWeight = (w: number) => running.replace(/^(\s+server s2 \S+) weight \d+/m, `$1 weight ${w}`);
    assert.equal(await pushOnce(withWeight(12)), 'applied');
    proxy.inject({ path: /\/configuration\/backends\/be_app\/servers\/s2$/, fault: { status: 500, message: 'internal error' } });
    assert.equal(await pushOnce((await lab.client.getRawConfiguration()).text.replace(/weight 12/, 'weight 13')), 'failed');
    // Refused by our own checks (nothing sent) or by HAProxy on the endpoint: both are reported.
    assert.match(await pushOnce(`${running}\nbackend be_bad\n    server x 127.0.0.1:80 check inter 2x\n`), /^(refused|invalid)$/);
    assert.equal(await pushOnce(withWeight(14), WRONG), 'thrown');
    assert.ok(reported.some((l) => /401 unauthorized/.test(l)), reported.join('\n'));
    assert.ok(reported.length >= 6, `the pushes reported (${reported.length} lines)`);
    assertClean('a push report', reported);
  });
});

describe('language server: userlist passwords in the config never reach its logs', () => {
  const CONFIG_SECRET = 'Cfg-Secret-77q';
  const HASH = '$6$Zq9saltsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd';
  let lsp: LspSession;
  let dir: string;
  const logs: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hwb-secrets-'));
    lsp = await startLspServer({ trusted: true });
    for (const method of ['window/logMessage', 'window/showMessage', '$/logTrace', 'telemetry/event']) {
      lsp.connection.onNotification(method, (params: unknown) => void logs.push(`${method} ${JSON.stringify(params)}`));
    }
  });
  after(async () => {
    await lsp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('open, edit, save (haproxy -c), and every request on the password lines', async () => {
    const uri = pathToFileURL(join(dir, 'haproxy.cfg')).href;
    const text = [
      'global',
      '    daemon',
      'userlist admins',
      `    user alice insecure-password ${CONFIG_SECRET}`,
      `    user bob password ${HASH} groups nosuchgroup`,
      `    user carol insecure-passwd ${CONFIG_SECRET}`,
      'frontend fe',
      '    mode http',
      '    bind 127.0.0.1:8080',
      '    http-request auth realm r unless { http_auth(admins) }',
      '',
    ].join('\n');
    await lsp.open(uri, text);
    await lsp.change(uri, 2, [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } }, text: ' ' }]);
    await lsp.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const textDocument = { uri };
    for (const line of [3, 4, 5]) {
      for (const character of [10, 30, 40]) {
        const position = { line, character };
        await lsp.connection.sendRequest('textDocument/hover', { textDocument, position });
        await lsp.connection.sendRequest('textDocument/completion', { textDocument, position });
        await lsp.connection.sendRequest('textDocument/signatureHelp', { textDocument, position });
        await lsp.connection.sendRequest('textDocument/prepareRename', { textDocument, position }).catch(() => undefined);
      }
    }
    const symbols = await lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument });
    await lsp.connection.sendRequest('workspace/symbol', { query: 'alice' });
    await lsp.connection.sendRequest('textDocument/semanticTokens/full', { textDocument });
    await lsp.connection.sendRequest('textDocument/formatting', { textDocument, options: { tabSize: 4, insertSpaces: true } });
    await lsp.connection.sendRequest('textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } }, context: { diagnostics: [] } });
    // The save's haproxy -c result arrives as a later publish (it logs a summary line when done).
    await waitUntil(() => logs.some((l) => l.includes('haproxy -c')), 20_000);
    await lsp.close();

    const stderr = lsp.stderr();
    assert.ok(!stderr.includes(CONFIG_SECRET) && !stderr.includes(HASH), `stderr leaks a password: ${stderr.slice(0, 300)}`);
    for (const line of logs) {
      assert.ok(!line.includes(CONFIG_SECRET) && !line.includes(HASH), `a log notification leaks a password: ${line.slice(0, 300)}`);
    }
    assert.ok(logs.length > 0, 'the server did log (the haproxy -c summary at least)');
    const symbolText = JSON.stringify(symbols);
    assert.ok(symbolText.includes('alice'), 'the symbols list the users');
    assert.ok(!symbolText.includes(CONFIG_SECRET) && !symbolText.includes(HASH), 'symbol details hold no password');
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
