// Typed lookups over one HAProxy version's generated keyword catalog. Versions load lazily from
// disk on first use (see location.ts); the shared doc texts load on the first doc request.
import type {
  ActionData, CatalogData, ConverterData, Documented, FetchData, KeywordData, OptionData, SectionTypeData,
} from './types';
import { readCatalogFile } from './location';
import { catalogIndex, knownVersions, resolveVersion } from './versions';
import { suggest, suggestAll } from './suggest';

export type { ActionData, ArgSpec, ConverterData, Documented, FetchData, KeywordData, OptionData, SectionTypeData } from './types';
export { knownVersions, resolveVersion } from './versions';
export type { ResolvedVersion } from './versions';
export { suggest, suggestAll } from './suggest';
export { setCatalogDirectory } from './location';

export const PROXY_SECTION_TYPES = ['defaults', 'frontend', 'listen', 'backend'] as const;

/** Rule keywords whose next word is an action. */
export const RULESETS = [
  'http-request', 'http-response', 'http-after-response', 'tcp-request connection', 'tcp-request session',
  'tcp-request content', 'tcp-response content', 'quic-initial',
] as const;

export interface KeywordMatch {
  keyword: KeywordData;
  consumed: number; // words used by the keyword, prefix included ("no option httplog" -> 3)
  prefix?: 'no' | 'default'; // "no option httplog", "default option httplog"
  action?: { data: ActionData | undefined; name: string; consumed: number }; // for rule keywords: the word after it
}

export interface Availability { since: string; removed?: string }

let docs: Record<string, string> | undefined;

/** The manual's text for an entry (lazy: docs.json loads on the first call). */
export function docText(entry: Documented | undefined): string | undefined {
  if (!entry?.doc) return undefined;
  docs ??= readCatalogFile<Record<string, string>>('docs.json');
  return docs[entry.doc];
}

/** Since/removed of an availability key across known versions (undefined: never documented). */
export function availability(key: string): Availability | undefined {
  return catalogIndex().availability[key];
}

export const availabilityKey = {
  keyword: (section: string, name: string) => `keyword:${section}:${name}`,
  server: (name: string) => `server:${name}`,
  bind: (name: string) => `bind:${name}`,
  action: (ruleset: string, name: string) => `action:${ruleset}:${name}`,
  fetch: (name: string) => `fetch:${name}`,
  converter: (name: string) => `converter:${name}`,
  section: (name: string) => `section:${name}`,
};

/**
 * `name.replace(/\(.*$/, '')` without a regex (asked for every rule line): cut at the first '('
 * after the last line break ('.' does not cross one, so the pattern only matches there).
 */
function withoutArgument(name: string): string {
  let paren = -1;
  for (let i = name.length - 1; i >= 0; i--) {
    const c = name.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) break;
    if (c === 40) paren = i;
  }
  return paren >= 0 ? name.slice(0, paren) : name;
}

const loaded = new Map<string, Catalog>();

/** The catalog of a known version ("2.6"); other strings go through resolveVersion first. */
export function getCatalog(version: string): Catalog {
  const resolved = knownVersions().includes(version) ? version : resolveVersion(version).version;
  let c = loaded.get(resolved);
  if (!c) {
    c = new Catalog(readCatalogFile<CatalogData>(`${resolved}.json`));
    loaded.set(resolved, c);
  }
  return c;
}

export class Catalog {
  readonly version: string;
  private readonly bySection = new Map<string, Map<string, KeywordData>>();
  private readonly server: Map<string, OptionData>;
  private readonly bind: Map<string, OptionData>;
  private readonly actionsByRuleset = new Map<string, Map<string, ActionData>>();
  private readonly fetchByName: Map<string, FetchData>;
  private readonly derivatives = new Map<string, { fetch: FetchData; match: string }>();
  private readonly converterByName: Map<string, ConverterData>;
  private readonly maxWords: number;

  constructor(readonly data: CatalogData) {
    this.version = data.version;
    for (const s of data.sectionTypes) this.bySection.set(s.name, new Map());
    for (const k of data.keywords) for (const s of k.sections) this.bySection.get(s)?.set(k.name, k);
    this.maxWords = Math.max(...data.keywords.map((k) => k.name.split(' ').length));
    this.server = new Map(data.serverOptions.map((o) => [o.name, o]));
    this.bind = new Map(data.bindOptions.map((o) => [o.name, o]));
    for (const a of data.actions) {
      for (const r of a.rulesets) {
        if (!this.actionsByRuleset.has(r)) this.actionsByRuleset.set(r, new Map());
        this.actionsByRuleset.get(r)!.set(a.name, a);
      }
    }
    this.fetchByName = new Map(data.fetches.map((f) => [f.name, f]));
    for (const f of data.fetches) {
      // First documented base wins ("cook_beg" is listed under req.cook before its alias cook).
      for (const d of f.aclDerivatives ?? []) {
        if (!this.fetchByName.has(d.name) && !this.derivatives.has(d.name)) this.derivatives.set(d.name, { fetch: f, match: d.match });
      }
    }
    this.converterByName = new Map(data.converters.map((c) => [c.name, c]));
  }

  /** Section types of this version ("global", "defaults", ..., "crt-store"). */
  sectionTypes(): string[] {
    return this.data.sectionTypes.map((s) => s.name);
  }

