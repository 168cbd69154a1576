// Keyword checks: each code on what HAProxy refuses or warns about, and a near miss HAProxy takes
// without a word does not trigger it (behaviours checked with Debian's haproxy 2.6.12 -c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FindingCode } from '../../../server/src/analysis/findings';
import { matchLine } from '../../../server/src/analysis/checks/keywordTables';
import { getCatalog } from '../../../server/src/catalog/catalog';
import { parse } from '../../../server/src/syntax/parser';
import { codesOnLine, findingsOf, frame, withCode } from './checkHelpers';

const KEYWORD_CODES: FindingCode[] = ['unknown-keyword', 'keyword-wrong-section', 'keyword-ignored-in-section', 'keyword-too-new',
  'keyword-removed', 'keyword-deprecated', 'directive-outside-section', 'unknown-section', 'negation-not-supported', 'missing-argument'];

const catalog26 = getCatalog('2.6');

function backendCodes(line: string, version = '2.6'): string[] {
  return codesOnLine(frame({ backend: [line, 'server s1 10.0.0.1:80'] }), line, KEYWORD_CODES, version);
}

function frontendCodes(line: string, version = '2.6'): string[] {
  return codesOnLine(frame({ frontend: [line] }), line, KEYWORD_CODES, version);
}

function globalCodes(line: string, version = '2.6'): string[] {
  return codesOnLine(frame({ before: ['global', `    ${line}`] }), line, KEYWORD_CODES, version);
}

test('unknown-keyword: HAProxy-style message with did-you-mean, on the keyword only', () => {
  const text = frame({ backend: ['balanse roundrobin', 'server s1 10.0.0.1:80'] });
  const [f] = withCode(text, 'unknown-keyword');
  assert.equal(f.message, "unknown keyword 'balanse' in 'backend' section; did you mean 'balance'?");
  assert.deepEqual(f.data?.suggestions?.[0], 'balance');
  assert.equal(f.severity, 'error');
  assert.equal(f.range.end.character - f.range.start.character, 'balanse'.length);
  assert.deepEqual(backendCodes('balance roundrobin'), []);
  assert.deepEqual(globalCodes('maxconns 100'), ['unknown-keyword']);
  assert.deepEqual(globalCodes('maxconn 100'), []);
});

test('unknown-keyword: section keywords are did-you-mean candidates too ("backends")', () => {
  const [f] = withCode(frame({ frontend: ['backends be'] }), 'unknown-keyword');
  assert.equal(f.data?.suggestions?.[0], 'backend');
});

test('unknown members of keyword families: option, timeout, http-check, global stats', () => {
  const text = frame({ backend: ['option forwardedfor', 'server s1 10.0.0.1:80'] });
  const [f] = withCode(text, 'unknown-keyword');
  assert.equal(f.message, "unknown option 'forwardedfor'; did you mean 'forwardfor'?");
  assert.equal(f.data?.suggestions?.[0], 'forwardfor');
  assert.equal(text.split('\n')[f.range.start.line].slice(f.range.start.character, f.range.end.character), 'forwardedfor');
  assert.deepEqual(backendCodes('option forwardfor'), []);
  assert.deepEqual(backendCodes('timeout sever 5s'), ['unknown-keyword']);
  assert.deepEqual(backendCodes('timeout server 5s'), []);
  assert.deepEqual(backendCodes('timeout mail 5s'), ['unknown-keyword'], 'a mailers keyword is an unknown timeout in a proxy');
  assert.deepEqual(backendCodes('http-check expct status 200'), ['unknown-keyword']);
  assert.deepEqual(backendCodes('http-check expect status 200'), []);
  assert.deepEqual(globalCodes('stats sockets /run/haproxy.sock'), ['unknown-keyword']);
  const [stats] = withCode(frame({ before: ['global', '    stats sockets /run/haproxy.sock'] }), 'unknown-keyword');
  assert.equal(stats.message, "unknown keyword 'stats sockets' in 'global' section; did you mean 'socket'?");
  assert.deepEqual(globalCodes('stats socket /run/haproxy.sock mode 600 level admin'), []);
  assert.deepEqual(backendCodes('option'), ['missing-argument']);
});

test('keywords written with their argument in parentheses are known ("http-check set-var(check.port)")', () => {
  assert.deepEqual(backendCodes('http-check set-var(check.port) int(1234)'), []);
  assert.deepEqual(backendCodes('http-check unset-var(check.port)'), []);
  assert.deepEqual(backendCodes('tcp-check set-var-fmt(check.name) "%H"'), []);
  assert.deepEqual(backendCodes('tcp-check set-vars(check.port) int(1)'), ['unknown-keyword']);
});

