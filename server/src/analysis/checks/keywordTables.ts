// Per-catalog keyword tables for the keyword checks, built once per catalog (WeakMap): keyword
// families ("option" -> httplog, forwardfor...), candidate words for did-you-mean.
import type { Catalog, KeywordData, KeywordMatch } from '../../catalog/catalog';
import type { Directive } from '../../syntax/tree';
import type { Arity } from './arity';
import type { ValueRule } from './valueContext';

/**
 * What the checks work out about a keyword of one section type, once (it was a few map lookups per
 * line): filled in by the check that needs it. undefined: not worked out yet; null: there is none.
 */
export interface KeywordFacts {
  /** familyMembers() of the keyword's name. */
  members: string[] | null | undefined;
  /** The argument counts HAProxy enforces (arguments.ts). */
  arity: Arity | null | undefined;
  /** The value rule (values.ts). */
  valueRule: ValueRule | null | undefined;
}

/** A match from matchLine(): the keyword's facts for the line's section type come with it. */
export interface LineMatch extends KeywordMatch {
  readonly facts: KeywordFacts;
}

/** The facts of a match made by matchLine() (other matches have none). */
function factsOf(match: KeywordMatch): KeywordFacts | undefined {
  return (match as Partial<LineMatch>).facts;
}

/**
 * One fact of a matched keyword: worked out by `work` once per keyword and section type when the
 * match comes from matchLine(), each time otherwise.
 */
export function keywordFact<K extends keyof KeywordFacts>(match: KeywordMatch, fact: K,
  work: () => NonNullable<KeywordFacts[K]> | undefined): NonNullable<KeywordFacts[K]> | undefined {
  const facts = factsOf(match);
  if (!facts) return work();
  let known = facts[fact];
  if (known === undefined) known = facts[fact] = work() ?? null;
  return known ?? undefined;
}

/** A keyword split into words, for matching a line word by word, with its match results made once. */
interface Candidate {
  data: KeywordData;
  words: string[];
  /** The match without a prefix, and with "no"/"default" (frozen: shared by every line that uses the keyword). */
  plain: LineMatch;
  prefixed: { no: LineMatch; default: LineMatch };
}

function candidate(data: KeywordData, words: string[]): Candidate {
  const consumed = words.length;
  const facts: KeywordFacts = { members: undefined, arity: undefined, valueRule: undefined };
  return {
    data, words,
    plain: Object.freeze({ keyword: data, consumed, facts }),
    prefixed: {
      no: Object.freeze({ keyword: data, consumed: consumed + 1, prefix: 'no' as const, facts }),
      default: Object.freeze({ keyword: data, consumed: consumed + 1, prefix: 'default' as const, facts }),
    },
  };
}

export interface KeywordTables {
  /** Per section type: first word of multi-word keywords -> the rest ("timeout" -> ["client", ...]). */
  families: Map<string, Map<string, string[]>>;
  /** Per section type: distinct first words of its keywords and the section keywords (did-you-mean candidates). */
  firstWords: Map<string, string[]>;
  /** Section types of the catalog, in its order. */
  sectionTypes: string[];
  /** Per section type: first word -> keywords starting with it, longest first. */
  byFirstWord: Map<string, Map<string, Candidate[]>>;
  /** Results of slow lookups for unknown words (a file repeats its typos), bounded. */
  memo: Map<string, unknown>;
}

const cache = new WeakMap<Catalog, KeywordTables>();

function build(catalog: Catalog): KeywordTables {
  const families = new Map<string, Map<string, string[]>>();
  const firstWords = new Map<string, string[]>();
  const sectionTypes = catalog.sectionTypes();
  const byFirstWord = new Map<string, Map<string, Candidate[]>>();
  for (const type of sectionTypes) {
    const starts = new Map<string, Candidate[]>();
    for (const k of catalog.keywordsFor(type)) {
      const words = k.name.split(' ');
      const list = starts.get(words[0]) ?? [];
      list.push(candidate(k, words));
      starts.set(words[0], list);
    }
    for (const list of starts.values()) list.sort((a, b) => b.words.length - a.words.length);
    byFirstWord.set(type, starts);
    const family = new Map<string, string[]>();
    const first = new Set<string>(sectionTypes);
    for (const k of catalog.keywordsFor(type)) {
      const space = k.name.indexOf(' ');
      if (space < 0) { first.add(k.name); continue; }
      const head = k.name.slice(0, space);
      first.add(head);
      const members = family.get(head) ?? [];
      members.push(k.name.slice(space + 1));
      family.set(head, members);
    }
    families.set(type, family);
    firstWords.set(type, [...first]);
  }
  return { families, firstWords, sectionTypes, byFirstWord, memo: new Map() };
}

export function keywordTables(catalog: Catalog): KeywordTables {
  let tables = cache.get(catalog);
  if (!tables) {
    tables = build(catalog);
    cache.set(catalog, tables);
  }
  return tables;
}

/** The sub-keywords of a family head in a section ("option" in a backend), or undefined. */
export function familyMembers(catalog: Catalog, sectionType: string, head: string): string[] | undefined {
  return keywordTables(catalog).families.get(sectionType)?.get(head);
}

/** familyMembers() of a matched keyword's name (`match` from a line of a `sectionType` section). */
export function familyMembersOf(catalog: Catalog, sectionType: string, match: KeywordMatch): string[] | undefined {
  return keywordFact(match, 'members', () => familyMembers(catalog, sectionType, match.keyword.name));
}

/** The text of a line's word `i` (0: the keyword). */
function wordAt(d: Directive, i: number): string | undefined {
  return i === 0 ? d.keyword.text : d.args[i - 1]?.text;
}

/**
 * The longest catalog keyword a line starts with, "no"/"default" prefix included; the same result
 * as Catalog.matchKeyword without its rule-action lookup, and without building strings or objects
 * per line (the results are the candidates' frozen matches).
 */
export function matchLine(catalog: Catalog, sectionType: string, d: Directive): LineMatch | undefined {
  const starts = keywordStarts(catalog, sectionType);
  return starts ? matchIn(starts, d) : undefined;
}

/** The keywords of one section type by first word, for matchIn() (a section check fetches them once). */
export function keywordStarts(catalog: Catalog, sectionType: string): KeywordStarts | undefined {
  return keywordTables(catalog).byFirstWord.get(sectionType);
}

export type KeywordStarts = ReadonlyMap<string, readonly Candidate[]>;

/** matchLine() with the section type's keywords already fetched. */
export function matchIn(starts: KeywordStarts, d: Directive): LineMatch | undefined {
  const first = d.keyword.text;
  if ((first === 'no' || first === 'default') && d.args.length) {
    const prefixed = matchFrom(starts, d, 1);
    if (prefixed) return prefixed.prefixed[first];
  }
  return matchFrom(starts, d, 0)?.plain;
}

/** The longest candidate matching the line's words from word `skip` (0: the keyword). */
function matchFrom(starts: KeywordStarts, d: Directive, skip: number): Candidate | undefined {
  const candidates = starts.get(wordAt(d, skip) ?? '');
  if (!candidates) return undefined;
  for (const c of candidates) {
    let i = 1;
    while (i < c.words.length && wordAt(d, skip + i) === c.words[i]) i++;
    if (i === c.words.length) return c;
  }
  return undefined;
}

const MEMO_LIMIT = 10_000;

/** `compute()` once per catalog and key (for the rare, slow paths: did-you-mean, other sections). */
export function memoized<T>(catalog: Catalog, key: string, compute: () => T): T {
  const memo = keywordTables(catalog).memo;
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}
