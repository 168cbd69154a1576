// Completion over stdio against the bundled server, on a realistic configuration: options on a server
// line, keywords of the section, backend names, converters in %[...], resolve with the manual's text,
// and answers that follow edits (didChange).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';
import { COMPLETION_CFG, positionAfter } from './completionFixture';

const uri = 'file:///tmp/lsp-completion/haproxy.cfg';
let lsp: LspSession;
let version = 1;
let text = COMPLETION_CFG;

before(async () => {
  // The target version is pinned: the default follows the haproxy binary found on the machine.
  lsp = await startLspServer({ haproxy: { version: '3.4' } });
  await lsp.open(uri, text);
});
after(async () => { await lsp.close(); });

/** Inserts `inserted` right after the first `needle` (an edit as VS Code sends it) and completes at its end. */
async function typeAndComplete(needle: string, inserted: string): Promise<CompletionList> {
  const at = positionAfter(text, needle);
  await lsp.change(uri, ++version, [{ range: { start: at, end: at }, text: inserted }]);
  text = text.replace(needle, needle + inserted);
  const lines = inserted.split('\n');
  const end = lines.length === 1
    ? { line: at.line, character: at.character + inserted.length }
    : { line: at.line + lines.length - 1, character: lines[lines.length - 1].length };
  return lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: end }) as Promise<CompletionList>;
}

function labels(list: CompletionList): string[] {
  return list.items.map((i) => i.label);
}

test('a server line offers server options (check, inter, weight), not bind options', async () => {
  const list = await typeAndComplete('    server api2 10.0.1.2:8080 check', ' ');
  const names = labels(list);
  for (const expected of ['inter', 'weight', 'backup', 'maxconn', 'ssl', 'verify']) assert.ok(names.includes(expected), `${expected} in ${names.length} items`);
  assert.ok(!names.includes('check'), 'check is already on the line');
  assert.ok(!names.includes('accept-proxy'), 'a bind option');
  const weight = list.items.find((i) => i.label === 'weight')!;
  assert.equal((weight.textEdit as TextEdit).newText, 'weight ');
  assert.equal((weight.textEdit as TextEdit).range.start.line, positionAfter(text, '    server api2').line);
});

test('completionItem/resolve fills in the manual\'s text for the target version', async () => {
  const list = await typeAndComplete('    server web2 10.0.2.2:80 check', ' ');
  const inter = list.items.find((i) => i.label === 'inter');
  assert.ok(inter);
  assert.equal(inter.detail, 'inter <delay>');
  const resolved = await lsp.connection.sendRequest('completionItem/resolve', inter) as CompletionItem;
  const doc = (resolved.documentation as MarkupContent).value;
  assert.equal((resolved.documentation as MarkupContent).kind, 'markdown');
  assert.match(doc, /sets the interval between two consecutive health checks/);
  assert.match(doc, /fastinter <delay>/);
});

test('a new line in a frontend offers frontend keywords; use_backend offers backends', async () => {
  const keywords = labels(await typeAndComplete('    default_backend be_web', '\n    '));
  for (const expected of ['bind', 'use_backend', 'http-request', 'option forwardfor', 'timeout client']) assert.ok(keywords.includes(expected), expected);
  for (const unexpected of ['balance', 'server', 'daemon']) assert.ok(!keywords.includes(unexpected), unexpected);
  const backends = labels(await typeAndComplete('    default_backend be_web\n    ', 'use_backend '));
  assert.deepEqual(backends.sort(), ['be_api', 'be_web']);
});

test('converters after a comma inside %[...], fetches at its start', async () => {
  const converters = labels(await typeAndComplete('    http-request set-header X-Forwarded-Host %[req.hdr(host),lower', ','));
  for (const expected of ['upper', 'map', 'regsub', 'base64']) assert.ok(converters.includes(expected), expected);
  assert.ok(!converters.includes('src'));
  const fetches = labels(await typeAndComplete('    acl is_static path_end .css .js', '\n    http-request set-var(txn.client) '));
  for (const expected of ['src', 'req.hdr', 'ssl_fc']) assert.ok(fetches.includes(expected), expected);
});

test('names follow edits: a backend added by an edit is offered', async () => {
  await typeAndComplete('    server web2 10.0.2.2:80 check \n', '\nbackend be_new\n    server n1 10.0.3.1:80\n');
  const backends = labels(await typeAndComplete('    default_backend be_web\n    use_backend ', '\n    use_backend '));
  assert.deepEqual(backends.sort(), ['be_api', 'be_new', 'be_web']);
});

test('the same request on HAProxy 2.6 (the Debian binary\'s version) answers from the 2.6 catalog', async () => {
  const old = await startLspServer({ haproxy: { version: '2.6' } });
  try {
    const oldUri = 'file:///tmp/lsp-completion/haproxy-26.cfg';
    const marked = COMPLETION_CFG.replace('    server api2 10.0.1.2:8080 check', '    server api2 10.0.1.2:8080 check ');
    await old.open(oldUri, marked);
    const position = positionAfter(marked, '    server api2 10.0.1.2:8080 check ');
    const list = await old.connection.sendRequest('textDocument/completion', { textDocument: { uri: oldUri }, position }) as CompletionList;
    const names = labels(list);
    assert.ok(names.includes('inter') && names.includes('ws'), 'options of 2.6');
    assert.ok(!names.includes('init-state'), 'init-state is a 3.x option');
    assert.ok(list.items.every((i) => (i.data as { version?: string } | undefined)?.version === '2.6'));
  } finally {
    await old.close();
  }
});

test('a document that is not open gets no completion', async () => {
  const result = await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///tmp/lsp-completion/other.cfg' }, position: { line: 0, character: 0 } });
  assert.equal(result, null);
});
