// Generates every version's catalog plus the shared docs and the availability index, in memory.
// Used by main.ts (writes the files) and by the staleness test (compares with the committed ones).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogData, CatalogIndex } from '../../server/src/catalog/types';
import { generateCatalog, makeDocStore } from './generate';
import { applyDump } from './dump';
import { VERSION_SOURCES } from './sources';
import { availability } from './availability';

export interface BuildOutput {
  catalogs: CatalogData[];
  docs: Record<string, string>;
  index: CatalogIndex;
}

export function buildAll(docsRoot: string): BuildOutput {
  const docs: Record<string, string> = {};
  const store = makeDocStore(docs);
  const catalogs = VERSION_SOURCES.map((src) => {
    const path = join(src.dir, 'configuration.txt');
    const data = generateCatalog({ version: src.version, path, text: readFileSync(join(docsRoot, path), 'utf8') }, store);
    if (src.dump) applyDump(data, readFileSync(join(docsRoot, src.dir, src.dump), 'utf8'), join(src.dir, src.dump));
    return data;
  });
  const sortedDocs: Record<string, string> = {};
  for (const key of Object.keys(docs).sort()) sortedDocs[key] = docs[key];
  return { catalogs, docs: sortedDocs, index: { versions: catalogs.map((c) => c.version), availability: availability(catalogs) } };
}

/** The files exactly as written to server/src/catalog/generated/. */
export function renderFiles(out: BuildOutput): Record<string, string> {
  const files: Record<string, string> = {};
  for (const c of out.catalogs) files[`${c.version}.json`] = JSON.stringify(c) + '\n';
  files['docs.json'] = JSON.stringify(out.docs) + '\n';
  files['index.json'] = JSON.stringify(out.index, null, 1) + '\n';
  return files;
}
