// Extracts a CatalogData from one configuration manual. Every name comes from the manual text
// (lists, matrices, entry synopses); only section titles are mapped to section types here.
import { createHash } from 'node:crypto';
import type {
  ActionData, CatalogData, ConverterData, Documented, FetchData, KeywordData, OptionData, SectionTypeData,
} from '../../server/src/catalog/types';
import {
  findSections, ManualEntry, ManualSection, parseEntries, sectionByTitle, splitContexts, splitLines, splitSeeAlso, splitUsedIn,
} from './manual';
import { keywordWords, optionArgs, parseArgs, parseParenArgs } from './synopsis';
import { extractChoices } from './choices';

export const PROXY_SECTIONS = ['defaults', 'frontend', 'listen', 'backend'];

/** Manual section titles of the sections other than global/proxies, and the section type they describe. */
const OTHER_SECTION_TITLES: Array<[RegExp, string]> = [
  [/^Userlists$/, 'userlist'],
  [/^Peers( declaration)?$/, 'peers'],
  [/^Mailers$/, 'mailers'],
  [/^Programs$/, 'program'],
  [/^HTTP-errors$/, 'http-errors'],
  [/^Rings$/, 'ring'],
  [/^Log forwarding$/, 'log-forward'],
  [/^The resolvers section$/, 'resolvers'],
  [/^Cache section$/, 'cache'],
  [/^Fcgi-app section$/i, 'fcgi-app'],
  [/^Traces$/, 'traces'],
  [/^Certificate Storage$/, 'crt-store'],
  [/^ACME$/, 'acme'],
  [/^Healthchecks$/, 'healthcheck'],
];

export interface DocStore { put(text: string): string | undefined; get(key: string): string | undefined }

export function makeDocStore(docs: Record<string, string>): DocStore {
  return {
    put(text: string) {
      const trimmed = text.replace(/\s+$/, '');
      if (!trimmed) return undefined;
      const key = createHash('sha1').update(trimmed).digest('hex').slice(0, 12);
      docs[key] = trimmed;
      return key;
    },
    get: (key: string) => docs[key],
  };
}

interface Ctx { lines: string[]; sections: ManualSection[]; docs: DocStore; notes: string[] }

function documented(ctx: Ctx, entry: ManualEntry, keywordText: string): Documented {
  const { body: noUse } = splitUsedIn(entry.body);
  const { body: noContexts, contexts } = splitContexts(noUse);
  const { body, seeAlso } = splitSeeAlso(noContexts);
  const first = entry.synopsis[0];
  const rest = first.startsWith(keywordText) ? first.slice(keywordText.length) : first.split(/\s+/).slice(1).join(' ');
  const args = parseArgs(rest);
  const text = body.join('\n');
  // Only a notice in the first paragraph marks the entry itself (later ones often concern a value).
  const firstParagraph = text.split(/\n\s*\n/)[0];
  // When synopsis lines carry "(deprecated)" marks (fetch aliases), only the marked line is.
  const marked = entry.synopsis.some((l) => /\(deprecated\)/.test(l));
  const deprecated = (marked ? /\(deprecated\)/.test(entry.synopsis[0]) : /\bdeprecated\b/i.test(firstParagraph)) || undefined;
  const out: Documented = { synopsis: entry.synopsis };
  if (args.length) out.args = args;
  if (contexts?.length) out.contexts = contexts;
  if (seeAlso.length) out.seeAlso = seeAlso;
  const doc = ctx.docs.put(text);
  if (doc) out.doc = doc;
  if (deprecated) {
    out.deprecated = true;
    const unmarked = marked ? entry.synopsis.find((l) => !/\(deprecated\)/.test(l)) : undefined;
    const successor = unmarked ? keywordOf(unmarked) : findSuccessor(text);
    if (successor) out.successor = successor;
  }
  return out;
}

