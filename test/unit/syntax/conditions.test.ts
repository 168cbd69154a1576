// Conditional blocks (manual §2.4): expressions, evaluation policy, block errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/syntax/parser';
import { compareVersions, evaluateCondition, parseCondition } from '../../../server/src/syntax/conditions';
import { tokenizeLine } from '../../../server/src/syntax/tokenizer';
import type { Activity, CondExpr, Directive, EvalContext } from '../../../server/src/syntax/tree';

function cond(text: string): CondExpr | undefined {
  const words = tokenizeLine(`.if ${text}`, 0).words;
  return parseCondition(words.slice(1), words[0]).expr;
}
const value = (text: string, ctx: EvalContext = {}) => { const e = cond(text); assert.ok(e, text); return evaluateCondition(e, ctx); };

test('expression forms: numbers, empty, predicates, !, &&, ||, parentheses', () => {
  assert.equal(value('0'), false);
  assert.equal(value('1'), true);
  assert.equal(value(''), false);
  assert.equal(value('""'), false);
  assert.equal(value('!0'), true);
  assert.equal(value('1 && 0 || 1 && 1'), true);
  assert.equal(value('(1 || 0) && !(0)'), true);
  assert.equal(value('streq(a,a)'), true);
  assert.equal(value('strneq(a,b)'), true);
  assert.equal(value('strstr(foobar,oba)'), true);
  assert.equal(value('streq(0, 1)'), false);
  assert.equal(value('streq(1,     1)'), false, 'spaces after a comma are part of the value (manual)');
});

test('AND binds tighter than OR', () => {
  const e = cond('0 && 1 || 1');
  assert.equal(e?.kind, 'or');
  assert.equal(value('0 && 1 || 1'), true);
});

test('three-valued: unknown env, features and versions make the result undecided, not false', () => {
  assert.equal(value('defined(HAPROXY_MWORKER)'), undefined);
  assert.equal(value('defined(A)', { env: { A: '' } }), true);
  assert.equal(value('defined(B)', { env: { A: '' } }), false);
  assert.equal(value('feature(OPENSSL)'), undefined);
  assert.equal(value('feature(OPENSSL)', { features: ['OPENSSL'] }), true);
  assert.equal(value('streq("$WITH_SSL",yes)'), undefined);
  assert.equal(value('streq("$WITH_SSL",yes)', { env: { WITH_SSL: 'yes' } }), true);
  assert.equal(value('streq("${X-yes}",yes)', { env: {} }), true);
  assert.equal(value('0 && defined(X)'), false, 'a false operand decides AND');
  assert.equal(value('1 || defined(X)'), true, 'a true operand decides OR');
  assert.equal(value('"${A}"', { env: { A: '1' } }), true);
  assert.equal(value('"${A}"'), undefined);
  assert.equal(value('openssl_version_atleast(1.1.1)', { version: '3.4' }), undefined);
});

test('versions: full versions compare exactly, a branch alone is undecided on finer checks', () => {
  assert.equal(value('version_atleast(2.4-dev19)', { version: '2.6' }), true);
  assert.equal(value('version_before(2.6)', { version: '2.6' }), false);
  assert.equal(value('version_atleast(2.6)', { version: '2.6' }), true);
  assert.equal(value('version_atleast(2.6.5)', { version: '2.6' }), undefined);
  assert.equal(value('version_atleast(2.6.5)', { version: '2.6.12' }), true);
  assert.equal(value('version_before(3.0)', { version: '2.6.12' }), true);
  assert.equal(value('version_atleast(2.4)'), undefined);
  assert.equal(compareVersions('2.4', '2.4-dev19'), 1);
  assert.equal(compareVersions('2.4.0', '2.4-dev19'), 1);
});

test('condition syntax errors and unknown predicates are reported with ranges', () => {
  const tree = parse('.if streq(a\n.endif\n.if bogus(1)\n.endif\n.if streq(a)\n.endif\n.if 1 &&\n.endif', { version: '2.6' });
  assert.deepEqual(tree.issues.map((i) => [i.code, i.range.start.line]), [
    ['condition-syntax', 0], ['unknown-predicate', 2], ['condition-syntax', 4], ['condition-syntax', 6],
  ]);
  const unknown = tree.issues[1];
  assert.deepEqual(unknown.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } });
});

test('predicates newer than the target version are flagged', () => {
  const tree = parse('.if strstr(a,b)\n.endif', { version: '2.6' });
  assert.deepEqual(tree.issues.map((i) => i.code), ['predicate-not-in-version']);
  assert.equal(parse('.if strstr(a,b)\n.endif', { version: '2.8' }).issues.length, 0);
});

test('HAProxy does not evaluate skipped branches: no errors there', () => {
  assert.equal(parse('.if 0\n.if bogus(1)\n.endif\n.endif').issues.length, 0);
  assert.equal(parse('.if 1\n.elif bogus(1)\n.endif').issues.length, 0);
});

