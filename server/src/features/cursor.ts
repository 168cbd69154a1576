/**
 * "What is at this position" in a haproxy.cfg: the enclosing section, the line's words, the word at
 * the cursor and its index, the keyword the line starts with (multi-word, with a `no`/`default`
 * prefix, and the action of a rule), and whether the cursor is in an ACL criterion, an ACL's
 * flags/patterns, an `if`/`unless` condition or a sample expression (`%[...]`, `set-var(x) <expr>`).
 *
 * Pure and cheap: reads one line of the model (its tokens from the tree), finds the section by binary
 * search, never scans the document. Completion, hover and signature help build on it; other features
 * may import it too.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { Catalog, KeywordMatch } from '../catalog/catalog';
import type { DocumentModel } from '../model';
import type { ConfigTree, Directive, LineTokens, Section, Word } from '../syntax/tree';
import { tokenizeLine } from '../syntax/tokenizer';
import { SAMPLE_PLACEHOLDERS, actionSynopsisLines, synopsesFor } from './completion/synopsis';

/** Where in a sample expression (`req.hdr(host),lower,map(file)`) the cursor is. */
export interface SampleCursor {
  /** `fetch`: the first element; `converter`: after a top-level `,`; `argument`: inside `(...)`. */
  part: 'fetch' | 'converter' | 'argument';
  /** For `argument`: the fetch or converter whose parentheses hold the cursor, and the argument's index. */
  callee?: { name: string; kind: 'fetch' | 'converter'; argIndex: number };
  /** The expression's fetch (arguments stripped), when the cursor is past it. */
  fetch?: string;
  /** True for ACL criteria, where ACL derivatives (`hdr_beg`, `path_end`) are allowed. */
  acl: boolean;
}

export type ExpressionContext =
  /** After `if`/`unless`, outside `{ }`: ACL names, `!`, `||`, `or`, anonymous ACLs. */
  | { kind: 'condition'; negated: boolean }
  /** `acl <name> <here>` or `{ <here> ... }`: a fetch (ACL derivatives allowed), then converters. */
  | { kind: 'acl-criterion'; sample: SampleCursor; anonymous: boolean }
  /** After an ACL's criterion: flags (`-i`, `-m str`), then patterns. */
  | { kind: 'acl-pattern'; criterion: string; previous: string | undefined; flagsOnly: boolean; anonymous: boolean }
  /** `%[...]` in a log-format string, or a word that is a sample expression (`set-var(x) <expr>`). */
  | { kind: 'sample'; sample: SampleCursor; embedded: boolean };

export interface CursorContext {
  position: Position;
  /** The line's text. */
  lineText: string;
  /** The section the line belongs to (undefined before the first section). */
  section: Section | undefined;
  sectionType: string | undefined;
  /** The line is its section's header (`backend app from base`). */
  onSectionHeader: boolean;
  /** The line's directive (undefined for blank, comment and preprocessor lines). */
  directive: Directive | undefined;
  words: Word[];
  /** Index of the word at the cursor; in blanks, the index the next typed word will have. */
  wordIndex: number;
  /** The word containing the cursor (its end included); undefined in blanks. */
  word: Word | undefined;
  /** Decoded text of the words before the cursor's word. */
  wordsBefore: string[];
  /** The line starts with a blank. */
  indented: boolean;
  inComment: boolean;
  /** The identifier-like run at the cursor (letters, digits, `_ . - :`): what completion replaces. */
  token: { text: string; prefix: string; range: Range };
  /** Longest keyword formed by the words before the cursor's word (`option`, `timeout connect`, `http-request` + action). */
  keyword: KeywordMatch | undefined;
  /** Longest keyword formed by all the line's words (hover). */
  lineKeyword: KeywordMatch | undefined;
  /** keyword ? wordIndex - keyword.consumed : -1 (0 = first argument). */
  argIndex: number;
  expression: ExpressionContext | undefined;
}

/** Keywords whose `if`/`unless` starts an ACL condition (same list as the symbol index). */
const CONDITION_KEYWORDS: ReadonlySet<string> = new Set([
  'http-request', 'http-response', 'http-after-response', 'tcp-request', 'tcp-response', 'quic-initial', 'use_backend',
  'use-server', 'redirect', 'monitor', 'stats', 'force-persist', 'ignore-persist', 'block', 'stick', 'http-check',
  'tcp-check', 'use-fcgi-app', 'set-param', 'pass-header', 'errorloc', 'reqadd', 'rspadd', 'http-error',
]);
const ACL_SECTIONS: ReadonlySet<string> = new Set(['defaults', 'frontend', 'listen', 'backend', 'fcgi-app']);
const TOKEN_CHAR = /[A-Za-z0-9_.:-]/;

