// Small helpers shared by the server/bind, rule, expression, reference and duplicate checks.
import type { Directive, Range, Section, Word } from '../../syntax/tree';
import type { CheckContext } from '../context';
import type { FindingCode, FindingData, FindingSeverity } from '../findings';
import { LONG_WORD } from '../symbols';

/**
 * A word whose value is only known at run time: environment references (expanded inside double
 * quotes, and kept verbatim by the tokenizer), anything with a `$` (HAProxy leaves unquoted `${X}`
 * alone, but a config generator may substitute it) or a template placeholder (`{{ .Port }}`,
 * `{% ... %}` of consul-template/Jinja files). Such words are never value-checked.
 */
export function isDynamicWord(w: Word): boolean {
  return hasDynamicText(w.text) || w.envRefs.length > 0;
}

const DOLLAR = 36;
const OPEN_BRACE = 123;
const PERCENT = 37;

/** `$` anywhere, or `{{` / `{%`: one pass of character tests (every word of the file goes through here). */
function hasDynamicText(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === DOLLAR) return true;
    if (c === OPEN_BRACE && isPlaceholderAt(t, i)) return true;
  }
  return false;
}

/** Is the `{` at `i` the start of `{{` or `{%`? */
function isPlaceholderAt(t: string, i: number): boolean {
  const next = t.charCodeAt(i + 1);
  return next === OPEN_BRACE || next === PERCENT;
}

/** Does a text hold `{{` or `{%`? */
function hasPlaceholder(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === OPEN_BRACE && isPlaceholderAt(t, i)) return true;
  return false;
}

/**
 * A line of a template (consul-template `{{ ... }}`, Jinja `{% ... %}`): placeholders may span
 * several words, so such lines are not checked at all.
 */
export function isTemplated(d: Directive): boolean {
  // Not remembered per directive: measured in the service, a WeakMap of every line cost more (its
  // inserts, then a lookup per call) than these character loops over words the caller reads anyway.
  const args = d.args;
  for (let i = 0; i < args.length; i++) if (hasPlaceholder(args[i].text)) return true;
  return false;
}

/** Lines HAProxy skips (false `.if` branch) and template lines are not checked at all. */
export function isSkipped(d: Directive): boolean {
  return d.activity === 'inactive' || isTemplated(d);
}

/** What argumentDynamics() answers for a template line (see isTemplated). */
export const TEMPLATE_LINE = -1;
/** Arguments from this index on have no bit in an argumentDynamics() mask. */
const MASKED_ARGUMENTS = 30;

/**
 * For checks that read every word of a line (server and bind lines): one pass over the arguments'
 * characters answers both isTemplated(d) (TEMPLATE_LINE) and, as bit i of the mask, whether
 * argument i is dynamic (isDynamicWord), instead of a pass for the template test and another per word.
 * Read the mask with isArgumentDynamic().
 */
export function argumentDynamics(d: Directive): number {
  const args = d.args;
  let mask = 0;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const t = w.text;
    let dollar = false;
    // A long word (an address, a path) is searched by the builtin first: cheaper per character than the loop.
    const plain = t.length >= LONG_WORD && t.indexOf('$') < 0 && t.indexOf('{') < 0;
    for (let k = 0; !plain && k < t.length; k++) {
      const c = t.charCodeAt(k);
      if (c === DOLLAR) dollar = true;
      else if (c === OPEN_BRACE && isPlaceholderAt(t, k)) return TEMPLATE_LINE;
    }
    if (i < MASKED_ARGUMENTS && (dollar || w.envRefs.length > 0)) mask |= 1 << i;
  }
  return mask;
}

/** isDynamicWord(args[i]), read from an argumentDynamics() mask of the line (a word past the mask is scanned). */
export function isArgumentDynamic(mask: number, args: readonly Word[], i: number): boolean {
  return i < MASKED_ARGUMENTS ? (mask & (1 << i)) !== 0 : isDynamicWord(args[i]);
}

/** Range of `length` characters at `offset` in a word's decoded text (whole word when quotes/escapes shift it). */
export function subRange(w: Word, offset: number, length: number): Range {
  if (w.raw !== w.text) return w.range;
  const { line, character } = w.range.start;
  return { start: { line, character: character + offset }, end: { line, character: character + offset + length } };
}

/** Range from the start of the first word to the end of the last one. */
export function spanRange(first: Word, last: Word): Range {
  return { start: first.range.start, end: last.range.end };
}

export function report(ctx: CheckContext, code: FindingCode, severity: FindingSeverity, range: Range, message: string,
  data?: FindingData): void {
  ctx.report(data ? { code, severity, range, message, data } : { code, severity, range, message });
}

/** Frontend/backend capability of a proxy section (listen and defaults have both). */
export function hasFrontendCapability(section: Section): boolean {
  return section.type === 'frontend' || section.type === 'listen' || section.type === 'defaults';
}

export function hasBackendCapability(section: Section): boolean {
  return section.type === 'backend' || section.type === 'listen' || section.type === 'defaults';
}

export function isProxySection(section: Section): boolean {
  return section.type === 'frontend' || section.type === 'backend' || section.type === 'listen' || section.type === 'defaults';
}

/** "frontend 'fe'" as HAProxy names a proxy in its messages. */
export function describeProxy(section: Section): string {
  return `${section.type} '${section.name?.text ?? ''}'`;
}

const versionParts = new Map<string, number[]>();

function partsOf(v: string): number[] {
  let parts = versionParts.get(v);
  if (!parts) {
    parts = v.split('.').map(Number);
    versionParts.set(v, parts);
  }
  return parts;
}

/** Compares catalog versions ("2.6" < "2.10"); called per line, so the split is cached. */
export function compareVersions(a: string, b: string): number {
  const pa = partsOf(a);
  const pb = partsOf(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}


/** ", did you mean 'x'?" or "" (suggestions come best first). */
export function didYouMean(suggestions: string[]): string {
  return suggestions.length ? `; did you mean '${suggestions[0]}'?` : '';
}

/**
 * Is a name made of ASCII letters, digits, '-', '.', '_' and ':' only? The usual ACL and server
 * names are, and the regexes that judge the others (ACL_NAME, SERVER_NAME) need not run for them.
 */
export function isPlainName(name: string): boolean {
  if (!name.length) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 45 || c === 46 || c === 95;
    if (!ok) return false;
  }
  return true;
}
