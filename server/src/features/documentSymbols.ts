// Outline (document symbols) and workspace symbols. Sections are the top level; their children are
// the named things defined inside (servers, ACLs, users, groups, nameservers, peers, tables,
// mailers) and the binds, in file order.
import { SymbolKind as LspKind } from 'vscode-languageserver';
import type { DocumentSymbol, Range, WorkspaceSymbol } from 'vscode-languageserver';
import type { SymbolDefinition, SymbolKind } from '../analysis/symbols';
import type { DocumentModel } from '../model';
import type { Directive, Section } from '../syntax/tree';

/** Most results a workspace symbol query returns (the editor filters further as the user types). */
export const WORKSPACE_SYMBOL_LIMIT = 500;
const DETAIL_MAX = 60;

const SECTION_KINDS: Record<string, LspKind> = {
  global: LspKind.Module, defaults: LspKind.Namespace, frontend: LspKind.Interface, backend: LspKind.Class, listen: LspKind.Class,
};
/** Kinds chosen for their icon in VS Code's outline: servers as fields, ACLs as booleans, binds as events. */
const CHILD_KINDS: Partial<Record<SymbolKind, LspKind>> = {
  server: LspKind.Field, acl: LspKind.Boolean, user: LspKind.Key, group: LspKind.Array, nameserver: LspKind.Field,
  peer: LspKind.Field, mailer: LspKind.Field, table: LspKind.Struct,
};

export function provideDocumentSymbols(model: DocumentModel): DocumentSymbol[] {
  const childrenBySection = new Map<Section, DocumentSymbol[]>();
  for (const def of model.symbols.definitions) {
    const kind = CHILD_KINDS[def.kind];
    if (!kind || !def.directive) continue;
    pushTo(childrenBySection, def.section, childSymbol(def.name, kind, childDetail(def), def.directive, def.nameRange));
  }
  return model.tree.sections.map((section) => {
    const children = [...(childrenBySection.get(section) ?? []), ...unindexedChildren(section)]
      .sort((a, b) => a.range.start.line - b.range.start.line);
    return { ...sectionSymbol(section), children };
  });
}

export function provideWorkspaceSymbols(models: readonly DocumentModel[], query: string): WorkspaceSymbol[] {
  const matches: Array<{ symbol: WorkspaceSymbol; score: number }> = [];
  for (const model of models) {
    for (const def of model.symbols.definitions) {
      const kind = def.directive ? CHILD_KINDS[def.kind] : SECTION_KINDS[def.kind] ?? LspKind.Struct;
      if (kind === undefined) continue;
      const score = matchScore(def.name, query);
      if (score === undefined) continue;
      const symbol: WorkspaceSymbol = { name: def.name, kind, location: { uri: model.uri, range: def.nameRange } };
      symbol.containerName = def.directive ? sectionLabel(def.section) : def.kind;
      matches.push({ symbol, score });
    }
  }
  // Stable sort: equal scores keep file order.
  return matches.sort((a, b) => a.score - b.score).slice(0, WORKSPACE_SYMBOL_LIMIT).map((m) => m.symbol);
}

/**
 * How well `name` matches `query` (lower is better): exact, prefix, substring, then subsequence,
 * all case-insensitive; undefined when the query's characters do not appear in order.
 */
export function matchScore(name: string, query: string): number | undefined {
  const n = name.toLowerCase();
  const q = query.toLowerCase();
  if (q === '' || n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (n.includes(q)) return 2;
  let at = 0;
  for (const c of q) {
    at = n.indexOf(c, at) + 1;
    if (at === 0) return undefined;
  }
  return 3;
}

function sectionSymbol(section: Section): DocumentSymbol {
  const nameWord = section.name ?? section.header.keyword;
  const from = section.from ? ` from ${section.from.text}` : '';
  return {
    name: nameWord.text || section.type,
    detail: `${section.type}${from}${inactiveNote(section.header)}`,
    kind: SECTION_KINDS[section.type] ?? LspKind.Struct,
    range: { start: section.header.range.start, end: maxEnd(section.range.end, section.header.range.end) },
    selectionRange: nameWord.range,
  };
}

/** Lines the symbol index does not name: binds (by address) and server templates (by prefix). */
function unindexedChildren(section: Section): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const d of section.directives) {
    const first = d.args[0];
    if (!first) continue;
    if (d.keyword.text === 'bind') symbols.push(childSymbol(first.text, LspKind.Event, `bind${inactiveNote(d)}`, d, first.range));
    if (d.keyword.text === 'server-template') {
      const detail = truncate(`server-template ${argumentsText(d, 1)}`);
      symbols.push(childSymbol(first.text, LspKind.Field, detail + inactiveNote(d), d, first.range));
    }
  }
  return symbols;
}

function childSymbol(name: string, kind: LspKind, detail: string, directive: Directive, selectionRange: Range): DocumentSymbol {
  return { name: name || directive.keyword.text, detail, kind, range: directive.range, selectionRange };
}

/** What helps tell same-named things apart: a server's address, an ACL's criterion. */
function childDetail(def: SymbolDefinition): string {
  const d = def.directive;
  if (!d) return def.kind;
  // Users' lines hold passwords: show the keyword, never the rest.
  const detail = def.kind === 'user' || def.kind === 'group' || def.kind === 'table' ? d.keyword.text : argumentsText(d, 1);
  return truncate(detail) + inactiveNote(d);
}

/**
 * The arguments from `first` on as written, joined by a space, stopping once past DETAIL_MAX: a
 * 100k-line outline has ~60k server lines whose option lists would be joined only to be cut.
 */
function argumentsText(d: Directive, first: number): string {
  let text = '';
  for (let i = first; i < d.args.length && text.length <= DETAIL_MAX; i++) text += i === first ? d.args[i].raw : ` ${d.args[i].raw}`;
  return text;
}

function sectionLabel(section: Section): string {
  return section.name ? `${section.type} ${section.name.text}` : section.type;
}

function inactiveNote(d: Directive): string {
  return d.inactive ? ' (disabled by .if)' : '';
}

function truncate(text: string): string {
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}

function maxEnd(a: Range['end'], b: Range['end']): Range['end'] {
  return a.line > b.line || (a.line === b.line && a.character >= b.character) ? a : b;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}
