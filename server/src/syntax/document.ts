// An incrementally maintained parse: applyChanges() re-tokenizes only the touched lines, shifts the
// cached nodes of later lines, then re-assembles the tree in one linear pass over the cache.
import type { LineEntry } from './parser';
import { assembleTree, buildLineEntry } from './parser';
import { patchTree } from './patch';
import { tokenizeLine } from './tokenizer';
import type { CondExpr, ConfigTree, EvalContext, LineNode, Range, Section, TreeChange, Word } from './tree';
import { SECTION_KEYWORDS, SourceWord } from './tree';

/** An LSP TextDocumentContentChangeEvent: a range edit or the full new text. */
export type ContentChange = { range: Range; text: string } | { text: string };

/** Splits text into lines that keep their terminators ("\r\n", "\n", "\r"); the last one has none. */
export function splitKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  if (!text.includes('\r')) { // the usual file: a native search per line, no match objects
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      lines.push(text.slice(start, end + 1));
      start = end + 1;
    }
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

function contentOf(rawLine: string): string {
  const n = rawLine.length;
  const last = n > 0 ? rawLine.charCodeAt(n - 1) : 0;
  if (last === 10) return rawLine.slice(0, rawLine.charCodeAt(n - 2) === 13 ? n - 2 : n - 1); // "\n", "\r\n"
  return last === 13 ? rawLine.slice(0, n - 1) : rawLine; // a lone "\r"
}

function shiftRange(range: Range, delta: number): void {
  range.start.line += delta;
  range.end.line += delta;
}

function shiftExpr(expr: CondExpr, delta: number): void {
  // Iterative: expressions are bounded, but keep the stack flat anyway.
  const todo: CondExpr[] = [expr];
  for (let e = todo.pop(); e; e = todo.pop()) {
    shiftRange(e.range, delta);
    if (e.kind === 'predicate') shiftRange(e.nameRange, delta);
    else if (e.kind === 'not') todo.push(e.operand);
    else if (e.kind === 'group') todo.push(e.inner);
    else if (e.kind === 'and' || e.kind === 'or') todo.push(e.left, e.right);
  }
}

function shiftNode(node: LineNode, delta: number): void {
  node.line += delta;
  // A directive's range is computed from its words; its comment range is the tokens' object.
  if (node.kind !== 'directive') shiftRange(node.range, delta);
  if (node.kind === 'condition' && node.expr) shiftExpr(node.expr, delta);
}

function shiftWord(word: Word, delta: number): void {
  // The parser's words keep their line as a number; a word built elsewhere keeps a Range object.
  if (word instanceof SourceWord) word.line += delta;
  else shiftRange(word.range, delta);
  for (const ref of word.envRefs) shiftRange(ref.range, delta);
}

/** Moves a cached line (tokens, node, issues) by `delta` lines. Every Position object in it is its own. */
function shiftEntry(entry: LineEntry, delta: number): void {
  const tokens = entry.tokens;
  const node = entry.node;
  if (node?.kind === 'directive') { // a directive line's words are its keyword and arguments (not kept twice)
    shiftWord(node.keyword, delta);
    for (const word of node.args) shiftWord(word, delta);
  } else {
    for (const word of tokens.words) shiftWord(word, delta);
  }
  if (tokens.comment) shiftRange(tokens.comment, delta);
  for (const issue of tokens.issues) shiftRange(issue.range, delta);
  for (const issue of entry.nodeIssues) shiftRange(issue.range, delta);
  if (entry.conditionIssue) shiftRange(entry.conditionIssue.range, delta);
  if (entry.node) shiftNode(entry.node, delta);
}

const SECTION_WORDS: ReadonlySet<string> = new Set(SECTION_KEYWORDS);

/** Section headers and conditional lines of a run of lines, as comparable text. */
function structureSignature(entries: LineEntry[]): string {
  const parts: string[] = [];
  entries.forEach((entry, k) => {
    const node = entry.node;
    if (node?.kind === 'condition') parts.push(`${k}${node.keyword}`);
    else if (node?.kind === 'directive' && SECTION_WORDS.has(node.keyword.raw)) parts.push(`${k}:${node.keyword.raw}`);
  });
  return parts.join('|');
}

/** splice() in place for small inserts; a copy for huge ones (spreading 200k arguments would throw). */
export function spliceLarge<T>(list: T[], start: number, deleteCount: number, items: readonly T[]): T[] {
  if (items.length <= 10_000) { list.splice(start, deleteCount, ...items); return list; }
  return list.slice(0, start).concat(items, list.slice(start + deleteCount));
}

/** Lines [oldStart, oldEnd] of the text before an edit became [newStart, newEnd]. */
interface EditRegion {
  oldStart: number; oldEnd: number; newStart: number; newEnd: number; delta: number; structural: boolean;
  removed?: LineEntry[]; added?: LineEntry[]; // range edits only
}

/** Maps a line of the text before an edit into the text after it (lines inside the edit go to its start/end). */
function mapLine(line: number, r: EditRegion, isEnd: boolean): number {
  if (line < r.oldStart) return line;
  if (line > r.oldEnd) return line + r.delta;
  return isEnd ? r.newEnd : r.newStart;
}

export class ParsedDocument {
  private rawLines: string[];
  private entries: LineEntry[];
  private context: EvalContext;
  private current: ConfigTree;

  /** `lines`, when given, must be `splitKeepingEnds(text)` (a LineDocument's: its strings are shared, not copied). */
  constructor(text: string, context: EvalContext = {}, lines?: readonly string[]) {
    this.context = context;
    this.rawLines = lines ? lines.slice() : splitKeepingEnds(text);
    this.entries = this.rawLines.map((raw, i) => buildLineEntry(tokenizeLine(contentOf(raw), i), i));
    this.current = assembleTree(this.entries, context);
  }