  sectionType(name: string): SectionTypeData | undefined {
    return this.data.sectionTypes.find((s) => s.name === name);
  }

  /** Keywords accepted in a section; anonymous defaults exclude the named-defaults-only ones. */
  keywordsFor(sectionType: string, opts: { namedDefaults?: boolean } = {}): KeywordData[] {
    const all = [...(this.bySection.get(sectionType)?.values() ?? [])];
    if (sectionType !== 'defaults' || opts.namedDefaults !== false) return all;
    return all.filter((k) => !k.namedDefaultsOnly);
  }

  keywordInfo(sectionType: string, name: string): KeywordData | undefined {
    return this.bySection.get(sectionType)?.get(name);
  }

  /** The section types where a keyword is accepted in this version. */
  sectionsOf(name: string): string[] {
    return [...this.bySection].filter(([, m]) => m.has(name)).map(([s]) => s);
  }

  /**
   * Longest keyword made of the first words of a line: `option httplog`, `no option httplog`,
   * `timeout connect`, `stats socket` (global), `tcp-request content` + action `accept`.
   */
  matchKeyword(sectionType: string, words: string[]): KeywordMatch | undefined {
    const table = this.bySection.get(sectionType);
    if (!table || !words.length) return undefined;
    const prefix = words[0] === 'no' || words[0] === 'default' ? words[0] : undefined;
    const attempt = (skip: number): KeywordMatch | undefined => {
      for (let n = Math.min(this.maxWords, words.length - skip); n > 0; n--) {
        const k = table.get(words.slice(skip, skip + n).join(' '));
        if (k) return this.withAction({ keyword: k, consumed: skip + n, ...(skip ? { prefix } : {}) }, words);
      }
      return undefined;
    };
    // "no"/"default" are prefixes only when what follows is a keyword ("no-memory-trimming" is not this case).
    return (prefix && words.length > 1 ? attempt(1) : undefined) ?? attempt(0);
  }

  private withAction(m: KeywordMatch, words: string[]): KeywordMatch {
    if (!(RULESETS as readonly string[]).includes(m.keyword.name) || m.consumed >= words.length) return m;
    const name = words[m.consumed].replace(/\(.*$/, '');
    return { ...m, action: { data: this.action(m.keyword.name, name), name, consumed: m.consumed + 1 } };
  }

  serverOption(name: string): OptionData | undefined {
    return this.server.get(name);
  }

  serverOptions(): OptionData[] {
    return this.data.serverOptions;
  }

  bindOption(name: string): OptionData | undefined {
    return this.bind.get(name);
  }

  bindOptions(): OptionData[] {
    return this.data.bindOptions;
  }

  /** Options of a keyword of another section: `keywordOptions('crt-store', 'load')` (3.x). */
  keywordOptions(sectionType: string, keyword: string): OptionData[] {
    return this.data.sectionOptions[`${sectionType}.${keyword}`] ?? [];
  }

  /** An action of a rule set ("http-request", "tcp-request content"...); `set-var(x)` -> "set-var". */
  action(ruleset: string, name: string): ActionData | undefined {
    return this.actionsByRuleset.get(ruleset)?.get(withoutArgument(name));
  }

  actionsFor(ruleset: string): ActionData[] {
    return [...(this.actionsByRuleset.get(ruleset)?.values() ?? [])];
  }

  /** A sample fetch; an ACL derivative (`hdr_beg`) returns its base fetch and match method. */
  fetch(name: string): FetchData | undefined {
    return this.fetchByName.get(name) ?? this.derivatives.get(name)?.fetch;
  }

  aclDerivative(name: string): { fetch: FetchData; match: string } | undefined {
    return this.derivatives.get(name);
  }

  fetches(): FetchData[] {
    return this.data.fetches;
  }

  converter(name: string): ConverterData | undefined {
    return this.converterByName.get(name);
  }

  converters(): ConverterData[] {
    return this.data.converters;
  }

  /**
   * Fixed values: "balance", "hash-type.method", "hash-type.function", "log.level", "log.facility",
   * "mode", "http-check.expect", "tcp-check.expect", "option", "timeout", "server.verify",
   * "bind.verify", ... (see choiceKinds()).
   */
  choices(kind: string): string[] {
    return this.data.choices[kind] ?? [];
  }

  choiceKinds(): string[] {
    return Object.keys(this.data.choices);
  }

  doc(entry: Documented | undefined): string | undefined {
    return docText(entry);
  }

  /** Deprecation facts of a keyword in a section. */
  deprecation(sectionType: string, name: string): { deprecated: boolean; successor?: string } {
    const k = this.keywordInfo(sectionType, name);
    return { deprecated: !!k?.deprecated, ...(k?.successor ? { successor: k.successor } : {}) };
  }

  availability(sectionType: string, name: string): Availability | undefined {
    return availability(availabilityKey.keyword(sectionType, name));
  }

  /** Did-you-mean for a keyword typed in a section (multi-word keywords compared as written). */
  suggestKeyword(sectionType: string, word: string): string | undefined {
    return suggest(word, this.keywordsFor(sectionType).map((k) => k.name));
  }

  suggestKeywords(sectionType: string, word: string, limit = 3): string[] {
    return suggestAll(word, this.keywordsFor(sectionType).map((k) => k.name), limit);
  }

  /** Notes written by the generator (manual vs binary dump discrepancies...). */
  notes(): string[] {
    return this.data.notes;
  }
}
