// Sample and ACL expressions: `acl NAME <fetch>[,conv...] [flags] [-m method] [patterns]`,
// anonymous ACLs `{ ... }` in conditions, sample expressions given to actions
// (`set-var(txn.x) req.hdr(host),lower`), `%[...]` in log-format strings, `stick on <expr>`.
// Names are checked against the catalog: an ACL accepts ACL keywords (`hdr_beg`), a sample
// expression only real fetches (`hdr_beg` there is an error in HAProxy too).
import type { Catalog } from '../../catalog/catalog';
import type { Directive, Range, Section, Word } from '../../syntax/tree';
import type { CheckContext, SectionCheck } from '../context';
import type { Finding, FindingSeverity } from '../findings';
import { isDynamicWord, isPlainName, isProxySection, isSkipped, subRange } from './common';
import { statusOfMissing, suggestionsFor } from './lookups';
import { RULE_KEYWORDS, aclBlocks, conditionStart, ruleParts } from './ruleParts';
import type { RuleParts } from './ruleParts';
import { embeddedSamples, parseSampleExpr, regexStructureError } from './sampleExpr';
import type { ParsedSample, SampleTerm } from './sampleExpr';
import { isNumericIPv4 } from './addresses';
import { parseTimeMs } from './timeValues';
import { isIPv6 } from 'node:net';

interface ExprEnv { catalog: Catalog; version: string }

const ACL_NAME = /^[A-Za-z0-9_.:-]+$/;
const MATCH_METHODS = ['found', 'bool', 'int', 'ip', 'bin', 'len', 'str', 'sub', 'reg', 'beg', 'end', 'dir', 'dom'];
/** Directives that may end with an `if`/`unless` condition (besides the action rules). */
const CONDITION_KEYWORDS: ReadonlySet<string> = new Set(['use_backend', 'use-server', 'redirect', 'monitor', 'stats',
  'force-persist', 'ignore-persist', 'stick', 'set-param', 'pass-header', 'http-check', 'tcp-check']);
const STICK_RULES: ReadonlySet<string> = new Set(['on', 'match', 'store-request', 'store-response']);
const LOG_FORMAT_KEYWORDS: ReadonlySet<string> = new Set(['log-format', 'log-format-sd', 'error-log-format', 'unique-id-format']);

/** Which action arguments are sample expressions, log-format strings or regexes (index among the action's args). */
interface ActionShape {
  expr?: number; // a sample expression
  exprUnlessInt?: number; // an integer, else a sample expression (sc-set-gpt0)
  exprUnlessTime?: number; // a delay, else a sample expression (set-timeout)
  lf?: number[]; // log-format strings
  lfAll?: boolean;
  lfAfter?: string[]; // the word after one of these keywords is a log-format string
  regex?: number;
}
const SAMPLE_FIRST: ActionShape = { expr: 0 };
const ACTION_SHAPES: Record<string, ActionShape> = {
  'set-var': SAMPLE_FIRST, 'set-src': SAMPLE_FIRST, 'set-dst': SAMPLE_FIRST, 'set-src-port': SAMPLE_FIRST,
  'set-dst-port': SAMPLE_FIRST, 'set-priority-class': SAMPLE_FIRST, 'set-priority-offset': SAMPLE_FIRST,
  capture: SAMPLE_FIRST, 'track-sc0': SAMPLE_FIRST, 'track-sc1': SAMPLE_FIRST, 'track-sc2': SAMPLE_FIRST, 'do-resolve': SAMPLE_FIRST,
  'sc-set-gpt0': { exprUnlessInt: 0 }, 'sc-set-gpt': { exprUnlessInt: 0 },
  'set-timeout': { exprUnlessTime: 1 },
  'set-header': { lf: [1] }, 'add-header': { lf: [1] }, 'early-hint': { lf: [1] },
  'set-path': { lf: [0] }, 'set-pathq': { lf: [0] }, 'set-uri': { lf: [0] }, 'set-query': { lf: [0] }, 'set-method': { lf: [0] },
  'set-var-fmt': { lf: [0] },
  'replace-header': { regex: 1, lf: [2] }, 'replace-value': { regex: 1, lf: [2] },
  'replace-path': { regex: 0, lf: [1] }, 'replace-pathq': { regex: 0, lf: [1] }, 'replace-uri': { regex: 0, lf: [1] },
  redirect: { lfAfter: ['location', 'prefix', 'scheme'] },
  return: { lfAfter: ['lf-string'] }, deny: { lfAfter: ['lf-string'] }, tarpit: { lfAfter: ['lf-string'] },
  'set-map': { lfAll: true }, 'add-acl': { lfAll: true }, 'del-acl': { lfAll: true }, 'del-map': { lfAll: true },
};