test('keyword-wrong-section: refused outside the sections that take it', () => {
  assert.deepEqual(globalCodes('balance roundrobin'), ['keyword-wrong-section']);
  const [f] = withCode(frame({ before: ['global', '    balance roundrobin'] }), 'keyword-wrong-section');
  assert.deepEqual(f.data?.allowedIn, ['defaults', 'listen', 'backend']);
  assert.equal(f.severity, 'error');
  assert.deepEqual(frontendCodes('server s1 10.0.0.1:80'), ['keyword-wrong-section']);
  assert.deepEqual(frontendCodes('retry-on all-retryable-errors'), ['keyword-wrong-section']);
  assert.deepEqual(backendCodes('tcp-request connection reject'), ['keyword-wrong-section']);
  assert.deepEqual(backendCodes('nbthread 4'), ['keyword-wrong-section']);
  assert.deepEqual(codesOnLine(frame({ before: ['global', '    nbthread 4'] }), 'nbthread', KEYWORD_CODES), []);
  assert.deepEqual(backendCodes('retry-on all-retryable-errors'), []);
});

test('keyword-wrong-section: defaults refuse proxy-only keywords; anonymous defaults refuse named-only ones', () => {
  const text = ['defaults', '    use_backend be', '    http-request deny', 'defaults named', '    http-request deny', ''].join('\n');
  const found = findingsOf(text).filter((f) => f.code === 'keyword-wrong-section').map((f) => f.range.start.line + 1);
  assert.deepEqual(found, [2, 3]);
});

test('keyword-ignored-in-section: HAProxy only warns for a missing proxy capability', () => {
  assert.deepEqual(backendCodes('option httplog'), ['keyword-ignored-in-section']);
  const [f] = withCode(frame({ backend: ['option httplog', 'server s1 10.0.0.1:80'] }), 'keyword-ignored-in-section');
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, "backend 'be' : 'option httplog' directive is ignored in backends");
  assert.deepEqual(frontendCodes('balance roundrobin'), ['keyword-ignored-in-section']);
  assert.deepEqual(frontendCodes('timeout server 31s'), ['keyword-ignored-in-section']);
  assert.deepEqual(backendCodes('bind :8443'), ['keyword-ignored-in-section']);
  assert.deepEqual(frontendCodes('option httplog'), []);
  // a listen has both capabilities, whatever the manual's matrix says (hash-balance-factor lacks 'listen' there)
  assert.deepEqual(codesOnLine(frame({ after: ['listen l', '    bind :9000', '    hash-balance-factor 150'] }), 'hash-balance-factor', KEYWORD_CODES), []);
  const silent = withCode(frame({ backend: ['unique-id-header X-ID', 'server s1 10.0.0.1:80'] }), 'keyword-ignored-in-section');
  assert.deepEqual(silent.map((s) => s.severity), ['information']);
});

test('keyword-too-new: a keyword of a later version is refused by the target one', () => {
  assert.deepEqual(frontendCodes('timeout client-hs 5s', '2.6'), ['keyword-too-new']);
  assert.deepEqual(frontendCodes('timeout client-hs 5s', '3.0'), []);
  const [f] = withCode(frame({ frontend: ['timeout client-hs 5s'] }), 'keyword-too-new');
  assert.match(f.message, /needs HAProxy 3\.0 or later/);
});

test('unknown-section: a section type the target version does not have', () => {
  const text = frame({ after: ['crt-store web', '    load crt site.pem'] });
  const [f] = withCode(text, 'unknown-section');
  assert.match(f.message, /'crt-store' sections need HAProxy 3\.0 or later/);
  assert.equal(withCode(text, 'unknown-keyword').length, 0, 'the body of an unknown section is not checked line by line');
  assert.equal(withCode(text, 'unknown-section', '3.0').length, 0);
  // gone from a later manual, or documented by none: only a warning where HAProxy was not checked
  const program = frame({ after: ['program sidecar', '    command /usr/bin/true'] });
  assert.deepEqual(withCode(program, 'unknown-section', '3.2').map((f) => f.severity), ['warning']);
  assert.deepEqual(withCode(program, 'unknown-section', '2.6'), []);
  const profile = frame({ after: ['log-profile quiet'] });
  assert.deepEqual(withCode(profile, 'unknown-section', '2.6').map((f) => f.severity), ['error']);
  assert.deepEqual(withCode(profile, 'unknown-section', '3.4').map((f) => f.severity), ['warning']);
});