function activities(text: string, ctx: EvalContext = {}): Record<string, Activity> {
  const tree = parse(text, ctx);
  const out: Record<string, Activity> = {};
  for (const node of tree.nodes) if (node?.kind === 'directive') out[node.keyword.text] = node.activity;
  return out;
}

test('branch activity: first true branch active, others inactive', () => {
  assert.deepEqual(activities('.if 0\na\n.elif 1\nb\n.elif 1\nc\n.else\nd\n.endif\ne'),
    { a: 'inactive', b: 'active', c: 'inactive', d: 'inactive', e: 'active' });
  assert.deepEqual(activities('.if 0\na\n.else\nb\n.endif'), { a: 'inactive', b: 'active' });
});

test('branch activity with undecidable conditions', () => {
  assert.deepEqual(activities('.if defined(X)\na\n.elif 0\nb\n.elif 1\nc\n.else\nd\n.endif'),
    { a: 'undecided', b: 'inactive', c: 'undecided', d: 'inactive' });
  assert.deepEqual(activities('.if defined(X)\na\n.else\nb\n.endif'), { a: 'undecided', b: 'undecided' });
  assert.deepEqual(activities('.if 0\n.if 1\na\n.endif\n.endif\n.if defined(X)\n.if 1\nb\n.endif\n.endif'), { a: 'inactive', b: 'undecided' });
  const d = parse('.if 0\nbackend x\n.endif').sections[0];
  assert.equal(d.activity, 'inactive');
  assert.equal((parse('.if 0\nfoo\n.endif').nodes[1] as Directive).inactive, true);
});

test("the manual's nested example (A/B/C/D) with a known environment", () => {
  const text = [
    '.if "${A}"', '  .if "${B}"', '    .notice "A=1, B=1"', '  .elif "${C}"', '    .notice "A=1, B=0, C=1"',
    '  .elif "${D}"', '    .warning "A=1, B=0, C=0, D=1"', '  .else', '    .alert "A=1, B=0, C=0, D=0"', '  .endif',
    '.else', '    .notice "A=0"', '.endif',
  ].join('\n');
  const active = (env: Record<string, string>) => parse(text, { env }).messages.filter((m) => m.activity === 'active').map((m) => m.message);
  assert.deepEqual(active({ A: '1', B: '0', C: '0', D: '1' }), ['A=1, B=0, C=0, D=1']);
  assert.deepEqual(active({ A: '0' }), ['A=0']);
  assert.deepEqual(active({ A: '1', B: '1' }), ['A=1, B=1']);
});

test('block structure errors carry codes and lines', () => {
  const codes = (text: string) => parse(text).issues.map((i) => [i.code, i.range.start.line]);
  assert.deepEqual(codes('.endif'), [['endif-without-if', 0]]);
  assert.deepEqual(codes('.else'), [['else-without-if', 0]]);
  assert.deepEqual(codes('.elif 1'), [['elif-without-if', 0]]);
  assert.deepEqual(codes('.if 1\nfoo'), [['unclosed-if', 0]]);
  assert.deepEqual(codes('.if 1\n.else\n.else\n.endif'), [['else-after-else', 2]]);
  assert.deepEqual(codes('.if 1\n.else\n.elif 1\n.endif'), [['elif-after-else', 2]]);
  assert.deepEqual(codes('.if 1\n.else foo\n.endif'), [['unexpected-argument', 1]]);
});

test('blocks: branches, depth, parents and ranges', () => {
  const tree = parse('.if 1\n  .if 0\n  a\n  .endif\n.else\nb\n.endif');
  assert.equal(tree.conditionals.length, 2);
  const [outer, inner] = tree.conditionals;
  assert.deepEqual(outer.branches.map((b) => [b.head.keyword, b.startLine, b.endLine, b.taken]), [['.if', 1, 3, 'active'], ['.else', 5, 5, 'inactive']]);
  assert.equal(inner.depth, 2);
  assert.equal(inner.parent, outer);
  assert.deepEqual(outer.range, { start: { line: 0, character: 0 }, end: { line: 6, character: 6 } });
});

test('10,000 nested levels: no stack overflow, one nesting error where HAProxy stops (100)', () => {
  const n = 10000;
  const text = '.if 1\n'.repeat(n) + 'x\n' + '.endif\n'.repeat(n);
  const tree = parse(text);
  assert.equal(tree.conditionals.length, n);
  assert.deepEqual(tree.issues.map((i) => [i.code, i.range.start.line]), [['nesting-too-deep', 99]]);
  const unclosed = parse('.if 1\n'.repeat(n));
  assert.equal(unclosed.issues.filter((i) => i.code === 'unclosed-if').length, n);
});
