// Diagnostics over stdio, as Neovim or any LSP client sees them: codes on the right lines for a
// realistic config with a few mistakes, incremental edits that fix or move them, and the settings
// that choose the target version (initializationOptions, workspace/configuration, didChangeConfiguration).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

const REALISTIC = `global
    log /dev/log local0
    maxconn 4096
    daemon

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend fe_main
    bind :80
    acl is_api path_beg /api
    acl is_static path_end .css .js .png
    use_backend be_api if is_api
    use_backend be_statics if is_static
    default_backend be_web

backend be_api
    balanse roundrobin
    option httpchk GET /health
    server api1 10.0.0.11:8080 check inter 2s
    server api2 10.0.0.12:8080 check weight 300

backend be_web
    balance leastconn
    http-request set-header X-Env "prod
    server web1 10.0.1.11:8080 check
`;

const ERROR = 1;
const sessions: LspSession[] = [];
after(async () => { await Promise.all(sessions.map((s) => s.close())); });

async function start(...args: Parameters<typeof startLspServer>): Promise<LspSession> {
  const session = await startLspServer(...args);
  sessions.push(session);
  return session;
}

/** `code@line` of the errors (what a user sees in red), sorted. */
function errors(published: PublishDiagnosticsParams): string[] {
  return published.diagnostics.filter((d) => d.severity === ERROR).map((d) => `${String(d.code)}@${d.range.start.line}`).sort();
}

function find(published: PublishDiagnosticsParams, code: string): Diagnostic | undefined {
  return published.diagnostics.find((d) => d.code === code);
}

