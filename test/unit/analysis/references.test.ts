// Unresolved references, with HAProxy's wording and HAProxy's own resolution rules (each trigger
// and near miss checked with haproxy -c 2.6.12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, frame, lineOf, withCode } from './checkHelpers';

const refs = (text: string, version = '2.6') => findingsOf(text, version).filter((f) => f.code === 'undefined-reference');
const linesOf = (text: string) => refs(text).map((f) => f.range.start.line + 1);

test('use_backend / default_backend to a missing backend, with did-you-mean and data.missing', () => {
  const text = frame({ frontend: ['use_backend be_apii if { path_beg /api }', 'use_backend be_api if { path_beg /v2 }'], after: ['backend be_api', '    server a 10.0.0.2:80'] });
  const found = refs(text);
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line + 1, lineOf(text, 'be_apii'));
  assert.match(found[0].message, /unable to find required use_backend: 'be_apii'; did you mean 'be_api'\?/);
  assert.deepEqual(found[0].data?.missing, { kind: 'backend', name: 'be_apii' });
  assert.equal(found[0].data?.suggestions?.[0], 'be_api');
  assert.equal(found[0].severity, 'error');
});

test('a frontend is not a backend; a listen is', () => {
  const text = frame({ frontend: ['use_backend fe_admin if { path_beg /admin }', 'use_backend li if { path_beg /li }'],
    after: ['frontend fe_admin', '    bind :9000', '    default_backend be', 'listen li', '    bind :9001', '    server x 10.0.0.3:80'] });
  const found = refs(text);
  assert.equal(found.length, 1);
  assert.match(found[0].message, /'fe_admin' is a frontend/);
});

test('dynamic names (log-format, environment) are never flagged', () => {
  const text = frame({ frontend: ['use_backend %[req.hdr(host),lower,map(/etc/haproxy/hosts.map,be)]', 'use_backend "${BACKEND}"'] });
  assert.deepEqual(refs(text), []);
});

test('ACLs: undefined (with suggestion), predefined, declared later, double negation, OR', () => {
  const text = frame({ frontend: [
    'acl is_api path_beg /api',
    'use_backend be if is_apii',
    'use_backend be if is_api || TRUE || METH_GET',
    'http-request deny if !!is_api OR HTTP_1.1',
    'http-request deny if later',
    'acl later path /later',
    'http-request deny if later',
  ] });
  const found = refs(text);
  assert.deepEqual(found.map((f) => f.range.start.line + 1), [lineOf(text, 'is_apii'), lineOf(text, 'deny if later')]);
  assert.match(found[0].message, /no such ACL : 'is_apii'; did you mean 'is_api'\?/);
  assert.match(found[1].message, /declared later/);
});

test('ACLs are per proxy: one of another frontend does not count', () => {
  const text = frame({ frontend: ['use_backend be if other_acl'], after: ['frontend other', '    bind :9002', '    acl other_acl path /x', '    default_backend be'] });
  assert.deepEqual(linesOf(text), [lineOf(text, 'if other_acl')]);
});

test('an ACL whose declaration fails is not declared: its users fail too (HAProxy cascade)', () => {
  const text = frame({ frontend: ['acl internal src 10.0.0.300', 'http-request deny if !internal', 'acl good src 10.0.0.0/8', 'http-request deny if !good'] });
  const found = refs(text);
  assert.deepEqual(found.map((f) => f.range.start.line + 1), [lineOf(text, 'if !internal')]);
  assert.match(found[0].message, /has an error/);
});

test('userlists: http_auth, user groups and group users; http_auth_group patterns only warn', () => {
  const text = [
    'userlist ul',
    '    group g1 users alice',
    '    user alice insecure-password x groups g1,nogroup',
    '    group g2 users alice,nouser',
    ...frame({ frontend: ['acl a1 http_auth(operators)', 'acl a2 http_auth(ul)', 'acl a3 http_auth_group(ul) g1 nosuchgroup', 'http-request auth if !a1 !a2 !a3'] }).split('\n'),
  ].join('\n');
  const found = refs(text);
  const at = (needle: string) => found.filter((f) => f.range.start.line + 1 === lineOf(text, needle)).map((f) => `${f.severity}:${f.message}`);
  assert.deepEqual(at('g1,nogroup'), [`error:no such group 'nogroup' in userlist 'ul'`]);
  assert.deepEqual(at('alice,nouser'), [`error:no such user 'nouser' in userlist 'ul'`]);
  assert.match(at('http_auth(operators)')[0], /^error:unable to find userlist 'operators'/);
  assert.deepEqual(at('http_auth(ul)'), []);
  assert.match(at('nosuchgroup')[0], /^warning:/);
});

