// Conditional-block expressions (manual §2.4): parsing with source ranges, and a three-valued
// evaluation (true / false / undefined = cannot be decided from the context).
import type { CondExpr, EvalContext, Range, SyntaxIssue, Word } from './tree';
import { NO_ENV_REFS } from './tree';

/** Predicates and the first manual version documenting them. */
/** Number of arguments each predicate takes (HAProxy rejects other counts). */
export const PREDICATE_ARITY: Record<string, number> = {
  defined: 1, feature: 1, streq: 2, strneq: 2, strstr: 2, version_atleast: 1, version_before: 1, enabled: 1,
  openssl_version_atleast: 1, openssl_version_before: 1, ssllib_name_startswith: 1, awslc_api_atleast: 1, awslc_api_before: 1,
};

export const PREDICATE_SINCE: Record<string, string> = {
  defined: '2.4', feature: '2.4', streq: '2.4', strneq: '2.4', version_atleast: '2.4', version_before: '2.4',
  strstr: '2.8', enabled: '2.8', openssl_version_atleast: '3.4', openssl_version_before: '3.4',
  ssllib_name_startswith: '3.4', awslc_api_atleast: '3.4', awslc_api_before: '3.4',
};

const MAX_EXPR_TERMS = 500; // bounds recursion in parsing and evaluation
const ENV_RE = /\$\{([A-Za-z0-9_.]*)(?:-([^}]*))?(\[\*\])?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Maps offsets of the space-joined condition string back to source positions. */
class JoinedText {
  readonly text: string;
  private readonly starts: number[] = [];
  constructor(private readonly words: Word[]) {
    let offset = 0;
    for (const w of words) { this.starts.push(offset); offset += w.text.length + 1; }
    this.text = words.map((w) => w.text).join(' ');
  }

  range(start: number, end: number): Range {
    const from = this.position(start, false);
    // An empty span at a word boundary would map its end to the previous word (end before start).
    if (end <= start) return { start: from, end: { ...from } };
    return { start: from, end: this.position(end, true) };
  }

  private position(offset: number, isEnd: boolean): Range['start'] {
    let i = this.starts.length - 1;
    while (i > 0 && this.starts[i] > offset - (isEnd ? 1 : 0)) i--;
    const w = this.words[i];
    const k = Math.max(0, Math.min(offset - this.starts[i], w.text.length));
    // Exact when the word is written as decoded; otherwise snap to the word's edge.
    if (w.text.length === w.raw.length) return { line: w.range.start.line, character: w.range.start.character + k };
    return { ...(isEnd ? w.range.end : w.range.start) };
  }
}

class CondParser {
  pos = 0;
  issue?: { message: string; start: number; end: number };
  constructor(private readonly src: JoinedText) {}
  private get s(): string { return this.src.text; }

  parse(): CondExpr | undefined {
    this.skipBlanks();
    if (this.pos >= this.s.length) return { kind: 'empty', range: this.src.range(0, 0) };
    const expr = this.parseOr();
    this.skipBlanks();
    if (expr && this.pos < this.s.length) this.fail('unexpected text after the condition', this.pos, this.s.length);
    return this.issue ? undefined : expr;
  }

  private fail(message: string, start: number, end: number): undefined {
    this.issue ??= { message, start, end: Math.max(end, start + 1) };
    return undefined;
  }

  private skipBlanks(): void { while (this.s[this.pos] === ' ' || this.s[this.pos] === '\t') this.pos++; }

  private parseOr(): CondExpr | undefined {
    let left = this.parseAnd();
    while (left) {
      this.skipBlanks();
      if (!this.s.startsWith('||', this.pos)) break;
      this.pos += 2;
      const right = this.parseAnd();
      if (!right) return undefined;
      left = { kind: 'or', left, right, range: { start: { ...left.range.start }, end: { ...right.range.end } } };
    }
    return left;
  }

  private parseAnd(): CondExpr | undefined {
    let left = this.parseTerm();
    while (left) {
      this.skipBlanks();
      if (!this.s.startsWith('&&', this.pos)) break;
      this.pos += 2;
      const right = this.parseTerm();
      if (!right) return undefined;
      left = { kind: 'and', left, right, range: { start: { ...left.range.start }, end: { ...right.range.end } } };
    }
    return left;
  }

  private depth = 0;
  private terms = 0;

  private parseTerm(): CondExpr | undefined {
    // Bounded recursion: a 1 MB line of '!' or '(' must not overflow the stack.
    if (++this.terms > MAX_EXPR_TERMS || this.depth >= MAX_EXPR_TERMS) {
      return this.fail('condition too long or nested too deeply', this.pos, this.pos + 1);
    }
    this.depth++;
    try { return this.parseTermInner(); } finally { this.depth--; }
  }