/** Messages of one kind the server sends (window/logMessage, window/showMessage), collected from the start. */
function collect(kind: string): { messages: string[]; install: (connection: LspSession['connection']) => void; waitFor: (re: RegExp) => Promise<string> } {
  const messages: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (m: string) => void }> = [];
  return {
    messages,
    install: (connection) => connection.onNotification(kind, (p: { message: string }) => {
      messages.push(p.message);
      for (const w of waiters.filter((x) => x.re.test(p.message))) { waiters.splice(waiters.indexOf(w), 1); w.resolve(p.message); }
    }),
    waitFor: (re) => {
      const seen = messages.find((m) => re.test(m));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${kind} matching ${re} within 10 s; got ${JSON.stringify(messages)}`)), 10_000);
        waiters.push({ re, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
  };
}

describe('diagnostics of a realistic config over stdio', () => {
  test('each mistake has its code on its line; edits fix one, move the others, and fix another', async () => {
    const lsp = await start({ haproxy: { version: '2.6' } });
    const uri = 'file:///tmp/lsp-diagnostics/haproxy.cfg';
    const opened = await lsp.open(uri, REALISTIC);
    assert.deepEqual(errors(opened), ['invalid-weight@25', 'undefined-reference@18', 'unknown-keyword@22', 'unterminated-quote@29']);
    const typo = find(opened, 'unknown-keyword')!;
    assert.deepEqual(typo.range, { start: { line: 22, character: 4 }, end: { line: 22, character: 11 } });
    assert.equal(typo.source, 'haproxy-workbench');
    assert.match(String(typo.message), /balanse.*did you mean 'balance'/);
    assert.equal(opened.version, 1);

    // Fix the typo in place: only that diagnostic goes.
    const fixedTypo = await lsp.change(uri, 2, [{ range: { start: { line: 22, character: 4 }, end: { line: 22, character: 11 } }, text: 'balance' }]);
    assert.equal(fixedTypo.version, 2);
    assert.deepEqual(errors(fixedTypo), ['invalid-weight@25', 'undefined-reference@18', 'unterminated-quote@29']);

    // A comment line at the top: everything moves down one line.
    const shifted = await lsp.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edge load balancer\n' }]);
    assert.deepEqual(errors(shifted), ['invalid-weight@26', 'undefined-reference@19', 'unterminated-quote@30']);

    // Close the quote and point use_backend at an existing backend.
    const fixed = await lsp.change(uri, 4, [
      { range: { start: { line: 30, character: 39 }, end: { line: 30, character: 39 } }, text: '"' },
      { range: { start: { line: 19, character: 16 }, end: { line: 19, character: 26 } }, text: 'be_web' },
    ]);
    assert.deepEqual(errors(fixed), ['invalid-weight@26']);
    assert.doesNotMatch(lsp.stderr(), /Error|exception/i);
  });

  test('closing the document clears its diagnostics', async () => {
    const lsp = await start({ haproxy: { version: '2.6' } });
    const uri = 'file:///tmp/lsp-diagnostics/close.cfg';
    assert.ok((await lsp.open(uri, REALISTIC)).diagnostics.length > 0);
    await lsp.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual((await lsp.nextDiagnostics(uri)).diagnostics, []);
  });
});

describe('target version from the settings', () => {
  const tooNew = 'defaults\n    mode http\n    option http-restrict-req-hdr-names reject\n    timeout client-hs 5s\n';

  test('initializationOptions (clients without workspace/configuration): an inexact version is logged and told once', async () => {
    const logs = collect('window/logMessage');
    const shown = collect('window/showMessage');
    const lsp = await start({ haproxy: { version: '2.9', format: { indent: 'wide' } } }, process.env, {
      beforeInitialize: (c) => { logs.install(c); shown.install(c); },
    });
    const published = await lsp.open('file:///tmp/lsp-settings/a.cfg', tooNew);
    assert.match(await logs.waitFor(/validating against HAProxy/), /validating against HAProxy 2\.8: haproxy\.version is "2\.9"/);
    await shown.waitFor(/2\.9.*closest older one, 2\.8/);
    await shown.waitFor(/haproxy\.format\.indent: expected a whole number from 1 to 16, got "wide"/);
    // 2.8 knows the 2.6 option but not the 3.0 timeout.
    assert.deepEqual(published.diagnostics.filter((d) => d.code === 'keyword-too-new').map((d) => d.range.start.line), [3]);
    await lsp.open('file:///tmp/lsp-settings/b.cfg', tooNew);
    assert.equal(shown.messages.filter((m) => /closest older one/.test(m)).length, 1, 'told once');
  });

  test('workspace/configuration is pulled, and pulled again on didChangeConfiguration (diagnostics follow)', async () => {
    let answer: Record<string, unknown> = { version: '3.4', executablePath: '', check: { onSave: false } };
    const requested: unknown[] = [];
    const logs = collect('window/logMessage');
    const lsp = await start({ haproxy: { version: '2.4' } }, process.env, {
      capabilities: { workspace: { configuration: true } },
      beforeInitialize: (c) => {
        logs.install(c);
        c.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => {
          requested.push(params.items.map((i) => i.section));
          return params.items.map(() => answer);
        });
      },
    });
    const uri = 'file:///tmp/lsp-settings/pull.cfg';
    const first = await lsp.open(uri, tooNew);
    assert.deepEqual(requested, [['haproxy']]);
    assert.deepEqual(first.diagnostics.filter((d) => d.code === 'keyword-too-new'), [], 'the pulled 3.4 wins over the 2.4 of initializationOptions');
    answer = { version: '2.4' };
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: { haproxy: { version: '3.4' } } });
    const republished = await lsp.nextDiagnostics(uri);
    assert.deepEqual(requested.length, 2);
    assert.deepEqual(republished.diagnostics.filter((d) => d.code === 'keyword-too-new').map((d) => d.range.start.line), [2, 3], 'pulled 2.4, not the pushed 3.4');
    await logs.waitFor(/validating against HAProxy 2\.4/);
  });

  test('without haproxy.version the binary found on PATH decides (Debian haproxy 2.6)', async () => {
    const logs = collect('window/logMessage');
    const lsp = await start({}, process.env, { beforeInitialize: (c) => logs.install(c) });
    const published = await lsp.open('file:///tmp/lsp-settings/detect.cfg', tooNew);
    assert.match(await logs.waitFor(/validating against/), /validating against HAProxy 2\.6: 'haproxy' is HAProxy 2\.6\.\d+/);
    assert.deepEqual(published.diagnostics.filter((d) => d.code === 'keyword-too-new').map((d) => d.range.start.line), [3]);
  });

  test('in an untrusted workspace no binary from PATH is run: the newest known version is used', async () => {
    const logs = collect('window/logMessage');
    const lsp = await start({ trusted: false }, process.env, { beforeInitialize: (c) => logs.install(c) });
    await lsp.open('file:///tmp/lsp-settings/untrusted.cfg', tooNew);
    assert.match(await logs.waitFor(/validating against/), /validating against HAProxy 3\.\d+: .*not trusted/);
  });
});
