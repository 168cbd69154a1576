// Go to definition, references and highlights over a realistic configuration: proxies, scoped
// ACLs, servers in track/use-server/srv_is_up, userlists and groups, rings, caches, peers...
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentHighlightKind } from 'vscode-languageserver';
import { SymbolIndex } from '../../../server/src/analysis/symbols';
import { provideDefinition, provideDocumentHighlights, provideReferences } from '../../../server/src/features/navigation';
import { modelOf, TEST_URI } from './featureHelpers';
import { at, NAV_CONFIG, positionOf, rangeIn, rangeOf } from './navigationConfig';

const model = modelOf(NAV_CONFIG);
const definitionAt = (needle: string, nth = 0, offset = 1) => provideDefinition(model, positionOf(NAV_CONFIG, needle, nth, offset)).map((l) => at(l.range));
const referencesAt = (needle: string, nth = 0, includeDeclaration = false, offset = 1) =>
  provideReferences(model, positionOf(NAV_CONFIG, needle, nth, offset), includeDeclaration).map((l) => at(l.range));

test('use_backend and default_backend targets jump to the backend name', () => {
  const backend = at(rangeIn(NAV_CONFIG, '\nbackend be_api', 'be_api'));
  assert.deepEqual(definitionAt('use_backend be_api', 0, 'use_backend '.length + 2), [backend]);
  assert.deepEqual(definitionAt('default_backend be_web', 0, 'default_backend '.length), [at(rangeIn(NAV_CONFIG, '\nbackend be_web', 'be_web'))]);
  const locations = provideDefinition(model, positionOf(NAV_CONFIG, 'use_backend be_api', 0, 14));
  assert.equal(locations[0].uri, TEST_URI);
});

test('a cursor at the end of the name still finds it (editor cursor semantics)', () => {
  assert.equal(definitionAt('use_backend be_api', 0, 'use_backend be_api'.length).length, 1);
});

test('ACLs are scoped to their proxy: is_api in fe_other never jumps to fe_main', () => {
  const other = definitionAt('use_backend be_web if is_api', 0, 'use_backend be_web if '.length);
  assert.deepEqual(other, [at(rangeIn(NAV_CONFIG, 'acl is_api path_beg /v2', 'is_api'))]);
  const main = definitionAt('use_backend be_api if is_api', 0, 'use_backend be_api if '.length);
  assert.deepEqual(main, [at(rangeIn(NAV_CONFIG, 'acl is_api path_beg /api', 'is_api'))]);
});

test('an ACL defined on several lines has every line as definition', () => {
  const defs = definitionAt('auth realm admin if is_admin', 0, 'auth realm admin if '.length);
  assert.deepEqual(defs, [at(rangeIn(NAV_CONFIG, 'acl is_admin path_beg /admin', 'is_admin')), at(rangeIn(NAV_CONFIG, 'acl is_admin path_beg /manage', 'is_admin'))]);
});

test('references of an ACL: uses in its proxy only; includeDeclaration adds the definitions', () => {
  const uses = referencesAt('acl is_api path_beg /api', 0, false, 'acl '.length);
  assert.deepEqual(uses, [
    at(rangeIn(NAV_CONFIG, 'use_backend be_api if is_api', 'is_api')),
    at(rangeIn(NAV_CONFIG, '{ nbsrv(be_api) gt 0 } is_api', 'is_api')),
  ]);
  const withDeclaration = referencesAt('acl is_api path_beg /api', 0, true, 'acl '.length);
  assert.deepEqual(withDeclaration, [at(rangeIn(NAV_CONFIG, 'acl is_api path_beg /api', 'is_api')), ...uses]);
});

test('backend references: use_backend, nbsrv(), track proxy part, srv_is_up() proxy part', () => {
  const refs = referencesAt('\nbackend be_web', 0, false, '\nbackend '.length);
  assert.deepEqual(refs, [
    at(rangeIn(NAV_CONFIG, 'default_backend be_web', 'be_web')),
    at(rangeIn(NAV_CONFIG, 'use_backend be_web if is_api', 'be_web')),
    at(rangeIn(NAV_CONFIG, 'track be_web/w1', 'be_web')),
    at(rangeIn(NAV_CONFIG, 'srv_is_up(be_web/w1)', 'be_web')),
  ]);
  const apiRefs = referencesAt('\nbackend be_api', 0, false, '\nbackend '.length);
  assert.ok(apiRefs.includes(at(rangeIn(NAV_CONFIG, 'nbsrv(be_api)', 'be_api'))), 'nbsrv(be_api) is a use of be_api');
});

