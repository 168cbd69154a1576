// A configuration as the push planner sees it: the language server's own parser (one parser for
// the whole product) turns the text into sections, and each section's directives are sorted
// into what the Data Plane API models as objects (fields, servers, binds, ACLs, http-request
// rules) and everything else. Comments, blank lines, indentation and quoting style do not
// matter: two lines are the same when their words are.
import { parse, type ConfigTree, type LineNode, type Section } from '../../../server/src/syntax';
import type { Line } from './objects';
import { bindKey } from './objects';

export type ProxyType = 'frontend' | 'backend' | 'defaults';

/** Which structured categories each section type has; all other directives are `others`. */
const CATEGORIES: Record<ProxyType, ReadonlySet<string>> = {
  frontend: new Set(['mode', 'default_backend', 'bind', 'acl', 'http-request']),
  backend: new Set(['mode', 'balance', 'server', 'acl', 'http-request']),
  defaults: new Set(['mode']),
};

const FIELD_KEYWORDS = new Set(['mode', 'balance', 'default_backend']);

export interface SectionModel {
  type: string;
  /** Section name; unnamed `defaults` are `unnamed_defaults_N`, as the Data Plane API names them. */
  name: string;
  /** `backend be_app`, for messages. */
  label: string;
  header: Line;
  /** The section holds `.if` blocks: the API has no structured form for conditional lines. */
  conditional: boolean;
  /** Whether the planner may produce structured operations for it. */
  structured: boolean;
  fields: Map<string, Line>;
  servers: Map<string, Line>;
  binds: Map<string, Line>;
  acls: Line[];
  httpRequestRules: Line[];
  others: Line[];
  /** Every line in file order, `.if`/`.endif` and `.diag`-style lines included. */
  sequence: Line[];
}

export interface ConfigModel {
  tree: ConfigTree;
  preamble: Line[];
  /** Keyed by `type name`. */
  sections: Map<string, SectionModel>;
  order: string[];
}

export function lineOf(node: LineNode, text: string[]): Line {
  const words = node.kind === 'directive' ? [node.keyword, ...node.args] : node.words;
  const source = (text[node.line] ?? '').slice(node.range.start.character, node.range.end.character);
  return { words: words.map((w) => w.text), hasEnvRef: words.some((w) => w.envRefs.length > 0), source: source.trim() };
}

/** Stable text of a line for comparisons: its words, NUL-separated. */
export function lineKey(line: Line): string {
  return line.words.join('\u0000');
}

export function sectionKey(type: string, name: string): string {
  return `${type} ${name}`;
}

export function buildModel(text: string): ConfigModel {
  const tree = parse(text);
  const lines = text.split(/\r?\n|\r/);
  const conditionalLines = new Set<number>();
  for (const block of tree.conditionals) {
    for (let line = block.range.start.line; line <= block.range.end.line; line++) conditionalLines.add(line);
  }
  const sections = new Map<string, SectionModel>();
  const order: string[] = [];
  let unnamedDefaults = 0;
  for (const section of tree.sections) {
    const name = section.name?.text ?? (section.type === 'defaults' ? `unnamed_defaults_${++unnamedDefaults}` : '');
    const model = sectionModel(section, name, lines, conditionalLines, tree);
    let key = sectionKey(section.type, name);
    // A repeated section name is an error HAProxy reports; keep both so the diff still sees them.
    while (sections.has(key)) key += "'";
    sections.set(key, model);
    order.push(key);
  }
  const firstSectionLine = tree.sections[0]?.startLine ?? tree.lineCount;
  const preamble = tree.nodes.slice(0, firstSectionLine).filter((n): n is LineNode => n !== undefined).map((n) => lineOf(n, lines));
  return { tree, preamble, sections, order };
}

function sectionModel(section: Section, name: string, text: string[], conditionalLines: ReadonlySet<number>, tree: ConfigTree): SectionModel {
  const type = section.type;
  const categories = isProxyType(type) ? CATEGORIES[type] : new Set<string>();
  const model: SectionModel = {
    type,
    name,
    label: section.name ? `${type} ${name}` : name.startsWith('unnamed_defaults_') && name !== 'unnamed_defaults_1' ? `defaults #${name.slice(17)}` : type,
    header: lineOf(section.header, text),
    conditional: false,
    structured: isProxyType(type),
    fields: new Map(),
    servers: new Map(),
    binds: new Map(),
    acls: [],
    httpRequestRules: [],
    others: [],
    sequence: [],
  };
  for (let line = section.startLine + 1; line <= section.endLine; line++) {
    if (conditionalLines.has(line)) model.conditional = true;
    const node = tree.nodes[line];
    if (node) model.sequence.push(lineOf(node, text));
  }
  const fieldCounts = new Map<string, number>();
  for (const directive of section.directives) {
    const keyword = directive.keyword.text;
    if (FIELD_KEYWORDS.has(keyword)) fieldCounts.set(keyword, (fieldCounts.get(keyword) ?? 0) + 1);
  }
  for (const directive of section.directives) {
    const line = lineOf(directive, text);
    const keyword = line.words[0] as string;
    if (!categories.has(keyword)) model.others.push(line);
    // A field given twice (last one wins in HAProxy) is compared as plain lines.
    else if (FIELD_KEYWORDS.has(keyword)) (fieldCounts.get(keyword) === 1 ? model.fields.set(keyword, line) : model.others.push(line));
    else if (keyword === 'server') addNamed(model.servers, line.words[1] ?? '', line, model.others);
    else if (keyword === 'bind') addNamed(model.binds, bindKey(line), line, model.others);
    else if (keyword === 'acl') model.acls.push(line);
    else if (keyword === 'http-request') model.httpRequestRules.push(line);
  }
  return model;
}

/** Named children; a duplicate name (a config error) is kept as a plain line. */
function addNamed(map: Map<string, Line>, name: string, line: Line, others: Line[]): void {
  if (name === '' || map.has(name)) others.push(line);
  else map.set(name, line);
}

export function isProxyType(type: string): type is ProxyType {
  return type === 'frontend' || type === 'backend' || type === 'defaults';
}
