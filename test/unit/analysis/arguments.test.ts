// Argument counts and section names, on what HAProxy 2.6 refuses, with near misses it accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingCode } from '../../../server/src/analysis/findings';
import { invalidNameChar } from '../../../server/src/analysis/checks/arguments';
import { codesOnLine, findingsOf, frame, withCode } from './checkHelpers';

const CODES: FindingCode[] = ['missing-argument', 'extra-argument', 'missing-section-name', 'invalid-name'];

const globalCodes = (line: string): string[] => codesOnLine(frame({ before: ['global', `    ${line}`] }), line, CODES);
const backendCodes = (line: string): string[] => codesOnLine(frame({ backend: [line, 'server s1 10.0.0.1:80'] }), line, CODES);

test('missing-argument: a keyword HAProxy refuses without its value', () => {
  assert.deepEqual(backendCodes('timeout check'), ['missing-argument']);
  assert.deepEqual(backendCodes('timeout check 5s'), []);
  const [f] = withCode(frame({ backend: ['timeout check', 'server s1 10.0.0.1:80'] }), 'missing-argument');
  assert.equal(f.message, "'timeout check' expects an argument");
  assert.equal(f.severity, 'error');
  assert.deepEqual(globalCodes('setenv NAME'), ['missing-argument']);
  assert.deepEqual(globalCodes('setenv NAME value'), []);
  assert.deepEqual(globalCodes('pidfile ""'), ['missing-argument'], 'HAProxy reads an empty argument as none');
  assert.deepEqual(globalCodes('pidfile "${PIDFILE}"'), [], 'an environment reference may hold the value');
});

test('extra-argument: keywords whose parser says "cannot handle unexpected argument"', () => {
  assert.deepEqual(globalCodes('maxconn 2000 4000'), ['extra-argument']);
  const [f] = withCode(frame({ before: ['global', '    maxconn 2000 4000'] }), 'extra-argument');
  assert.equal(f.message, "'maxconn' cannot handle unexpected argument '4000'");
  assert.deepEqual(globalCodes('maxconn 2000'), []);
  assert.deepEqual(globalCodes('daemon now'), ['extra-argument']);
  assert.deepEqual(globalCodes('daemon'), []);
  assert.deepEqual(globalCodes('user haproxy insecure-password secret'), ['extra-argument'], 'userlist syntax in global');
  assert.deepEqual(globalCodes('user 99'), []);
  assert.deepEqual(backendCodes('mode http tcp'), ['extra-argument']);
  assert.deepEqual(backendCodes('option redispatch 1'), [], 'option redispatch takes an optional interval');
  assert.deepEqual(backendCodes('option abortonclose now'), ['extra-argument']);
  assert.deepEqual(backendCodes('description several words are fine'), []);
  assert.deepEqual(globalCodes('maxconn 2000 ""'), [], 'HAProxy does not count empty arguments');
  assert.deepEqual(globalCodes('maxconn 2000 "${MORE}"'), [], 'an environment reference may be empty');
});

test('argument counts measured on 2.6 give way where a later synopsis allows more', () => {
  assert.deepEqual(globalCodes('external-check extra'), ['extra-argument']);
  assert.deepEqual(codesOnLine(frame({ before: ['global', '    external-check preserve-env'] }), 'external-check', CODES, '3.0'), []);
  assert.deepEqual(codesOnLine(frame({ before: ['global', '    set-dumpable libs'] }), 'set-dumpable', CODES, '3.4'), []);
  assert.deepEqual(codesOnLine(frame({ before: ['global', '    set-dumpable libs'] }), 'set-dumpable', CODES, '2.6'), ['extra-argument']);
});

test('counts of keywords HAProxy only ignores in the section are still checked ("default_backend" alone in a backend)', () => {
  const text = frame({ backend: ['default_backend', 'server s1 10.0.0.1:80'] });
  assert.deepEqual(withCode(text, 'missing-argument').map((f) => f.range.start.line), [text.split('\n').indexOf('    default_backend')]);
  assert.deepEqual(backendCodes('default_backend other'), []);
  assert.deepEqual(backendCodes('errorfile 503'), ['missing-argument']);
  assert.deepEqual(backendCodes('stick on'), ['missing-argument']);
  const httpErrors = frame({ after: ['http-errors site', '    errorfile 400'] });
  assert.deepEqual(codesOnLine(httpErrors, 'errorfile 400', CODES), ['missing-argument']);
});

test('missing-section-name: sections that need a name', () => {
  const text = ['backend', '    server s1 10.0.0.1:80', 'defaults', '    mode http', 'userlist', ''].join('\n');
  assert.deepEqual(withCode(text, 'missing-section-name').map((f) => f.range.start.line + 1), [1, 5]);
});

test('invalid-name: characters HAProxy refuses in proxy and section names', () => {
  const text = frame({ after: ['backend a/b', '    server s1 10.0.0.1:80', 'backend ok.name:with-all_chars', '    server s1 10.0.0.1:80',
    'peers p@1', 'cache c/1', '    total-max-size 4'] });
  const found = withCode(text, 'invalid-name');
  assert.deepEqual(found.map((f) => f.message), [
    "character '/' is not permitted in 'backend' name 'a/b'",
    "character '@' is not permitted in 'peers' name 'p@1'",
  ]);
  assert.equal(invalidNameChar('café'), undefined, 'bytes above ASCII pass, as in haproxy -c');
  assert.equal(invalidNameChar('a b'), ' ');
});

test('section headers: extra words after the name', () => {
  const text = [
    'global extra', '    maxconn 100', 'defaults base', '    mode http', 'frontend fe :80', '    bind :8080',
    'frontend fe2 from base', '    bind :8081', 'frontend fe3 from', '    bind :8082', 'backend be extra', '    server s1 10.0.0.1:80',
    'userlist users extra', '',
  ].join('\n');
  const found = findingsOf(text).filter((f) => CODES.includes(f.code)).map((f) => `${f.code}@${f.range.start.line + 1}`);
  assert.deepEqual(found, ['extra-argument@1', 'extra-argument@5', 'missing-argument@9', 'extra-argument@11', 'extra-argument@13']);
});
