// What HAProxy accepts as a new name, and which existing names a renamed symbol would collide with.
// Kept apart from rename.ts so the rules read like the manual they come from.
import type { SymbolDefinition, SymbolIndex, SymbolKind } from '../analysis/symbols';
import { PREDEFINED_ACLS } from '../analysis/symbols';
import { compareVersions } from '../syntax/conditions';
import type { Section } from '../syntax/tree';
import { SCOPED_KINDS } from './symbolTarget';

/**
 * Manual §4 "All proxy names must be formed from upper and lower case letters, digits, '-' (dash),
 * '_' (underscore), '.' (dot) and ':' (colon)"; §7.1 says the same of ACL names, and HAProxy
 * applies the same check to server names. We hold every other name to it too, so a renamed name
 * never needs quoting and never breaks a comma list (`group g users a,b`).
 */
const NAME_CHARSET = /^[A-Za-z0-9_.:-]+$/;
/** User names may also be e-mail addresses. */
const USER_CHARSET = /^[A-Za-z0-9_.:@+-]+$/;
/** Words a condition reads as operators, never as ACL names. */
const CONDITION_WORDS: ReadonlySet<string> = new Set(['if', 'unless', 'or']);
/** Since 3.3 any two proxies must differ in name; before, a frontend and a backend could share one. */
const UNIQUE_PROXY_NAMES_SINCE = '3.3';

const KIND_LABEL: Partial<Record<SymbolKind, string>> = { acl: 'ACL', 'http-errors': 'http-errors section' };

export function kindLabel(kind: SymbolKind): string {
  return KIND_LABEL[kind] ?? kind;
}

/** "a backend", "an ACL". */
export function aKind(kind: SymbolKind): string {
  const label = kindLabel(kind);
  return `${/^[aeiouAEIOU]/.test(label) ? 'an' : 'a'} ${label}`;
}

/** Why HAProxy would not accept `name` for a `kind`, or undefined when it would. */
export function invalidNameReason(kind: SymbolKind, name: string): string | undefined {
  if (name === '') return `${aKind(kind)} name cannot be empty`;
  const charset = kind === 'user' ? USER_CHARSET : NAME_CHARSET;
  const bad = [...name].find((c) => !charset.test(c));
  if (bad !== undefined) {
    const allowed = kind === 'user' ? "letters, digits, '-', '_', '.', ':', '@' and '+'" : "letters, digits, '-', '_', '.' and ':'";
    return `'${bad}' is not allowed in ${aKind(kind)} name (HAProxy accepts ${allowed})`;
  }
  if (kind === 'acl' && CONDITION_WORDS.has(name)) return `'${name}' is a condition operator, not usable as an ACL name`;
  if (kind === 'acl' && PREDEFINED_ACLS.has(name)) return `'${name}' is a predefined ACL of HAProxy; an ACL of that name would shadow it`;
  return undefined;
}

/** Kinds whose names a `kind` must not share (proxies share one namespace, the rest their own). */
export function collidingKinds(kind: SymbolKind, haproxyVersion: string): SymbolKind[] {
  const proxies: SymbolKind[] = ['frontend', 'backend', 'listen'];
  if (!proxies.includes(kind)) return [kind];
  if ((compareVersions(haproxyVersion, UNIQUE_PROXY_NAMES_SINCE) ?? 1) >= 0) return proxies;
  if (kind === 'listen') return proxies;
  return [kind, 'listen'];
}

/**
 * An existing definition or an unresolved use that a renamed symbol would clash with: a definition
 * of the same namespace, or a use of `newName` that would silently start pointing at the symbol.
 */
export function collisionReason(
  index: SymbolIndex, kind: SymbolKind, scope: Section | undefined, newName: string, haproxyVersion: string,
): string | undefined {
  const kinds = collidingKinds(kind, haproxyVersion);
  const clash = index.findDefinitions(kinds, newName, SCOPED_KINDS.has(kind) ? scope : undefined)[0];
  if (clash) return `${aKind(clash.kind)} named '${newName}' already exists${where(clash)}`;
  const captured = index.references.find((ref) => ref.name === newName && ref.kinds.includes(kind) && !ref.predefined
    && index.resolve(ref).length === 0 && inScope(ref, scope, kind));
  if (captured) {
    return `'${newName}' is already used on line ${captured.range.start.line + 1} without being defined; `
      + `renaming to it would change what that line refers to`;
  }
  return undefined;
}

function inScope(ref: { scope?: Section; scopeName?: string }, scope: Section | undefined, kind: SymbolKind): boolean {
  if (!SCOPED_KINDS.has(kind)) return true;
  if (ref.scopeName !== undefined) return ref.scopeName === scope?.name?.text;
  return ref.scope === scope;
}

function where(def: SymbolDefinition): string {
  const line = def.nameRange.start.line + 1;
  const section = SCOPED_KINDS.has(def.kind) && def.section.name ? ` in ${def.section.type} ${def.section.name.text}` : '';
  return `${section} (line ${line})`;
}
