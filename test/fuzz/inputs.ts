// What the fuzzer feeds the language service: random token streams built from HAProxy's own
// vocabulary (so they reach deep into analysis and features), mutations of the corpus configs
// (deleted / duplicated / swapped lines, random bytes, unbalanced quotes and .if blocks, cut
// files), and plain random text. Each case also carries the target version, the positions to
// query, a rename name, format settings and edits to replay incrementally.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { getCatalog, knownVersions } from '../../server/src/catalog/catalog';
import { SECTION_KEYWORDS } from '../../server/src/syntax/tree';

const CORPUS = join(__dirname, '../../../test/corpus');

export const corpus: ReadonlyArray<{ file: string; text: string }> = ['valid', 'invalid'].flatMap((dir) =>
  readdirSync(join(CORPUS, dir))
    .filter((name) => name.endsWith('.cfg'))
    .sort()
    .map((name) => ({ file: `${dir}/${name}`, text: readFileSync(join(CORPUS, dir, name), 'utf8') })),
);

/** A position as fractions: mapped onto whatever lines the text has (some deliberately past the end). */
export interface FuzzPosition { line: number; character: number }

export interface FuzzEdit { at: FuzzPosition; deleteChars: number; text: string }

export interface FuzzCase {
  /** Where the text came from (shown in failures). */
  origin: string;
  text: string;
  version: string;
  positions: FuzzPosition[];
  newName: string;
  format: { indent: number; useTabs: boolean; alignServerColumns: boolean };
  edits: FuzzEdit[];
}

function vocabulary(): string[] {
  const catalog = getCatalog(knownVersions().at(-1) as string);
  const keywords = new Set<string>();
  for (const type of catalog.sectionTypes()) for (const k of catalog.keywordsFor(type)) keywords.add(k.name);
  const words = [
    ...keywords,
    ...catalog.fetches().slice(0, 120).map((f) => f.name),
    ...catalog.converters().slice(0, 60).map((c) => c.name),
    ...catalog.serverOptions().map((o) => o.name),
    ...catalog.bindOptions().map((o) => o.name),
    ...catalog.actionsFor('http-request').map((a) => a.name),
  ];
  return [...new Set(words)].sort();
}

const WORDS = vocabulary();
const NAMES = ['be_app', 'fe_main', 'web', 's1', 's2', 'is_api', 'api', 'stats', 'peers1', 'mycache', 'L1', 'be_app/s1', 'st_src'];
const VALUES = ['5s', '100ms', '0', '-1', '65536', '99999999999999999999', '256', '50%', '127.0.0.1:80', '[::1]:8080', ':443', 'ipv4@0.0.0.0:80', 'unix@/run/x.sock', '/etc/haproxy/x.pem', 'h2,http/1.1', 'GET', '/health', 'roundrobin'];
const PUNCTUATION = ['"', "'", '\\', '#', '${', '}', '$', '(', ')', ',', '!', '||', '{', '-m', '-i', '%[', ']', '\\x', '\\x4', '\\"', "\\'", 'if', 'unless', 'or', '&&', '=', ':'];
const DIRECTIVES = ['.if', '.elif', '.else', '.endif', '.diag', '.notice', '.warning', '.alert', '.if defined(X)', '.if version_atleast(2.6)', '.if feature(OPENSSL)', '.if streq(a,b)', '.if !', '.if ('];
const ODD = ['\0', '\t', '\u00a0', '\ufeff', '\ufffd', '\u2028', '\u200b', 'é', '😀', '\x1b[31m', '\x7f', '\\u0000'];

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

const indentation = fc.constantFrom('', '', '    ', '\t', '  ', ' \t ');
const terminator = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');

const tokenLine = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...SECTION_KEYWORDS), fc.constantFrom(...NAMES, '')).map(([s, n]) => `${s} ${n}`.trimEnd()) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...DIRECTIVES), fc.array(token, { maxLength: 3 })).map(([d, rest]) => [d, ...rest].join(' ')) },
  { weight: 8, arbitrary: fc.tuple(indentation, fc.array(token, { minLength: 1, maxLength: 10 }), fc.constantFrom(' ', '  ', '\t')).map(([i, words, sep]) => i + words.join(sep)) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '# comment', '    # indented comment') },
);

export const tokenStream: fc.Arbitrary<{ origin: string; text: string }> = fc
  .array(fc.tuple(tokenLine, terminator), { minLength: 0, maxLength: 60 })
  .map((lines) => ({ origin: 'token stream', text: lines.map(([l, t]) => l + t).join('') }));

