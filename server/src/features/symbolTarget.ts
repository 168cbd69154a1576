// The named thing under the cursor, with every place that defines it and every place that uses it.
// Shared by definition, references, highlights, rename and semantic tokens so that they all agree
// on what "the same symbol" means (ACLs and servers are scoped to their proxy, duplicates belong
// together, an unresolved name still groups its uses).
import type { SymbolDefinition, SymbolIndex, SymbolKind, SymbolReference } from '../analysis/symbols';
import type { Position, Range } from '../syntax/tree';

/** Kinds whose names live inside one section (an ACL of frontend A is not one of frontend B). */
export const SCOPED_KINDS: ReadonlySet<SymbolKind> = new Set(['server', 'acl', 'user', 'group', 'nameserver', 'peer', 'mailer', 'table']);

export interface SymbolTarget {
  name: string;
  /** The kind the name has: its definitions' kind, or the first kind a reference accepts. */
  kind: SymbolKind;
  /** The name range under the cursor. */
  range: Range;
  definitions: SymbolDefinition[];
  references: SymbolReference[];
  /** Pre-defined ACL (TRUE, METH_GET...): HAProxy's own, defined nowhere in the file. */
  predefined: boolean;
}

/** The symbol whose definition or reference contains `position`, or undefined. */
export function symbolTargetAt(index: SymbolIndex, position: Position): SymbolTarget | undefined {
  const hit = index.symbolAt(position);
  if (hit?.definition) return targetOfDefinitions(index, [hit.definition], hit.definition.nameRange);
  const ref = hit?.reference;
  if (!ref) return undefined;
  const resolved = ref.predefined ? [] : index.resolve(ref);
  if (resolved.length > 0) return targetOfDefinitions(index, resolved, ref.range);
  return {
    name: ref.name,
    kind: ref.kinds[0],
    range: ref.range,
    definitions: [],
    references: index.references.filter((other) => sameUnresolvedUse(index, ref, other)),
    predefined: ref.predefined === true,
  };
}

function targetOfDefinitions(index: SymbolIndex, seeds: SymbolDefinition[], range: Range): SymbolTarget {
  const definitions = unique(seeds.flatMap((def) => sameSymbolDefinitions(index, def)));
  const references = unique(definitions.flatMap((def) => index.referencesTo(def))).sort(byRange);
  return { name: seeds[0].name, kind: seeds[0].kind, range, definitions, references, predefined: false };
}

/** Every definition of the same symbol: same kind and name (and section, for scoped kinds). */
export function sameSymbolDefinitions(index: SymbolIndex, def: SymbolDefinition): SymbolDefinition[] {
  return index.findDefinitions(def.kind, def.name, SCOPED_KINDS.has(def.kind) ? def.section : undefined);
}

/** Two uses of a name that resolves nowhere are one symbol when they would resolve alike. */
function sameUnresolvedUse(index: SymbolIndex, a: SymbolReference, b: SymbolReference): boolean {
  if (a.name !== b.name || a.kinds.join() !== b.kinds.join()) return false;
  if (a.predefined || b.predefined) return a.predefined === b.predefined;
  return a.scope === b.scope && a.scopeName === b.scopeName && index.resolve(b).length === 0;
}

export function byRange(a: { range: Range }, b: { range: Range }): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
