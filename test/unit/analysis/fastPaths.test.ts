// The character-code fast paths of the checks answer exactly what the regular expressions and
// string searches they replaced answered (those are restated here as the reference), on random
// texts built from the characters that matter (digits, signs, spaces, '$', braces, '%', units).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from '../../../server/src/syntax/parser';
import type { Directive, Word } from '../../../server/src/syntax/tree';
import { TEMPLATE_LINE, argumentDynamics, isArgumentDynamic, isDynamicWord, isSkipped, isTemplated } from '../../../server/src/analysis/checks/common';
import { atol } from '../../../server/src/analysis/checks/optionValues';
import { parseTimeMs } from '../../../server/src/analysis/checks/timeValues';
import type { TimeResult } from '../../../server/src/analysis/checks/timeValues';
import { isPlainDelay } from '../../../server/src/analysis/checks/timeValues';
import { parseSampleExpr } from '../../../server/src/analysis/checks/sampleExpr';
import { isPlainDottedQuad, plainIPv4Port } from '../../../server/src/analysis/checks/addresses';
import { getCatalog } from '../../../server/src/catalog/catalog';

const RUNS = { numRuns: 2000 };

/** Texts over an alphabet where every character class the parsers care about is frequent. */
const textOf = (chars: string, maxLength = 12): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...chars.split('')), { maxLength }).map((a) => a.join(''));

// ---- references: the former implementations ----
function atolByRegex(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
function parseTimeBySlices(text: string): TimeResult {
  let i = 0;
  while (i < text.length && text[i] >= '0' && text[i] <= '9') i++;
  if (i === 0) return { ok: false, badChar: text[0] ?? '', offset: 0 };
  const value = Number(text.slice(0, i));
  let unit = '';
  const c = text[i];
  if (c === undefined) unit = 'ms';
  else if (c === 'u' && text[i + 1] === 's') unit = 'us';
  else if (c === 'm' && text[i + 1] === 's') unit = 'ms';
  else if (c === 's' || c === 'm' || c === 'h' || c === 'd') unit = c;
  else return { ok: false, badChar: c, offset: i };
  const end = c === undefined ? i : i + (unit.length === 2 ? 2 : 1);
  const ms = value * UNIT_MS[unit];
  if (ms > 2147483647) return { ok: false, overflow: true };
  const trailing = text.slice(end);
  const result = { ok: true as const, value, ms: Math.floor(ms) };
  return trailing ? { ...result, trailing } : result;
}

function isDynamicByIncludes(w: Word): boolean {
  const t = w.text;
  return w.envRefs.length > 0 || t.includes('$') || (t.includes('{') && (t.includes('{{') || t.includes('{%')));
}

function isTemplatedByIncludes(d: Directive): boolean {
  return d.args.some((w) => w.text.includes('{') && (w.text.includes('{{') || w.text.includes('{%')));
}

/** The directives of a backend made of the given lines. */
function directivesOf(lines: string[]): Directive[] {
  const tree = parse(['backend be', ...lines.map((l) => `    ${l}`)].join('\n'));
  return tree.sections[0]?.directives ?? [];
}

test('atol reads what /^\\s*([+-]?\\d+)/ read, long digit runs included', () => {
  fc.assert(fc.property(textOf(' \t\u00a0\u2003+-0123456789x.', 24), (text) => {
    assert.equal(Object.is(atol(text), atolByRegex(text)) || atol(text) === atolByRegex(text), true, `atol(${JSON.stringify(text)})`);
  }), RUNS);
  for (const text of ['', '-', '+7', '  -12abc', '\u3000 42', '00010', '9'.repeat(30), `-${'8'.repeat(20)}x`]) {
    assert.equal(atol(text), atolByRegex(text), JSON.stringify(text));
  }
});

test('parseTimeMs gives the same results as the slicing parser it replaced', () => {
  fc.assert(fc.property(textOf('0123456789usmhdx ', 20), (text) => {
    assert.deepEqual(parseTimeMs(text), parseTimeBySlices(text), JSON.stringify(text));
  }), RUNS);
  for (const text of ['2s', '10sec', '0', '2147483647', '2147484s', '1'.repeat(25), '5us', 'ms']) {
    assert.deepEqual(parseTimeMs(text), parseTimeBySlices(text), text);
  }
});

test('isPlainDelay is true exactly when parseTimeMs reads the text in full with nothing to report', () => {
  const plainByParse = (text: string, nonZero: boolean): boolean => {
    const t = parseTimeMs(text);
    return t.ok && t.trailing === undefined && !(nonZero && t.value === 0);
  };
  fc.assert(fc.property(textOf('0123456789usmhdx', 20), fc.boolean(), (text, nonZero) => {
    assert.equal(isPlainDelay(text, nonZero), plainByParse(text, nonZero), `${JSON.stringify(text)} nonZero=${nonZero}`);
  }), RUNS);
  for (const text of ['2s', '0', '00', '10sec', '5us', '5ms', '5m', '5u', '2147483647', '2147483648', '2147484s', '24d', '25d', '9'.repeat(15), '9'.repeat(16), 'ms', '']) {
    for (const nonZero of [false, true]) assert.equal(isPlainDelay(text, nonZero), plainByParse(text, nonZero), `${text} ${nonZero}`);
  }
});

test('sample expression names are read with the characters of is_idchar(), as the string comparisons did', () => {
  const isIdCharByStrings = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
    || c === '.' || c === '_' || c === '-' || c === '+' || c === '$' || c === ':';
  const nameAt = (text: string, at: number): string => { let i = at; while (i < text.length && isIdCharByStrings(text[i])) i++; return text.slice(at, i); };
  fc.assert(fc.property(textOf('azAZ09._-+$:;/(),[]{} \u00e9@', 16), (text) => {
    const parsed = parseSampleExpr(text);
    assert.equal(parsed.fetch.name, nameAt(text, 0), JSON.stringify(text));
    for (const c of parsed.converters) assert.equal(c.name, nameAt(text, c.offset), JSON.stringify(text));
  }), RUNS);
});

/** The character loops plainIPv4Port replaced (a result outside 0-65535 sent the caller to the full check). */
function plainIPv4PortByLoops(text: string): number {
  const colon = text.lastIndexOf(':');
  if (colon < 7 || colon === text.length - 1 || colon > 15) return -1;
  let port = 0;
  for (let i = colon + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57 || port > 65535) return -1;
    port = port * 10 + (c - 48);
  }
  if (text.charCodeAt(colon + 1) === 48 && colon + 2 < text.length) return -1;
  return isPlainDottedQuad(text, colon) ? port : -1; // the dotted-quad loop, still the one for hosts
}

