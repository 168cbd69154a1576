// Keyword checks: is the first word (or words: "option httplog", "timeout connect") a keyword of
// this section for the target version? Unknown, misplaced, too new, removed, deprecated, refused
// no/default prefix, named-defaults-only keyword in an anonymous defaults, directive before the
// first section, section type unknown to the target version.
import { availability, availabilityKey, knownVersions, suggestAll } from '../../catalog/catalog';
import type { KeywordData, KeywordMatch } from '../../catalog/catalog';
import type { Directive, Section } from '../../syntax/tree';
import type { CheckContext, DocumentCheck } from '../context';
import { PROXY_TYPES, compareVersions, didYouMean, isChecked, isDynamic, keywordRange, lineWords, reportOn, spanOf } from './keywordLines';
import { checkArgumentCount } from './arguments';
import { familyMembers, familyMembersOf, keywordTables, memoized } from './keywordTables';
import { legacyKeyword } from './legacyKeywords';
import { placementOf } from './placement';


/** Directives before the first section header: HAProxy refuses them ("unknown keyword ... out of section"). */
export const checkPreamble: DocumentCheck = { name: 'checkPreamble', unit: ({ section, directives }, ctx) => {
  if (section) return;
  for (const d of directives) {
    if (!isChecked(d) || isDynamic(d.keyword)) continue;
    const name = d.keyword.text;
    const belongs = ctx.catalog.sectionsOf(name);
    const hint = belongs.length ? ` ('${name}' belongs in ${belongs.join(', ')})` : '';
    reportOn(ctx, d, 'directive-outside-section', 'error', spanOf(d.keyword),
      `unknown keyword '${name}' out of section: a directive must follow a section header such as 'global' or 'defaults'${hint}`,
      belongs.length ? { data: { allowedIn: belongs } } : {});
  }
} };

/** Is the section type known to the target version? Reports the header when it is not. */
export function sectionTypeKnown(section: Section, ctx: CheckContext): boolean {
  if (ctx.catalog.sectionType(section.type)) return true;
  const known = availability(availabilityKey.section(section.type));
  const range = spanOf(section.header.keyword);
  if (known && compareVersions(known.since, ctx.version) > 0) {
    reportOn(ctx, section.header, 'unknown-section', 'error', range,
      `'${section.type}' sections need HAProxy ${known.since} or later (target: ${ctx.version})`);
  } else if (known) {
    // Gone from the target's manual (the program section is deprecated, not refused, in 3.2).
    reportOn(ctx, section.header, 'unknown-section', 'warning', range,
      `'${section.type}' sections are not documented for HAProxy ${ctx.version} (last documented in ${lastBefore(known.removed ?? ctx.version)})`);
  } else {
    // A section keyword no catalog documents (log-profile, namespace_list): refused by 2.6 (checked
    // with haproxy -c); for later versions the manuals may simply not list it.
    const refused = compareVersions(ctx.version, '2.6') <= 0;
    reportOn(ctx, section.header, 'unknown-section', refused ? 'error' : 'warning', range,
      refused ? `HAProxy ${ctx.version} has no '${section.type}' section` : `'${section.type}' sections are not documented for HAProxy ${ctx.version}`);
  }
  return false;
}

/** A line whose keyword the section knows: prefix, family member, named-defaults-only, deprecation. False when it is not usable. */
export function checkKnownKeyword(section: Section, d: Directive, match: KeywordMatch, ctx: CheckContext): boolean {
  const keyword = match.keyword;
  // The keyword's range is made only for a finding (no closure or range per line).
  if (match.prefix) {
    const refusal = prefixRefusal(section, keyword, match.prefix);
    if (refusal) reportOn(ctx, d, 'negation-not-supported', 'error', keywordRange(d, match.consumed), refusal);
  }
  if (unknownMember(section, d, match, ctx)) return false;
  if (section.type === 'defaults' && !section.name && keyword.namedDefaultsOnly) {
    reportOn(ctx, d, 'keyword-wrong-section', 'error', keywordRange(d, match.consumed),
      `'${keyword.name}' not allowed in anonymous 'defaults' section (give the defaults section a name)`, { data: { allowedIn: ['defaults'] } });
  }
  if (keyword.deprecated) {
    const use = keyword.successor ? `; use '${keyword.successor}' instead` : '';
    reportOn(ctx, d, 'keyword-deprecated', 'warning', keywordRange(d, match.consumed), `'${keyword.name}' is deprecated in HAProxy ${ctx.version}${use}`, {
      tags: ['deprecated'], ...(keyword.successor ? { data: { successor: keyword.successor } } : {}),
    });
  }
  return true;
}