test('keyword-removed: legacy keywords HAProxy names, and keywords gone from the target catalog', () => {
  const [f] = withCode(frame({ frontend: ['reqadd X-Proto:\\ https'] }), 'keyword-removed');
  assert.equal(f.message, "The 'reqadd' directive is not supported anymore since HAProxy 2.1. Use 'http-request add-header' instead.");
  assert.equal(f.severity, 'error');
  assert.deepEqual(frontendCodes('http-request add-header X-Proto https'), []);
  const [r] = withCode(frame({ backend: ['redispatch', 'server s1 10.0.0.1:80'] }), 'keyword-removed');
  assert.deepEqual(r.data?.suggestions, ['option redispatch']);
  assert.deepEqual(globalCodes('nbproc 2', '2.6'), ['keyword-removed']);
  assert.deepEqual(globalCodes('nbproc 2', '2.4'), []);
  // gone from the 2.8 manual: only a warning (a manual change is not proof that HAProxy refuses it)
  const gone = withCode(frame({ frontend: ['bind-process all'] }), 'keyword-removed', '2.8');
  assert.deepEqual(gone.map((g) => g.severity), ['warning']);
  assert.deepEqual(frontendCodes('bind-process all', '2.6'), []);
});

test('keyword-deprecated: struck through, with the successor for a quick fix', () => {
  const text = frame({ before: ['global', '    tune.ssl.capture-cipherlist-size 64'] });
  const [f] = withCode(text, 'keyword-deprecated');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.tags, ['deprecated']);
  assert.equal(f.data?.successor, 'tune.ssl.capture-buffer-size');
  assert.deepEqual(globalCodes('tune.ssl.capture-buffer-size 64'), []);
});

test('negation-not-supported: "no"/"default" only before negatable options and log', () => {
  assert.deepEqual(backendCodes('no option httpchk'), ['negation-not-supported']);
  assert.deepEqual(backendCodes('default option forwardfor'), ['negation-not-supported']);
  assert.deepEqual(backendCodes('no balance'), ['negation-not-supported']);
  assert.deepEqual(backendCodes('no option redispatch'), []);
  assert.deepEqual(backendCodes('no log'), []);
  assert.deepEqual(globalCodes('no-memory-trimming'), []);
});

test('directive-outside-section: lines before the first section header', () => {
  const text = ['maxconn 100', 'global', '    maxconn 100', ''].join('\n');
  const found = withCode(text, 'directive-outside-section');
  assert.deepEqual(found.map((f) => [f.range.start.line, f.severity]), [[0, 'error']]);
  assert.deepEqual(found[0].data?.allowedIn, ['global', 'defaults', 'frontend', 'listen', 'log-forward']);
});

test('inactive lines are not checked; undecided ones only get warnings', () => {
  const inactive = frame({ backend: ['.if version_atleast(9.0)', '    balanse roundrobin', '.endif', 'server s1 10.0.0.1:80'] });
  assert.deepEqual(withCode(inactive, 'unknown-keyword'), []);
  const undecided = frame({ backend: ['.if defined(SOME_VAR)', '    balanse roundrobin', '.endif', 'server s1 10.0.0.1:80'] });
  assert.deepEqual(withCode(undecided, 'unknown-keyword').map((f) => f.severity), ['warning']);
});

test('the line matcher agrees with Catalog.matchKeyword on every corpus directive', () => {
  let corpusDir = __dirname;
  while (!existsSync(join(corpusDir, 'test', 'corpus', 'verdicts.json')) && corpusDir !== dirname(corpusDir)) corpusDir = dirname(corpusDir);
  corpusDir = join(corpusDir, 'test', 'corpus');
  let compared = 0;
  for (const folder of ['valid', 'invalid']) {
    for (const file of readdirSync(join(corpusDir, folder))) {
      const tree = parse(readFileSync(join(corpusDir, folder, file), 'utf8'), { version: '2.6' });
      for (const section of tree.sections) {
        for (const d of section.directives) {
          const words = [d.keyword.text, ...d.args.map((w) => w.text)];
          const expected = catalog26.matchKeyword(section.type, words);
          const actual = matchLine(catalog26, section.type, d);
          assert.deepEqual(actual && [actual.keyword.name, actual.consumed, actual.prefix],
            expected && [expected.keyword.name, expected.consumed, expected.prefix], `${folder}/${file}:${d.line + 1}`);
          compared++;
        }
      }
    }
  }
  assert.ok(compared > 1000);
});