test('track: missing server of another proxy, missing proxy, server of the same proxy', () => {
  const text = frame({ backend: ['server s1 10.0.0.1:80 check', 'server s2 10.0.0.2:80 track be_main/s9', 'server s3 10.0.0.3:80 track nobe/s1', 'server s4 10.0.0.4:80 track s1', 'server s5 10.0.0.5:80 track s8'],
    after: ['backend be_main', '    server s1 10.0.1.1:80 check'] });
  const found = refs(text);
  const at = (needle: string) => found.filter((f) => f.range.start.line + 1 === lineOf(text, needle)).map((f) => f.message.replace(/; did you mean.*/, ''));
  assert.deepEqual(at('be_main/s9'), [`unable to find required server 's9' in 'be_main' for tracking`]);
  assert.deepEqual(at('nobe/s1'), [`unable to find required proxy 'nobe' for tracking`]);
  assert.deepEqual(at('track s1'), []);
  assert.deepEqual(at('track s8'), [`unable to find required server 's8' for tracking`]);
});

test('sections named by keywords: resolvers, peers, mailers, cache, http-errors, fcgi-app', () => {
  const text = frame({
    frontend: ['errorfiles site_errors', 'filter cache static_cache', 'http-request cache-use static_cache'],
    backend: ['server s1 10.0.0.1:80 resolvers mydns', 'stick-table type ip size 1k peers cluster', 'email-alert mailers smtp_relays', 'use-fcgi-app php'],
  });
  const messages = refs(text).map((f) => f.message);
  for (const expected of [`unknown http-errors section 'site_errors'`, `unable to find the cache 'static_cache'`, `unable to find required resolvers 'mydns'`,
    `unable to find sync peers 'cluster'`, `unable to find mailers 'smtp_relays'`, `fcgi-app 'php' not found`]) {
    assert.ok(messages.includes(expected), `${expected} in ${JSON.stringify(messages)}`);
  }
  const defined = [
    'resolvers mydns', '    nameserver ns1 10.0.0.53:53', 'peers cluster', '    peer lb1 10.0.0.1:10000', 'mailers smtp_relays',
    '    mailer m1 10.0.0.25:25', 'cache static_cache', '    total-max-size 4', 'http-errors site_errors', '    errorfile 503 /etc/haproxy/503.http',
    'fcgi-app php', '    docroot /var/www', '',
  ].join('\n') + text;
  assert.deepEqual(refs(defined), []);
});

test('defaults named by from: must exist, be declared before, and be unique', () => {
  const base = ['defaults web', '    mode http', '    timeout connect 5s', '    timeout client 5s', '    timeout server 5s'];
  const ok = [...base, 'frontend fe from web', '    bind :80', '    default_backend be', 'backend be from web', '    server s 10.0.0.1:80'].join('\n');
  assert.deepEqual(refs(ok), []);
  const missing = [...base, 'frontend fe from webs', '    bind :80', '    default_backend be', 'backend be', '    server s 10.0.0.1:80'].join('\n');
  assert.match(refs(missing)[0].message, /defaults section 'webs' not found for frontend 'fe'; did you mean 'web'/);
  const later = ['frontend fe from web', '    bind :80', '    default_backend be', ...base, 'backend be', '    server s 10.0.0.1:80'].join('\n');
  assert.match(refs(later)[0].message, /comes after/);
  const twice = [...base, ...base, 'frontend fe from web', '    bind :80', '    default_backend be', 'backend be', '    server s 10.0.0.1:80'].join('\n');
  assert.match(refs(twice)[0].message, /ambiguous defaults section name 'web'/);
});

