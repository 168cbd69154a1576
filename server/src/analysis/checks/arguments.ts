// Argument counts and section names: a keyword given fewer or more arguments than HAProxy's parser
// accepts (see arity.ts), a section header without its name, with characters HAProxy refuses in
// the name, or with words after it.
import type { Directive, Section, Word } from '../../syntax/tree';
import type { KeywordData, KeywordMatch } from '../../catalog/catalog';
import type { CheckContext } from '../context';
import { ANY, arityOf } from './arity';
import type { Arity } from './arity';
import { PROXY_TYPES, isChecked, isDynamic, keywordRange, reportOn, spanOf } from './keywordLines';
import { keywordFact } from './keywordTables';

/** A line's argument count against what HAProxy enforces for its keyword (no/default lines are not counted). */
export function checkArgumentCount(sectionKind: string, d: Directive, match: KeywordMatch, ctx: CheckContext): void {
  if (match.prefix) return;
  // sectionKind follows the match's section type: one answer per keyword and section type.
  const counts = keywordFact(match, 'arity', () => enforcedArity(sectionKind, match.keyword));
  if (counts) checkCount(d, match.keyword.name, match.consumed, counts, ctx);
}

/** agreeingArity of a keyword, worked out once per section kind and catalog entry (it was per line). */
const arityCache = new WeakMap<KeywordData, Map<string, Arity | null>>();

function enforcedArity(sectionKind: string, keyword: KeywordData): Arity | undefined {
  let byKind = arityCache.get(keyword);
  if (!byKind) arityCache.set(keyword, byKind = new Map());
  let counts = byKind.get(sectionKind);
  if (counts === undefined) {
    const arity = arityOf(sectionKind, keyword.name);
    counts = (arity && agreeingArity(arity, keyword)) || null;
    byKind.set(sectionKind, counts);
  }
  return counts ?? undefined;
}

/**
 * The table was measured on 2.6: where the target version's synopsis allows more arguments (3.0's
 * "external-check [preserve-env]") or requires fewer, the keyword changed and that bound is dropped.
 */
function agreeingArity([min, max]: Arity, keyword: KeywordData): Arity | undefined {
  const args = (keyword.args ?? []).filter((a) => !a.name.startsWith('('));
  const required = args.filter((a) => !a.optional).length;
  const allowed = args.some((a) => a.repeat) ? Infinity : args.length;
  const keptMin = required >= min ? min : 0;
  const keptMax = max !== ANY && allowed <= max ? max : ANY;
  return keptMin === 0 && keptMax === ANY ? undefined : [keptMin, keptMax];
}

/**
 * HAProxy ignores empty arguments ("") when it counts them; an environment reference may expand to
 * nothing. The arguments are the words after the keyword's `consumed` words; they are counted in
 * place (lists are built only for a report).
 */
function checkCount(d: Directive, keyword: string, consumed: number, [min, max]: readonly [number, number], ctx: CheckContext): void {
  const args = d.args;
  const from = consumed - 1;
  let given = 0;
  for (let i = from; i < args.length; i++) if (args[i].text !== '' || isDynamic(args[i])) given++;
  if (given < min) {
    const what = min === 1 ? 'an argument' : `${min} arguments`;
    reportOn(ctx, d, 'missing-argument', 'error', keywordRange(d, consumed), `'${keyword}' expects ${what}${given ? ` (got ${given})` : ''}`);
    return;
  }
  if (max === ANY) return;
  let certain = 0;
  for (let i = from; i < args.length; i++) {
    const w = args[i];
    if (w.envRefs.length > 0 && w.envRefs.some((r) => r.split)) return;
    if (w.text !== '' && !isDynamic(w)) certain++;
  }
  if (certain <= max) return;
  const certainWords = args.slice(from).filter((w) => w.text !== '' && !isDynamic(w));
  const extra = certainWords[max];
  reportOn(ctx, d, 'extra-argument', 'error', spanOf(extra, certainWords[certainWords.length - 1]),
    `'${keyword}' cannot handle unexpected argument '${extra.text}'`);
}

