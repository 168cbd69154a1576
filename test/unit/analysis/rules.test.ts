// Action rules and conditions: unknown and too-new actions, the argument checks HAProxy 2.6 makes,
// experimental actions, and if/unless structure (each trigger and near miss checked with haproxy -c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingCode } from '../../../server/src/analysis/findings';
import { codesOnLine, findingsOf, frame, withCode } from './checkHelpers';

const CODES: FindingCode[] = ['unknown-action', 'action-too-new', 'invalid-action-argument', 'invalid-condition'];

function frontendCodes(lines: string[], version = '2.6'): string[][] {
  const text = frame({ frontend: lines });
  return lines.map((l) => codesOnLine(text, l, CODES, version));
}

test('unknown action with did-you-mean; Lua actions and parenthesised actions are fine', () => {
  assert.deepEqual(frontendCodes([
    'http-request block if { src 192.0.2.1 }',
    'http-request deny if { src 192.0.2.2 }',
    'http-request lua.auth',
    'http-request track-sc5 src',
    'http-request sc-inc-gpc0(0)',
    'tcp-request content set-var(sess.x) src',
    'tcp-request connection expect-proxy layer4',
    'tcp-request content bogus-action',
  ]), [['unknown-action'], [], [], ['invalid-action-argument'], [], [], [], ['unknown-action']]);
  const [f] = withCode(frame({ frontend: ['http-request sett-header X 1'] }), 'unknown-action');
  assert.equal(f.data?.suggestions?.[0], 'set-header');
});

test('track-sc3 and up: a warning before 3.0 (build-time counter count), nothing from 3.0 (tune.stick-counters)', () => {
  const text = frame({ frontend: ['http-request track-sc5 src'] });
  assert.deepEqual(findingsOf(text, '2.6').filter((f) => f.code === 'invalid-action-argument').map((f) => f.severity), ['warning']);
  assert.deepEqual(findingsOf(text, '3.4').filter((f) => CODES.includes(f.code)), []);
});

test('an action of another rule set says where it exists', () => {
  const [f] = withCode(frame({ frontend: ['http-response cache-use assets'] }), 'unknown-action');
  assert.match(f.message, /exists for http-request/);
});

test('a rule without an action', () => {
  assert.deepEqual(frontendCodes(['http-request', 'tcp-request content if TRUE']), [['unknown-action'], ['unknown-action']]);
});

test('action-too-new by version', () => {
  assert.deepEqual(frontendCodes(['http-request set-fc-mark 1'], '2.6'), [['action-too-new']]);
  assert.deepEqual(frontendCodes(['http-request set-fc-mark 1'], '3.0'), [[]]);
  const [f] = withCode(frame({ frontend: ['http-request set-fc-mark 1'] }), 'action-too-new', '2.6');
  assert.match(f.message, /needs HAProxy 3\.0/);
});

test('argument counts: set-header takes exactly a name and a value (before the condition)', () => {
  assert.deepEqual(frontendCodes([
    'http-request set-header X-Only',
    'http-request set-header X-Two a b',
    'http-request set-header X-Ok 1 if TRUE',
    'http-request set-path',
    'http-request set-path /new',
    'http-request replace-path ^/x',
    'http-request replace-path ^/x /y',
  ]), [['invalid-action-argument'], ['invalid-action-argument'], [], ['invalid-action-argument'], [], ['invalid-action-argument'], []]);
});

test('actions without arguments: any word before if/unless is refused (silent-drop takes rst-ttl from 2.8)', () => {
  assert.deepEqual(frontendCodes([
    'http-request allow if TRUE',
    'http-request allow X-Test',
    'tcp-request content reject 1',
    'http-request silent-drop rst-ttl 1',
  ]), [[], ['invalid-action-argument'], ['invalid-action-argument'], ['invalid-action-argument']]);
  assert.deepEqual(frontendCodes(['http-request silent-drop rst-ttl 1'], '2.8'), [[]]);
});

test('strict first values: set-log-level, set-status, strict-mode, expect-proxy, set-mark (2.x)', () => {
  assert.deepEqual(frontendCodes([
    'http-request set-log-level info',
    'http-request set-log-level INFO',
    'http-response set-status 404 reason Gone',
    'http-response set-status 1000',
    'http-request strict-mode On',
    'http-request strict-mode maybe',
    'tcp-request connection expect-proxy layer4',
    'tcp-request connection expect-proxy layer7',
    'http-request set-mark 0x1F',
    'http-request set-mark 0x1G',
  ]), [[], ['invalid-action-argument'], [], ['invalid-action-argument'], [], ['invalid-action-argument'], [], ['invalid-action-argument'],
    [], ['invalid-action-argument']]);
});