test('stick-tables: a named table must be a proxy with a stick-table or a peers table', () => {
  const text = frame({
    frontend: ['http-request track-sc0 src table st_clients', 'http-request track-sc1 src table be', 'http-request track-sc2 src table st_ok',
      'http-request deny if { sc_http_req_rate(0,st_missing) gt 10 }', 'tcp-request connection track-sc0 src table mesh/t1'],
    after: ['backend st_ok', '    stick-table type ip size 1k', 'peers mesh', '    peer lb1 10.0.0.1:10000', '    table t1 type ip size 1k'],
  });
  const messages = refs(text).map((f) => f.message.replace(/; did you mean.*/, ''));
  assert.deepEqual(messages.sort(), [`unable to find table 'be' (backend 'be' has no stick-table)`, `unable to find table 'st_clients'`, `unable to find table 'st_missing'`]);
});

test('track-sc / stick / src_* without a table use their own proxy, which needs a stick-table', () => {
  const without = frame({ frontend: ['http-request track-sc0 src', 'http-request deny if { src_conn_rate gt 10 }', 'http-request deny if { src_port 80 }'],
    backend: ['stick on src', 'server s1 10.0.0.1:80'] });
  assert.deepEqual(linesOf(without).sort((a, b) => a - b),
    [lineOf(without, 'track-sc0 src'), lineOf(without, 'src_conn_rate'), lineOf(without, 'stick on src')]);
  const withTables = frame({ frontend: ['stick-table type ip size 1k', 'http-request track-sc0 src', 'http-request deny if { src_conn_rate gt 10 }'],
    backend: ['stick-table type ip size 1k', 'stick on src', 'server s1 10.0.0.1:80'] });
  assert.deepEqual(refs(withTables), []);
});

test('log ring@ undeclared is accepted by HAProxy 2.6: a warning', () => {
  const text = ['global', '    log ring@applog local0', ''].join('\n') + frame();
  const found = refs(text);
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
});

test('inactive lines: their references are ignored and their definitions do not count', () => {
  const text = frame({ frontend: ['.if version_atleast(9.0)', 'use_backend nowhere', 'acl hidden path /h', '.endif', 'use_backend be if hidden'] });
  assert.deepEqual(linesOf(text), [lineOf(text, 'if hidden')]);
});

test('the corpus examples of unresolved references', () => {
  const text = frame({ frontend: ['use_backend be_api if { path_beg /api }'], after: ['backend be2', '    server s1 10.0.0.1:80'] });
  assert.equal(withCode(text, 'undefined-reference').length, 1);
});

test('incompatible-backend: an HTTP frontend cannot use a TCP backend; a TCP frontend may use an HTTP one', () => {
  const text = [
    'defaults', '    mode http', '    timeout connect 5s', '    timeout client 5s', '    timeout server 5s',
    'frontend fe', '    bind :80', '    use_backend be_tcp if { path /x }', '    default_backend be_http',
    'frontend fe_tcp', '    mode tcp', '    bind :81', '    default_backend be_http',
    'backend be_tcp', '    mode tcp', '    server s1 10.0.0.1:80',
    'backend be_http', '    server s1 10.0.0.2:80', '',
  ].join('\n');
  const found = findingsOf(text).filter((f) => f.code === 'incompatible-backend');
  assert.deepEqual(found.map((f) => f.range.start.line + 1), [lineOf(text, 'use_backend be_tcp')]);
  assert.match(found[0].message, /http frontend 'fe' tries to use incompatible tcp backend 'be_tcp'/);
  assert.equal(found[0].related?.[0]?.range.start.line, text.split('\n').indexOf('backend be_tcp'));
  // Without any mode line everything is tcp: fine.
  const allTcp = text.replace('    mode http\n', '');
  assert.deepEqual(findingsOf(allTcp).filter((f) => f.code === 'incompatible-backend'), []);
});

test('servers created by server-template can be used and tracked (PREFIX1..PREFIXN)', () => {
  const text = frame({
    backend: ['use-server web3 if { path /x }', 'use-server web4 if { path /y }', 'server s1 10.0.0.1:80 track be2/app2', 'server-template web 1-3 10.0.0.9:9000 check'],
    after: ['backend be2', '    server-template app 2 10.0.1.1:9100 check'],
  });
  assert.deepEqual(linesOf(text), [lineOf(text, 'use-server web4')]);
});