test('servers: the srv part of track be/srv and srv_is_up(be/srv) jump to the server of that backend', () => {
  const w1 = at(rangeIn(NAV_CONFIG, 'server w1 10.0.2.1', 'w1'));
  assert.deepEqual(definitionAt('track be_web/w1', 0, 'track be_web/'.length), [w1]);
  assert.deepEqual(definitionAt('srv_is_up(be_web/w1)', 0, 'srv_is_up(be_web/'.length), [w1]);
  assert.deepEqual(definitionAt('track w1', 0, 'track '.length), [w1], 'a bare track names a server of the same backend');
  const refs = referencesAt('server w1 10.0.2.1', 0, false, 'server '.length);
  assert.deepEqual(refs, [
    at(rangeIn(NAV_CONFIG, 'track be_web/w1', 'w1')),
    at(rangeIn(NAV_CONFIG, 'srv_is_up(be_web/w1)', 'w1')),
    at(rangeIn(NAV_CONFIG, 'track w1', 'w1')),
  ]);
});

test('use-server names a server of the current backend', () => {
  assert.deepEqual(definitionAt('use-server a2', 0, 'use-server '.length), [at(rangeIn(NAV_CONFIG, 'server a2 10.0.1.2', 'a2'))]);
});

test('userlists, groups and users: http_auth(list), http_auth_group(list) group, user/group member lists', () => {
  const userlist = [at(rangeIn(NAV_CONFIG, 'userlist admins', 'admins'))];
  assert.deepEqual(definitionAt('http_auth(admins)', 0, 'http_auth('.length), userlist);
  assert.deepEqual(definitionAt('http_auth_group(admins)', 0, 'http_auth_group('.length), userlist);
  const group = [at(rangeIn(NAV_CONFIG, 'group ops users', 'ops'))];
  assert.deepEqual(definitionAt('http_auth_group(admins) ops', 0, 'http_auth_group(admins) '.length), group);
  assert.deepEqual(definitionAt('groups ops', 0, 'groups '.length), group);
  assert.deepEqual(definitionAt('users alice,bob', 0, 'users alice,'.length), [at(rangeIn(NAV_CONFIG, 'user bob insecure', 'bob'))]);
});

test('rings, resolvers, peers, caches, http-errors and named defaults', () => {
  const cases: Array<[needle: string, offset: number, definitionContext: string, name: string]> = [
    ['ring@logbuf', 'ring@'.length, 'ring logbuf', 'logbuf'],
    ['check resolvers dns', 'check resolvers '.length, 'resolvers dns\n', 'dns'],
    ['size 1m peers mesh', 'size 1m peers '.length, 'peers mesh\n', 'mesh'],
    ['cache-use static', 'cache-use '.length, 'cache static', 'static'],
    ['errorfiles site-errors', 'errorfiles '.length, 'http-errors site-errors', 'site-errors'],
    ['fe_main from base', 'fe_main from '.length, 'defaults base', 'base'],
    ['fe_other from base', 'fe_other from '.length, 'defaults base', 'base'],
  ];
  for (const [needle, offset, defContext, name] of cases) {
    assert.deepEqual(definitionAt(needle, 0, offset), [at(rangeIn(NAV_CONFIG, defContext, name))], needle);
  }
  assert.deepEqual(referencesAt('defaults base', 0, false, 'defaults '.length), [
    at(rangeIn(NAV_CONFIG, 'fe_main from base', 'base')), at(rangeIn(NAV_CONFIG, 'fe_other from base', 'base')),
  ]);
});