/** "req.len : integer" -> "req.len"; "option foo <x>" -> "option foo". */
function keywordOf(synopsis: string): string {
  return /^[a-z0-9_][\w.+-]*/i.test(synopsis) && /[(:]/.test(synopsis) ? /^[a-z0-9_][\w.+-]*/i.exec(synopsis)![0] : keywordWords(synopsis).join(' ');
}

/** The replacement a deprecation notice names, e.g. `...deprecated...use "http-request deny" instead`. */
export function findSuccessor(text: string): string | undefined {
  const flat = text.replace(/\s+/g, ' ');
  const patterns = [
    /deprecated[^.]*?(?:replaced by|in favor of|superseded by|in favour of)\s+(?:the\s+)?"([^"]+)"/i,
    /deprecated[^.]*?(?:please\s+)?use\s+(?:the\s+)?"([^"]+)"(?:\s+\w+)?\s+instead/i,
    /deprecated[^.]*\.\s*(?:Please\s+)?use\s+(?:the\s+)?"([^"]+)"/i,
    /(?:replaced by|in favor of)\s+(?:the\s+)?"([^"]+)"[^.]*deprecated/i,
    /deprecated.*?(?:newer|new|replacement) (?:option|keyword|directive|setting) is (?:named|called) "([^"]+)"/i,
    /deprecated.*?renamed (?:to|into|as) "([^"]+)"/i,
    /alias for "([^"]+)" \(which should be used instead\)/i,
  ];
  for (const p of patterns) { const m = p.exec(flat); if (m) return m[1]; }
  return undefined;
}

function manualInfo(lines: string[], path: string): CatalogData['manual'] {
  const head = lines.slice(0, 20).join('\n');
  const title = /version\s+([\d.]+)/.exec(head)?.[1] ?? '';
  const date = /(\d{4}\/\d{2}\/\d{2})/.exec(head)?.[1];
  return { path, title: `HAProxy Configuration Manual, version ${title}`, ...(date ? { date } : {}) };
}

// ---------------------------------------------------------------- global

function globalKeywords(ctx: Ctx): KeywordData[] {
  const top = sectionByTitle(ctx.sections, /^Global (parameters|section)$/);
  if (!top) throw new Error('global section (3.) not found');
  const list: KeywordData[] = [];
  let group = '';
  const firstSub = ctx.sections.find((s) => s.number.startsWith('3.') && s.start > top.start);
  for (let i = top.start; i < (firstSub ? firstSub.start - 2 : top.end); i++) {
    const g = /^\s*\*\s+(.+?)\s*$/.exec(ctx.lines[i]);
    if (g) { group = g[1]; continue; }
    const k = /^\s+-\s+(\S+)(\s+\(deprecated\))?\s*$/.exec(ctx.lines[i]);
    if (k && group) list.push({ name: k[1], sections: ['global'], group, origin: 'list', ...(k[2] ? { deprecated: true } : {}) });
  }
  const byName = new Map(list.map((k) => [k.name, k]));
  const docSections = ctx.sections.filter((s) => /^3\.\d+$/.test(s.number)
    && /Process management|Performance tuning|Debugging|HTTPClient|tuning/i.test(s.title));
  const entries = docSections.flatMap((s) => parseEntries(ctx.lines, s.start, s.end));
  const firstWords = countBy(entries.map((e) => keywordWords(e.synopsis[0])[0] ?? ''));
  // "master-worker" has its own entry, so "master-worker no-exit-on-failure" is that keyword plus
  // an argument; "stats" has none, so "stats socket" is a keyword of its own.
  const standalone = new Set(entries.flatMap((e) => e.synopsis).map((l) => keywordWords(l)).filter((w) => w.length === 1).map((w) => w[0]));
  for (const e of entries) {
    for (const line of e.synopsis) {
      const words = keywordWords(line);
      if (!words.length) continue;
      const name = byName.has(words.slice(0, 2).join(' ')) || (words.length > 1 && (firstWords.get(words[0]) ?? 0) > 1 && !standalone.has(words[0]) && isSubKeyword(line, words))
        ? words.slice(0, 2).join(' ') : words[0];
      const existing = byName.get(name);
      const docd = documented(ctx, { ...e, synopsis: [line, ...e.synopsis.filter((l) => l !== line)] }, name);
      if (existing) {
        if (existing.doc) continue;
        const listed = existing.deprecated;
        Object.assign(existing, docd);
        if (listed) existing.deprecated = true; // the list's "(deprecated)" marks are authoritative
        else { delete existing.deprecated; delete existing.successor; }
        if (existing.deprecated && !existing.successor) { const s = findSuccessor(e.body.join('\n')); if (s) existing.successor = s; }
        continue;
      }
      const kw: KeywordData = { name, sections: ['global'], origin: 'doc', ...docd };
      if (byName.has(words[0])) kw.group = byName.get(words[0])!.group;
      list.push(kw);
      byName.set(name, kw);
    }
  }
  return list;
}