/** The section containing `line` (binary search over the ordered sections). */
export function sectionAt(tree: ConfigTree, line: number): Section | undefined {
  const sections = tree.sections;
  let lo = 0;
  let hi = sections.length - 1;
  let found: Section | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid].startLine <= line) { found = sections[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return found && line <= found.endLine ? found : undefined;
}

/** Words with `(...)` cut off, for keyword matching (`http-check set-var(check.x)` -> `set-var`). */
function keywordWords(words: readonly string[]): string[] {
  return words.map((w) => w.replace(/\(.*$/, ''));
}

function lineTokens(model: DocumentModel, line: number, lineText: string): LineTokens {
  return model.tree.lines[line] ?? tokenizeLine(lineText, line);
}

export function lineTextAt(model: DocumentModel, line: number): string {
  const text = model.document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$/, '');
}

/** The identifier-like run around `character` in `text`. */
export function tokenAt(text: string, line: number, character: number): CursorContext['token'] {
  let start = Math.min(character, text.length);
  while (start > 0 && TOKEN_CHAR.test(text[start - 1])) start--;
  let end = Math.min(character, text.length);
  while (end < text.length && TOKEN_CHAR.test(text[end])) end++;
  return {
    text: text.slice(start, end),
    prefix: text.slice(start, character),
    range: { start: { line, character: start }, end: { line, character: end } },
  };
}

export function cursorContext(model: DocumentModel, position: Position): CursorContext {
  const line = position.line;
  const lineText = lineTextAt(model, line);
  const character = Math.min(position.character, lineText.length);
  const tokens = lineTokens(model, line, lineText);
  const words = tokens.words;
  const section = sectionAt(model.tree, line);
  const node = model.tree.nodes[line];
  let wordIndex = words.findIndex((w) => w.range.start.character <= character && character <= w.range.end.character);
  const word = wordIndex >= 0 ? words[wordIndex] : undefined;
  if (wordIndex < 0) wordIndex = words.filter((w) => w.range.end.character < character).length;
  const wordsBefore = words.slice(0, wordIndex).map((w) => w.text);
  const sectionType = section?.type;
  const keyword = sectionType ? matchKeyword(model.catalog, sectionType, wordsBefore) : undefined;
  const lineKeyword = sectionType && words.length ? matchKeyword(model.catalog, sectionType, words.map((w) => w.text)) : undefined;
  const ctx: CursorContext = {
    position: { line, character },
    lineText,
    section,
    sectionType,
    onSectionHeader: !!section && section.startLine === line,
    directive: node?.kind === 'directive' ? node : undefined,
    words,
    wordIndex,
    word,
    wordsBefore,
    indented: /^[ \t]/.test(lineText),
    inComment: !!tokens.comment && character > tokens.comment.start.character,
    token: tokenAt(lineText, line, character),
    keyword,
    lineKeyword,
    argIndex: keyword ? wordIndex - keyword.consumed : -1,
    expression: undefined,
  };
  if (!ctx.inComment) ctx.expression = expressionAt(ctx);
  return ctx;
}

function matchKeyword(catalog: Catalog, sectionType: string, words: readonly string[]): KeywordMatch | undefined {
  return words.length ? catalog.matchKeyword(sectionType, keywordWords(words)) : undefined;
}

function expressionAt(ctx: CursorContext): ExpressionContext | undefined {
  const embedded = embeddedSampleAt(ctx);
  if (embedded) return { kind: 'sample', sample: embedded, embedded: true };
  const first = ctx.words[0]?.text;
  if (first === undefined || ctx.wordIndex === 0) return undefined;
  if (first === 'acl' && ctx.sectionType && ACL_SECTIONS.has(ctx.sectionType)) return aclAt(ctx);
  if (CONDITION_KEYWORDS.has(first)) {
    const condition = conditionAt(ctx);
    if (condition) return condition;
  }
  if (isSampleArgument(ctx)) {
    return { kind: 'sample', sample: wholeWordSample(ctx, false), embedded: false };
  }
  return undefined;
}

/** Text of the cursor's word up to the cursor, from the raw source (quotes included). */
function rawBeforeCursor(ctx: CursorContext): { text: string; start: number } {
  const start = ctx.word ? ctx.word.range.start.character : ctx.position.character;
  return { text: ctx.lineText.slice(start, ctx.position.character), start };
}

function wholeWordSample(ctx: CursorContext, acl: boolean): SampleCursor {
  return scanSample(rawBeforeCursor(ctx).text.replace(/^['"]/, ''), acl) ?? { part: 'argument', acl };
}

/** Inside an unclosed `%[` or `%{...}[` of the cursor's word. */
function embeddedSampleAt(ctx: CursorContext): SampleCursor | undefined {
  if (!ctx.word) return undefined;
  const { text } = rawBeforeCursor(ctx);
  const open = /%(?:\{[^}]*\})?\[/g;
  let last: number | undefined;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const body = m.index + m[0].length;
    if (!sampleClosesBefore(text, body)) last = body;
  }
  if (last === undefined) return undefined;
  return scanSample(text.slice(last), false);
}

/** Does the expression starting at `from` end (with its `]`) before the end of `text`? */
function sampleClosesBefore(text: string, from: number): boolean {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ']' && depth === 0) return true;
  }
  return false;
}

/**
 * Where the end of `text` (a sample expression up to the cursor) stands: fetch, converter or
 * argument. Undefined when the expression ended (a `]` or a blank at top level).
 */
export function scanSample(text: string, acl: boolean): SampleCursor | undefined {
  const stack: Array<{ name: string; kind: 'fetch' | 'converter'; argIndex: number }> = [];
  let segment = 0;
  let segmentStart = 0;
  let fetch: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (stack.length && (ch === '"' || ch === "'")) {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) break;
      i = close;
      continue;
    }
    if (ch === '(') {
      const name = text.slice(segmentStart, i).trim();
      stack.push({ name, kind: segment === 0 ? 'fetch' : 'converter', argIndex: 0 });
      segmentStart = i + 1;
    } else if (ch === ')') {
      stack.pop();
    } else if (ch === ',') {
      const top = stack.at(-1);
      if (top) { top.argIndex++; continue; }
      if (segment === 0) fetch = text.slice(0, i).replace(/\(.*$/, '').trim();
      segment++;
      segmentStart = i + 1;
    } else if (!stack.length && (ch === ']' || ch === ' ' || ch === '\t')) {
      return undefined;
    }
  }
  const top = stack.at(-1);
  if (top) return { part: 'argument', callee: { ...top }, acl, ...(fetch ? { fetch } : {}) };
  return { part: segment === 0 ? 'fetch' : 'converter', acl, ...(fetch ? { fetch } : {}) };
}

