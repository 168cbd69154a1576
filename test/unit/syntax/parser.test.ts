// Sections, directives, preprocessor lines and their exact ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { SECTION_KEYWORDS } from '../../../server/src/syntax/tree';

const CONFIG = [
  '# generated',              // 0
  'global',                   // 1
  '    daemon # bg',          // 2
  '',                         // 3
  'defaults base',            // 4
  '    mode http',            // 5
  'defaults web from base',   // 6
  '    timeout connect 5s',   // 7
  'frontend fe from web',     // 8
  '    bind :80',             // 9
  '    use_backend be',       // 10
  '# trailing comment',       // 11
  'backend be',               // 12
  '    server s1 127.0.0.1:8080 check', // 13
].join('\n');

test('sections with header words, from clauses and body directives', () => {
  const tree = parse(CONFIG);
  assert.deepEqual(tree.sections.map((s) => [s.type, s.name?.text, s.from?.text, s.startLine, s.endLine]), [
    ['global', undefined, undefined, 1, 3],
    ['defaults', 'base', undefined, 4, 5],
    ['defaults', 'web', 'base', 6, 7],
    ['frontend', 'fe', 'web', 8, 11],
    ['backend', 'be', undefined, 12, 13],
  ]);
  const fe = tree.sections[3];
  assert.equal(fe.fromKeyword?.text, 'from');
  assert.deepEqual(fe.directives.map((d) => [d.line, d.keyword.text, d.args.map((a) => a.text)]),
    [[9, 'bind', [':80']], [10, 'use_backend', ['be']]]);
  assert.deepEqual(fe.range, { start: { line: 8, character: 0 }, end: { line: 10, character: 18 } });
  const daemon = tree.sections[0].directives[0];
  assert.deepEqual(daemon.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } });
  assert.deepEqual(daemon.comment, { start: { line: 2, character: 11 }, end: { line: 2, character: 15 } });
  assert.equal(tree.issues.length, 0);
  assert.equal(tree.lineCount, 14);
});

test('every section keyword of 2.4-3.4 starts a section, even indented; a quoted one does not', () => {
  for (const kw of SECTION_KEYWORDS) {
    const tree = parse(`global\n  ${kw} x\n  foo`);
    assert.equal(tree.sections.length, 2, kw);
    assert.equal(tree.sections[1].type, kw);
    assert.equal(tree.sections[1].directives[0].keyword.text, 'foo');
  }
  assert.equal(parse('global\n  "backend" x').sections.length, 1);
});

test('lines before any section form the preamble', () => {
  const tree = parse('  mode http\n\nglobal\n');
  assert.deepEqual(tree.preamble.map((d) => d.keyword.text), ['mode']);
  assert.equal(tree.sections.length, 1);
});

test('the manual example of equivalent layouts gives the same structure', () => {
  const a = parse('    global#this is the global section\n daemon#daemonize\n    frontend         foo\nmode             http   # or tcp');
  const b = parse('global\n    daemon\n\n# this is the public web frontend\nfrontend foo\n    mode http');
  const shape = (t: typeof a) => t.sections.map((s) => [s.type, s.name?.text, s.directives.map((d) => [d.keyword.text, ...d.args.map((x) => x.text)])]);
  assert.deepEqual(shape(a), shape(b));
});

test('CRLF line endings: same words and ranges as LF', () => {
  const lf = parse(CONFIG);
  const crlf = parse(CONFIG.replace(/\n/g, '\r\n'));
  assert.deepEqual(crlf.sections, lf.sections);
});

test('one bad line does not hide the rest', () => {
  const tree = parse('frontend fe\n  bind "unclosed\n  mode http\nbackend be\n  server s 1.2.3.4:80');
  assert.deepEqual(tree.issues.map((i) => [i.code, i.range.start.line]), [['unterminated-quote', 1]]);
  assert.deepEqual(tree.sections.map((s) => s.directives.length), [2, 1]);
});

test('message lines and unknown dot-directives', () => {
  const tree = parse('.diag "WTA/2021-05-07: replace" now\n.alert\n.foo bar');
  assert.deepEqual(tree.messages.map((m) => [m.keyword, m.message]), [['.diag', 'WTA/2021-05-07: replace now'], ['.alert', '']]);
  assert.deepEqual(tree.issues.map((i) => [i.code, i.range.start.line]), [['unknown-preprocessor-directive', 2]]);
});

test('never throws on hostile input', () => {
  for (const text of ['', '\0\0\0', '\uFFFD'.repeat(1000), '"'.repeat(100001), 'a'.repeat(1 << 20), '.if ' + '('.repeat(100000), '.if ' + '!'.repeat(100000) + '1', '.if ' + '1&&'.repeat(50000) + '1', '\r\r\n\n\r']) {
    const tree = parse(text);
    assert.ok(Array.isArray(tree.issues));
  }
});
