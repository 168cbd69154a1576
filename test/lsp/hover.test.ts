// Hover over stdio against the bundled server, on a realistic configuration: the manual's text for a
// keyword, a multi-word keyword, a server option and a fetch; definitions and uses of a name; nothing
// in a comment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';
import { COMPLETION_CFG, positionAfter } from './completionFixture';

const uri = 'file:///tmp/lsp-hover/haproxy.cfg';
const text = COMPLETION_CFG;
let lsp: LspSession;

before(async () => {
  lsp = await startLspServer({ haproxy: { version: '3.4' } });
  await lsp.open(uri, text);
});
after(async () => { await lsp.close(); });

/** Hover `offset` characters into the first `needle`. */
async function hover(needle: string, offset: number): Promise<Hover | null> {
  return lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAfter(text, needle, offset) }) as Promise<Hover | null>;
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'a hover');
  const contents = h.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

test('balance: the synopsis and the manual\'s text for the target version', async () => {
  const h = await hover('    balance leastconn', 6);
  const value = markdown(h);
  assert.match(value, /^```haproxy\nbalance <algorithm> \[ <arguments> \]/);
  assert.match(value, /Define the load balancing algorithm to be used in a backend\./);
  assert.match(value, /`leastconn` The server with the lowest number of connections receives the connection\./);
  const line = positionAfter(text, '    balance leastconn', 0).line;
  assert.deepEqual(h?.range, { start: { line, character: 4 }, end: { line, character: 11 } });
});

test('a value, a multi-word keyword, a server option and a fetch', async () => {
  assert.match(markdown(await hover('    balance leastconn', 14)), /^`balance leastconn`\n\nThe server with the lowest number of connections/);
  assert.match(markdown(await hover('    timeout connect 5s', 13)), /Set the maximum time to wait for a connection attempt to a server to succeed\./);
  assert.match(markdown(await hover('    server api1 10.0.1.1:8080 check inter', 'server api1 10.0.1.1:8080 check in'.length + 4)), /\*server option\*[\s\S]*interval between two consecutive health checks/);
  assert.match(markdown(await hover('%[req.hdr(host),lower]', 4)), /\*sample fetch\* · returns string/);
  assert.match(markdown(await hover('%[req.hdr(host),lower]', 'req.hdr(host),lo'.length + 2)), /\*converter\*[\s\S]*lower case/);
});

test('names: where a backend is defined and how often it is used; a pre-defined ACL', async () => {
  const value = markdown(await hover('    use_backend be_api', 'use_backend be_'.length + 4));
  const defined = text.split('\n').indexOf('backend be_api') + 1;
  assert.match(value, new RegExp(`\\*\\*backend\\*\\* \`be_api\`, defined on line ${defined}`));
  assert.match(value, /Referenced 1 time/);
  assert.match(markdown(await hover('METH_DELETE', 2)), /pre-defined ACL[\s\S]*method DELETE/);
});

test('nothing in a comment', async () => {
  assert.equal(await hover('# Fixture for completion', 3), null);
});