test('plainIPv4Port accepts exactly the addresses the character loops accepted, with the same port', () => {
  const usable = (port: number): number => (port >= 0 && port <= 65535 ? port : -1); // what checkAddress acts on
  const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), textOf('0123456789', 4));
  const port = fc.oneof(fc.integer({ min: 0, max: 70000 }).map(String), textOf('0123456789x', 7));
  const address = fc.tuple(octet, octet, octet, octet, port, fc.constantFrom(':', '::', '.:', '')).map(([a, b, c, d, p, sep]) => `${a}.${b}.${c}.${d}${sep}${p}`);
  fc.assert(fc.property(fc.oneof(address, textOf('0123456789.:x', 22)), (text) => {
    assert.equal(usable(plainIPv4Port(text)), usable(plainIPv4PortByLoops(text)), JSON.stringify(text));
  }), { numRuns: 5000 });
  for (const text of ['10.0.0.1:80', '0.0.0.0:0', '255.255.255.255:65535', '1.2.3.4:65536', '1.2.3.4:080', '01.2.3.4:80', '1.2.3:80', '1.2.3.4:', '1.2.3.4:123456']) {
    assert.equal(usable(plainIPv4Port(text)), usable(plainIPv4PortByLoops(text)), text);
  }
});

test('isDynamicWord and isTemplated answer as the includes() tests did, on real tokenized words', () => {
  const word = textOf('ab${}%"\\ 1');
  fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
    for (const d of directivesOf([`server s ${words.join(' ')}`])) {
      for (const w of [d.keyword, ...d.args]) assert.equal(isDynamicWord(w), isDynamicByIncludes(w), JSON.stringify(w.raw));
      assert.equal(isTemplated(d), isTemplatedByIncludes(d));
    }
  }), { numRuns: 500 });
});

test('argumentDynamics answers isTemplated and every argument\'s isDynamicWord in one pass, past the mask\'s 30 words too', () => {
  const word = fc.oneof(textOf('ab${}%"\\ 1', 6), textOf('ab${}%"\\1.:', 20)); // short words, and long ones (the builtin-search path)
  fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 40 }), (words) => {
    for (const d of directivesOf([`server s ${words.join(' ')}`])) {
      const mask = argumentDynamics(d);
      assert.equal(mask === TEMPLATE_LINE, isTemplated(d), JSON.stringify(d.args.map((w) => w.raw)));
      if (mask === TEMPLATE_LINE) continue;
      d.args.forEach((w, i) => assert.equal(isArgumentDynamic(mask, d.args, i), isDynamicWord(w), `${i}: ${JSON.stringify(w.raw)}`));
    }
  }), { numRuns: 500 });
  const [wide] = directivesOf([`server s ${Array.from({ length: 34 }, (_, i) => (i % 3 ? `w${i}` : `$w${i}`)).join(' ')}`]);
  const mask = argumentDynamics(wide);
  assert.deepEqual(wide.args.map((_, i) => isArgumentDynamic(mask, wide.args, i)), wide.args.map((w) => w.text.startsWith('$')));
  assert.equal(argumentDynamics(directivesOf(['server s {{ .Address }}:80'])[0]), TEMPLATE_LINE);
});

test('isSkipped: template lines and inactive lines, the activity read at each call', () => {
  const [plain, templated] = directivesOf(['server s1 10.0.0.1:80', 'server s2 {{ .Address }}:80']);
  assert.equal(isSkipped(plain), false);
  assert.equal(isSkipped(templated), true);
  plain.activity = 'inactive';
  assert.equal(isSkipped(plain), true, 'an activity changed after a first call is seen');
  plain.activity = 'active';
  assert.equal(isSkipped(plain), false);
});

test('Catalog.action strips the parenthesised argument as the pattern /\\(.*$/ did', () => {
  const catalog = getCatalog('2.6');
  const byRegex = (name: string) => catalog.actionsFor('http-request').find((a) => a.name === name.replace(/\(.*$/, ''));
  for (const name of ['set-var(txn.x)', 'set-var', 'set-var(a)(b)', 'set-var(a\nb)', 'x\nset-var(a)', 'deny', '(', 'set-header(']) {
    assert.equal(catalog.action('http-request', name), byRegex(name), JSON.stringify(name));
  }
  assert.equal(catalog.action('http-request', 'set-var(txn.x)')?.name, 'set-var');
});
