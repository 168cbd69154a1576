// Shared by the keyword, argument and value checks: which catalog keyword a directive line uses,
// the argument words after it, and a reporter that applies the conditional-block policy.
import type { Catalog, KeywordMatch } from '../../catalog/catalog';
import type { Directive, Range, Section, Word } from '../../syntax/tree';
import type { CheckContext } from '../context';
import { keywordStarts, matchIn } from './keywordTables';
import type { KeywordStarts } from './keywordTables';
import type { Finding, FindingCode, FindingData, FindingSeverity } from '../findings';

/** Enough words for the longest keyword ("capture request header"), a prefix and a rule action. */
const MATCH_WORDS = 6;

/** The first words of a line as plain text (keyword, arguments). */
export function lineWords(d: Directive, max = MATCH_WORDS): string[] {
  const words = [d.keyword.text];
  for (let i = 0; i < d.args.length && words.length < max; i++) words.push(d.args[i].text);
  return words;
}

/** The catalog keyword of a line in a section, or undefined when the section does not know it. */
export function keywordOf(catalog: Catalog, section: Section, d: Directive): KeywordMatch | undefined {
  return keywordIn(catalog, section.type, keywordStarts(catalog, section.type), d);
}

/** keywordOf() with the section type's keywords fetched once per section (keywordStarts()). */
export function keywordIn(catalog: Catalog, sectionType: string, starts: KeywordStarts | undefined, d: Directive): KeywordMatch | undefined {
  return (starts ? matchIn(starts, d) : undefined) ?? matchWithArgument(catalog, sectionType, lineWords(d));
}

/**
 * Keywords written with their argument in parentheses: "http-check set-var(check.port) int(1)"
 * is the catalog's "http-check set-var"; its "-fmt" variant ("set-var-fmt(...)") shares the entry.
 */
function matchWithArgument(catalog: Catalog, sectionType: string, words: string[]): KeywordMatch | undefined {
  const paren = words[1]?.indexOf('(') ?? -1;
  if (paren <= 0) return undefined;
  const base = words[1].slice(0, paren);
  const attempt = (name: string): KeywordMatch | undefined => {
    const m = catalog.matchKeyword(sectionType, [words[0], name]);
    return m && m.consumed === 2 ? { ...m, consumed: 2 } : undefined;
  };
  return attempt(base) ?? (base.endsWith('-fmt') ? attempt(base.slice(0, -4)) : undefined);
}

/** The words after the keyword (and its no/default prefix). */
export function argumentsAfter(d: Directive, match: KeywordMatch): Word[] {
  return d.args.slice(match.consumed - 1);
}

/** All words of the line (keyword first). */
function allWords(d: Directive): Word[] {
  return [d.keyword, ...d.args];
}

/** Is a word only known at run time (an environment reference, or a `$` a generator may substitute)? */
export function isDynamic(w: Word): boolean {
  return w.envRefs.length > 0 || w.text.includes('$');
}

/** A fresh range from the start of one word to the end of another (ranges are never shared). */
export function spanOf(first: Word, last: Word = first): Range {
  return { start: { ...first.range.start }, end: { ...last.range.end } };
}

/** The range of a keyword's words, prefix included ("no option httplog"). */
export function keywordRange(d: Directive, consumed: number): Range {
  const words = allWords(d);
  return spanOf(words[0], words[Math.max(0, Math.min(consumed, words.length) - 1)]);
}

/** Lines HAProxy skips (false `.if` branch) get no semantic check at all. */
export function isChecked(d: Directive): boolean {
  return d.activity !== 'inactive';
}

/**
 * Reports a finding about a line. Lines whose branch depends on unknown facts (undecided) are
 * checked leniently: what would be an error there is only a warning.
 */
export function reportOn(ctx: CheckContext, d: Directive, code: FindingCode, severity: FindingSeverity, range: Range,
  message: string, extra: { data?: FindingData; tags?: Finding['tags'] } = {}): void {
  const finding: Finding = { code, message, range, severity: severity === 'error' && d.activity === 'undecided' ? 'warning' : severity };
  if (extra.data) finding.data = extra.data;
  if (extra.tags) finding.tags = extra.tags;
  ctx.report(finding);
}

/** Proxy sections share one parser in HAProxy (cfg_parse_listen); other sections each have theirs. */
export const PROXY_TYPES: ReadonlySet<string> = new Set(['defaults', 'frontend', 'listen', 'backend']);

/** "frontend 'fe'" as HAProxy names a proxy in its messages. */
export function proxyLabel(section: Section): string {
  return section.name ? `${section.type} '${section.name.text}'` : `${section.type} section`;
}

/** Compares catalog versions ("2.6" < "2.10"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** "; did you mean 'x'?" or "" (suggestions come best first). */
export function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length ? `; did you mean '${suggestions[0]}'?` : '';
}