/**
 * HAProxy accepts "no"/"default" only before options marked negatable and before "log" in proxies
 * (2.6: "negation/default currently supported only for options, log, ..."). Global keywords are
 * left alone: the list of negatable global keywords changes between versions.
 */
function prefixRefusal(section: Section, keyword: KeywordData, prefix: string): string | undefined {
  if (keyword.negatable) return undefined;
  if (keyword.name.startsWith('option ')) return `negation/default is not supported for option '${keyword.name.slice(7)}'`;
  if (PROXY_TYPES.has(section.type) && keyword.name !== 'log') {
    return `'${prefix}' is not supported before '${keyword.name}' (negation/default is supported only for options and log)`;
  }
  return undefined;
}

/** A bare family keyword followed by an unknown member: global "stats foo". */
function unknownMember(section: Section, d: Directive, match: KeywordMatch, ctx: CheckContext): boolean {
  const members = match.consumed === 1 ? familyMembersOf(ctx.catalog, section.type, match) : undefined;
  const next = d.args[match.consumed - 1];
  if (!members || !next || isDynamic(next)) return false;
  reportUnknownMember(section, d, match.keyword.name, match.consumed - 1, members, ctx);
  return true;
}

/** A line whose keyword the section does not know: misplaced, legacy, other version, or unknown. */
export function checkUnknownKeyword(section: Section, d: Directive, ctx: CheckContext): void {
  const words = lineWords(d);
  const start = (words[0] === 'no' || words[0] === 'default') && words.length > 1 ? 1 : 0;
  const core = words.slice(start);
  const kind = PROXY_TYPES.has(section.type) ? 'proxy' : section.type;
  const legacy = legacyKeyword(kind, core);
  if (legacy && compareVersions(ctx.version, legacy.entry.removedIn) >= 0) {
    const replacement = legacy.entry.replacement;
    reportOn(ctx, d, 'keyword-removed', 'error', keywordRange(d, start + legacy.name.split(' ').length), legacy.entry.message,
      replacement ? { data: { suggestions: [replacement] } } : {});
    return;
  }
  const members = familyMembers(ctx.catalog, section.type, core[0]);
  const elsewhere = placementsElsewhere(section, core, ctx);
  if (elsewhere && (!members || elsewhere.consumed > 1)) {
    const placement = placementOf(section, elsewhere.name, elsewhere.sections);
    if (placement) {
      reportOn(ctx, d, placement.code, placement.severity, keywordRange(d, start + elsewhere.consumed), placement.message,
        { data: { allowedIn: [...elsewhere.sections] } });
    }
    // HAProxy still parses a keyword it only ignores ("default_backend" alone in a backend is refused).
    const keyword = placement?.severity !== 'error' ? ctx.catalog.keywordInfo(elsewhere.sections[0], elsewhere.name) : undefined;
    if (keyword && PROXY_TYPES.has(section.type) && PROXY_TYPES.has(elsewhere.sections[0]) && !start) {
      checkArgumentCount('proxy', d, { keyword, consumed: elsewhere.consumed }, ctx);
    }
    return;
  }
  if (reportVersionMismatch(section, d, start, core, ctx)) return;
  if (members) {
    reportUnknownMember(section, d, core[0], start, members, ctx);
    return;
  }
  const suggestions = memoized(ctx.catalog, `suggest\0${section.type}\0${core[0]}`,
    () => suggestAll(core[0], keywordTables(ctx.catalog).firstWords.get(section.type) ?? [], 3));
  reportOn(ctx, d, 'unknown-keyword', 'error', keywordRange(d, start + 1),
    `unknown keyword '${core[0]}' in '${section.type}' section${didYouMean(suggestions)}`,
    suggestions.length ? { data: { suggestions: [...suggestions] } } : {});
}

