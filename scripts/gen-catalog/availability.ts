// Since/removed per keyword, by comparing the versions' catalogs (ascending order).
import type { CatalogData, CatalogIndex } from '../../server/src/catalog/types';

/** Stable keys shared by generator and catalog.ts: "keyword:<section>:<name>", "server:<name>", ... */
export function availabilityKeys(c: CatalogData): string[] {
  return [
    ...c.keywords.flatMap((k) => k.sections.map((s) => `keyword:${s}:${k.name}`)),
    ...c.serverOptions.map((o) => `server:${o.name}`),
    ...c.bindOptions.map((o) => `bind:${o.name}`),
    ...c.actions.flatMap((a) => a.rulesets.map((r) => `action:${r}:${a.name}`)),
    ...c.fetches.map((f) => `fetch:${f.name}`),
    ...c.converters.map((f) => `converter:${f.name}`),
    ...c.sectionTypes.map((s) => `section:${s.name}`),
  ];
}

export function availability(catalogs: CatalogData[]): CatalogIndex['availability'] {
  const present = catalogs.map((c) => new Set(availabilityKeys(c)));
  const all = [...new Set(present.flatMap((s) => [...s]))].sort();
  const out: CatalogIndex['availability'] = {};
  for (const key of all) {
    const first = present.findIndex((s) => s.has(key));
    let last = present.length - 1;
    while (!present[last].has(key)) last--;
    const entry: { since: string; removed?: string } = { since: catalogs[first].version };
    if (last < present.length - 1) entry.removed = catalogs[last + 1].version;
    out[key] = entry;
  }
  return out;
}
