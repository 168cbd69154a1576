// Rename: the range is the name part only, every definition and use is updated, and names HAProxy
// would refuse (bad characters, collisions, predefined ACLs, env refs, keywords) are refused with
// a message that says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver';
import type { Position, TextEdit } from 'vscode-languageserver';
import { prepareRename, provideRename } from '../../../server/src/features/rename';
import type { DocumentModel } from '../../../server/src/model';
import { applyEdits, modelOf, TEST_URI } from './featureHelpers';
import { at, NAV_CONFIG, positionOf, rangeIn } from './navigationConfig';

const model = modelOf(NAV_CONFIG);
const pos = (needle: string, offset: number, nth = 0): Position => positionOf(NAV_CONFIG, needle, nth, offset);

function renamed(m: DocumentModel, position: Position, newName: string): string {
  const edit = provideRename(m, position, newName);
  const edits: TextEdit[] = edit?.changes?.[TEST_URI] ?? [];
  assert.ok(edits.length > 0, 'the rename produced edits');
  return applyEdits(m.document.getText(), edits);
}

function refused(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ResponseError, `a ResponseError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

test('prepareRename: the range is the name part only', () => {
  const cases: Array<[needle: string, offset: number, context: string, name: string]> = [
    ['use_backend be_api', 13, 'use_backend be_api', 'be_api'],
    ['track be_web/w1', 'track be_web/'.length, 'track be_web/w1', 'w1'],
    ['track be_web/w1', 'track '.length + 1, 'track be_web/w1', 'be_web'],
    ['http_auth(admins)', 'http_auth('.length + 2, 'http_auth(admins)', 'admins'],
    ['srv_is_up(be_web/w1)', 'srv_is_up(be_web/'.length, 'srv_is_up(be_web/w1)', 'w1'],
    ['ring@logbuf', 'ring@'.length, 'ring@logbuf', 'logbuf'],
    ['!{ http_auth', 0, 'is_admin !{ http_auth', 'is_admin'],
  ];
  for (const [needle, offset, context, name] of cases) {
    const p = needle === '!{ http_auth' ? pos('is_admin !{ http_auth', 2) : pos(needle, offset);
    const prepared = prepareRename(model, p);
    assert.ok(prepared, needle);
    assert.equal(at(prepared.range), at(rangeIn(NAV_CONFIG, context, name)), needle);
    assert.equal(prepared.placeholder, name);
  }
});

test('prepareRename refuses keywords, values, predefined ACLs, files and undefined names with a reason', () => {
  refused(() => prepareRename(model, pos('http-request auth', 3)), /'http-request' is an HAProxy keyword/);
  refused(() => prepareRename(model, pos('http-request auth', 'http-request '.length + 1)), /'auth' is an HAProxy keyword/);
  refused(() => prepareRename(model, pos('path_beg /api', 2)), /'path_beg' is an HAProxy keyword/);
  refused(() => prepareRename(model, pos('path_beg /api', 'path_beg '.length + 1)), /'\/api' is not a name defined/);
  refused(() => prepareRename(model, pos('METH_GET', 2)), /'METH_GET' is a predefined ACL/);
  refused(() => prepareRename(model, pos('crt /etc/haproxy/site.pem', 'crt '.length + 2)), /is a file path/);
  refused(() => prepareRename(model, pos('undefined_acl', 3)), /ACL 'undefined_acl' is not defined in this file/);
  refused(() => prepareRename(model, { line: 5, character: 0 }), /There is no name at this position/);
});

test('prepareRename refuses names written with environment variables', () => {
  const text = 'backend "${BE_NAME}"\n    server s1 1.1.1.1:80\nfrontend f\n    use_backend "${BE_NAME}"\n';
  const m = modelOf(text);
  refused(() => prepareRename(m, positionOf(text, 'BE_NAME', 0, 1)), /environment variables/);
  refused(() => prepareRename(m, positionOf(text, 'BE_NAME', 1, 1)), /environment variables/);
});

test('renaming a backend updates every use: use_backend, default_backend, nbsrv(), track and srv_is_up proxy parts', () => {
  const text = renamed(model, pos('\nbackend be_web', '\nbackend '.length), 'be_www');
  assert.ok(!text.includes('be_web'), text);
  assert.equal(text.split('be_www').length - 1, 5);
  assert.match(text, /track be_www\/w1/);
  assert.match(text, /srv_is_up\(be_www\/w1\)/);
  assert.match(text, /default_backend be_www\n/);
  const api = renamed(model, pos('use_backend be_api', 13), 'api.v1');
  assert.match(api, /\{ nbsrv\(api\.v1\) gt 0 \}/);
  assert.match(api, /track-sc0 src table api\.v1/);
  assert.match(api, /\nbackend api\.v1\n/);
});

test('renaming an ACL changes its own proxy only (every definition line and use)', () => {
  const text = renamed(model, pos('acl is_api path_beg /v2', 'acl '.length), 'is_v2');
  assert.match(text, /acl is_v2 path_beg \/v2\n    use_backend be_web if is_v2\n/);
  assert.match(text, /acl is_api path_beg \/api/);
  assert.match(text, /use_backend be_api if is_api METH_GET/);
  const admin = renamed(model, pos('if is_admin !{ http_auth_group', 'if '.length), 'is_staff');
  assert.equal(admin.split('is_staff').length - 1, 4, 'two definition lines and two uses');
  assert.ok(!admin.includes('is_admin'));
});

test('renaming a server updates track be/srv, bare track and srv_is_up', () => {
  const text = renamed(model, pos('server w1 10.0.2.1', 'server '.length), 'web1');
  assert.match(text, /track be_web\/web1/);
  assert.match(text, /srv_is_up\(be_web\/web1\)/);
  assert.match(text, /track web1\n/);
  assert.match(text, /server web1 10\.0\.2\.1/);
});

test('renaming a userlist, a group and a user updates http_auth(), http_auth_group() and member lists', () => {
  const list = renamed(model, pos('userlist admins', 'userlist '.length), 'staff');
  assert.match(list, /http_auth\(staff\)/);
  assert.match(list, /http_auth_group\(staff\) ops/);
  const group = renamed(model, pos('group ops users', 'group '.length), 'operators');
  assert.match(group, /group operators users alice,bob/);
  assert.match(group, /groups operators\n/);
  assert.match(group, /http_auth_group\(admins\) operators \}/);
  const user = renamed(model, pos('users alice,bob', 'users alice,'.length), 'robert@example.com');
  assert.match(user, /users alice,robert@example\.com\n/);
  assert.match(user, /user robert@example\.com insecure-password/);
});

test('renaming rings, resolvers, peers tables, caches, http-errors and named defaults', () => {
  assert.match(renamed(model, pos('ring logbuf', 'ring '.length), 'logs2'), /log ring@logs2 local0[\s\S]*ring logs2\n/);
  assert.match(renamed(model, pos('check resolvers dns', 'check resolvers '.length), 'dns2'), /resolvers dns2\n[\s\S]*resolvers dns2/);
  const peers = renamed(model, pos('peers mesh\n', 'peers '.length), 'cluster');
  assert.match(peers, /size 1m peers cluster/);
  assert.match(peers, /sc_http_req_rate\(0,cluster\/sessions\)/);
  assert.match(renamed(model, pos('table sessions', 'table '.length), 'by_src'), /sc_http_req_rate\(0,mesh\/by_src\)/);
  assert.match(renamed(model, pos('cache-use static', 'cache-use '.length), 'assets'), /cache assets\n[\s\S]*cache-use assets/);
  assert.match(renamed(model, pos('errorfiles site-errors', 'errorfiles '.length), 'errs'), /http-errors errs\n[\s\S]*errorfiles errs/);
  const defaults = renamed(model, pos('defaults base', 'defaults '.length), 'http-defaults');
  assert.match(defaults, /frontend fe_main from http-defaults\n[\s\S]*frontend fe_other from http-defaults\n/);
});

test('new names HAProxy would not accept are refused with the reason', () => {
  const backend = pos('use_backend be_api', 13);
  refused(() => provideRename(model, backend, ''), /cannot be empty/);
  refused(() => provideRename(model, backend, 'api v2'), /' ' is not allowed in a backend name/);
  refused(() => provideRename(model, backend, 'api/v2'), /'\/' is not allowed/);
  refused(() => provideRename(model, backend, 'apí'), /'í' is not allowed/);
  refused(() => provideRename(model, backend, 'a#b'), /'#' is not allowed/);
  const acl = pos('acl is_api path_beg /api', 'acl '.length);
  refused(() => provideRename(model, acl, 'or'), /condition operator/);
  refused(() => provideRename(model, acl, 'TRUE'), /predefined ACL/);
  refused(() => provideRename(model, acl, '!x'), /'!' is not allowed in an ACL name/);
});

test('collisions with a name of the same kind are refused; other proxies and scopes are not collisions', () => {
  refused(() => provideRename(model, pos('\nbackend be_web', '\nbackend '.length), 'be_api'), /a backend named 'be_api' already exists \(line \d+\)/);
  refused(() => provideRename(model, pos('acl is_api path_beg /api', 'acl '.length), 'is_admin'), /an ACL named 'is_admin' already exists in frontend fe_main/);
  refused(() => provideRename(model, pos('server w1 10.0.2.1', 'server '.length), 'w2'), /server named 'w2' already exists in backend be_web/);
  // is_admin exists in fe_main only: fe_other may take that name.
  assert.match(renamed(model, pos('acl is_api path_beg /v2', 'acl '.length), 'is_admin'), /acl is_admin path_beg \/v2/);
});

test('a name already used (unresolved) in the same scope is refused: the rename would capture that use', () => {
  const text = 'frontend f\n    acl a src 10.0.0.1\n    http-request deny if a || b\n';
  const m = modelOf(text);
  refused(() => provideRename(m, positionOf(text, 'acl a', 0, 4), 'b'), /'b' is already used on line 3 without being defined/);
});

test('frontend and backend may share a name before HAProxy 3.3, not since', () => {
  const text = 'frontend fe\n    default_backend be\nbackend be\n    server s 1.1.1.1:80\n';
  const old = modelOf(text, '3.2');
  assert.match(renamed(old, positionOf(text, 'frontend fe', 0, 'frontend '.length), 'be'), /^frontend be\n/);
  const current = modelOf(text, '3.4');
  refused(() => provideRename(current, positionOf(text, 'frontend fe', 0, 'frontend '.length), 'be'), /a backend named 'be' already exists/);
  assert.match(renamed(old, positionOf(text, '\nbackend be', 0, '\nbackend '.length), 'fe'), /default_backend fe\nbackend fe\n/);
  const listen = 'frontend fe\n    bind :80\nlisten web\n    bind :81\n';
  refused(() => provideRename(modelOf(listen, '3.2'), positionOf(listen, 'listen web', 0, 'listen '.length), 'fe'), /a frontend named 'fe' already exists/);
});

test('a quoted name that is a whole word is replaced without its quotes; a quoted compound word is refused', () => {
  const text = 'backend "api"\n    server s1 1.1.1.1:80\nfrontend f\n    use_backend api\nbackend b\n    server t 1.1.1.2:80 track "api/s1"\n';
  const m = modelOf(text);
  refused(() => provideRename(m, positionOf(text, 'use_backend api', 0, 13), 'api2'), /part of a quoted or escaped word/);
  const simple = 'backend "api"\n    server s1 1.1.1.1:80\nfrontend f\n    use_backend api\n';
  assert.equal(renamed(modelOf(simple), positionOf(simple, 'use_backend api', 0, 13), 'api2'),
    'backend api2\n    server s1 1.1.1.1:80\nfrontend f\n    use_backend api2\n');
});

test('renaming to the same name changes nothing', () => {
  assert.deepEqual(provideRename(model, pos('use_backend be_api', 13), 'be_api'), { changes: { [TEST_URI]: [] } });
});