/** The other section types whose keyword the line's words make (longest match wins). */
function placementsElsewhere(section: Section, core: string[], ctx: CheckContext):
  { name: string; consumed: number; sections: string[] } | undefined {
  return memoized(ctx.catalog, `elsewhere\0${section.type}\0${core.join('\0')}`, () => findElsewhere(section, core, ctx));
}

function findElsewhere(section: Section, core: string[], ctx: CheckContext): { name: string; consumed: number; sections: string[] } | undefined {
  let best: { name: string; consumed: number; sections: string[] } | undefined;
  for (const type of keywordTables(ctx.catalog).sectionTypes) {
    if (type === section.type) continue;
    const m = ctx.catalog.matchKeyword(type, core);
    if (!m || m.prefix) continue;
    if (!best || m.consumed > best.consumed) best = { name: m.keyword.name, consumed: m.consumed, sections: [type] };
    else if (m.consumed === best.consumed && m.keyword.name === best.name) best.sections.push(type);
  }
  return best;
}

/** Keyword of this section in another version only: too new (error) or gone (warning: may be a manual change). */
function reportVersionMismatch(section: Section, d: Directive, start: number, core: string[], ctx: CheckContext): boolean {
  for (let n = Math.min(core.length, 4); n > 0; n--) {
    const name = core.slice(0, n).join(' ');
    const a = availability(availabilityKey.keyword(section.type, name));
    if (!a) continue;
    const range = keywordRange(d, start + n);
    if (compareVersions(a.since, ctx.version) > 0) {
      reportOn(ctx, d, 'keyword-too-new', 'error', range, `'${name}' needs HAProxy ${a.since} or later in a '${section.type}' section (target: ${ctx.version})`);
      return true;
    }
    if (a.removed && compareVersions(a.removed, ctx.version) <= 0) {
      reportOn(ctx, d, 'keyword-removed', 'warning', range,
        `'${name}' is not documented for HAProxy ${ctx.version} in a '${section.type}' section (last documented in ${lastBefore(a.removed)})`);
      return true;
    }
  }
  return false;
}

function lastBefore(version: string): string {
  const versions = knownVersions();
  const at = versions.indexOf(version);
  return at > 0 ? versions[at - 1] : version;
}

/** "option forwardedfor", "timeout foo", "stats foo" (global), or a family head alone ("option"). */
function reportUnknownMember(section: Section, d: Directive, head: string, start: number, members: string[], ctx: CheckContext): void {
  const words = [d.keyword, ...d.args];
  const sub = words[start + 1];
  const names = [...new Set(members.map((m) => m.split(' ')[0]))];
  if (!sub) {
    const expected = head === 'option' ? 'an option name' : `one of ${names.map((n) => `'${n}'`).join(', ')}`;
    reportOn(ctx, d, 'missing-argument', 'error', keywordRange(d, start + 1), `'${head}' expects ${expected}`);
    return;
  }
  if (isDynamic(sub)) return;
  const suggestions = memoized(ctx.catalog, `member\0${section.type}\0${head}\0${sub.text}`, () => suggestAll(sub.text, names, 3));
  const message = head === 'option'
    ? `unknown option '${sub.text}'${didYouMean(suggestions)}`
    : `unknown keyword '${head} ${sub.text}' in '${section.type}' section${didYouMean(suggestions)}`;
  reportOn(ctx, d, 'unknown-keyword', 'error', spanOf(sub), message, suggestions.length ? { data: { suggestions: [...suggestions] } } : {});
}
