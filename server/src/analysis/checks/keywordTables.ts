// Per-catalog keyword tables for the keyword checks, built once per catalog (WeakMap): keyword
// families ("option" -> httplog, forwardfor...), candidate words for did-you-mean.
import type { Catalog } from '../../catalog/catalog';

export interface KeywordTables {
  /** Per section type: first word of multi-word keywords -> the rest ("timeout" -> ["client", ...]). */
  families: Map<string, Map<string, string[]>>;
  /** Per section type: distinct first words of its keywords and the section keywords (did-you-mean candidates). */
  firstWords: Map<string, string[]>;
  /** Section types of the catalog, in its order. */
  sectionTypes: string[];
}

const cache = new WeakMap<Catalog, KeywordTables>();

function build(catalog: Catalog): KeywordTables {
  const families = new Map<string, Map<string, string[]>>();
  const firstWords = new Map<string, string[]>();
  const sectionTypes = catalog.sectionTypes();
  for (const type of sectionTypes) {
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
  return { families, firstWords, sectionTypes };
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