test('variables need a scope: proc, sess, txn, req, res or check', () => {
  assert.deepEqual(frontendCodes([
    'http-request set-var(foo) str(x)',
    'http-request set-var(txn.) str(x)',
    'http-request set-var(txn.foo) str(x)',
    'http-request unset-var(req.foo)',
    'http-request set-var(txn.x)',
  ]), [['invalid-action-argument'], ['invalid-action-argument'], [], [], ['invalid-action-argument']]);
});

test('redirect needs its type and its value', () => {
  assert.deepEqual(frontendCodes([
    'http-request redirect',
    'http-request redirect location',
    'http-request redirect https://example.com',
    'http-request redirect scheme https code 301',
    'http-request redirect code 301 location /moved',
  ]), [['invalid-action-argument'], ['invalid-action-argument'], ['invalid-action-argument'], [], []]);
});

test('deny_status: 200-599, and in 2.6 only codes with a default error page unless the reply has content', () => {
  assert.deepEqual(frontendCodes([
    'http-request deny deny_status 414 if { url_len gt 2048 }',
    'http-request deny deny_status 429',
    'http-request deny deny_status 414 content-type text/plain string too-long',
    'http-request deny deny_status 601',
    'http-request tarpit deny_status 414',
  ]), [['invalid-action-argument'], [], [], ['invalid-action-argument'], ['invalid-action-argument']]);
  assert.deepEqual(frontendCodes(['http-request deny deny_status 414'], '3.4'), [[]]);
});

test('set-timeout needs a proxy with backend capability', () => {
  const text = frame({ frontend: ['http-request set-timeout server 2m'], backend: ['http-request set-timeout server 3m', 'server s1 10.0.0.1:80'] });
  assert.deepEqual(codesOnLine(text, 'set-timeout server 2m', CODES), ['invalid-action-argument']);
  assert.deepEqual(codesOnLine(text, 'set-timeout server 3m', CODES), []);
  // From 3.0 a frontend may set its client timeout; server-side timeouts still need a backend.
  const v3 = frame({ frontend: ['http-request set-timeout client 1m', 'http-request set-timeout connect 2s'], backend: ['http-request set-timeout client 5m', 'server s1 10.0.0.1:80'] });
  assert.deepEqual(codesOnLine(v3, 'set-timeout client 1m', CODES, '3.4'), []);
  assert.deepEqual(codesOnLine(v3, 'set-timeout connect 2s', CODES, '3.4'), ['invalid-action-argument']);
  assert.deepEqual(codesOnLine(v3, 'set-timeout client 5m', CODES, '3.4'), ['invalid-action-argument']);
  assert.deepEqual(codesOnLine(v3, 'set-timeout client 1m', CODES, '2.6'), ['invalid-action-argument']);
});

test('normalize-uri is experimental: it needs expose-experimental-directives in global, before the rule', () => {
  const without = frame({ frontend: ['http-request normalize-uri path-merge-slashes'] });
  assert.deepEqual(codesOnLine(without, 'normalize-uri', CODES), ['invalid-action-argument']);
  const exposed = frame({ before: ['global', '    expose-experimental-directives', ''], frontend: ['http-request normalize-uri path-merge-slashes'] });
  assert.deepEqual(codesOnLine(exposed, 'normalize-uri', CODES), []);
  const late = frame({ frontend: ['http-request normalize-uri path-merge-slashes'], after: ['global', '    expose-experimental-directives'] });
  assert.deepEqual(codesOnLine(late, 'normalize-uri', CODES), ['invalid-action-argument']);
});

test('conditions: unclosed or stray braces are errors; empty, dangling || and lone ! are warnings', () => {
  const lines = [
    'http-request deny if { src 1.2.3.4',
    'http-request deny if TRUE }',
    'http-request deny if',
    'http-request deny if TRUE ||',
    'http-request deny if || TRUE',
    'http-request deny if TRUE !',
    'http-request deny if TRUE || !{ src 1.2.3.4 }',
    'http-request deny if TRUE OR FALSE',
    'http-request deny if !!TRUE',
    'use_backend be if { path_beg /x } || { path_end .y }',
  ];
  assert.deepEqual(frontendCodes(lines), [['invalid-condition'], ['invalid-condition'], ['invalid-condition'], ['invalid-condition'],
    ['invalid-condition'], ['invalid-condition'], [], [], [], []]);
  const text = frame({ frontend: lines });
  const severities = findingsOf(text).filter((f) => f.code === 'invalid-condition').map((f) => f.severity);
  assert.deepEqual(severities, ['error', 'error', 'warning', 'warning', 'warning', 'warning']);
});

test('rules on inactive lines are not checked', () => {
  const text = frame({ frontend: ['.if version_atleast(9.9)', 'http-request block', '.endif'] });
  assert.deepEqual(withCode(text, 'unknown-action'), []);
});
