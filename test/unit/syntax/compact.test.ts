// The compact syntax tree (words keep numbers, ranges are computed on read) must behave like plain
// objects to its readers: same values, fresh ranges that nobody shares, the same JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ParsedDocument, splitKeepingEnds } from '../../../server/src/syntax/document';
import { parse } from '../../../server/src/syntax/parser';
import { tokenizeLine } from '../../../server/src/syntax/tokenizer';

test('a word range is a fresh object on each read: changing one moves nothing', () => {
  const word = tokenizeLine('  server s1 10.0.0.1:80', 4).words[1];
  const range = word.range;
  assert.notEqual(word.range, range);
  range.start.line = 99;
  range.end.character = 0;
  assert.deepEqual(word.range, { start: { line: 4, character: 9 }, end: { line: 4, character: 11 } });
});

test('JSON of words keeps the Word shape (text, raw, range, quoted, envRefs)', () => {
  const [plain, quoted] = tokenizeLine('log "${LOG_HOST-127.0.0.1}" local0', 2).words.slice(0, 2);
  assert.deepEqual(JSON.parse(JSON.stringify(plain)), {
    text: 'log', raw: 'log', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } }, quoted: false, envRefs: [],
  });
  assert.deepEqual(JSON.parse(JSON.stringify(quoted)), {
    text: '${LOG_HOST-127.0.0.1}', raw: '"${LOG_HOST-127.0.0.1}"',
    range: { start: { line: 2, character: 4 }, end: { line: 2, character: 27 } }, quoted: true,
    envRefs: [{ name: 'LOG_HOST', defaultValue: '127.0.0.1', range: { start: { line: 2, character: 5 }, end: { line: 2, character: 26 } } }],
  });
});

test('a directive range spans its words and follows them when lines are inserted above', () => {
  const doc = new ParsedDocument('global\n  maxconn 100 # limit\n');
  const directive = doc.tree.sections[0].directives[0];
  assert.deepEqual(directive.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 13 } });
  doc.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a\n# b\n' }]);
  const moved = doc.tree.sections[0].directives[0];
  assert.equal(moved.line, 3);
  assert.deepEqual(moved.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 13 } });
  assert.deepEqual(moved.args[0].range, { start: { line: 3, character: 10 }, end: { line: 3, character: 13 } });
  assert.deepEqual(moved.comment, { start: { line: 3, character: 14 }, end: { line: 3, character: 21 } });
});

test('words spelled alike on many lines all keep their own text (shared spellings never mix)', () => {
  // Many distinct short words: the bounded cache of shared spellings keeps replacing its slots.
  fc.assert(fc.property(fc.array(fc.array(fc.stringMatching(/^[a-z0-9:._-]{1,14}$/), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 200 }),
    (lines) => {
      lines.forEach((words, i) => {
        const tokens = tokenizeLine('  ' + words.join(' '), i);
        assert.deepEqual(tokens.words.map((w) => w.text), words);
        assert.deepEqual(tokens.words.map((w) => w.raw), words);
      });
    }), { numRuns: 200 });
});

test('blank, comment and word lines keep their own issue lists (none shared by mistake)', () => {
  const tree = parse('global\n  maxconn "100\n\n# c\n  daemon\n');
  assert.deepEqual(tree.lines.map((l) => l.issues.map((i) => i.code)), [[], ['unterminated-quote'], [], [], [], []]);
  assert.equal(tree.issues.length, 1);
});

/** The line splitter as it was written first (a regular expression), the reference. */
function splitWithRegex(text: string): string[] {
  const lines: string[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push(text.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  lines.push(text.slice(start));
  return lines;
}

test('splitKeepingEnds cuts at "\\n", "\\r\\n" and a lone "\\r" like the regex it replaced', () => {
  assert.deepEqual(splitKeepingEnds('a\nb\r\nc\rd'), ['a\n', 'b\r\n', 'c\r', 'd']);
  assert.deepEqual(splitKeepingEnds(''), ['']);
  assert.deepEqual(splitKeepingEnds('x\n'), ['x\n', '']);
  fc.assert(fc.property(fc.array(fc.constantFrom('a', ' ', '\n', '\r', '\r\n', 'é'), { maxLength: 30 }).map((p) => p.join('')), (text) => {
    assert.deepEqual(splitKeepingEnds(text), splitWithRegex(text));
  }), { numRuns: 500 });
});