/** `acl <name> <criterion> [flags] [patterns]`. */
function aclAt(ctx: CursorContext): ExpressionContext | undefined {
  if (ctx.wordIndex < 2) return undefined;
  if (ctx.wordIndex === 2) return { kind: 'acl-criterion', sample: wholeWordSample(ctx, true), anonymous: false };
  return aclPattern(ctx.words[2].text, ctx.wordsBefore.slice(3), false);
}

function aclPattern(criterion: string, after: string[], anonymous: boolean): ExpressionContext {
  // Flags come first; after `-m`/`-f`/`-M` the next word is the flag's value; `--` ends the flags.
  let flagsOnly = true;
  for (let i = 0; i < after.length; i++) {
    const w = after[i];
    if (w === '--') { flagsOnly = false; break; }
    if (!w.startsWith('-')) { flagsOnly = false; break; }
    if (w === '-m' || w === '-f' || w === '-M') i++;
  }
  return { kind: 'acl-pattern', criterion, previous: after.at(-1), flagsOnly, anonymous };
}

/** After an unquoted `if`/`unless` (not the keyword itself, never the first argument). */
function conditionAt(ctx: CursorContext): ExpressionContext | undefined {
  const start = ctx.words.findIndex((w, i) => i >= 2 && i < ctx.wordIndex && !w.quoted && (w.text === 'if' || w.text === 'unless'));
  if (start < 0) return undefined;
  let inBraces = false;
  let braceStart = 0;
  for (let i = start + 1; i < ctx.wordIndex; i++) {
    const t = ctx.words[i].text;
    if (t === '{' || t === '!{') { inBraces = true; braceStart = i; } else if (t === '}') inBraces = false;
  }
  if (!inBraces) {
    const current = ctx.word?.text ?? '';
    if (current === '{' || current === '!{' || current === '}') return undefined;
    return { kind: 'condition', negated: current.startsWith('!') };
  }
  const offset = ctx.wordIndex - braceStart - 1;
  if (offset === 0) return { kind: 'acl-criterion', sample: wholeWordSample(ctx, true), anonymous: true };
  return aclPattern(ctx.words[braceStart + 1].text, ctx.wordsBefore.slice(braceStart + 2), true);
}

/** Is the cursor's word an `<expr>`-like argument of the line's keyword or rule action? */
function isSampleArgument(ctx: CursorContext): boolean {
  const match = ctx.keyword;
  if (!match || ctx.argIndex < 0 || !ctx.sectionType) return false;
  const { synopsis, head, from } = match.action?.data
    ? { synopsis: actionSynopsisLines(match.action.data.synopsis), head: match.action.name, from: match.action.consumed }
    : { synopsis: match.keyword.synopsis, head: match.keyword.name, from: match.consumed };
  if (ctx.wordIndex < from) return false;
  const between = ctx.wordsBefore.slice(from);
  return synopsesFor(synopsis, head).some((s) => s.expectedAfter(between)
    .some((t) => t.kind === 'placeholder' && SAMPLE_PLACEHOLDERS.has(t.name)));
}
