// The manuals the catalog is generated from (copied under data/haproxy-docs with their origin).
export interface VersionSource { version: string; dir: string; dump?: string }

export const VERSION_SOURCES: VersionSource[] = [
  { version: '2.4', dir: 'upstream-2.4.0' },
  { version: '2.6', dir: 'debian-2.6.12', dump: 'keywords-dKall.txt' },
  { version: '2.8', dir: 'upstream-2.8.0' },
  { version: '3.0', dir: 'upstream-3.0.0' },
  { version: '3.2', dir: 'upstream-3.2.0' },
  { version: '3.4', dir: 'upstream-3.4.0' },
];
