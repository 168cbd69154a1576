// Formatting never changes meaning: every corpus config, randomly mis-formatted (indentation,
// blanks, blank lines, CRLF, comments, stray quotes/backslashes), is formatted, re-parsed and compared
// word by word with the input: same words (raw and decoded), same comments, same sections, same
// line activity. Formatting is also idempotent and leaves no trailing blanks on lines it may touch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatDocument } from '../../../server/src/features/formatting';
import type { FormatSettings } from '../../../server/src/model';
import { parse } from '../../../server/src/syntax/parser';
import { splitLines } from '../../../server/src/syntax/tokenizer';
import type { ConfigTree, EvalContext } from '../../../server/src/syntax/tree';
import { applyEdits, modelOf } from './featureHelpers';

const SEED = 20240611;
const CORPUS = join(__dirname, '../../../../test/corpus');

interface Verdict { file: string; env: Record<string, string> }
const verdicts = (JSON.parse(readFileSync(join(CORPUS, 'verdicts.json'), 'utf8')) as { verdicts: Verdict[] }).verdicts;
const envOf = new Map(verdicts.map((v) => [v.file, v.env]));
const corpus = ['valid', 'invalid'].flatMap((dir) => readdirSync(join(CORPUS, dir))
  .filter((name) => name.endsWith('.cfg'))
  .map((name) => ({ file: `${dir}/${name}`, text: readFileSync(join(CORPUS, dir, name), 'utf8') })));

/** What HAProxy reads from a tree, line by line, ignoring blank lines and layout. */
function meaning(tree: ConfigTree): string[] {
  const out: string[] = [];
  for (let line = 0; line < tree.lineCount; line++) {
    const tokens = tree.lines[line];
    const node = tree.nodes[line];
    if (!node && !tokens.comment && tokens.issues.length === 0) continue;
    const words = tokens.words.map((w) => `${JSON.stringify(w.raw)}=${JSON.stringify(w.text)}`).join(' ');
    out.push(`${node?.kind ?? 'comment'} ${node?.activity ?? ''} ${words} issues=${tokens.issues.map((i) => i.code).join(',')}`);
  }
  for (const section of tree.sections) out.push(`section ${section.type} ${section.name?.raw ?? ''} (${section.directives.length})`);
  return out;
}

function comments(text: string, tree: ConfigTree): string[] {
  const lines = splitLines(text);
  return tree.lines.flatMap((t, i) => (t.comment ? [lines[i].slice(t.comment.start.character).replace(/[ \t]+$/, '')] : []));
}

// ---- mutations ----

const BLANKS = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 6 });
const RISKY = fc.constantFrom('"', "'", '\\', '#', '$', '{', '}', '\u00a0', 'x', ' ', '\t', '${A}', '\\x4');

type Mutation = (lines: string[]) => void;
const at = (lines: string[], n: number): number => n % Math.max(1, lines.length);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), BLANKS).map(([n, blanks]): Mutation => (lines) => {
    const i = at(lines, n); lines[i] = blanks + lines[i].replace(/^[ \t]+/, '');
  }),
  fc.tuple(fc.nat(), fc.nat(), BLANKS).map(([n, k, blanks]): Mutation => (lines) => {
    const i = at(lines, n); let seen = 0;
    lines[i] = lines[i].replace(/ +/g, (run) => (seen++ === k % 4 ? run + blanks : run));
  }),
  fc.tuple(fc.nat(), BLANKS).map(([n, blanks]): Mutation => (lines) => { const i = at(lines, n); lines[i] += blanks; }),
  fc.tuple(fc.nat(), fc.array(BLANKS, { minLength: 1, maxLength: 4 })).map(([n, blank]): Mutation => (lines) => {
    lines.splice(at(lines, n), 0, ...blank);
  }),
  fc.tuple(fc.nat(), BLANKS, fc.string({ maxLength: 12 })).map(([n, blanks, text]): Mutation => (lines) => {
    lines.splice(at(lines, n), 0, `${blanks}#${text.replace(/[\r\n]/g, '')}`);
  }),
  fc.tuple(fc.nat(), fc.nat(), RISKY).map(([n, k, ch]): Mutation => (lines) => {
    const i = at(lines, n); const pos = k % (lines[i].length + 1);
    lines[i] = lines[i].slice(0, pos) + ch + lines[i].slice(pos);
  }),
  fc.tuple(fc.nat(), BLANKS).map(([n, blanks]): Mutation => (lines) => {
    const i = at(lines, n); lines[i] = lines[i].replace(/^[ \t]*/, blanks).replace(/^([ \t]*)(\S)/, '$1.if defined(A)\n$1$2') + '\n.endif';
  }),
);