/** `stats socket <addr>`: the second word is a literal sub-keyword, not an argument. */
function isSubKeyword(line: string, words: string[]): boolean {
  return words.length > 1 && line.trim().startsWith(words[0] + ' ' + words[1]) && /^[a-z][a-z0-9-]*$/.test(words[1]);
}

function countBy(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

// ---------------------------------------------------------------- proxies

const MATRIX_ROW = /^(\S.*?)\s+((?:\((?:deprecated|\*)\)\s*)*)(X \(!\)|X|-)\s+(X|-)\s+(X|-)\s+(X|-)\s*$/;

export const RULESETS = [
  'http-request', 'http-response', 'http-after-response',
  'tcp-request connection', 'tcp-request session', 'tcp-request content', 'tcp-response content', 'quic-initial',
];

function proxyKeywords(ctx: Ctx): { keywords: KeywordData[]; actionEntries: Array<{ ruleset: string; entry: ManualEntry; action: string }> } {
  const matrix = sectionByTitle(ctx.sections, /^Proxy keywords matrix$/);
  const reference = sectionByTitle(ctx.sections, /^Alphabetically sorted keywords reference$/);
  if (!matrix || !reference) throw new Error('4.1 matrix or 4.2 reference not found');
  const keywords: KeywordData[] = [];
  const byName = new Map<string, KeywordData>();
  for (let i = matrix.start; i < matrix.end; i++) {
    const m = MATRIX_ROW.exec(ctx.lines[i]);
    if (!m || m[1].trim() === 'keyword') continue;
    const [, name, marks, d, f, l, b] = m;
    const sections = PROXY_SECTIONS.filter((_, k) => [d, f, l, b][k] !== '-');
    const kw: KeywordData = { name: name.trim(), sections, origin: 'matrix' };
    if (d === 'X (!)') kw.namedDefaultsOnly = true;
    if (marks.includes('(*)')) kw.negatable = true;
    if (marks.includes('(deprecated)')) kw.deprecated = true;
    keywords.push(kw);
    byName.set(kw.name, kw);
  }
  const actionEntries: Array<{ ruleset: string; entry: ManualEntry; action: string }> = [];
  for (const entry of parseEntries(ctx.lines, reference.start, reference.end)) {
    const line = entry.synopsis[0].replace(/^no\s+/, '');
    const words = keywordWords(line);
    let n = Math.min(words.length, 4);
    while (n > 0 && !byName.has(words.slice(0, n).join(' '))) n--;
    const ruleset = RULESETS.find((r) => line.startsWith(r + ' '));
    const after = ruleset ? line.slice(ruleset.length).trim() : '';
    if (ruleset && !after.startsWith('<') && (n === 0 || byName.get(words.slice(0, n).join(' '))!.name === ruleset)) {
      // "track-sc0 ...", "track-sc1 ...", "track-sc2 ..." share one entry: one action per line.
      for (const other of entry.synopsis.filter((l) => l.startsWith(ruleset + ' '))) {
        const synopsis = [other, ...entry.synopsis.filter((l) => l !== other)];
        actionEntries.push({ ruleset, entry: { ...entry, synopsis }, action: actionName(other.slice(ruleset.length).trim()) });
      }
      if (n === 0) continue;
    }
    if (n === 0) {
      const added = unlistedProxyKeyword(ctx, entry, words);
      if (!added) continue;
      keywords.push(added);
      byName.set(added.name, added);
      n = added.name.split(' ').length;
    }
    const name = words.slice(0, n).join(' ');
    const kw = byName.get(name)!;
    if (ruleset && !after.startsWith('<')) continue;
    if (entry.synopsis.some((s) => s.startsWith('no ' + name))) kw.negatable = true;
    if (kw.doc) continue; // first entry wins (e.g. "balance" has two synopsis lines in one entry)
    const markedInMatrix = kw.deprecated;
    Object.assign(kw, documented(ctx, entry, name));
    // The matrix is authoritative for its keywords; the text only adds the successor.
    if (kw.origin === 'matrix') { if (markedInMatrix) kw.deprecated = true; else { delete kw.deprecated; delete kw.successor; } }
    if (kw.deprecated && !kw.successor) {
      const s = findSuccessor(entry.body.join('\n'));
      if (s) kw.successor = s;
    }
    documentSiblings(ctx, entry, byName);
  }
  return { keywords, actionEntries };
}

/** Other keywords named by the same entry's synopsis lines ("errorloc302", "tcp-check send-lf"). */
function documentSiblings(ctx: Ctx, entry: ManualEntry, byName: Map<string, KeywordData>): void {
  for (const line of entry.synopsis.slice(1)) {
    const words = keywordWords(line.replace(/^no\s+/, ''));
    let n = Math.min(words.length, 4);
    while (n > 0 && !byName.has(words.slice(0, n).join(' '))) n--;
    const sibling = n > 0 ? byName.get(words.slice(0, n).join(' ')) : undefined;
    if (!sibling || sibling.doc || (RULESETS as readonly string[]).includes(sibling.name)) continue;
    const marked = sibling.deprecated;
    Object.assign(sibling, documented(ctx, { ...entry, synopsis: [line, ...entry.synopsis.filter((l) => l !== line)] }, sibling.name));
    if (sibling.origin === 'matrix') { if (marked) sibling.deprecated = true; else { delete sibling.deprecated; delete sibling.successor; } }
  }
}

/**
 * 4.2 documents a few keywords the 4.1 matrix omits (the manual says it leaves some out); their
 * "May be used in sections" table gives where they are accepted.
 */
function unlistedProxyKeyword(ctx: Ctx, entry: ManualEntry, words: string[]): KeywordData | undefined {
  const { usedIn } = splitUsedIn(entry.body);
  if (!usedIn || !words.length) {
    ctx.notes.push(`4.2 entry without matrix row nor "May be used in sections": "${entry.synopsis[0]}"`);
    return undefined;
  }
  const sections = PROXY_SECTIONS.filter((s) => /^yes/.test(usedIn[s] ?? ''));
  const kw: KeywordData = { name: words.join(' '), sections, origin: 'doc' };
  if (/^yes\(!\)/.test(usedIn.defaults ?? '')) kw.namedDefaultsOnly = true;
  if (entry.synopsis.some((l) => /\(deprecated\)/.test(l))) kw.deprecated = true;
  ctx.notes.push(`4.2 entry not in the 4.1 matrix, added from its "May be used in sections": "${kw.name}"`);
  return kw;
}

function actionName(text: string): string {
  return /^[a-z0-9][\w.-]*/i.exec(text)?.[0] ?? text.split(/\s+/)[0];
}

// ---------------------------------------------------------------- actions

function actions(ctx: Ctx, fromProxyEntries: Array<{ ruleset: string; entry: ManualEntry; action: string }>, keywords: KeywordData[]): ActionData[] {
  const byName = new Map<string, ActionData>();
  const add = (name: string, ruleset: string): ActionData => {
    let a = byName.get(name);
    if (!a) { a = { name, rulesets: [] }; byName.set(name, a); }
    if (!a.rulesets.includes(ruleset)) a.rulesets.push(ruleset);
    return a;
  };
  // 3.x: "Actions keywords matrix" with abbreviations explained in its intro.
  const matrix = sectionByTitle(ctx.sections, /^Actions keywords matrix$/);
  if (matrix) {
    const abbreviations: string[] = [];
    for (let i = matrix.start; i < matrix.end; i++) {
      const m = /^\s+-\s+\w+\s+\w+:\s+the action is valid for "([^"]+)" rules/.exec(ctx.lines[i]);
      if (m) abbreviations.push(m[1]);
    }
    for (let i = matrix.start; i < matrix.end; i++) {
      const m = /^([a-z][\w.()<>,-]*(?: [a-z][\w-]*)?)(\s+\(deprecated\))?((?:\s+[X-]){4,})\s*$/.exec(ctx.lines[i]);
      if (!m) continue;
      const cols = m[3].trim().split(/\s+/);
      if (cols.length !== abbreviations.length) { ctx.notes.push(`action matrix row with ${cols.length} columns: ${m[1]}`); continue; }
      const name = actionName(m[1]);
      cols.forEach((c, k) => { if (c === 'X') add(name, abbreviations[k]); });
      if (m[2]) byName.get(name)!.deprecated = true;
    }
    const reference = sectionByTitle(ctx.sections, /^Alphabetically sorted actions reference$/);
    if (reference) {
      for (const entry of parseEntries(ctx.lines, reference.start, reference.end)) {
        const body = trimLeadingBlank(entry.body.filter((l, k) => !(k < 2 && /Usable in:|^\s*[X-]\s*\|/.test(l))));
        for (const line of entry.synopsis) {
          const name = actionName(line);
          let a = byName.get(name);
          if (!a) {
            // The matrix misses it (3.0 omits track-sc0): use the entry's own "Usable in" ticks.
            const ticks = (entry.body.find((l) => /^\s*[X-]\s*\|/.test(l)) ?? '').split('|').map((t) => t.trim());
            if (ticks.length !== abbreviations.length) { ctx.notes.push(`4.4 action not in the 4.3 matrix, without "Usable in" ticks: ${name}`); continue; }
            ticks.forEach((t, k) => { if (t === 'X') add(name, abbreviations[k]); });
            a = byName.get(name)!;
            ctx.notes.push(`4.4 action not in the 4.3 matrix, added from its "Usable in" ticks: ${name}`);
          }
          if (a.doc) continue;
          const wasDeprecated = a.deprecated;
          Object.assign(a, documented(ctx, { ...entry, synopsis: [line, ...entry.synopsis.filter((l) => l !== line)], body }, name));
          if (wasDeprecated) a.deprecated = true;
          if (a.deprecated && !a.successor) { const succ = findSuccessor(body.join('\n')); if (succ) a.successor = succ; }
        }
      }
    }
  }
  // 2.x: "http-request <action>" entries in 4.2, and the bullet lists in each ruleset's main entry.
  for (const { ruleset, entry, action } of fromProxyEntries) {
    const a = add(action, ruleset);
    if (!a.doc) Object.assign(a, documented(ctx, entry, `${ruleset} ${action}`));
  }
  for (const kw of keywords.filter((k) => RULESETS.includes(k.name))) {
    for (const name of bulletActions(ctx, kw)) add(name, kw.name);
  }
  return [...byName.values()].sort((x, y) => x.name.localeCompare(y.name));
}

