// ACL and sample expressions: fetch and converter names, -m methods, flags, pattern values and
// structure, as HAProxy 2.6 parses them (each trigger and near miss checked with haproxy -c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingCode } from '../../../server/src/analysis/findings';
import { codesOnLine, findingsOf, frame, withCode } from './checkHelpers';
import { parseSampleExpr, embeddedSamples, regexStructureError } from '../../../server/src/analysis/checks/sampleExpr';

const CODES: FindingCode[] = ['unknown-fetch', 'unknown-converter', 'unknown-acl-match', 'invalid-expression', 'acl-never-matches', 'invalid-name', 'option-missing-value'];

/** Codes on each frontend line (lines are unique strings). */
function frontendCodes(lines: string[], version = '2.6'): string[][] {
  const text = frame({ frontend: lines });
  return lines.map((l) => codesOnLine(text, l, CODES, version));
}

test('sample expression parser: arguments end at the first unquoted ")", converters after commas', () => {
  const p = parseSampleExpr('req.hdr(host),field(1,:),lower');
  assert.equal(p.fetch.name, 'req.hdr');
  assert.equal(p.fetch.args, 'host');
  assert.deepEqual(p.converters.map((c) => [c.name, c.args]), [['field', '1,:'], ['lower', undefined]]);
  assert.equal(p.problem, undefined);
  const unquoted = parseSampleExpr('path,regsub(^(a|b),x)');
  // "regsub(^(a|b" then a converter "x" and a stray ")": an error either way (HAProxy: regsub lacks an argument)
  assert.deepEqual(unquoted.converters.map((c) => c.args), ['^(a|b', undefined]);
  assert.equal(unquoted.problem?.kind, 'missing-comma');
  const quoted = parseSampleExpr('path,regsub("(a|b)",x),lower');
  assert.deepEqual(quoted.converters.map((c) => c.name), ['regsub', 'lower']);
  assert.equal(quoted.problem, undefined);
  assert.equal(parseSampleExpr('req.hdr(host').problem?.kind, 'unclosed-args');
  assert.equal(parseSampleExpr('req.hdr(host)x').problem?.kind, 'missing-comma');
  assert.equal(parseSampleExpr('path,,lower,').problem, undefined);
  // A backslash protects a quote outside quotes (manual example "str(\\'foo\\')"): the ')' after it closes.
  assert.equal(parseSampleExpr("str(\\'foo\\')").problem, undefined);
  assert.equal(parseSampleExpr("str(\\'a)b\\'),lower").problem?.kind, 'missing-comma');
  assert.equal(parseSampleExpr("str('a)b'),lower").problem, undefined);
});

test('log-format %[...] extraction: flags, %% and nested brackets in arguments', () => {
  const found = embeddedSamples('%% %{+Q}[src] %ci:%[req.hdr(x),regsub(\\[,_)]');
  assert.deepEqual(found.map((e) => e.parsed.fetch.name), ['src', 'req.hdr']);
  assert.ok(found.every((e) => e.closed));
});

test('regex structure: unbalanced parentheses and unterminated classes only', () => {
  assert.equal(regexStructureError('^/(api|admin'), 'missing closing parenthesis');
  assert.equal(regexStructureError('a)b'), 'unmatched closing parenthesis');
  assert.equal(regexStructureError('[abc'), 'missing terminating ] for character class');
  for (const ok of ['(?i)abc', '\\(', '[)]', '[]a]', '^(www\\.)?example\\.test$', '[[:alpha:]]+', '\\Q(\\E']) assert.equal(regexStructureError(ok), undefined, ok);
});

test('unknown fetch in an ACL, with did-you-mean; ACL keywords and fetches are accepted', () => {
  assert.deepEqual(frontendCodes([
    'acl a1 req_host -i example.com',
    'acl a2 hdr_beg(host) -i api.',
    'acl a3 req.hdr(host),lower -m end .example.com',
    'acl a4 path_beg /api',
    'acl a5 base32+src -m found',
    'acl a6 lua.check -m found',
  ]), [['unknown-fetch'], [], [], [], [], []]);
  const [f] = withCode(frame({ frontend: ['acl a1 req_host -i example.com'] }), 'unknown-fetch');
  assert.ok(f.data?.suggestions?.length);
});

test('sample expressions accept fetches only: an ACL keyword such as hdr_beg is an error there', () => {
  assert.deepEqual(frontendCodes([
    'http-request set-var(txn.h) hdr_beg(host)',
    'http-request set-var(txn.p) path,lower',
    'http-request set-header X-Client %[client_ip]',
    'http-request set-header X-Src %[src]:%[src_port]',
    'http-request set-var(txn.l) lua.myfetch',
  ]), [['unknown-fetch'], [], ['unknown-fetch'], [], []]);
});

test('unknown converter, also after converters with comma arguments', () => {
  assert.deepEqual(frontendCodes([
    'http-request set-header X-Host %[req.hdr(host),lowercase]',
    'http-request set-header X-Host2 %[req.hdr(host),field(1,:),lower]',
    'http-request set-var(txn.m) req.hdr(host),map(/etc/haproxy/hosts.map,default)',
    'http-request set-var(txn.n) req.hdr(host),field(1,:),upercase',
  ]), [['unknown-converter'], [], [], ['unknown-converter']]);
});

test('fetches and converters of later versions are too new, not unknown', () => {
  const [f] = withCode(frame({ frontend: ['http-request set-var(txn.r) bc_rtt(1)'] }), 'unknown-fetch', '2.6');
  assert.match(f.message, /needs HAProxy 2\.8/);
  assert.deepEqual(withCode(frame({ frontend: ['http-request set-var(txn.r) bc_rtt(1)'] }), 'unknown-fetch', '2.8'), []);
});

