// The bundled server over stdio: initialize advertises every feature, and a document with a broken
// quote gets a diagnostic on its line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';

let lsp: LspSession;
before(async () => { lsp = await startLspServer(); });
after(async () => { await lsp.close(); });

test('diagnostics arrive over stdio for an unterminated quote, on its line', async () => {
  const uri = 'file:///tmp/plumbing/haproxy.cfg';
  const published = await lsp.open(uri, 'global\n    log stdout format raw local0\n\ndefaults\n    mode http\n    option httplog "x\n');
  const quote = published.diagnostics.find((d) => d.code === 'unterminated-quote');
  assert.ok(quote, `expected unterminated-quote, got ${JSON.stringify(published.diagnostics)}`);
  assert.equal(quote.range.start.line, 5);
});
