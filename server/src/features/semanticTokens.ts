// Semantic tokens: what a TextMate grammar cannot know. Which words are names of proxies, servers,
// ACLs, users... (definition or use, resolved or not) and which lines a false `.if` branch
// disables (the whole line is a `comment` token, so every theme greys it out).
//
// Legend (standard token types, so themes colour them without any setup):
//   class      proxy names (frontend, backend, listen, defaults), defined or used
//   namespace  other section names (userlist, resolvers, peers, ring, cache, http-errors, mailers...)
//   property   names inside a section: servers, peers, nameservers, mailers, stick-tables of peers
//   function   ACL names (+ defaultLibrary: HAProxy's predefined ACLs: TRUE, METH_GET...)
//   variable   users and groups of a userlist
//   comment    a line in a false `.if` branch (HAProxy skips it)
// Modifiers: declaration (the defining occurrence), defaultLibrary (predefined ACL),
//   unresolved (a use no definition in this file matches; for proxies and other global names only
//   when the file has a `global` section, since a conf.d fragment may use names defined elsewhere).
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { SymbolIndex, SymbolKind } from '../analysis/symbols';
import type { DocumentModel } from '../model';
import type { ConfigTree, Range } from '../syntax/tree';
import { SCOPED_KINDS } from './symbolTarget';

const TOKEN_TYPES = ['class', 'namespace', 'property', 'function', 'variable', 'comment'] as const;
const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary', 'unresolved'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const PROXY_KINDS: ReadonlySet<SymbolKind> = new Set(['frontend', 'backend', 'listen', 'defaults']);
const MEMBER_KINDS: ReadonlySet<SymbolKind> = new Set(['server', 'peer', 'nameserver', 'mailer', 'table']);

interface Token { line: number; start: number; length: number; type: number; modifiers: number }

export function provideSemanticTokens(model: DocumentModel): SemanticTokens {
  const tree = model.tree;
  const inactive = inactiveLineTokens(tree);
  const disabled = new Set(inactive.map((t) => t.line));
  const named = nameTokens(model.symbols, tree).filter((t) => !disabled.has(t.line));
  return { data: encode([...inactive, ...named]) };
}

/** Token type of a symbol kind; undefined for kinds not worth a token (files). */
function tokenType(kind: SymbolKind): TokenType | undefined {
  if (PROXY_KINDS.has(kind)) return 'class';
  if (MEMBER_KINDS.has(kind)) return 'property';
  if (kind === 'acl') return 'function';
  if (kind === 'user' || kind === 'group') return 'variable';
  if (kind === 'file') return undefined;
  return 'namespace';
}

function nameTokens(index: SymbolIndex, tree: ConfigTree): Token[] {
  const wholeConfig = tree.sections.some((s) => s.type === 'global');
  const tokens: Token[] = [];
  for (const def of index.definitions) {
    const type = tokenType(def.kind);
    if (type) pushToken(tokens, def.nameRange, type, ['declaration']);
  }
  for (const ref of index.references) {
    const kind = ref.kinds[0];
    const type = tokenType(kind);
    if (!type) continue;
    const modifiers: TokenModifier[] = [];
    if (ref.predefined) modifiers.push('defaultLibrary');
    else if ((wholeConfig || SCOPED_KINDS.has(kind)) && index.resolve(ref).length === 0) modifiers.push('unresolved');
    pushToken(tokens, ref.range, type, modifiers);
  }
  return tokens;
}

/** One `comment` token per statement line that a false `.if` branch disables. */
function inactiveLineTokens(tree: ConfigTree): Token[] {
  const tokens: Token[] = [];
  const commentType = TOKEN_TYPES.indexOf('comment');
  for (let line = 0; line < tree.lineCount; line++) {
    const node = tree.nodes[line];
    if (!node || node.activity !== 'inactive') continue;
    const { words, comment } = tree.lines[line];
    const end = Math.max(words.at(-1)?.range.end.character ?? 0, comment?.end.character ?? 0);
    const start = node.range.start.character;
    if (end > start) tokens.push({ line, start, length: end - start, type: commentType, modifiers: 0 });
  }
  return tokens;
}

function pushToken(tokens: Token[], range: Range, type: TokenType, modifiers: TokenModifier[]): void {
  const length = range.end.character - range.start.character;
  if (range.start.line !== range.end.line || length <= 0) return;
  const bits = modifiers.reduce((acc, m) => acc | (1 << TOKEN_MODIFIERS.indexOf(m)), 0);
  tokens.push({ line: range.start.line, start: range.start.character, length, type: TOKEN_TYPES.indexOf(type), modifiers: bits });
}

/** LSP relative encoding, sorted by position; overlapping tokens are dropped (the earlier one wins). */
function encode(tokens: Token[]): number[] {
  tokens.sort((a, b) => a.line - b.line || a.start - b.start);
  const data: number[] = [];
  let line = 0;
  let start = 0;
  let end = -1;
  let endLine = -1;
  for (const t of tokens) {
    if (t.line === endLine && t.start < end) continue;
    data.push(t.line - line, t.line === line ? t.start - start : t.start, t.length, t.type, t.modifiers);
    line = t.line;
    start = t.start;
    endLine = t.line;
    end = t.start + t.length;
  }
  return data;
}
