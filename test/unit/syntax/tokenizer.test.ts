// Tokenizer against the quoting/escaping rules and examples of configuration manual §2.2-2.3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenizeLine } from '../../../server/src/syntax/tokenizer';

const texts = (line: string) => tokenizeLine(line, 0).words.map((w) => w.text);

test('blanks (spaces and tabs) separate words; leading blanks are skipped', () => {
  assert.deepEqual(texts('  \tmode \t http  '), ['mode', 'http']);
});

test("the manual's five equivalent log-format lines give the same word", () => {
  const expected = ['log-format', '%{+Q}o %t %s %{-Q}r'];
  for (const line of [
    'log-format %{+Q}o\\ %t\\ %s\\ %{-Q}r',
    'log-format "%{+Q}o %t %s %{-Q}r"',
    "log-format '%{+Q}o %t %s %{-Q}r'",
    `log-format "%{+Q}o %t"' %s %{-Q}r'`,
    `log-format "%{+Q}o %t"' %s'\\ %{-Q}r`,
  ]) assert.deepEqual(texts(line), expected, line);
});

test('escape matrix: unquoted escapes', () => {
  assert.deepEqual(texts('a\\ b \\# \\\\ \\" \\\' \\$ \\n\\r\\t \\x41\\x2f'), ['a b', '#', '\\', '"', "'", '$', '\n\r\t', 'A/']);
  assert.deepEqual(texts('a\\\tb'), ['a\tb']);
});

test('escape matrix: weakly quoted', () => {
  assert.deepEqual(texts('"<\t>" "\\\t" "\\x09" "\\n" "\\"" "#" "\\#" "\\$" "\'" "\\\'" "\\\\" "\\x5c"'),
    ['<\t>', '\t', '\t', '\n', '"', '#', '#', '$', "'", "'", '\\', '\\']);
});

test('escape matrix: strongly quoted keeps everything', () => {
  assert.deepEqual(texts(`'\t' ' ' '"' '#' '$' '\\' '\\n'`), ['\t', ' ', '"', '#', '$', '\\', '\\n']);
});

test('regsub examples: escaped and single-quoted quotes reach the second level', () => {
  assert.deepEqual(texts('http-request set-path %[path,regsub(\\"(foo|bar)\\",blah,g)]')[2], '%[path,regsub("(foo|bar)",blah,g)]');
  assert.deepEqual(texts(`http-request set-path '%[path,regsub("(foo|bar)",blah,g)]'`)[2], '%[path,regsub("(foo|bar)",blah,g)]');
  assert.deepEqual(texts(`http-request set-path '%[path,regsub("^/(here)(/|$)","my/\\1",g)]'`)[2], '%[path,regsub("^/(here)(/|$)","my/\\1",g)]');
  assert.deepEqual(texts(`http-request set-var(txn.foo) str("\\\\'foo\\\\'")`)[2], "str(\\'foo\\')");
  assert.deepEqual(texts(`http-request set-var(txn.foo) str(\\"\\'foo\\'\\")`)[2], `str("'foo'")`);
  assert.deepEqual(texts(`http-request set-var(txn.foo) str(\\\\\\'foo\\\\\\')`)[2], "str(\\'foo\\')");
});

test('other backslash sequences are kept verbatim (regexes)', () => {
  assert.deepEqual(texts('acl a path_reg ^/\\d+$'), ['acl', 'a', 'path_reg', '^/\\d+$']);
});

test('comments: an unprotected # starts a comment anywhere, even inside a word', () => {
  const t = tokenizeLine('global#this is the global section', 3);
  assert.deepEqual(t.words.map((w) => w.text), ['global']);
  assert.deepEqual(t.comment, { start: { line: 3, character: 6 }, end: { line: 3, character: 33 } });
  assert.deepEqual(texts('mode             http   # or tcp'), ['mode', 'http']);
  assert.deepEqual(texts('a "#b" \'#c\' \\#d'), ['a', '#b', '#c', '#d']);
  assert.equal(tokenizeLine('# only a comment', 0).words.length, 0);
});