  /** The current tree. It is live: later edits patch it (and its nodes) in place, so read it before the next edit. */
  get tree(): ConfigTree { return this.current; }
  get text(): string { return this.rawLines.join(''); }
  get lineCount(): number { return this.rawLines.length; }
  /** The text of one line without its terminator. */
  lineText(line: number): string { return contentOf(this.rawLines[line] ?? ''); }

  /** Changes the evaluation context (target version, env, features) and re-evaluates conditions. */
  setContext(context: EvalContext): TreeChange {
    this.context = context;
    this.current = assembleTree(this.entries, context);
    return {
      startLine: 0, endLine: -1, lineDelta: 0, affectedSections: this.current.sections,
      structureChanged: false, activityChanged: true,
    };
  }

  /** Applies LSP content changes in order; returns one change summary covering them all. */
  applyChanges(changes: readonly ContentChange[]): TreeChange {
    let start = Number.POSITIVE_INFINITY;
    let end = -1;
    let delta = 0;
    let structural = false;
    let single: EditRegion | undefined;
    for (const change of changes) {
      const r = 'range' in change ? this.applyRangeEdit(change.range, change.text) : this.replaceAll(change.text);
      if (end >= 0) { start = mapLine(start, r, false); end = mapLine(end, r, true); }
      start = Math.min(start, r.newStart);
      end = Math.max(end, r.newEnd);
      delta += r.delta;
      structural ||= r.structural;
      single = changes.length === 1 ? r : undefined;
    }
    const before = this.current;
    if (!Number.isFinite(start)) { start = 0; end = -1; }
    const patched = single?.removed && single.added
      ? patchTree(before, { first: single.oldStart, lastOld: single.oldEnd, delta: single.delta, removed: single.removed, added: single.added })
      : undefined;
    if (patched) {
      this.current = patched;
      return this.summarize(before, start, Math.min(end, this.entries.length - 1), delta, false, false);
    }
    const stats = { activityChanges: 0 };
    this.current = assembleTree(this.entries, this.context, stats);
    return this.summarize(before, start, Math.min(end, this.entries.length - 1), delta, structural, stats.activityChanges > 0);
  }

  private summarize(before: ConfigTree, start: number, end: number, delta: number, structural: boolean, activityChanged: boolean): TreeChange {
    const after = this.current;
    const structureChanged = structural || before.sections.length !== after.sections.length
      || before.conditionals.length !== after.conditionals.length;
    const affectedSections: Section[] = after.sections.filter((s) => s.endLine >= start && s.startLine <= end);
    return { startLine: start, endLine: end, lineDelta: delta, affectedSections, structureChanged, activityChanged };
  }

  private replaceAll(text: string): EditRegion {
    const oldCount = this.rawLines.length;
    this.rawLines = splitKeepingEnds(text);
    this.entries = this.rawLines.map((raw, i) => buildLineEntry(tokenizeLine(contentOf(raw), i), i));
    return { oldStart: 0, oldEnd: oldCount - 1, newStart: 0, newEnd: this.rawLines.length - 1, delta: this.rawLines.length - oldCount, structural: true };
  }

  private clampPosition(pos: Range['start']): { line: number; character: number } {
    const line = Math.max(0, Math.min(pos.line, this.rawLines.length - 1));
    if (pos.line > line) return { line, character: contentOf(this.rawLines[line]).length };
    const character = Math.max(0, Math.min(pos.character, contentOf(this.rawLines[line]).length));
    return { line, character };
  }

  private applyRangeEdit(range: Range, text: string): EditRegion {
    let s = this.clampPosition(range.start);
    let e = this.clampPosition(range.end);
    if (e.line < s.line || (e.line === s.line && e.character < s.character)) [s, e] = [e, s];
    // Re-split from one line before (a "\r" there could pair with an inserted "\n") to the edited end.
    const first = Math.max(0, s.line - 1);
    const last = e.line;
    const head = this.rawLines.slice(first, s.line).join('') + this.rawLines[s.line].slice(0, s.character);
    const tail = this.rawLines[last].slice(e.character);
    let merged = head + text + tail;
    let lastOld = last;
    // A new lone "\r" at the end followed by a line starting with "\n" would become one "\r\n".
    while (merged.endsWith('\r') && lastOld + 1 < this.rawLines.length && this.rawLines[lastOld + 1].startsWith('\n')) {
      lastOld++;
      merged += this.rawLines[lastOld];
    }
    const replacement = splitKeepingEnds(merged);
    // splitKeepingEnds always yields a last piece without terminator; drop it when empty and not the file end.
    if (lastOld + 1 < this.rawLines.length && replacement[replacement.length - 1] === '') replacement.pop();
    const structureBefore = structureSignature(this.entries.slice(first, lastOld + 1));
    const delta = replacement.length - (lastOld - first + 1);
    const newEntries = replacement.map((raw, k) => buildLineEntry(tokenizeLine(contentOf(raw), first + k), first + k));
    if (delta !== 0) for (let i = lastOld + 1; i < this.entries.length; i++) shiftEntry(this.entries[i], delta);
    const removed = this.entries.slice(first, lastOld + 1);
    this.rawLines = spliceLarge(this.rawLines, first, lastOld - first + 1, replacement);
    this.entries = spliceLarge(this.entries, first, lastOld - first + 1, newEntries);
    const structural = structureBefore !== structureSignature(newEntries);
    return { oldStart: first, oldEnd: lastOld, newStart: first, newEnd: first + replacement.length - 1, delta, structural, removed, added: newEntries };
  }
}