test('stick-tables: `table NAME` names a proxy, `peers/table` a table line of a peers section', () => {
  assert.deepEqual(definitionAt('src table be_api', 0, 'src table '.length), [at(rangeIn(NAV_CONFIG, '\nbackend be_api', 'be_api'))]);
  assert.deepEqual(definitionAt('mesh/sessions', 0, 'mesh/'.length), [at(rangeIn(NAV_CONFIG, 'table sessions type', 'sessions'))]);
  assert.deepEqual(definitionAt('mesh/sessions', 0, 1), [at(rangeIn(NAV_CONFIG, 'peers mesh', 'mesh'))]);
  assert.deepEqual(referencesAt('table sessions type', 0, false, 'table '.length), [at(rangeIn(NAV_CONFIG, 'mesh/sessions', 'sessions'))]);
});

test('highlights: definitions are writes, uses are reads', () => {
  const highlights = provideDocumentHighlights(model, positionOf(NAV_CONFIG, 'track be_web/w1', 0, 'track be_web/'.length));
  assert.deepEqual(highlights.map((h) => [at(h.range), h.kind]), [
    [at(rangeIn(NAV_CONFIG, 'server w1 10.0.2.1', 'w1')), DocumentHighlightKind.Write],
    [at(rangeIn(NAV_CONFIG, 'track be_web/w1', 'w1')), DocumentHighlightKind.Read],
    [at(rangeIn(NAV_CONFIG, 'srv_is_up(be_web/w1)', 'w1')), DocumentHighlightKind.Read],
    [at(rangeIn(NAV_CONFIG, 'track w1', 'w1')), DocumentHighlightKind.Read],
  ]);
});

test('predefined and undefined names: no definition, but their uses are grouped', () => {
  assert.deepEqual(definitionAt('METH_GET'), []);
  assert.deepEqual(referencesAt('METH_GET'), [at(rangeOf(NAV_CONFIG, 'METH_GET'))]);
  assert.deepEqual(definitionAt('undefined_acl'), []);
  assert.deepEqual(provideDocumentHighlights(model, positionOf(NAV_CONFIG, 'undefined_acl', 0, 1)).map((h) => h.kind), [DocumentHighlightKind.Read]);
});

test('a keyword, a value or a blank line gives nothing', () => {
  for (const needle of ['http-request auth', 'mode http', 'timeout client 30s', 'path_beg /api']) {
    assert.deepEqual(definitionAt(needle, 0, 2), [], needle);
    assert.deepEqual(referencesAt(needle, 0, true, 2), [], needle);
  }
  assert.deepEqual(provideDefinition(model, { line: 5, character: 0 }), []);
  assert.deepEqual(provideDefinition(model, { line: 10_000, character: 3 }), []);
});

test('conditional branches: a server defined only in one branch is still found', () => {
  const text = 'backend b\n.if defined(X)\n    server s1 1.1.1.1:80\n.endif\n    server s2 1.1.1.2:80 track s1\n';
  const m = modelOf(text);
  assert.deepEqual(provideDefinition(m, positionOf(text, 'track s1', 0, 'track '.length)).map((l) => at(l.range)), [at(rangeIn(text, 'server s1', 's1'))]);
});

test('symbolAt: binary search on the cursor line, and still correct when a list is out of line order', () => {
  const text = 'backend b\n    server s1 1.1.1.1:80\n    server s2 1.1.1.2:80 track s1\n';
  const index = modelOf(text).symbols;
  assert.equal(index.symbolAt(positionOf(text, 'track s1', 0, 'track '.length))?.reference?.name, 's1');
  assert.equal(index.symbolAt(positionOf(text, 'server s2', 0, 'server '.length))?.definition?.name, 's2');
  assert.equal(index.symbolAt({ line: 1, character: 2 }), undefined);
  const shuffled = new SymbolIndex([...index.definitions].reverse(), [...index.references].reverse());
  assert.equal(shuffled.symbolAt(positionOf(text, 'server s1', 0, 'server '.length))?.definition?.name, 's1');
  assert.equal(shuffled.symbolAt(positionOf(text, 'track s1', 0, 'track '.length))?.reference?.name, 's1');
  assert.equal(shuffled.symbolAt({ line: 1, character: 2 }), undefined);
});