  private parseTermInner(): CondExpr | undefined {
    this.skipBlanks();
    const start = this.pos;
    const ch = this.s[this.pos];
    if (ch === undefined) return this.fail('missing term at the end of the condition', start, start);
    if (ch === '!') {
      this.pos++;
      const operand = this.parseTerm();
      return operand && { kind: 'not', operand, range: this.src.range(start, this.pos) };
    }
    if (ch === '(') {
      this.pos++;
      const inner = this.parseOr();
      if (!inner) return undefined;
      this.skipBlanks();
      if (this.s[this.pos] !== ')') return this.fail("missing ')' to close this '('", start, start + 1);
      this.pos++;
      return { kind: 'group', inner, range: this.src.range(start, this.pos) };
    }
    if (/[0-9-]/.test(ch)) {
      const m = /^-?[0-9]+/.exec(this.s.slice(this.pos));
      if (!m) return this.fail('expected a number', start, start + 1);
      this.pos += m[0].length;
      return { kind: 'number', value: Number(m[0]), range: this.src.range(start, this.pos) };
    }
    if (ch === '$') {
      ENV_RE.lastIndex = this.pos;
      const m = ENV_RE.exec(this.s);
      if (m && m.index === this.pos) {
        this.pos += m[0].length;
        return { kind: 'env', text: m[0], range: this.src.range(start, this.pos) };
      }
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.pos));
    if (!name) return this.fail(`unexpected character '${ch}' in the condition`, start, start + 1);
    this.pos += name[0].length;
    const nameRange = this.src.range(start, this.pos);
    if (this.s[this.pos] !== '(') {
      return { kind: 'predicate', name: name[0], args: [], hasParens: false, nameRange, range: this.src.range(start, this.pos) };
    }
    const args = this.parseArgs();
    if (!args) return undefined;
    return { kind: 'predicate', name: name[0], args, hasParens: true, nameRange, range: this.src.range(start, this.pos) };
  }

  /** At '(': comma-separated arguments up to ')'; quotes protect ',' and ')' (spaces are kept). */
  private parseArgs(): string[] | undefined {
    const open = this.pos++;
    const args: string[] = [];
    let current = '';
    let quote: string | undefined;
    while (this.pos < this.s.length) {
      const ch = this.s[this.pos++];
      if (quote) {
        if (ch === quote) quote = undefined;
        else if (ch === '\\' && quote === '"' && this.pos < this.s.length) current += this.s[this.pos++];
        else current += ch;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '\\' && this.pos < this.s.length) current += this.s[this.pos++];
      else if (ch === ',') { args.push(current); current = ''; }
      else if (ch === ')') { if (current !== '' || args.length > 0) args.push(current); return args; }
      else current += ch;
    }
    return this.fail("missing ')' to close the arguments", open, this.s.length);
  }
}

/** Parses the words after `.if`/`.elif` (HAProxy joins them with single spaces first). */
export function parseCondition(words: Word[], directive: Word): { expr?: CondExpr; issue?: SyntaxIssue } {
  if (words.length === 0) {
    const at = directive.range.end;
    return { expr: { kind: 'empty', range: { start: { ...at }, end: { ...at } } } };
  }
  const joined = new JoinedText(words);
  const parser = new CondParser(joined);
  const expr = parser.parse();
  if (expr) return { expr };
  const bad = parser.issue ?? { message: 'invalid condition', start: 0, end: joined.text.length };
  return {
    issue: { code: 'condition-syntax', message: bad.message, range: joined.range(bad.start, Math.min(bad.end, joined.text.length)), severity: 'error' },
  };
}

// ---- evaluation ----

export type Tri = boolean | undefined;

export interface ConditionProblem { code: 'unknown-predicate' | 'predicate-not-in-version' | 'condition-syntax'; message: string; range: Range }

/** Version "2.4-dev19" -> [2, 4, 0, stage, n]: dev < rc/pre < release. `branchOnly` = only "X.Y" given. */
function parseVersion(text: string): { parts: number[]; branchOnly: boolean } | undefined {
  const m = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-?(dev|pre|rc)(\d*))?/.exec(text);
  if (!m) return undefined;
  const stage = m[4] === 'dev' ? 0 : m[4] ? 1 : 2;
  return {
    parts: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), stage, Number(m[5] || 0)],
    branchOnly: m[3] === undefined && m[4] === undefined,
  };
}