interface Case { file: string; text: string; settings: FormatSettings }
const caseArb: fc.Arbitrary<Case> = fc.record({
  source: fc.constantFrom(...corpus),
  mutations: fc.array(mutationArb, { maxLength: 8 }),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  settings: fc.record({ indent: fc.integer({ min: 1, max: 8 }), useTabs: fc.boolean(), alignServerColumns: fc.boolean() }),
}).map(({ source, mutations, crlf, finalNewline, settings }) => {
  const lines = source.text.replace(/\r?\n$/, '').split(/\r?\n/);
  for (const mutate of mutations) mutate(lines);
  const joined = lines.join('\n').split('\n').join(crlf ? '\r\n' : '\n');
  return { file: source.file, text: joined + (finalNewline ? (crlf ? '\r\n' : '\n') : ''), settings };
});

/** Returns the number of edits, so the tests can make sure the inputs were not already formatted. */
function check({ file, text, settings }: Case): number {
  const ctx: EvalContext = { version: '2.6.12', env: { A: '1', ...envOf.get(file) } };
  const edits = formatDocument(modelOf(text), settings);
  const formatted = applyEdits(text, edits);
  const before = parse(text, ctx);
  const after = parse(formatted, ctx);
  assert.deepEqual(meaning(after), meaning(before), `${file}: same words, sections and activity`);
  assert.deepEqual(comments(formatted, after), comments(text, before), `${file}: same comments`);
  assert.deepEqual(formatDocument(modelOf(formatted), settings), [], `${file}: idempotent`);
  const lines = splitLines(formatted);
  lines.forEach((line, i) => {
    const tokens = after.lines[i];
    const endsInWord = !tokens.comment && tokens.words.at(-1)?.range.end.character === line.length; // an escaped blank: `\\ `
    if (tokens.issues.length === 0 && !endsInWord) assert.doesNotMatch(line, /[ \t]$/, `${file}:${i + 1} trailing blanks`);
  });
  if (/\S/.test(text)) assert.equal(lines.at(-1), '', `${file}: ends with a line terminator`);
  if (!/(^|[^\r])\n/.test(text) && text.includes('\r\n')) assert.doesNotMatch(formatted, /(^|[^\r])\n/, `${file}: stays CRLF`);
  return edits.length;
}

test(`formatting keeps every word, comment, section and activity (${corpus.length} corpus files, random mutations)`, () => {
  assert.ok(corpus.length >= 80, `corpus has ${corpus.length} files`);
  let edited = 0;
  fc.assert(fc.property(caseArb, (c) => { if (check(c) > 0) edited++; }), { seed: SEED, numRuns: 400 });
  assert.ok(edited > 300, `most mutated files need edits (${edited} of 400 did)`);
});

test('every unmutated corpus file is formatted without changing meaning', () => {
  for (const source of corpus) {
    check({ file: source.file, text: source.text, settings: { indent: 4, useTabs: false, alignServerColumns: false } });
    check({ file: source.file, text: source.text, settings: { indent: 2, useTabs: true, alignServerColumns: true } });
  }
});

const FRAGMENTS = [
  'global', 'frontend fe', 'backend be', 'listen l', 'defaults d from x', '  mode http', '  bind :80', ' server s 1.2.3.4:80 check',
  '.if 1', '.if 0', '.if defined(A)', '.elif 1', '.else', '.endif', '.notice "x"', '#c', ' # c', '"', "'", '\\', '$', '${A}',
  '"${A-x}"', ' ', '\t', '\n', '\r\n', 'x', 'é😀', '.foo', '\u00a0', '\u000b', '\\x4', '\\ ',
];
const randomTextArb = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));

test('random texts: same meaning, idempotent, edits never overlap', () => {
  let edited = 0;
  fc.assert(fc.property(randomTextArb, fc.boolean(), fc.boolean(), (text, useTabs, alignServerColumns) => {
    if (check({ file: 'random', text, settings: { indent: 3, useTabs, alignServerColumns } }) > 0) edited++;
  }), { seed: SEED, numRuns: 1500 });
  assert.ok(edited > 750, `most random texts need edits (${edited} of 1500 did)`);
});