/** The shared "no problem" result (never mutated: callers only iterate it). */
const NONE: Finding[] = [];

function finding(code: Finding['code'], severity: FindingSeverity, range: Range, message: string, suggestions?: string[]): Finding {
  return suggestions?.length ? { code, severity, range, message, data: { suggestions } } : { code, severity, range, message };
}

/** Names registered at run time by Lua scripts (`lua.myfetch`) are never judged. */
const isLuaName = (name: string): boolean => name.startsWith('lua.');

function nameProblem(env: ExprEnv, w: Word, base: number, term: SampleTerm, kind: 'fetch' | 'acl-keyword' | 'converter'): Finding | undefined {
  const name = term.name;
  if (isLuaName(name) || name.includes('$')) return undefined;
  const { catalog } = env;
  if (kind === 'converter' ? catalog.converter(name) : kind === 'fetch' ? catalog.fetch(name) && !catalog.aclDerivative(name) : catalog.fetch(name)) return undefined;
  const range = subRange(w, base + term.offset, name.length);
  const code = kind === 'converter' ? 'unknown-converter' : 'unknown-fetch';
  const label = kind === 'converter' ? 'converter' : 'fetch method';
  if (kind === 'fetch' && catalog.aclDerivative(name)) {
    const d = catalog.aclDerivative(name);
    return finding(code, 'error', range, `'${name}' is an ACL keyword, not a sample fetch: use '${d?.fetch.name}' here (with a converter or -m in an ACL)`, d ? [d.fetch.name] : undefined);
  }
  const status = statusOfMissing(kind === 'converter' ? 'converter' : 'fetch', name, env.version);
  if (status.status === 'too-new') return finding(code, 'error', range, `${label} '${name}' needs HAProxy ${status.since} or later (target: ${env.version})`);
  if (status.status === 'other-version') return finding(code, 'warning', range, `${label} '${name}' is not documented for HAProxy ${env.version}`);
  const suggestions = suggestionsFor(catalog, kind, name);
  return finding(code, 'error', range, `unknown ${label} '${name}'${suggestions.length ? `; did you mean '${suggestions[0]}'?` : ''}`, suggestions);
}

function structureProblem(w: Word, base: number, parsed: ParsedSample): Finding | undefined {
  const p = parsed.problem;
  if (!p || p.kind === 'missing-fetch') return undefined;
  return finding('invalid-expression', 'error', subRange(w, base + p.offset, Math.max(1, p.length)), p.message);
}

/** The shared NONE when nothing is found (the usual case: no array per expression). */
function termProblems(env: ExprEnv, w: Word, base: number, parsed: ParsedSample, fetchKind: 'fetch' | 'acl-keyword'): Finding[] {
  const f = nameProblem(env, w, base, parsed.fetch, fetchKind);
  if (f) return [f]; // HAProxy stops at the unknown fetch
  for (const c of parsed.converters) {
    const p = nameProblem(env, w, base, c, 'converter');
    if (p) return [p];
  }
  const s = structureProblem(w, base, parsed);
  return s ? [s] : NONE;
}

/** A word that is one whole sample expression (action argument, `stick on`, server `sni`). */
export function sampleWordProblems(w: Word, env: ExprEnv): Finding[] {
  if (isDynamicWord(w)) return [];
  const parsed = parseSampleExpr(w.text);
  if (parsed.fetch.name === '') return [finding('invalid-expression', 'error', w.range, `missing fetch method in sample expression '${w.text}'`)];
  return termProblems(env, w, 0, parsed, 'fetch');
}

