// Formatting over stdio, as any LSP editor asks for it: textDocument/formatting and
// textDocument/rangeFormatting with the editor's tab options; edits applied like an editor does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';

let lsp: LspSession;
before(async () => { lsp = await startLspServer(); });
after(async () => { await lsp.close(); });

const MISINDENTED = 'global\r\n  maxconn   100\r\n\r\n\r\n\r\nfrontend fe   # entry\r\nbind :80\r\n   http-request set-header X-A "a  b"   \r\n  default_backend be\r\nbackend be\r\n\tserver s1 10.0.0.1:80 check';

function apply(text: string, edits: TextEdit[] | null): string {
  assert.ok(Array.isArray(edits), 'the server answers with an edit list');
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'haproxy', 1, text), edits);
}

test('textDocument/formatting: 4 spaces, one edit per changed line, CRLF kept, final newline added', async () => {
  const uri = 'file:///tmp/lsp-format/haproxy.cfg';
  await lsp.open(uri, MISINDENTED);
  const edits = await lsp.connection.sendRequest('textDocument/formatting', {
    textDocument: { uri }, options: { tabSize: 4, insertSpaces: true },
  }) as TextEdit[];
  assert.equal(apply(MISINDENTED, edits), 'global\r\n    maxconn 100\r\n\r\n\r\nfrontend fe # entry\r\n    bind :80\r\n    http-request set-header X-A "a  b"\r\n    default_backend be\r\nbackend be\r\n    server s1 10.0.0.1:80 check\r\n');
  const changedLines = edits.map((e) => e.range.start.line);
  assert.equal(new Set(changedLines).size, changedLines.length, 'never two edits on one line');
  assert.ok(edits.every((e) => e.range.end.line - e.range.start.line <= 1), 'no whole-document replacement');
});

test('textDocument/formatting with insertSpaces false indents with tabs', async () => {
  const uri = 'file:///tmp/lsp-format/tabs.cfg';
  const text = 'backend be\n    server s1 10.0.0.1:80\n';
  await lsp.open(uri, text);
  const edits = await lsp.connection.sendRequest('textDocument/formatting', {
    textDocument: { uri }, options: { tabSize: 8, insertSpaces: false },
  }) as TextEdit[];
  assert.equal(apply(text, edits), 'backend be\n\tserver s1 10.0.0.1:80\n');
});

test('textDocument/rangeFormatting touches only the selected lines, after an incremental change', async () => {
  const uri = 'file:///tmp/lsp-format/range.cfg';
  const text = 'global\n  maxconn 1\n  nbthread 2\n';
  await lsp.open(uri, text);
  await lsp.change(uri, 2, [{ range: { start: { line: 2, character: 11 }, end: { line: 2, character: 12 } }, text: '4   ' }]);
  const current = 'global\n  maxconn 1\n  nbthread 4   \n';
  const edits = await lsp.connection.sendRequest('textDocument/rangeFormatting', {
    textDocument: { uri }, range: { start: { line: 2, character: 3 }, end: { line: 2, character: 4 } }, options: { tabSize: 4, insertSpaces: true },
  }) as TextEdit[];
  assert.equal(apply(current, edits), 'global\n  maxconn 1\n    nbthread 4\n');
});

test('formatting a document the server does not know answers an empty list, not an error', async () => {
  const edits = await lsp.connection.sendRequest('textDocument/formatting', {
    textDocument: { uri: 'file:///tmp/lsp-format/never-opened.cfg' }, options: { tabSize: 4, insertSpaces: true },
  });
  assert.deepEqual(edits, []);
});