type Mutation = { name: string; apply: (lines: string[]) => void };
const at = (lines: string[], n: number) => n % Math.max(1, lines.length);
const insertAt = (line: string, n: number, text: string) => {
  const pos = n % (line.length + 1);
  return line.slice(0, pos) + text + line.slice(pos);
};

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n): Mutation => ({ name: `delete line ${n}`, apply: (l) => void l.splice(at(l, n), 1) })),
  fc.nat().map((n): Mutation => ({ name: `duplicate line ${n}`, apply: (l) => void l.splice(at(l, n), 0, l[at(l, n)] ?? '') })),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => ({
    name: `swap lines ${a} ${b}`,
    apply: (l) => {
      const [i, j] = [at(l, a), at(l, b)];
      [l[i], l[j]] = [l[j] ?? '', l[i] ?? ''];
    },
  })),
  fc.tuple(fc.nat(), fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 12 })).map(([n, k, bytes]): Mutation => ({
    name: `random bytes on line ${n}`,
    apply: (l) => void (l[at(l, n)] = insertAt(l[at(l, n)] ?? '', k, bytes)),
  })),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('"', "'", '\\', '${', '#', '(', ')')).map(([n, k, q]): Mutation => ({
    name: `unbalanced ${q} on line ${n}`,
    apply: (l) => void (l[at(l, n)] = insertAt(l[at(l, n)] ?? '', k, q)),
  })),
  fc.tuple(fc.nat(), fc.constantFrom('.if defined(A)', '.if 1', '.else', '.elif 0', '.endif', '.if', '.if version_atleast(')).map(([n, d]): Mutation => ({
    name: `stray '${d}' before line ${n}`,
    apply: (l) => void l.splice(at(l, n), 0, d),
  })),
  fc.tuple(fc.nat(), fc.nat(), token).map(([n, k, t]): Mutation => ({
    name: `replace a word on line ${n} by ${JSON.stringify(t)}`,
    apply: (l) => {
      const i = at(l, n);
      const words = (l[i] ?? '').split(' ');
      words[k % words.length] = t;
      l[i] = words.join(' ');
    },
  })),
  fc.nat().map((n): Mutation => ({ name: `cut the file at line ${n}`, apply: (l) => void l.splice(at(l, n) + 1) })),
  fc.nat().map((n): Mutation => ({ name: `line ${n} joined with the next`, apply: (l) => void l.splice(at(l, n), 2, (l[at(l, n)] ?? '') + (l[at(l, n) + 1] ?? '')) })),
);

export const corpusMutation: fc.Arbitrary<{ origin: string; text: string }> = fc
  .tuple(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean())
  .map(([source, mutations, crlf]) => {
    const lines = source.text.split('\n');
    for (const m of mutations) m.apply(lines);
    return { origin: `${source.file} with ${mutations.map((m) => m.name).join(', ')}${crlf ? ', CRLF' : ''}`, text: lines.join(crlf ? '\r\n' : '\n') };
  });

export const randomText: fc.Arbitrary<{ origin: string; text: string }> = fc
  .oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 400 }), fc.string({ maxLength: 400 }))
  .map((text) => ({ origin: 'random text', text }));

const position = fc.record({ line: fc.nat({ max: 200 }), character: fc.nat({ max: 300 }) });

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  source: fc.oneof({ weight: 4, arbitrary: corpusMutation }, { weight: 4, arbitrary: tokenStream }, { weight: 1, arbitrary: randomText }),
  version: fc.constantFrom(...knownVersions()),
  positions: fc.array(position, { minLength: 1, maxLength: 6 }),
  newName: fc.oneof(fc.constantFrom('new_name', 'be_renamed', '', 'a b', 'x;y', '😀', 'a\nb', 'x'.repeat(300)), fc.string({ maxLength: 10 })),
  format: fc.record({ indent: fc.constantFrom(2, 4, 8), useTabs: fc.boolean(), alignServerColumns: fc.boolean() }),
  edits: fc.array(fc.record({ at: position, deleteChars: fc.nat({ max: 40 }), text: fc.oneof(token, fc.constantFrom('\n', '\r\n', '"', '.if 1\n', '.endif\n', '')) }), { maxLength: 4 }),
}).map(({ source, ...rest }) => ({ origin: source.origin, text: source.text, ...rest }));
