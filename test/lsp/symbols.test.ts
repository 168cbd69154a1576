// Structure over stdio: outline, workspace symbols across open documents, folding ranges and
// semantic tokens (legend advertised at initialize, data for the realistic configuration).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FoldingRangeKind, SymbolKind } from 'vscode-languageserver-protocol';
import type { DocumentSymbol, FoldingRange, SemanticTokens, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';
import { nameRange, NAVIGATION_CFG, positionIn } from './navigationFixture';

const uri = 'file:///tmp/lsp-symbols/haproxy.cfg';
const fragmentUri = 'file:///tmp/lsp-symbols/haproxy.d/30-extra.cfg';
const text = NAVIGATION_CFG;
let lsp: LspSession;

before(async () => {
  lsp = await startLspServer();
  await lsp.open(uri, text);
  await lsp.open(fragmentUri, 'backend be_reports\n    server rep1 10.0.9.1:80\n');
});
after(async () => { await lsp.close(); });

test('the outline lists every section with its children', async () => {
  const symbols = await lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as DocumentSymbol[];
  assert.deepEqual(symbols.map((s) => s.name), ['global', 'audit', 'ops_users', 'dc1', 'http_base', 'fe_https', 'fe_internal', 'st_clients', 'be_api', 'be_static', 'be_admin', 'be_app']);
  const app = symbols.find((s) => s.name === 'be_app');
  assert.equal(app?.kind, SymbolKind.Class);
  assert.equal(app?.detail, 'backend from http_base');
  assert.deepEqual(app?.selectionRange, nameRange(text, '\nbackend be_app', 'be_app'));
  assert.deepEqual(app?.children?.map((c) => c.name), ['canary', 'future', 'app1', 'app2']);
  const https = symbols.find((s) => s.name === 'fe_https');
  assert.deepEqual(https?.children?.map((c) => `${c.kind}:${c.name}`), [
    `${SymbolKind.Event}::443`, `${SymbolKind.Event}::80`, `${SymbolKind.Boolean}:is_api`, `${SymbolKind.Boolean}:is_admin`,
    `${SymbolKind.Boolean}:is_static`, `${SymbolKind.Boolean}:is_static`,
  ]);
});

test('workspace symbols search every open document', async () => {
  const found = await lsp.connection.sendRequest('workspace/symbol', { query: 'be_' }) as WorkspaceSymbol[];
  const names = found.map((s) => s.name);
  for (const name of ['be_api', 'be_static', 'be_admin', 'be_app', 'be_reports']) assert.ok(names.includes(name), name);
  const reports = found.find((s) => s.name === 'be_reports');
  assert.equal(reports && 'range' in reports.location ? reports.location.uri : undefined, fragmentUri);
  const servers = await lsp.connection.sendRequest('workspace/symbol', { query: 'REP1' }) as WorkspaceSymbol[];
  assert.deepEqual(servers.map((s) => [s.name, s.containerName]), [['rep1', 'backend be_reports']]);
});

test('folding: the header comment, sections and the .if block', async () => {
  const ranges = await lsp.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } }) as FoldingRange[];
  assert.deepEqual(ranges[0], { startLine: 0, endLine: 1, kind: FoldingRangeKind.Comment });
  const https = positionIn(text, 'frontend fe_https').line;
  assert.ok(ranges.some((r) => r.startLine === https && r.endLine === positionIn(text, 'default_backend be_app').line));
  const canary = positionIn(text, '.if defined(HAPROXY_CANARY)').line;
  assert.ok(ranges.some((r) => r.startLine === canary && r.endLine === canary + 1));
});

test('semantic tokens: decoded with the legend advertised at initialize; names typed, definitions marked', async () => {
  const legend = lsp.initializeResult.capabilities.semanticTokensProvider?.legend;
  assert.ok(legend, 'the server advertises a semantic tokens legend');
  const tokens = await lsp.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } }) as SemanticTokens;
  const decoded: Array<{ line: number; start: number; length: number; type: string; modifiers: string[] }> = [];
  let line = 0;
  let start = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    start = tokens.data[i] === 0 && i > 0 ? start + tokens.data[i + 1] : tokens.data[i + 1];
    line += tokens.data[i];
    const modifiers = legend.tokenModifiers.filter((_, bit) => (tokens.data[i + 4] & (1 << bit)) !== 0);
    decoded.push({ line, start, length: tokens.data[i + 2], type: legend.tokenTypes[tokens.data[i + 3]], modifiers });
  }
  const tokenAt = (context: string, name: string) => {
    const range = nameRange(text, context, name);
    const token = decoded.find((t) => t.line === range.start.line && t.start === range.start.character);
    return token && `${token.length} ${token.type}${token.modifiers.map((m) => `.${m}`).join('')}`;
  };
  assert.equal(tokenAt('\nbackend be_api', 'be_api'), '6 class.declaration');
  assert.equal(tokenAt('use_backend be_api', 'be_api'), '6 class');
  assert.equal(tokenAt('track be_app/app1', 'app1'), '4 property');
  assert.equal(tokenAt('if is_static METH_GET', 'METH_GET'), '8 function.defaultLibrary');
  assert.equal(tokenAt('acl is_admin', 'is_admin'), '8 function.declaration');
  assert.equal(tokenAt('http_auth(ops_users)', 'ops_users'), '9 namespace');
});
