// Symbol index over realistic configurations: definitions, references, scoping, lookups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { buildSymbolIndex } from '../../../server/src/analysis/symbols';
import type { SymbolReference } from '../../../server/src/analysis/symbols';

const CONFIG = `global
    log ring@logbuf local0
    lua-load /etc/haproxy/auth.lua

ring logbuf
    size 32764

userlist admins
    group ops users alice
    user alice password $5$abc

peers mypeers
    peer lb1 10.0.0.1:10000

resolvers dns
    nameserver ns1 10.0.0.53:53

mailers alerts
    mailer smtp1 10.0.0.25:25

cache static
    total-max-size 64

http-errors site-errors
    errorfile 503 /etc/haproxy/errors/503.http

defaults base
    mode http
    log-format "%ci %ST"

frontend fe from base
    bind :443 ssl crt /etc/haproxy/site.pem ca-file /etc/haproxy/ca.pem
    acl is_api path_beg /api
    acl is_admin path_beg /admin
    acl blocked src -f /etc/haproxy/blocked.lst
    http-request deny if blocked || { src 10.1.0.0/16 } !is_api
    http-request auth realm admin if is_admin !{ http_auth(admins) }
    http-request set-var(txn.be) req.hdr(host),lower,map(/etc/haproxy/hosts.map,be_default)
    http-request cache-use static
    http-response cache-store static
    filter cache static
    errorfiles site-errors
    http-error status 429 errorfiles site-errors
    use_backend api if is_api METH_GET
    use_backend %[var(txn.be)]
    default_backend web

backend api
    stick-table type ip size 1m peers mypeers
    email-alert mailers alerts
    server a1 10.0.1.1:80 check resolvers dns
    server a2 10.0.1.2:80 track web/w1
    use-server a2 if { hdr(x-srv) a2 }

listen web
    bind :80
    server w1 10.0.2.1:80 check
    server w2 10.0.2.2:80 track w1
    acl is_api path_beg /v1
`;

const index = buildSymbolIndex(parse(CONFIG));
const refs = (kind: string) => index.references.filter((r) => r.kinds.includes(kind as SymbolReference['kinds'][number]));

test('section and body definitions with exact name ranges', () => {
  const defs = index.definitions.map((d) => `${d.kind}:${d.name}`);
  for (const expected of ['ring:logbuf', 'userlist:admins', 'group:ops', 'user:alice', 'peers:mypeers', 'peer:lb1',
    'resolvers:dns', 'nameserver:ns1', 'mailers:alerts', 'mailer:smtp1', 'cache:static', 'http-errors:site-errors',
    'defaults:base', 'frontend:fe', 'acl:is_api', 'acl:is_admin', 'backend:api', 'server:a1', 'listen:web', 'server:w1']) {
    assert.ok(defs.includes(expected), expected);
  }
  const fe = index.findDefinitions('frontend', 'fe')[0];
  assert.deepEqual(fe.nameRange, { start: { line: 30, character: 9 }, end: { line: 30, character: 11 } });
});

test('backend references: use_backend, default_backend, track proxy part; dynamic names skipped', () => {
  assert.deepEqual(refs('backend').map((r) => r.name), ['api', 'web', 'web']);
  const [api] = index.findDefinitions(['backend', 'listen'], 'api');
  assert.equal(index.referencesTo(api).length, 1);
  assert.equal(index.referencesTo(index.findDefinitions('listen', 'web')[0]).length, 2);
});

test('ACL references: operators, negation and anonymous blocks; scoped per proxy; predefined marked', () => {
  const aclRefs = refs('acl');
  assert.deepEqual(aclRefs.map((r) => [r.name, r.range.start.character, !!r.predefined]), [
    ['blocked', 25, false], ['is_api', 57, false], ['is_admin', 37, false], ['is_api', 23, false], ['METH_GET', 30, true],
  ]);
  const feApi = index.findDefinitions('acl', 'is_api').find((d) => d.section.name?.text === 'fe');
  assert.ok(feApi);
  assert.equal(index.referencesTo(feApi).length, 2, 'the listen ACL of the same name is another symbol');
  const webApi = index.findDefinitions('acl', 'is_api').find((d) => d.section.name?.text === 'web');
  assert.ok(webApi);
  assert.equal(index.referencesTo(webApi).length, 0);
  assert.deepEqual(index.resolve(aclRefs[4]), []);
});

test('server references: track with and without proxy, use-server', () => {
  const servers = refs('server');
  assert.deepEqual(servers.map((r) => [r.name, r.scopeName ?? r.scope?.name?.text]), [['w1', 'web'], ['a2', 'api'], ['w1', 'web']]);
  const w1 = index.findDefinitions('server', 'w1')[0];
  assert.equal(index.referencesTo(w1).length, 2);
  const track = servers[0];
  assert.deepEqual([track.range.start.character, track.range.end.character], [36, 38]);
});

test('other references: userlist, peers, resolvers, ring, cache, http-errors, mailers, defaults from', () => {
  const names = (kind: string) => refs(kind).map((r) => r.name);
  assert.deepEqual(names('userlist'), ['admins']);
  assert.deepEqual(names('peers'), ['mypeers']);
  assert.deepEqual(names('resolvers'), ['dns']);
  assert.deepEqual(names('ring'), ['logbuf']);
  assert.deepEqual(names('cache'), ['static', 'static', 'static']);
  assert.deepEqual(names('http-errors'), ['site-errors', 'site-errors']);
  assert.deepEqual(names('mailers'), ['alerts']);
  assert.deepEqual(names('defaults'), ['base']);
  for (const ref of index.references.filter((r) => r.kinds[0] !== 'file' && !r.predefined)) {
    assert.ok(index.resolve(ref).length > 0, `${ref.kinds.join('|')} ${ref.name} resolves`);
  }
});

test('file references', () => {
  assert.deepEqual(refs('file').map((r) => r.name), [
    '/etc/haproxy/auth.lua', '/etc/haproxy/errors/503.http', '/etc/haproxy/site.pem', '/etc/haproxy/ca.pem',
    '/etc/haproxy/blocked.lst', '/etc/haproxy/hosts.map',
  ]);
});

test('symbolAt finds the definition or reference under the cursor', () => {
  const line = CONFIG.split('\n').findIndex((l) => l.includes('use_backend api'));
  assert.equal(index.symbolAt({ line, character: 17 })?.reference?.name, 'api');
  assert.equal(index.symbolAt({ line: 30, character: 10 })?.definition?.name, 'fe');
  assert.equal(index.symbolAt({ line: 0, character: 0 }), undefined);
});

test('duplicates are all kept', () => {
  const dup = buildSymbolIndex(parse('backend a\nbackend a\n  server s 1.1.1.1:80\n  server s 1.1.1.1:81'));
  assert.equal(dup.findDefinitions('backend', 'a').length, 2);
  assert.equal(dup.findDefinitions('server', 's').length, 2);
});