/** In 2.x, "The first keyword is the rule's action. ... supported:" followed by "- action" lines. */
function bulletActions(ctx: Ctx, kw: KeywordData): string[] {
  if (!kw.doc) return [];
  const reference = sectionByTitle(ctx.sections, /^Alphabetically sorted keywords reference$/)!;
  const entry = parseEntries(ctx.lines, reference.start, reference.end)
    .find((e) => e.synopsis[0].startsWith(kw.name + ' <action>') || e.synopsis[0].startsWith(kw.name + ' <'));
  if (!entry) return [];
  const names: string[] = [];
  let inList = false;
  let bulletIndent = -1;
  for (const line of entry.body) {
    if (/actions? (is|are) supported|types of actions|supported actions|following actions/i.test(line)) { inList = true; continue; }
    const m = /^(\s+)-\s+(.*)$/.exec(line);
    const indent = /^ */.exec(line)![0].length;
    if (inList && m && (bulletIndent < 0 || m[1].length === bulletIndent)) { bulletIndent = m[1].length; names.push(...bulletNames(m[2])); }
    else if (bulletIndent >= 0 && line.trim() !== '' && indent <= bulletIndent) break; // prose after the list
  }
  return names;
}

/** "{ track-sc0 | track-sc1 } <key>", "set-priority-class <expr> | set-priority-offset <expr>", "accept :". */
function bulletNames(text: string): string[] {
  const braces = /^\{([^}]*)\}/.exec(text.trim());
  const parts = braces ? braces[1].split('|') : splitTopLevel(text, '|');
  return parts.map((p) => /^\s*"?([a-z][\w.-]*)/.exec(p)?.[1]).filter((n): n is string => !!n);
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if ('[{<('.includes(text[i])) depth++;
    else if (']}>)'.includes(text[i])) depth--;
    else if (text[i] === separator && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  return [...parts, text.slice(start)];
}

function trimLeadingBlank(body: string[]): string[] {
  let i = 0;
  while (i < body.length && body[i].trim() === '') i++;
  return body.slice(i);
}

// ---------------------------------------------------------------- bind / server options

function options(ctx: Ctx, title: RegExp): OptionData[] {
  const section = sectionByTitle(ctx.sections, title);
  if (!section) throw new Error(`options section ${title} not found`);
  const list = optionEntries(ctx, section);
  const intro = ctx.lines.slice(section.start, section.end).join(' ').replace(/\s+/g, ' ');
  for (const m of intro.matchAll(/except "([\w-]+)" which is only supported by "server"/g)) {
    const o = list.find((x) => x.name === m[1]);
    if (o) o.serverOnly = true;
  }
  return list;
}

function optionEntries(ctx: Ctx, section: ManualSection): OptionData[] {
  const out = new Map<string, OptionData>();
  for (const entry of parseEntries(ctx.lines, section.start, section.end)) {
    for (const line of entry.synopsis) {
      const name = line.split(/\s+/)[0];
      if (out.has(name)) continue;
      const reordered = { ...entry, synopsis: [line, ...entry.synopsis.filter((l) => l !== line)] };
      const option: OptionData = { name, origin: 'doc', ...documented(ctx, reordered, name) };
      const args = optionArgs(line.slice(name.length));
      if (args.length) option.args = args; else delete option.args;
      out.set(name, option);
    }
  }
  return [...out.values()];
}

// ---------------------------------------------------------------- other sections

/** Subsections listing the options of one keyword of their section, e.g. crt-store "load". */
const OPTION_SUBSECTIONS: Array<[RegExp, string]> = [[/^Load options$/, 'load']];

function otherSections(ctx: Ctx): { types: SectionTypeData[]; keywords: KeywordData[]; sectionOptions: Record<string, OptionData[]> } {
  const sectionOptions: Record<string, OptionData[]> = {};
  const types: SectionTypeData[] = [];
  const keywords: KeywordData[] = [];
  for (const [title, type] of OTHER_SECTION_TITLES) {
    const section = ctx.sections.find((s) => title.test(s.title));
    if (!section) continue;
    // Subsections (crt-store's "Load options") describe a keyword's options, not section keywords.
    const firstChild = ctx.sections.find((c) => c.number.startsWith(section.number + '.'));
    const end = firstChild ? firstChild.start - 2 : section.end;
    const entries = parseEntries(ctx.lines, section.start, end);
    const byName = new Map<string, KeywordData>();
    let opener: SectionTypeData | undefined;
    for (const entry of entries) {
      for (const line of entry.synopsis) {
        const words = keywordWords(line);
        if (!words.length) continue;
        if (words[0] === type && !opener) {
          opener = { name: type, synopsis: entry.synopsis };
          const d = documented(ctx, entry, type);
          if (d.doc) opener.doc = d.doc;
          break;
        }
        const negated = words[0] === 'no' && words.length > 1;
        const kwWords = negated ? words.slice(1) : words;
        const name = kwWords[0] === 'option' && kwWords.length > 1 ? kwWords.slice(0, 2).join(' ') : kwWords[0];
        const known = byName.get(name);
        if (known) { if (negated) known.negatable = true; continue; }
        const kw: KeywordData = { name, sections: [type], origin: 'doc', ...documented(ctx, { ...entry, synopsis: [line] }, (negated ? 'no ' : '') + name) };
        if (negated) kw.negatable = true;
        byName.set(name, kw);
        keywords.push(kw);
      }
    }
    for (const line of bareSynopsisLines(ctx.lines, section.start, end)) {
      const name = keywordWords(line)[0];
      if (name === type) { opener ??= { name: type, synopsis: [line] }; continue; }
      if (!name || byName.has(name)) continue;
      const kw: KeywordData = { name, sections: [type], origin: 'doc', synopsis: [line] };
      const args = parseArgs(line.slice(name.length));
      if (args.length) kw.args = args;
      byName.set(name, kw);
      keywords.push(kw);
    }
    if (!opener) { ctx.notes.push(`section "${section.title}" has no "${type}" line; assumed opener`); opener = { name: type }; }
    types.push(opener);
    if (firstChild) {
      const keyword = OPTION_SUBSECTIONS.find(([t]) => t.test(firstChild.title))?.[1];
      if (keyword) sectionOptions[`${type}.${keyword}`] = optionEntries(ctx, firstChild);
    }
  }
  return { types, keywords, sectionOptions };
}

/**
 * Synopsis lines standing alone between blank lines (3.x crt-store: "crt-base <dir>"): a
 * keyword followed only by arguments, nothing prose-like.
 */
function bareSynopsisLines(lines: string[], start: number, end: number): string[] {
  const out: string[] = [];
  for (let i = start + 1; i < end - 1; i++) {
    const line = lines[i];
    if (!/^[a-z][\w.-]*(\s+([<[{].*|\S*[<[{|].*))?\s*$/.test(line)) continue;
    if (lines[i - 1].trim() !== '' || lines[i + 1].trim() !== '') continue;
    out.push(line.trim());
  }
  return out;
}

// ---------------------------------------------------------------- samples

const FETCH_LINE = /^([a-z0-9_][\w.+-]*)(\(.*?\))?\s*(?::\s*(\S.*))?$/i;

function fetches(ctx: Ctx): FetchData[] {
  const parent = sectionByTitle(ctx.sections, /^Fetching samples$/);
  if (!parent) throw new Error('7.3 Fetching samples not found');
  const subs = ctx.sections.filter((s) => s.number.startsWith(parent.number + '.') && /^Fetching\b/.test(s.title));
  const out = new Map<string, FetchData>();
  for (const sub of subs) {
    for (const entry of parseEntries(ctx.lines, sub.start, sub.end)) {
      const derivatives = aclDerivatives(entry.body);
      const body = cutAclDerivatives(entry.body);
      for (const line of entry.synopsis) {
        const m = FETCH_LINE.exec(line);
        if (!m || out.has(m[1])) continue;
        const d = documented(ctx, { ...entry, body, synopsis: [line, ...entry.synopsis.filter((l) => l !== line)] }, m[1]);
        const f: FetchData = { name: m[1], layer: sub.title, origin: 'doc', ...d };
        if (m[2]) f.args = parseParenArgs(m[2].slice(1, -1));
        else delete f.args;
        if (m[3]) setOutput(f, m[3]);
        if (derivatives.length) f.aclDerivatives = derivatives.map((d) => ({ ...d }));
        out.set(m[1], f);
      }
    }
  }
  return [...out.values()];
}

/** "integer", or "integer (deprecated)" which also marks the entry deprecated. */
function setOutput(target: { output?: string; deprecated?: boolean }, text: string): void {
  target.output = text.replace(/\(deprecated\)/, '').trim();
  if (/\(deprecated\)/.test(text)) target.deprecated = true;
}

function aclDerivatives(body: string[]): Array<{ name: string; match: string }> {
  const at = body.findIndex((l) => /^ACL derivatives\s*:?/i.test(l.trim()));
  if (at < 0) return [];
  const out: Array<{ name: string; match: string }> = [];
  for (let i = at + 1; i < body.length && body[i].trim() !== ''; i++) {
    const m = /^\s*([a-z0-9_][\w.-]*)(?:\(.*?\))?\s*:\s*(.+?)\s*$/i.exec(body[i]);
    if (m) out.push({ name: m[1], match: m[2] });
  }
  return out;
}

function cutAclDerivatives(body: string[]): string[] {
  const at = body.findIndex((l) => /^ACL derivatives\s*:?/i.test(l.trim()));
  if (at < 0) return body;
  let stop = at + 1;
  while (stop < body.length && body[stop].trim() !== '') stop++;
  return [...body.slice(0, at), ...body.slice(stop + 1)];
}

function converters(ctx: Ctx): ConverterData[] {
  const section = sectionByTitle(ctx.sections, /^Converters$/);
  if (!section) throw new Error('7.3.1 Converters not found');
  const out = new Map<string, ConverterData>();
  const entries = parseEntries(ctx.lines, section.start, section.end);
  for (const entry of entries) {
    for (const line of entry.synopsis) {
      const m = FETCH_LINE.exec(line);
      if (!m) { for (const name of templateInstances(line, entry.body)) addConverter(ctx, out, entry, line, name); continue; }
      if (out.has(m[1])) continue;
      const c = addConverter(ctx, out, entry, line, m[1]);
      if (m[2]) c.args = parseParenArgs(m[2].slice(1, -1));
      if (m[3]) setOutput(c, m[3]);
    }
  }
  // 3.x opens 7.3.1 with a "keyword / input type / output type" table.
  const tableEnd = entries.length ? entries[0].line : section.end;
  for (let i = section.start; i < tableEnd; i++) {
    const t = /^([a-z0-9_][\w.-]*)(\([^)]*\))?\s{2,}(\S+)\s+(\S+)\s*$/i.exec(ctx.lines[i]);
    const c = t && out.get(t[1]);
    if (!c) continue;
    if (!t[3].startsWith('_')) c.input = t[3];
    if (!t[4].startsWith('_')) c.output = t[4];
  }
  return [...out.values()];
}

function addConverter(ctx: Ctx, out: Map<string, ConverterData>, entry: ManualEntry, line: string, name: string): ConverterData {
  const d = documented(ctx, { ...entry, synopsis: [line, ...entry.synopsis.filter((l) => l !== line)] }, name);
  const c: ConverterData = { name, origin: 'doc', ...d };
  delete c.args;
  const paren = /\((.*)\)/.exec(line);
  if (paren) c.args = parseParenArgs(paren[1]);
  out.set(name, c);
  return c;
}

/** "map_<match_type>(...)": the concrete names (map_beg, map_str_int...) its doc body lists. */
function templateInstances(line: string, body: string[]): string[] {
  const prefix = /^([a-z0-9_.]+)</i.exec(line)?.[1];
  if (!prefix) return [];
  // Only the table rows ("str | beg | map_beg | map_beg_int ...") name real converters.
  const names = body.filter((l) => l.includes('|')).join(' ').match(new RegExp(`\\b${prefix.replace(/[.]/g, '\\.')}[a-z0-9_]+\\b`, 'g')) ?? [];
  return [...new Set(names)].filter((n) => !n.includes('<'));
}

// ---------------------------------------------------------------- entry point

export interface ManualSource { version: string; path: string; text: string; dump?: string }

export function generateCatalog(src: ManualSource, docs: DocStore): CatalogData {
  const lines = splitLines(src.text);
  const ctx: Ctx = { lines, sections: findSections(lines), docs, notes: [] };
  const global = globalKeywords(ctx);
  const proxies = proxyKeywords(ctx);
  const others = otherSections(ctx);
  const keywords = [...global, ...proxies.keywords, ...others.keywords];
  const data: CatalogData = {
    version: src.version,
    manual: manualInfo(lines, src.path),
    sectionTypes: [
      { name: 'global' },
      ...PROXY_SECTIONS.map((name) => ({ name })),
      ...others.types,
    ],
    keywords,
    serverOptions: options(ctx, /^Server and default-server options$/),
    bindOptions: options(ctx, /^Bind options$/),
    actions: actions(ctx, proxies.actionEntries, proxies.keywords),
    fetches: fetches(ctx),
    converters: converters(ctx),
    sectionOptions: others.sectionOptions,
    choices: {},
    notes: ctx.notes,
  };
  data.choices = extractChoices(data, (d) => (d?.doc ? (docs.get(d.doc) ?? '').split('\n') : []));
  return data;
}
