// Which HAProxy versions the catalog knows, and how any version string maps onto one of them.
import type { CatalogIndex } from './types';
import { readCatalogFile } from './location';

let index: CatalogIndex | undefined;

export function catalogIndex(): CatalogIndex {
  index ??= readCatalogFile<CatalogIndex>('index.json');
  return index;
}

/** Known versions, ascending ("2.4" ... "3.4"). */
export function knownVersions(): string[] {
  return [...catalogIndex().versions];
}

export interface ResolvedVersion {
  version: string; // a known version
  exact: boolean; // the requested major.minor is known
  note?: string; // why another version was chosen
}

const compare = (a: number[], b: number[]): number => a[0] - b[0] || a[1] - b[1];
const parse = (v: string): number[] => v.split('.').map(Number);

/**
 * "2.6.12", "2.6", "HAProxy version 2.6.12-1+deb12u4 2023/..." -> "2.6". A version between two
 * known ones uses the closest older one; newer than all -> newest; older than all -> oldest.
 */
export function resolveVersion(text: string): ResolvedVersion {
  const versions = knownVersions();
  const newest = versions[versions.length - 1];
  const m = /(\d+)\.(\d+)/.exec(text ?? '');
  if (!m) return { version: newest, exact: false, note: `no HAProxy version in "${text}"; using ${newest}` };
  const wanted = [Number(m[1]), Number(m[2])];
  const asText = `${wanted[0]}.${wanted[1]}`;
  if (versions.includes(asText)) return { version: asText, exact: true };
  const older = versions.filter((v) => compare(parse(v), wanted) < 0);
  if (!older.length) return { version: versions[0], exact: false, note: `HAProxy ${asText} is older than the oldest known manual (${versions[0]}); using ${versions[0]}` };
  const chosen = older[older.length - 1];
  const note = chosen === newest
    ? `HAProxy ${asText} is newer than the newest known manual (${newest}); using ${newest}`
    : `no manual for HAProxy ${asText}; using the closest older one, ${chosen}`;
  return { version: chosen, exact: false, note };
}