/** The `%[...]` parts of a log-format word. */
export function logFormatProblems(w: Word, env: ExprEnv): Finding[] {
  if (!w.text.includes('%') || w.text.includes('$')) return NONE;
  const out: Finding[] = [];
  for (const e of embeddedSamples(w.text)) {
    if (e.parsed.fetch.name === '') {
      out.push(finding('invalid-expression', 'error', subRange(w, e.start - 1, 1), `missing fetch method after '%[' in '${w.text}'`));
      continue;
    }
    out.push(...termProblems(env, w, 0, e.parsed, 'fetch'));
    if (!e.parsed.problem && !e.closed) out.push(finding('invalid-expression', 'error', subRange(w, e.start, e.parsed.end - e.start), `expected ']' to close '%[' in '${w.text}'`));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// ACL expressions

type PatternKind = 'ip' | 'int' | 'reg' | 'bool' | 'none' | 'other';

const DERIVATIVE_METHOD: Record<string, string> = {
  'suffix match': 'end', 'regex match': 'reg', 'exact string match': 'str', 'integer match': 'int', 'prefix match': 'beg',
  'subdir match': 'dir', 'domain match': 'dom', 'length match': 'len', 'substring match': 'sub', 'hex binary match': 'bin',
};

function methodOfDerivative(match: string): string | undefined {
  return match.startsWith('-m ') ? match.slice(3) : DERIVATIVE_METHOD[match];
}

/** The sample type an expression produces, when the catalog says so unambiguously. */
function outputType(env: ExprEnv, parsed: ParsedSample): string | undefined {
  const last = parsed.converters[parsed.converters.length - 1];
  const raw = last ? env.catalog.converter(last.name)?.output : env.catalog.fetch(parsed.fetch.name)?.output;
  switch (raw) {
    case 'boolean': case 'bool': return 'bool';
    case 'integer': case 'sint': case 'signed integer': return 'int';
    case 'ip': case 'ipv4': case 'ipv6': case 'addr': case 'address': return 'ip';
    case 'string': case 'str': return 'str';
    case 'binary': case 'bin': return 'bin';
    case 'undefined': return last ? undefined : 'any';
    default: return undefined;
  }
}

function patternKind(method: string | undefined, type: string | undefined): PatternKind {
  const m = method ?? (type === 'bool' ? 'bool' : type === 'int' ? 'int' : type === 'ip' ? 'ip' : undefined);
  if (m === 'found' || m === 'bool') return 'bool';
  if (m === 'ip') return 'ip';
  if (m === 'int' || m === 'len') return 'int';
  if (m === 'reg') return 'reg';
  return m ? 'other' : 'none';
}

const INT_OPERATORS: ReadonlySet<string> = new Set(['eq', 'ge', 'gt', 'le', 'lt']);
const INT_PATTERN = /^\d*(:\d*)?$/;

function ipPatternProblem(p: string): string | undefined {
  const slash = p.indexOf('/');
  const addr = slash >= 0 ? p.slice(0, slash) : p;
  const mask = slash >= 0 ? p.slice(slash + 1) : undefined;
  if (addr.includes(':')) {
    if (!isIPv6(addr)) return `'${p}' is not a valid IPv4 or IPv6 address`;
    if (mask !== undefined && !(/^\d+$/.test(mask) && Number(mask) <= 128)) return `'${p}' is not a valid IPv4 or IPv6 address`;
    return undefined;
  }
  if (/^[0-9.]+$/.test(addr) && addr.includes('.') && !isNumericIPv4(addr)) return `'${p}' is not a valid IPv4 or IPv6 address`;
  if (mask !== undefined && /^\d+$/.test(mask) && Number(mask) > 32 && /^[0-9.]+$/.test(addr)) return `'${p}' is not a valid IPv4 or IPv6 address`;
  return undefined;
}

/**
 * Problems of an ACL expression: `words` from index `from` = criterion, flags, patterns. `where` is
 * what a missing criterion is reported on (the acl line or the braces); `aclName` names the ACL in
 * messages (undefined: an anonymous ACL). Ranges and labels are made only for a finding.
 */
export function aclExpressionProblems(words: readonly Word[], from: number, env: ExprEnv, where: { readonly range: Range },
  aclName: string | undefined): Finding[] {
  const criterion = words[from];
  if (!criterion || criterion.text === '') {
    return [finding('invalid-expression', 'error', where.range, `missing fetch method in ${aclLabel(aclName)}`)];
  }
  if (isDynamicWord(criterion)) return NONE;
  const parsed = parseSampleExpr(criterion.text);
  if (parsed.fetch.name === '') return [finding('invalid-expression', 'error', criterion.range, `missing fetch method in ${aclLabel(aclName)} '${criterion.text}'`)];
  const names = termProblems(env, criterion, 0, parsed, 'acl-keyword');
  if (names.length) return names;
  const derivative = env.catalog.aclDerivative(parsed.fetch.name);
  let method = derivative ? methodOfDerivative(derivative.match) : undefined;
  let i = from + 1;
  let hasFile = false;
  let explicitEnd = false;
  for (; i < words.length && words[i].text.startsWith('-'); i++) {
    const flag = words[i];
    if (isDynamicWord(flag)) return NONE;
    const t = flag.text;
    if (t === '--') { i++; explicitEnd = true; break; }
    if (t === '-i' || t === '-n' || t === '-M') continue;
    if (t === '-u') { if (words[i + 1]) i++; continue; }
    if (t === '-f') {
      if (!words[i + 1]) return [finding('option-missing-value', 'error', flag.range, `'-f' expects a pattern file name`)];
      hasFile = true;
      i++;
      continue;
    }
    if (t === '-m') {
      const m = words[i + 1];
      if (m && isDynamicWord(m)) return NONE;
      if (!m || !MATCH_METHODS.includes(m.text)) {
        const suggestions = m ? suggestionsOf(m.text) : [];
        return [finding('unknown-acl-match', 'error', m?.range ?? flag.range,
          `unknown matching method '${m?.text ?? ''}' (${MATCH_METHODS.join(', ')})`, suggestions)];
      }
      method = m.text;
      i++;
      continue;
    }
    return [finding('invalid-expression', 'error', flag.range, `'${t}' is not a valid ACL option; put '--' before a pattern that begins with '-'`)];
  }
  const type = outputType(env, parsed);
  if (!method && type === 'any') {
    return [finding('invalid-expression', 'error', criterion.range, `the matching method must be given with '-m' for '${parsed.fetch.name}' (its type is only known at run time)`)];
  }
  const kind = patternKind(method, type);
  const out = patternProblems(words, i, kind); // the patterns: words from i on
  if (i >= words.length && !hasFile && !explicitEnd && kind !== 'bool' && (method !== undefined || type !== undefined)) {
    return [...out, finding('acl-never-matches', 'warning', criterion.range,
      `no pattern to match against: this ACL never matches (use '-m found' to test for existence, or add '--' if intended)`)];
  }
  return out;
}

function aclLabel(aclName: string | undefined): string {
  return aclName === undefined ? 'anonymous ACL' : `ACL expression of '${aclName}'`;
}

function suggestionsOf(method: string): string[] {
  return MATCH_METHODS.filter((m) => m.startsWith(method.slice(0, 2)) || method.startsWith(m)).slice(0, 3);
}

/** Problems of the patterns `patterns[from..]`: the shared NONE when there are none (no array per ACL). */
function patternProblems(patterns: readonly Word[], from: number, kind: PatternKind): Finding[] {
  if (kind !== 'ip' && kind !== 'int' && kind !== 'reg') return NONE; // only these pattern kinds are checked
  const out: Finding[] = [];
  for (let k = from; k < patterns.length; k++) {
    const w = patterns[k];
    if (isDynamicWord(w)) continue;
    const p = w.text;
    if (kind === 'ip') {
      const bad = ipPatternProblem(p);
      if (bad) out.push(finding('invalid-expression', 'error', w.range, bad));
    } else if (kind === 'int') {
      if (INT_OPERATORS.has(p)) {
        const next = patterns[k + 1];
        if (next && !isDynamicWord(next) && !/^-?\d+$/.test(next.text)) out.push(finding('invalid-expression', 'error', next.range, `'${next.text}' is neither a number nor a supported operator`));
        k++;
      } else if (!INT_PATTERN.test(p) && /[A-Za-z]/.test(p)) {
        out.push(finding('invalid-expression', 'error', w.range, `'${p}' is not a number`));
      }
    } else if (kind === 'reg') {
      const bad = regexStructureError(p);
      if (bad) out.push(finding('invalid-expression', 'error', w.range, `regex '${p}' is invalid: ${bad}`));
    }
  }
  return out.length ? out : NONE;
}

// ---------------------------------------------------------------------------------------------
// The section check

/** Problems of an `acl` line's expression. */
export function aclLineProblems(d: Directive, env: ExprEnv): Finding[] {
  return d.args.length ? aclExpressionProblems(d.args, 1, env, d, d.args[0].text) : NONE;
}

/**
 * Per catalog and directive: does the acl line fail? Only a boolean is kept: a Directive outlives
 * edits of other lines but moves with them, so cached findings would point at an old position.
 * One map per catalog (not a map per directive); checkExpressions fills it as it checks acl lines.
 */
const brokenAcls = new WeakMap<Catalog, WeakMap<Directive, boolean>>();

function brokenAclsOf(catalog: Catalog): WeakMap<Directive, boolean> {
  let known = brokenAcls.get(catalog);
  if (!known) brokenAcls.set(catalog, known = new WeakMap());
  return known;
}

function hasError(found: readonly Finding[]): boolean {
  for (const f of found) if (f.severity === 'error') return true;
  return false;
}

/** An ACL HAProxy refuses to declare (its expression has an error): rules using it fail too. */
export function isBrokenAclDefinition(d: Directive, env: ExprEnv): boolean {
  const known = brokenAclsOf(env.catalog);
  let broken = known.get(d);
  if (broken === undefined) {
    broken = hasError(aclLineProblems(d, env));
    known.set(d, broken);
  }
  return broken;
}

export const checkExpressions: SectionCheck<boolean> = {
  name: 'checkExpressions',
  facts: declaresAcls,
  line(d, _section, ctx, aclSection) {
    const kw = d.keyword.text;
    if (!mayHoldExpression(kw) || isSkipped(d)) return; // other lines (server lines...) have nothing checked here
    if (kw === 'acl' && aclSection) {
      emit(ctx, d, aclNameProblems(d));
      const problems = aclLineProblems(d, ctx);
      brokenAclsOf(ctx.catalog).set(d, hasError(problems)); // what isBrokenAclDefinition would work out again
      emit(ctx, d, problems);
    }
    const rule = ruleParts(d);
    if (rule) emit(ctx, d, actionProblems(rule, ctx));
    if (LOG_FORMAT_KEYWORDS.has(kw)) for (const w of d.args) emit(ctx, d, logFormatProblems(w, ctx));
    if (kw === 'use_backend' && d.args[0]?.text.includes('%[')) emit(ctx, d, logFormatProblems(d.args[0], ctx));
    if (kw === 'stick' && STICK_RULES.has(d.args[0]?.text ?? '') && d.args[1]) emit(ctx, d, sampleWordProblems(d.args[1], ctx));
    const condition = conditionWords(d, rule);
    if (condition.length) emit(ctx, d, anonymousAclProblems(condition, ctx));
  },
};

/** Reports a line's findings; on an undecided line errors are only warnings. */
function emit(ctx: CheckContext, d: Directive, found: readonly Finding[]): void {
  for (const f of found) ctx.report(d.activity === 'undecided' && f.severity === 'error' ? { ...f, severity: 'warning' } : f);
}

/** The `if`/`unless` word and what follows, for lines that can carry a condition. */
export function conditionWords(d: Directive, rule: RuleParts | undefined): Word[] {
  if (rule) return rule.condition;
  if (!CONDITION_KEYWORDS.has(d.keyword.text)) return NO_WORDS;
  const start = conditionStart(d.args, 0);
  return start < 0 ? NO_WORDS : d.args.slice(start);
}

/** The empty condition, shared (frozen: no caller may fill it). */
const NO_WORDS = Object.freeze([]) as unknown as Word[];

/** Keywords besides the rules' of the lines checkExpressions looks at: ACLs, log formats, use_backend, stick, condition keywords. */
const EXPRESSION_LINE_KEYWORDS: ReadonlySet<string> = new Set(['acl', 'use_backend', 'stick', ...LOG_FORMAT_KEYWORDS, ...CONDITION_KEYWORDS]);
/** The same with the rule keywords (isRuleKeyword): one set lookup per line of the file. */
const EXPRESSION_OR_RULE_KEYWORDS: ReadonlySet<string> = new Set([...EXPRESSION_LINE_KEYWORDS, ...RULE_KEYWORDS]);

function mayHoldExpression(kw: string): boolean {
  return EXPRESSION_OR_RULE_KEYWORDS.has(kw);
}

/** Can a line with this keyword have an if/unless condition (a rule, or a condition keyword)? */
export function mayHaveCondition(kw: string): boolean {
  return RULE_OR_CONDITION_KEYWORDS.has(kw);
}

/** isRuleKeyword() or a condition keyword: one set lookup per line of the file (checkRules asks for every line). */
const RULE_OR_CONDITION_KEYWORDS: ReadonlySet<string> = new Set([...RULE_KEYWORDS, ...CONDITION_KEYWORDS]);

function aclNameProblems(d: Directive): Finding[] {
  const name = d.args[0];
  if (!name || isDynamicWord(name) || isPlainName(name.text) || ACL_NAME.test(name.text)) return NONE;
  const bad = [...name.text].find((c) => !ACL_NAME.test(c)) ?? '';
  return [finding('invalid-name', 'error', name.range, `character '${bad}' is not permitted in acl name '${name.text}'`)];
}

function anonymousAclProblems(condition: Word[], env: ExprEnv): Finding[] {
  if (!opensBlock(condition)) return NONE;
  return aclBlocks(condition).flatMap((b) => (b.closed ? aclExpressionProblems(b.words, 0, env, b, undefined) : []));
}

/** Does a word of the condition end with '{'? (A loop: no callback per condition line.) */
function opensBlock(condition: readonly Word[]): boolean {
  for (let i = 0; i < condition.length; i++) if (condition[i].text.endsWith('{')) return true;
  return false;
}

function actionProblems(rule: RuleParts, env: ExprEnv): Finding[] {
  const shape = ACTION_SHAPES[rule.actionName];
  if (!shape) return NONE;
  const args = rule.actionArgs;
  const out: Finding[] = [];
  const at = (i: number | undefined): Word | undefined => (i === undefined ? undefined : args[i]);
  const expr = at(shape.expr);
  if (expr) out.push(...sampleWordProblems(expr, env));
  const maybeInt = at(shape.exprUnlessInt);
  if (maybeInt && !/^-?\d+$/.test(maybeInt.text)) out.push(...sampleWordProblems(maybeInt, env));
  const maybeTime = at(shape.exprUnlessTime);
  if (maybeTime && !parseTimeMs(maybeTime.text).ok) out.push(...sampleWordProblems(maybeTime, env));
  const lfWords = shape.lfAll ? args : (shape.lf ?? []).map((i) => args[i]).filter((w): w is Word => !!w);
  for (const w of lfWords) out.push(...logFormatProblems(w, env));
  for (let i = 0; shape.lfAfter && i < args.length - 1; i++) {
    if (shape.lfAfter.includes(args[i].text)) out.push(...logFormatProblems(args[i + 1], env));
  }
  const re = at(shape.regex);
  if (re && !isDynamicWord(re)) {
    const bad = regexStructureError(re.text);
    if (bad) out.push(finding('invalid-expression', 'error', re.range, `regex '${re.text}' is invalid: ${bad}`));
  }
  return out;
}

/** For other checks: is this section one whose `acl` lines declare ACLs? */
export function declaresAcls(section: Section): boolean {
  return isProxySection(section) || section.type === 'fcgi-app';
}
