// Per-catalog lookup tables for the option/action/fetch/converter checks, built once per catalog
// (WeakMap) so that checking a 100,000-line file never rebuilds a list per line.
import { availability, availabilityKey, suggestAll } from '../../catalog/catalog';
import type { Catalog, OptionData } from '../../catalog/catalog';
import { compareVersions } from './common';
import type { OptionValidator } from './optionValues';

export type NameKind = 'server' | 'bind' | 'fetch' | 'converter' | 'action';

/**
 * What the target version says about a name:
 * - known: documented (or registered by the binary) for the target version;
 * - too-new: first appears in a later version;
 * - other-version: known to an earlier version's catalog but not to the target's (a removal, or
 *   something only the 2.6 binary dump listed): reported as a warning, never as an error;
 * - unknown: no version knows it.
 */
export type NameStatus =
  | { status: 'known' }
  | { status: 'too-new'; since: string }
  | { status: 'other-version'; since: string; removed?: string }
  | { status: 'unknown' };

export interface CatalogLookups {
  serverNames: string[];
  bindNames: string[];
  fetchNames: string[]; // real sample fetches (what a sample expression accepts)
  aclKeywordNames: string[]; // fetches + ACL-only derivatives (what an ACL accepts)
  converterNames: string[];
  actionNames: Map<string, string[]>; // per rule set
  /** Options taking a value (the catalog's first argument is mandatory). */
  takesValue: Set<OptionData>;
  /** Options written with an argument in their name ("set-proxy-v2-tlv-fmt(<id>)"), by base name. */
  parenOptions: Map<string, OptionData>; // key `server:BASE` / `bind:BASE`
  /** Option name -> option and whether it takes a value: one map hit per word of a server/bind line. */
  serverEntries: Map<string, OptionEntry>;
  bindEntries: Map<string, OptionEntry>;
}

/**
 * A server/bind option and whether it takes a value. `validator` is its value check, resolved by
 * optionValues.ts on first use (null: none) so that a value costs no second lookup.
 */
export interface OptionEntry { option: OptionData; takesValue: boolean; validator?: OptionValidator | null }

const cache = new WeakMap<Catalog, CatalogLookups>();

/** Every entry has the same fields from the start (one object shape for the hot lookups). */
function entryOf(option: OptionData, takesValue: ReadonlySet<OptionData>): OptionEntry {
  return { option, takesValue: takesValue.has(option), validator: undefined };
}

function build(catalog: Catalog): CatalogLookups {
  const valueOf = (o: OptionData): boolean => !!o.args?.length && !o.args[0].optional;
  const takesValue = new Set([...catalog.serverOptions(), ...catalog.bindOptions()].filter(valueOf));
  const parenOptions = new Map<string, OptionData>();
  for (const [kind, list] of [['server', catalog.serverOptions()], ['bind', catalog.bindOptions()]] as const) {
    for (const o of list) if (o.name.includes('(')) parenOptions.set(`${kind}:${o.name.slice(0, o.name.indexOf('('))}`, o);
  }
  const fetchNames = catalog.fetches().map((f) => f.name);
  const fetchSet = new Set(fetchNames);
  const derivatives = catalog.fetches().flatMap((f) => (f.aclDerivatives ?? []).map((d) => d.name)).filter((n) => !fetchSet.has(n));
  const actionNames = new Map<string, string[]>();
  for (const rs of ['http-request', 'http-response', 'http-after-response', 'tcp-request connection', 'tcp-request session',
    'tcp-request content', 'tcp-response content', 'quic-initial']) {
    actionNames.set(rs, catalog.actionsFor(rs).map((a) => a.name));
  }
  const entries = (list: OptionData[]): Map<string, OptionEntry> => new Map(list.map((o) => [o.name, entryOf(o, takesValue)]));
  return {
    serverEntries: entries(catalog.serverOptions()),
    bindEntries: entries(catalog.bindOptions()),
    serverNames: catalog.serverOptions().map((o) => o.name),
    bindNames: catalog.bindOptions().map((o) => o.name),
    fetchNames,
    aclKeywordNames: [...fetchNames, ...new Set(derivatives)],
    converterNames: catalog.converters().map((c) => c.name),
    actionNames,
    takesValue,
    parenOptions,
  };
}

export function lookups(catalog: Catalog): CatalogLookups {
  let l = cache.get(catalog);
  if (!l) {
    l = build(catalog);
    cache.set(catalog, l);
  }
  return l;
}

function availabilityFor(kind: NameKind, name: string, ruleset?: string): { since: string; removed?: string } | undefined {
  switch (kind) {
    case 'server': return availability(availabilityKey.server(name));
    case 'bind': return availability(availabilityKey.bind(name));
    case 'fetch': return availability(availabilityKey.fetch(name));
    case 'converter': return availability(availabilityKey.converter(name));
    case 'action': return availability(availabilityKey.action(ruleset ?? '', name));
  }
}

/** Status of a name the target catalog does not know (call only after the catalog lookup failed). */
export function statusOfMissing(kind: NameKind, name: string, version: string, ruleset?: string): NameStatus {
  const a = availabilityFor(kind, name, ruleset);
  if (!a) return { status: 'unknown' };
  if (compareVersions(a.since, version) > 0) return { status: 'too-new', since: a.since };
  return a.removed ? { status: 'other-version', since: a.since, removed: a.removed } : { status: 'other-version', since: a.since };
}

/** Did-you-mean candidates of a kind (HAProxy's own bigram distance). */
export function suggestionsFor(catalog: Catalog, kind: NameKind | 'acl-keyword', name: string, ruleset?: string): string[] {
  const l = lookups(catalog);
  const candidates = kind === 'server' ? l.serverNames
    : kind === 'bind' ? l.bindNames
      : kind === 'fetch' ? l.fetchNames
        : kind === 'acl-keyword' ? l.aclKeywordNames
          : kind === 'converter' ? l.converterNames
            : l.actionNames.get(ruleset ?? '') ?? [];
  return suggestAll(name, candidates, 3);
}

/** Does a server/bind option take a value (per the catalog's synopsis)? */
export function optionTakesValue(catalog: Catalog, option: OptionData): boolean {
  return lookups(catalog).takesValue.has(option);
}

/**
 * The option of a word with whether it takes a value (the same answers as findOption and
 * optionTakesValue). `tables` is `lookups(catalog)`, fetched once per line by the caller.
 */
export function findOptionEntry(tables: CatalogLookups, kind: 'server' | 'bind', word: string): OptionEntry | undefined {
  const direct = (kind === 'server' ? tables.serverEntries : tables.bindEntries).get(word);
  if (direct) return direct;
  const paren = word.indexOf('(');
  const option = paren > 0 ? tables.parenOptions.get(`${kind}:${word.slice(0, paren)}`) : undefined;
  return option ? entryOf(option, tables.takesValue) : undefined;
}

/** The catalog entry of an option word: "inter", or "set-proxy-v2-tlv-fmt(0x20)" for "set-proxy-v2-tlv-fmt(<id>)". */
export function findOption(catalog: Catalog, kind: 'server' | 'bind', word: string): OptionData | undefined {
  const direct = kind === 'server' ? catalog.serverOption(word) : catalog.bindOption(word);
  if (direct) return direct;
  const paren = word.indexOf('(');
  return paren > 0 ? lookups(catalog).parenOptions.get(`${kind}:${word.slice(0, paren)}`) : undefined;
}