test('-m methods, flags and their values', () => {
  assert.deepEqual(frontendCodes([
    'acl m1 path -m begin /api',
    'acl m2 path -m beg /api',
    'acl m3 path -m',
    'acl m4 path -x foo',
    'acl m5 path -- -x',
    'acl m6 path -i -n /x',
    'acl m7 path -f',
  ]), [['unknown-acl-match'], [], ['unknown-acl-match'], ['invalid-expression'], [], [], ['option-missing-value']]);
});

test('patterns: IP addresses, integers, regexes, and var() needing -m', () => {
  assert.deepEqual(frontendCodes([
    'acl p1 src 10.0.0.300',
    'acl p2 src 10.0.0.0/8 192.168.0.0/255.255.0.0 localhost ::1 2001:db8::/32',
    'acl p3 src 10.0.0.0/33',
    'acl p4 src 1:2:3',
    'acl p5 url_len abc',
    'acl p6 url_len gt 2048',
    'acl p7 url_len 10:20',
    'acl p8 url_len -1',
    'acl p9 path_reg ^(a',
    'acl p10 path -m reg (?i)abc',
    'acl p11 var(txn.x) 1',
    'acl p12 var(txn.x) -m found',
    'acl p12b var(txn.y)',
    'acl p13 path -m str ^(a',
  ]), [['invalid-expression'], [], ['invalid-expression'], ['invalid-expression'], ['invalid-expression'], [], [],
    ['invalid-expression'], ['invalid-expression'], [], ['invalid-expression'], [], ['invalid-expression'], []]);
});

test('an ACL without patterns never matches (warning), unless boolean, -m found or --', () => {
  assert.deepEqual(frontendCodes(['acl w1 path_beg', 'acl w2 ssl_fc', 'acl w3 path -m found', 'acl w4 path --']),
    [['acl-never-matches'], [], [], []]);
  const [f] = withCode(frame({ frontend: ['acl w1 path_beg'] }), 'acl-never-matches');
  assert.equal(f.severity, 'warning');
});

test('missing criterion: acl line and empty braces', () => {
  assert.deepEqual(frontendCodes(['acl is_api', 'http-request deny if { }', 'http-request deny if { path /x }']),
    [['invalid-expression'], ['invalid-expression'], []]);
});

test('ACL names: letters, digits, "-", "_", ".", ":"', () => {
  assert.deepEqual(frontendCodes(['acl a/b path /x', 'acl a.b:c-d_e path /x']), [['invalid-name'], []]);
});

test('anonymous ACLs in conditions of any rule keyword are checked', () => {
  assert.deepEqual(frontendCodes([
    'use_backend be if { req_host -i x }',
    'http-request deny if !{ src 10.0.0.300 }',
    'http-request deny if { src 10.0.0.1 } || !{ path_beg /api }',
  ]), [['unknown-fetch'], ['invalid-expression'], []]);
});

test('action arguments: regexes of replace-*, log-formats of set-header, stick on expressions', () => {
  const text = frame({
    frontend: ['http-request replace-path ^/(v1 /api', 'http-request replace-path ^/v1/(.*) /api/\\1'],
    backend: ['stick-table type ip size 1k', 'stick on srcc', 'stick match src', 'server s1 10.0.0.1:80'],
  });
  assert.deepEqual(codesOnLine(text, '^/(v1 /api', CODES), ['invalid-expression']);
  assert.deepEqual(codesOnLine(text, '^/v1/(.*)', CODES), []);
  assert.deepEqual(codesOnLine(text, 'stick on srcc', CODES), ['unknown-fetch']);
  assert.deepEqual(codesOnLine(text, 'stick match src', CODES), []);
});

test('literal strings are not log-formats: "return ... string" is not parsed, "lf-string" is', () => {
  assert.deepEqual(frontendCodes([
    'http-request return status 200 content-type text/plain string "%[nosuchfetch]"',
    'http-request return status 200 content-type text/plain lf-string "%[nosuchfetch2]"',
  ]), [[], ['unknown-fetch']]);
});

test('the unknown name is the range of the finding', () => {
  const text = frame({ frontend: ['http-request set-header X-Host %[req.hdr(host),lowercase]'] });
  const [f] = withCode(text, 'unknown-converter');
  const line = text.split('\n')[f.range.start.line];
  assert.equal(line.slice(f.range.start.character, f.range.end.character), 'lowercase');
});

test('environment variables make a word unchecked', () => {
  assert.deepEqual(frontendCodes(['acl e1 "${CRITERION}" x', 'http-request set-var(txn.e) "${EXPR}"']), [[], []]);
});

test('the valid corpus example of every expression form gives no error', () => {
  const text = frame({
    frontend: [
      'acl site_blog hdr(host),field(1,:) -i blog.example.test',
      'acl host_re req.hdr(host) -m reg -i ^(www\\.)?example\\.test$',
      'acl too_fast sc_http_req_rate(0) gt 100',
      'acl methods_rw method POST PUT PATCH DELETE',
      'http-request set-query %[query,regsub(&?debug=1,,g)] if { query -m sub debug=1 }',
      'http-request deny if { var(txn.target_ip) -m ip 10.0.0.0/8 }',
      'http-request set-var-fmt(txn.client) "%[src]:%[src_port]"',
      'use_backend %[req.ssl_sni,lower,map_dom(/etc/haproxy/hosts.map,be_default)]',

    ],
  });
  assert.deepEqual(findingsOf(text).filter((f) => CODES.includes(f.code) && f.severity === 'error'), []);
});