test('words carry raw text, exact UTF-16 ranges and quoted flag', () => {
  const t = tokenizeLine('  é😀 "a b"c', 7);
  assert.deepEqual(t.words.map((w) => [w.raw, w.range.start.character, w.range.end.character, w.quoted]),
    [['é😀', 2, 5, false], ['"a b"c', 6, 12, true]]);
  assert.equal(t.words[1].range.start.line, 7);
});

test('env references inside double quotes are recorded, not expanded', () => {
  const w = tokenizeLine('log "${LOCAL_SYSLOG-127.0.0.1}:514" local0', 0).words[1];
  assert.equal(w.text, '${LOCAL_SYSLOG-127.0.0.1}:514');
  assert.deepEqual(w.envRefs, [{ name: 'LOCAL_SYSLOG', defaultValue: '127.0.0.1', range: { start: { line: 0, character: 5 }, end: { line: 0, character: 30 } } }]);
  const bare = tokenizeLine('user "$HAPROXY_USER"', 0).words[1];
  assert.deepEqual(bare.envRefs.map((r) => [r.name, r.range.start.character, r.range.end.character]), [['HAPROXY_USER', 6, 19]]);
  const split = tokenizeLine('server-template "${ADDRS[*]}"', 0).words[1];
  assert.equal(split.envRefs[0].split, true);
  assert.equal(tokenizeLine('bind "fd@${FD_APP1}"', 0).words[1].envRefs[0].name, 'FD_APP1');
});

test('no env references outside double quotes, nor for escaped or lone dollars', () => {
  assert.deepEqual(tokenizeLine('a $FOO \'$FOO\' "\\$FOO" "$ x"', 0).words.map((w) => w.envRefs.length), [0, 0, 0, 0, 0]);
});

test('unterminated quotes are errors ranging from the quote to the end of the line', () => {
  const t = tokenizeLine('  log-format "abc def', 2);
  assert.equal(t.issues.length, 1);
  assert.equal(t.issues[0].code, 'unterminated-quote');
  assert.deepEqual(t.issues[0].range, { start: { line: 2, character: 13 }, end: { line: 2, character: 21 } });
  assert.equal(tokenizeLine("a 'b", 0).issues[0].code, 'unterminated-quote');
  assert.equal(tokenizeLine('a "it\'s"', 0).issues.length, 0);
});

test('invalid hex escape and unmatched env brace are errors', () => {
  const hex = tokenizeLine('log-tag a\\x4', 0).issues;
  assert.deepEqual(hex.map((i) => [i.code, i.range.start.character]), [['invalid-hex-escape', 9]]);
  assert.equal(tokenizeLine('log-tag "${A"', 0).issues[0].code, 'unterminated-env-brace');
});

test('a trailing CR is not part of the line; NUL bytes are reported', () => {
  const t = tokenizeLine('mode http\r', 0);
  assert.deepEqual(t.words.map((w) => w.raw), ['mode', 'http']);
  assert.equal(tokenizeLine('a\0b', 0).issues[0].code, 'nul-character');
});

test('more than 64 words: a warning on the extra ones', () => {
  const line = Array.from({ length: 70 }, (_, i) => `w${i}`).join(' ');
  const t = tokenizeLine(line, 0);
  assert.equal(t.words.length, 70);
  assert.equal(t.issues[0].code, 'too-many-words');
  assert.equal(t.issues[0].range.start.character, line.indexOf('w64'));
});

test('never throws on hostile input: 1 MB line, replacement chars, lone backslash', () => {
  const big = 'x'.repeat(1 << 20);
  assert.equal(tokenizeLine(big, 0).words[0].text.length, 1 << 20);
  assert.equal(tokenizeLine('"' + big, 0).issues[0].code, 'unterminated-quote');
  assert.deepEqual(texts('\uFFFD\uFFFD a\\'), ['\uFFFD\uFFFD', 'a\\']);
});
