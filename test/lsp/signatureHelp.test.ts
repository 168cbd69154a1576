// Signature help over stdio against the bundled server: a server line with the parameter under the
// cursor, a rule action, a fetch's arguments, and a trigger character sent in the request context.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SignatureHelp } from 'vscode-languageserver-protocol';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';
import { COMPLETION_CFG, positionAfter } from './completionFixture';

const uri = 'file:///tmp/lsp-signature/haproxy.cfg';
const text = COMPLETION_CFG;
let lsp: LspSession;

before(async () => {
  lsp = await startLspServer({ haproxy: { version: '3.4' } });
  await lsp.open(uri, text);
});
after(async () => { await lsp.close(); });

async function signature(needle: string, offset?: number, triggerCharacter?: string): Promise<SignatureHelp | null> {
  const context = triggerCharacter ? { triggerKind: 2, triggerCharacter, isRetrigger: false } : { triggerKind: 1, isRetrigger: false };
  return lsp.connection.sendRequest('textDocument/signatureHelp', { textDocument: { uri }, position: positionAfter(text, needle, offset), context }) as Promise<SignatureHelp | null>;
}

function activeParameterText(h: SignatureHelp | null): string {
  assert.ok(h, 'signature help');
  const sig = h.signatures[h.activeSignature ?? 0];
  const index = h.activeParameter ?? sig.activeParameter;
  assert.ok(typeof index === 'number', 'an active parameter');
  const label = sig.parameters?.[index]?.label;
  assert.ok(Array.isArray(label), 'parameter labels are offsets into the signature label');
  return sig.label.slice(label[0], label[1]);
}

test('server: the parameter follows the word under the cursor', async () => {
  const onName = await signature('    server api1', 'server a'.length + 4);
  assert.equal(onName?.signatures[0].label, 'server <name> <address>[:[port]] [param*]');
  assert.equal(activeParameterText(onName), '<name>');
  assert.equal(activeParameterText(await signature('    server api1 10.0.1.1:8080', 'server api1 10.0'.length + 4)), '<address>[:[port]]');
  assert.equal(activeParameterText(await signature('    server api1 10.0.1.1:8080 check', undefined, ' ')), '[param*]');
});

test('timeout and balance keywords, a rule action and a fetch call', async () => {
  assert.equal(activeParameterText(await signature('    timeout client 30s', 'timeout client 3'.length + 4)), '<timeout>');
  assert.equal(activeParameterText(await signature('    balance roundrobin', 'balance r'.length + 4)), '<algorithm>');
  const rule = await signature('    http-request set-header X-Forwarded-Host %[', 'http-request set-header X-For'.length + 4);
  assert.equal(rule?.signatures[0].label, 'http-request set-header <name> <fmt> [ { if | unless } <condition> ]');
  assert.equal(activeParameterText(rule), '<name>');
  const call = await signature('%[req.hdr(', undefined, '(');
  assert.equal(call?.signatures[0].label, 'req.hdr([<name>[,<occ>]]) : string');
  assert.equal(activeParameterText(call), '<name>');
});

test('no signature on a comment line', async () => {
  assert.equal(await signature('# Fixture for completion', 5), null);
});
