// Quick fixes over stdio: a published diagnostic sent back in the code action context gets its
// fix, and diagnostic data survives the JSON-RPC round trip.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';

let lsp: LspSession;
before(async () => { lsp = await startLspServer(); });
after(async () => { await lsp.close(); });

function applyAction(uri: string, text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `${action.title} has edits for ${uri}`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'haproxy', 1, text), edits);
}

async function codeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  return await lsp.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics },
  }) as CodeAction[];
}

test('a published unterminated-quote diagnostic gets a preferred quick fix that closes the quote', async () => {
  const uri = 'file:///tmp/lsp-actions/quote.cfg';
  const text = 'frontend fe\n    bind :80\n    http-request set-header X-Env "staging\n';
  const published = await lsp.open(uri, text);
  const quote = published.diagnostics.find((d) => d.code === 'unterminated-quote');
  assert.ok(quote, JSON.stringify(published.diagnostics));
  const [action, ...others] = await codeActions(uri, [quote]);
  assert.equal(others.length, 0);
  assert.equal(action.kind, 'quickfix');
  assert.equal(action.isPreferred, true);
  assert.deepEqual(action.diagnostics, [quote]);
  const fixed = applyAction(uri, text, action);
  assert.equal(fixed, 'frontend fe\n    bind :80\n    http-request set-header X-Env "staging"\n');
  // The server may publish more than once per version (e.g. analysis after a delay): read until
  // the publication for the fixed text, at most a few.
  let after = await lsp.change(uri, 2, [{ text: fixed }]);
  for (let i = 0; i < 5 && after.diagnostics.some((d) => d.code === 'unterminated-quote'); i++) after = await lsp.nextDiagnostics(uri);
  assert.ok(!after.diagnostics.some((d) => d.code === 'unterminated-quote'), 'the diagnostic is gone after the fix');
});

test('diagnostic data (suggestions, missing backend) survives the round trip', async () => {
  const uri = 'file:///tmp/lsp-actions/data.cfg';
  const text = 'frontend fe\n    bind :80\n    option forwardedfor\n    default_backend app\n';
  await lsp.open(uri, text);
  const typo: Diagnostic = {
    range: { start: { line: 2, character: 11 }, end: { line: 2, character: 23 } }, source: 'haproxy-workbench',
    code: 'unknown-option', message: 'unknown option', data: { suggestions: ['forwardfor'] },
  };
  const missing: Diagnostic = {
    range: { start: { line: 3, character: 20 }, end: { line: 3, character: 23 } }, source: 'haproxy-workbench',
    code: 'undefined-reference', message: 'no backend app', data: { missing: { kind: 'backend', name: 'app' } },
  };
  const actions = await codeActions(uri, [typo, missing]);
  assert.deepEqual(actions.map((a) => a.title), ["Change 'forwardedfor' to 'forwardfor'", "Create backend 'app'"]);
  assert.match(applyAction(uri, text, actions[0]), /option forwardfor\n/);
  assert.match(applyAction(uri, text, actions[1]), /\n\nbackend app\n {4}server srv1 127\.0\.0\.1:8080/);
});