/** Sections whose header must name them. */
const NAMED: ReadonlySet<string> = new Set([
  'frontend', 'backend', 'listen', 'userlist', 'peers', 'mailers', 'resolvers', 'program', 'http-errors', 'ring', 'cache',
  'fcgi-app', 'log-forward',
]);
/** Sections whose name HAProxy checks with invalid_char() (cache and program names are not checked). */
const CHECKED_NAMES: ReadonlySet<string> = new Set([
  'frontend', 'backend', 'listen', 'userlist', 'peers', 'mailers', 'resolvers', 'http-errors', 'ring', 'fcgi-app', 'log-forward',
]);
/** Sections refusing words after the name ("global" refuses any). */
const NO_EXTRA_WORDS: ReadonlySet<string> = new Set(['global', 'userlist', 'peers', 'program', 'cache', 'fcgi-app', 'log-forward']);

/** HAProxy's invalid_char(): letters, digits, '.', '_', '-' and ':' (bytes above ASCII pass too). */
export function invalidNameChar(name: string): string | undefined {
  for (const ch of name) {
    const code = ch.charCodeAt(0);
    const ok = code >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
      || ch === '.' || ch === '_' || ch === '-' || ch === ':';
    if (!ok) return ch;
  }
  return undefined;
}

/** The section header: name present and valid, nothing after it where HAProxy refuses more. */
export function checkHeader(section: Section, ctx: CheckContext): void {
  if (!isChecked(section.header)) return;
  const header = section.header;
  const args = header.args;
  const type = section.type;
  if (type === 'global' && args.length) {
    extraWords(header, args, 0, `'global' cannot handle unexpected argument '${args[0].text}'`, ctx);
    return;
  }
  if (!NAMED.has(type)) return;
  const name = args[0];
  if (!name || (name.text === '' && !isDynamic(name))) {
    reportOn(ctx, header, 'missing-section-name', 'error', spanOf(header.keyword), `'${type}' expects a name as its argument`);
    return;
  }
  const bad = CHECKED_NAMES.has(type) && !isDynamic(name) ? invalidNameChar(name.text) : undefined;
  if (bad !== undefined) {
    reportOn(ctx, header, 'invalid-name', 'error', spanOf(name), `character '${bad}' is not permitted in '${type}' name '${name.text}'`);
  }
  if (PROXY_TYPES.has(type)) checkProxyHeaderTail(section, ctx);
  else if (NO_EXTRA_WORDS.has(type) && args.length > 1) {
    extraWords(header, args, 1, `'${type}' cannot handle unexpected argument '${args[1].text}'`, ctx);
  }
}

/** `frontend NAME [from DEFAULTS]`: nothing else (addresses go on 'bind' lines). */
function checkProxyHeaderTail(section: Section, ctx: CheckContext): void {
  const header = section.header;
  const args = header.args;
  if (args[1]?.text === 'from') {
    if (args.length === 2) {
      reportOn(ctx, header, 'missing-argument', 'error', spanOf(args[1]), `'from' expects the name of a defaults section`);
    } else if (args.length > 3) {
      extraWords(header, args, 3, `'${section.type}' cannot handle unexpected argument '${args[3].text}'`, ctx);
    }
    return;
  }
  if (args.length > 1 && section.type !== 'defaults') {
    // A backend with extra words is not created at all: each of its lines then fails.
    const why = section.type === 'backend' ? 'HAProxy drops the section' : "please use the 'bind' keyword for listening addresses";
    extraWords(header, args, 1, `'${section.type}' takes only a name (and 'from <defaults>'): ${why}`, ctx);
  }
}

function extraWords(d: Directive, args: Word[], from: number, message: string, ctx: CheckContext): void {
  reportOn(ctx, d, 'extra-argument', 'error', spanOf(args[from], args[args.length - 1]), message);
}
