// Shape of the generated catalog files (server/src/catalog/generated/*.json), shared by the
// generator (scripts/gen-catalog) and the lookup API (catalog.ts).

/** One argument of a synopsis: `<delay>`, `[none|required]`, `{ on | off }`. */
export interface ArgSpec {
  name: string; // "delay", or the choices joined by "|"
  optional: boolean;
  choices?: string[]; // literal values when the synopsis lists them
  repeat?: boolean; // "..." follows
}

/** Where a keyword came from, to tell documented facts from the binary's dump. */
export type Origin = 'list' | 'matrix' | 'doc' | 'dump';

export interface Documented {
  synopsis?: string[]; // the synopsis line(s) as printed in the manual
  args?: ArgSpec[]; // parsed from the first synopsis line
  seeAlso?: string[];
  doc?: string; // key into docs.json (hash of the doc text)
  deprecated?: boolean;
  successor?: string; // the replacement the manual names
  contexts?: string[]; // 3.x "May be used in the following contexts: tcp, http, log" (proxy modes)
}

export interface KeywordData extends Documented {
  name: string; // "option httplog", "timeout connect", "stats socket", "maxconn"
  sections: string[]; // section types where the keyword is accepted
  namedDefaultsOnly?: boolean; // "X (!)" in the 4.1 matrix
  negatable?: boolean; // "(*)" in the 4.1 matrix: accepts a "no" prefix
  group?: string; // the global list's group ("Performance tuning", ...)
  origin: Origin;
}

export interface OptionData extends Documented {
  name: string; // server / bind option name, e.g. "inter", "verify"
  serverOnly?: boolean; // not accepted by default-server ("id")
  origin: Origin;
}

export interface ActionData extends Documented {
  name: string; // "set-header", "track-sc0", "set-var"
  rulesets: string[]; // "http-request", "tcp-request content", ...
  origin?: Origin; // absent: documented
}

export interface FetchData extends Documented {
  name: string; // "req.hdr"
  output?: string; // "string", "integer", ...
  aclDerivatives?: Array<{ name: string; match: string }>;
  layer?: string; // title of the 7.3.x subsection
  origin: Origin;
}

export interface ConverterData extends Documented {
  name: string;
  input?: string;
  output?: string;
  origin: Origin;
}

export interface SectionTypeData {
  name: string; // "global", "frontend", "userlist", "crt-store", ...
  synopsis?: string[]; // "userlist <listname>"
  doc?: string;
}

export interface CatalogData {
  version: string; // "2.6"
  manual: { path: string; title: string; date?: string };
  sectionTypes: SectionTypeData[];
  keywords: KeywordData[];
  serverOptions: OptionData[];
  bindOptions: OptionData[];
  actions: ActionData[];
  fetches: FetchData[];
  converters: ConverterData[];
  sectionOptions: Record<string, OptionData[]>; // "crt-store.load" -> options of that keyword
  choices: Record<string, string[]>; // "balance", "hash-type", "log-level", "mode", ...
  notes: string[]; // discrepancies found while generating (dump vs manual, ...)
}

/** index.json: versions in ascending order and per-key availability across them. */
export interface CatalogIndex {
  versions: string[];
  availability: Record<string, { since: string; removed?: string }>;
}
