// `haproxy -c` on save over stdio, with the real Debian haproxy: alerts only HAProxy can know (a
// relative errorfile that does not exist next to the config) appear after didSave as `haproxy`
// diagnostics on their line, resolve relative to the document's folder, are not duplicated where our
// own analysis already reports an error, and disappear at the next edit. Workspace trust decides
// which binary may run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';

const CONFIG = `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    errorfile 503 errors/503.http

frontend fe
    bind 127.0.0.1:18080
    default_backend be

backend be
    balanse roundrobin
    server s1 127.0.0.1:9000
`;

let dir: string;
const sessions: LspSession[] = [];
before(() => { dir = mkdtempSync(join(tmpdir(), 'hwb-lsp-check-')); });
after(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(initializationOptions: unknown, onMessage?: (kind: string, message: string) => void): Promise<LspSession> {
  const session = await startLspServer(initializationOptions, process.env, {
    beforeInitialize: (c) => {
      for (const kind of ['window/logMessage', 'window/showMessage']) c.onNotification(kind, (p: { message: string }) => onMessage?.(kind, p.message));
    },
  });
  sessions.push(session);
  return session;
}

function fileUri(name: string): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'haproxy.cfg'), CONFIG);
  return pathToFileURL(join(folder, 'haproxy.cfg')).href;
}

const fromHaproxy = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.source === 'haproxy');

async function save(lsp: LspSession, uri: string): Promise<PublishDiagnosticsParams> {
  await lsp.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  return lsp.nextDiagnostics(uri, 20_000);
}

describe('haproxy -c on save (real haproxy)', () => {
  test('an alert only HAProxy knows shows on its line after didSave, not twice where we already report, and goes at the next edit', async () => {
    const lsp = await start({ haproxy: { executablePath: HAPROXY, version: '2.6' } });
    const uri = fileUri('alert');
    const opened = await lsp.open(uri, CONFIG);
    assert.deepEqual(fromHaproxy(opened), [], 'nothing from haproxy before a save');
    assert.ok(opened.diagnostics.some((d) => d.code === 'unknown-keyword' && d.range.start.line === 12));

    const saved = await save(lsp, uri);
    const alerts = fromHaproxy(saved);
    assert.equal(alerts.length, 1, JSON.stringify(saved.diagnostics));
    const [alert] = alerts;
    assert.equal(alert.code, 'haproxy-alert');
    assert.equal(alert.severity, 1);
    assert.deepEqual(alert.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 33 } }, 'the errorfile line');
    assert.match(String(alert.message), /errorfile : error opening file 'errors\/503\.http'/);
    assert.ok(saved.diagnostics.some((d) => d.code === 'unknown-keyword'), 'our own diagnostics stay; haproxy\'s alert on that line is not repeated');

    const edited = await lsp.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# note\n' }]);
    assert.deepEqual(fromHaproxy(edited), [], 'cleared by the edit');
    assert.ok(edited.diagnostics.some((d) => d.code === 'unknown-keyword' && d.range.start.line === 13));
  });

  test('relative paths resolve from the document\'s folder: with errors/503.http there, no alert', async () => {
    const lsp = await start({ haproxy: { executablePath: HAPROXY, version: '2.6' } });
    const uri = fileUri('relative');
    mkdirSync(join(dir, 'relative', 'errors'));
    writeFileSync(join(dir, 'relative', 'errors', '503.http'), 'HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\ndown\n');
    await lsp.open(uri, CONFIG.replace('    balanse', '    balance'));
    const saved = await save(lsp, uri);
    assert.deepEqual(fromHaproxy(saved), []);
  });

  test('untrusted workspace: PATH haproxy is not run; a user-level executablePath is', async () => {
    const messages: string[] = [];
    const untrusted = await start({ trusted: false }, (_kind, m) => messages.push(m));
    const uri = fileUri('untrusted');
    await untrusted.open(uri, CONFIG);
    await untrusted.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    // The skip is logged while the save is handled; a hover round trip proves the save was processed.
    await untrusted.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.ok(messages.some((m) => /haproxy -c on save skipped: the workspace is not trusted/.test(m)), JSON.stringify(messages));

    const userLevel = await start({ trusted: false, haproxy: { executablePath: HAPROXY, version: '2.6' } });
    const uri2 = fileUri('untrusted-user');
    await userLevel.open(uri2, CONFIG);
    assert.equal(fromHaproxy(await save(userLevel, uri2)).length, 1);
  });

  test('a binary that cannot run is told to the user once, with the setting to change', async () => {
    const shown: string[] = [];
    const lsp = await start({ haproxy: { executablePath: '/nonexistent/haproxy', version: '2.6' } }, (kind, m) => { if (kind === 'window/showMessage') shown.push(m); });
    const uri = fileUri('missing-binary');
    await lsp.open(uri, CONFIG);
    await lsp.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    for (let i = 0; i < 100 && !shown.some((m) => /haproxy -c could not run/.test(m)); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(shown.some((m) => /haproxy -c could not run \(could not run '\/nonexistent\/haproxy'.*haproxy\.executablePath/.test(m)), JSON.stringify(shown));
  });
});
