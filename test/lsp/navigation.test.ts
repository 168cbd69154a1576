// Navigation over stdio against the bundled server, on a realistic configuration: definition,
// references (includeDeclaration), highlights, ACL scoping, and answers that follow edits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentHighlight, Location } from 'vscode-languageserver-protocol';
import { DocumentHighlightKind } from 'vscode-languageserver-protocol';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';
import { nameRange, NAVIGATION_CFG, positionIn } from './navigationFixture';

const uri = 'file:///tmp/lsp-navigation/haproxy.cfg';
const text = NAVIGATION_CFG;
let lsp: LspSession;

before(async () => {
  lsp = await startLspServer();
  await lsp.open(uri, text);
});
after(async () => { await lsp.close(); });

const definition = (needle: string, offset: number, nth = 0) =>
  lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionIn(text, needle, offset, nth) }) as Promise<Location[]>;
const references = (needle: string, offset: number, includeDeclaration: boolean) =>
  lsp.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: positionIn(text, needle, offset), context: { includeDeclaration } }) as Promise<Location[]>;

test('definition of a use_backend target is the backend name on its section line', async () => {
  const locations = await definition('use_backend be_api', 'use_backend '.length + 3);
  assert.deepEqual(locations, [{ uri, range: nameRange(text, '\nbackend be_api', 'be_api') }]);
});

test('ACLs resolve in their own frontend: is_api of fe_internal is not the one of fe_https', async () => {
  const internal = await definition('use_backend be_api if is_api', 'use_backend be_api if '.length, 1);
  assert.deepEqual(internal.map((l) => l.range), [nameRange(text, 'acl is_api path_beg /internal/api/', 'is_api')]);
  const https = await definition('use_backend be_api if is_api', 'use_backend be_api if '.length, 0);
  assert.deepEqual(https.map((l) => l.range), [nameRange(text, 'acl is_api path_beg /api/', 'is_api')]);
});

test('a multi-line ACL has all its lines as definitions', async () => {
  const locations = await definition('if is_static METH_GET', 'if '.length);
  assert.deepEqual(locations.map((l) => l.range.start.line), [
    positionIn(text, 'acl is_static path_end').line, positionIn(text, 'acl is_static path_beg').line,
  ]);
});

test('references of a backend honour includeDeclaration; track and nbsrv() count as uses', async () => {
  const uses = await references('\nbackend be_app', '\nbackend '.length, false);
  const expected = [
    nameRange(text, 'default_backend be_app', 'be_app', 0),
    nameRange(text, 'default_backend be_app', 'be_app', 1),
    nameRange(text, 'track be_app/app1', 'be_app'),
    nameRange(text, 'nbsrv(be_app)', 'be_app'),
  ];
  assert.deepEqual(uses.map((l) => l.range), expected);
  const all = await references('\nbackend be_app', '\nbackend '.length, true);
  assert.deepEqual(all.map((l) => l.range), [nameRange(text, '\nbackend be_app', 'be_app'), ...expected]);
  assert.ok(all.every((l) => l.uri === uri));
});

test('servers: track be/srv and bare track reach the server; the stick-table backend from table/sc_*()', async () => {
  const app1 = nameRange(text, 'server app1', 'app1');
  assert.deepEqual((await definition('track be_app/app1', 'track be_app/'.length)).map((l) => l.range), [app1]);
  assert.deepEqual((await definition('track app1', 'track '.length)).map((l) => l.range), [app1]);
  const table = nameRange(text, 'backend st_clients', 'st_clients');
  assert.deepEqual((await definition('src table st_clients', 'src table '.length)).map((l) => l.range), [table]);
  assert.deepEqual((await definition('sc_http_req_rate(0,st_clients)', 'sc_http_req_rate(0,'.length)).map((l) => l.range), [table]);
});

test('userlist, ring, resolvers and named defaults', async () => {
  const cases: Array<[string, number, string, string]> = [
    ['http_auth(ops_users)', 'http_auth('.length, 'userlist ops_users', 'ops_users'],
    ['ring@audit', 'ring@'.length, 'ring audit', 'audit'],
    ['check resolvers dc1', 'check resolvers '.length, 'resolvers dc1', 'dc1'],
    ['fe_https from http_base', 'fe_https from '.length, 'defaults http_base', 'http_base'],
  ];
  for (const [needle, offset, context, name] of cases) {
    assert.deepEqual((await definition(needle, offset)).map((l) => l.range), [nameRange(text, context, name)], needle);
  }
});

test('highlights: the definition is Write, the uses Read', async () => {
  const highlights = await lsp.connection.sendRequest('textDocument/documentHighlight', {
    textDocument: { uri }, position: positionIn(text, 'acl is_admin', 'acl '.length),
  }) as DocumentHighlight[];
  assert.deepEqual(highlights.map((h) => [h.range.start.line, h.kind]), [
    [positionIn(text, 'acl is_admin').line, DocumentHighlightKind.Write],
    [positionIn(text, 'realm ops if is_admin').line, DocumentHighlightKind.Read],
    [positionIn(text, 'use_backend be_admin if is_admin').line, DocumentHighlightKind.Read],
  ]);
});

test('nothing under the cursor: an empty answer, not an error', async () => {
  assert.deepEqual(await definition('balance leastconn', 2), []);
  assert.deepEqual(await references('timeout connect 5s', 3, true), []);
});

test('answers follow edits: a renamed section header is found under its new name', async () => {
  const editUri = 'file:///tmp/lsp-navigation/edited.cfg';
  const source = 'frontend f\n    default_backend app\nbackend app\n    server s 10.0.0.1:80\n';
  await lsp.open(editUri, source);
  const headerLine = positionIn(source, '\nbackend app').line + 1;
  await lsp.change(editUri, 2, [{ range: { start: { line: headerLine, character: 8 }, end: { line: headerLine, character: 11 } }, text: 'web' }]);
  await lsp.change(editUri, 3, [{ range: { start: { line: 1, character: 20 }, end: { line: 1, character: 23 } }, text: 'web' }]);
  const locations = await lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri: editUri }, position: { line: 1, character: 21 } }) as Location[];
  assert.deepEqual(locations, [{ uri: editUri, range: { start: { line: headerLine, character: 8 }, end: { line: headerLine, character: 11 } } }]);
});
