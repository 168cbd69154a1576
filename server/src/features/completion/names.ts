// Names defined in the document, for completion where a reference is expected. Section names come
// from the tree's section list (grouped once per tree); names local to a proxy (ACLs, servers) from
// that section's own lines. Nothing here walks the whole document per request.
import type { ConfigTree, Section } from '../../syntax/tree';

export interface DefinedName {
  name: string;
  /** 0-based line of the definition. */
  line: number;
  /** Section type, or the keyword that defines it (`acl`, `server`). */
  kind: string;
  /** The rest of the defining line (`path_beg /api` for an ACL, the address for a server). */
  detail?: string;
}

const sectionsByType = new WeakMap<ConfigTree, Map<string, Section[]>>();

function sectionsOf(tree: ConfigTree, type: string): Section[] {
  let byType = sectionsByType.get(tree);
  if (!byType) {
    byType = new Map();
    for (const s of tree.sections) {
      const list = byType.get(s.type);
      if (list) list.push(s); else byType.set(s.type, [s]);
    }
    sectionsByType.set(tree, byType);
  }
  return byType.get(type) ?? [];
}

const namesByTypes = new WeakMap<ConfigTree, Map<string, DefinedName[]>>();

/**
 * Names of the sections of some types (`backend`, `listen`), first definition of each name; cached
 * per tree (an edit gives a new tree object), so thousands of backends are listed once per edit.
 */
export function sectionNames(tree: ConfigTree, types: readonly string[]): readonly DefinedName[] {
  let byKey = namesByTypes.get(tree);
  if (!byKey) { byKey = new Map(); namesByTypes.set(tree, byKey); }
  const key = types.join(',');
  let names = byKey.get(key);
  if (!names) { names = listSectionNames(tree, types); byKey.set(key, names); }
  return names;
}

function listSectionNames(tree: ConfigTree, types: readonly string[]): DefinedName[] {
  const seen = new Set<string>();
  const out: DefinedName[] = [];
  for (const type of types) {
    for (const s of sectionsOf(tree, type)) {
      if (!s.name || seen.has(s.name.text)) continue;
      seen.add(s.name.text);
      out.push({ name: s.name.text, line: s.startLine, kind: s.type });
    }
  }
  return out;
}

/** A proxy section by name (for `track other/srv`). */
export function proxyNamed(tree: ConfigTree, name: string): Section | undefined {
  for (const type of ['backend', 'listen', 'frontend']) {
    const found = sectionsOf(tree, type).find((s) => s.name?.text === name);
    if (found) return found;
  }
  return undefined;
}

/** Names defined in one section by a keyword (`acl`, `server`), first definition of each. */
export function namesDefinedIn(section: Section | undefined, keyword: string): DefinedName[] {
  if (!section) return [];
  const seen = new Set<string>();
  const out: DefinedName[] = [];
  for (const d of section.directives) {
    const name = d.args[0];
    if (d.keyword.text !== keyword || !name || seen.has(name.text)) continue;
    seen.add(name.text);
    out.push({ name: name.text, line: d.line, kind: keyword, detail: d.args.slice(1).map((w) => w.raw).join(' ') });
  }
  return out;
}