/** Compares the context version with `other`: -1/0/1, or undefined when only the branch is known and it matches. */
export function compareVersions(contextVersion: string, other: string): -1 | 0 | 1 | undefined {
  const a = parseVersion(contextVersion);
  const b = parseVersion(other);
  if (!a || !b) return undefined;
  const len = a.branchOnly ? 2 : 5;
  for (let i = 0; i < len; i++) {
    if (a.parts[i] !== b.parts[i]) return a.parts[i] < b.parts[i] ? -1 : 1;
  }
  if (!a.branchOnly) return 0;
  // Same branch, patch level unknown: a released "2.4" is after "2.4-dev19", equal-or-after "2.4.0",
  // and unknown against "2.4.5".
  if (b.parts[2] !== 0) return undefined;
  return b.parts[3] < 2 ? 1 : 0;
}

/** Expands env references with the context's environment; undefined when the environment is unknown. */
export function expandEnv(text: string, env: Record<string, string> | undefined): string | undefined {
  ENV_RE.lastIndex = 0;
  if (!ENV_RE.test(text)) return text;
  if (!env) return undefined;
  return text.replace(ENV_RE, (_all, braced: string | undefined, def: string | undefined, _split, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    return env[name] ?? def ?? '';
  });
}

function versionPredicate(name: string, arg: string, ctx: EvalContext): Tri {
  if (!ctx.version) return undefined;
  const cmp = compareVersions(ctx.version, arg);
  if (cmp === undefined) {
    // "2.6" vs version_before(2.6.5): unknown; vs version_atleast(2.6.0): true (handled by cmp=0).
    return undefined;
  }
  return name === 'version_atleast' ? cmp >= 0 : cmp < 0;
}

function evalPredicate(expr: Extract<CondExpr, { kind: 'predicate' }>, ctx: EvalContext, problems: ConditionProblem[]): Tri {
  const since = PREDICATE_SINCE[expr.name];
  if (since === undefined) {
    problems.push({ code: 'unknown-predicate', message: `unknown condition predicate '${expr.name}'`, range: expr.nameRange });
    return undefined;
  }
  if (ctx.version && compareVersions(ctx.version, since) === -1) {
    problems.push({
      code: 'predicate-not-in-version',
      message: `predicate '${expr.name}' needs HAProxy ${since} or later (target is ${ctx.version})`,
      range: expr.nameRange,
    });
  }
  const arity = PREDICATE_ARITY[expr.name];
  if (expr.args.length !== arity) {
    problems.push({
      code: 'condition-syntax', range: expr.range,
      message: `predicate '${expr.name}' takes ${arity} argument${arity > 1 ? 's' : ''}, got ${expr.args.length}`,
    });
    return undefined;
  }
  const args: string[] = [];
  for (const raw of expr.args) {
    const value = expandEnv(raw, ctx.env);
    if (value === undefined) return undefined;
    args.push(value);
  }
  const a0 = args[0] ?? '';
  const a1 = args[1] ?? '';
  switch (expr.name) {
    case 'defined': return ctx.env ? Object.prototype.hasOwnProperty.call(ctx.env, a0) : undefined;
    case 'feature': return ctx.features ? ctx.features.includes(a0) : undefined;
    case 'streq': return a0 === a1;
    case 'strneq': return a0 !== a1;
    case 'strstr': return a0.includes(a1);
    case 'version_atleast': case 'version_before': return versionPredicate(expr.name, a0, ctx);
    default: return undefined; // library versions, run-time options: not known statically
  }
}

/** Three-valued evaluation: undefined when the context cannot decide. Problems are appended. */
export function evaluateCondition(expr: CondExpr, ctx: EvalContext, problems: ConditionProblem[] = []): Tri {
  switch (expr.kind) {
    case 'empty': return false;
    case 'number': return expr.value !== 0;
    case 'group': return evaluateCondition(expr.inner, ctx, problems);
    case 'not': { const v = evaluateCondition(expr.operand, ctx, problems); return v === undefined ? undefined : !v; }
    case 'and': {
      const l = evaluateCondition(expr.left, ctx, problems);
      const r = evaluateCondition(expr.right, ctx, problems);
      if (l === false || r === false) return false;
      return l === true && r === true ? true : undefined;
    }
    case 'or': {
      const l = evaluateCondition(expr.left, ctx, problems);
      const r = evaluateCondition(expr.right, ctx, problems);
      if (l === true || r === true) return true;
      return l === false && r === false ? false : undefined;
    }
    case 'env': {
      const value = expandEnv(expr.text, ctx.env);
      if (value === undefined) return undefined;
      const word: Word = { text: value, raw: value, range: expr.range, quoted: true, envRefs: NO_ENV_REFS };
      const parsed = parseCondition(value.trim() === '' ? [] : [word], word).expr;
      return parsed ? evaluateCondition(parsed, { ...ctx, env: ctx.env }, []) : undefined;
    }
    case 'predicate': return evalPredicate(expr, ctx, problems);
  }
}
