// A TextDocument kept as an array of lines. vscode-languageserver-textdocument keeps one string and
// rebuilds it at every edit: for a 100,000-line file that is a 6 MB copy (and as much garbage) per
// keystroke. Here an edit replaces the touched lines; the full text and the line offsets are built
// only when asked for, and kept until the next edit.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { splitKeepingEnds } from './syntax/document';

function contentLength(raw: string): number {
  if (raw.endsWith('\r\n')) return raw.length - 2;
  return raw.endsWith('\n') || raw.endsWith('\r') ? raw.length - 1 : raw.length;
}

export class LineDocument implements TextDocument {
  private lines: string[];
  private chars: number;
  private text: string | undefined;
  private offsets: number[] | undefined;

  constructor(readonly uri: string, readonly languageId: string, private currentVersion: number, text: string) {
    this.lines = splitKeepingEnds(text);
    this.chars = text.length;
    this.text = text;
  }

  get version(): number { return this.currentVersion; }
  /** The lines with their terminators, as splitKeepingEnds cuts them (read-only: ParsedDocument starts from them). */
  get linesWithEnds(): readonly string[] { return this.lines; }
  get lineCount(): number { return this.lines.length; }
  /** Length of the text in UTF-16 code units, without building it. */
  get length(): number { return this.chars; }

  getText(range?: Range): string {
    if (!range) {
      this.text ??= this.lines.join('');
      return this.text;
    }
    // Like TextDocument: substring semantics (a reversed range reads the same text).
    const from = Math.min(this.offsetAt(range.start), this.offsetAt(range.end));
    const to = Math.max(this.offsetAt(range.start), this.offsetAt(range.end));
    if (this.text !== undefined) return this.text.substring(from, to);
    const first = this.positionAt(from).line;
    const last = this.positionAt(to).line;
    const lineStart = this.lineOffsets()[first];
    return this.lines.slice(first, last + 1).join('').substring(from - lineStart, to - lineStart);
  }

  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const at = Math.min(line, this.lines.length - 1);
    return { start: { line: at, character: 0 }, end: { line: at, character: contentLength(this.lines[at]) } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lines.length) return '';
    const raw = this.lines[line];
    return raw.slice(contentLength(raw));
  }

  positionAt(offset: number): Position {
    const offsets = this.lineOffsets();
    const at = Math.max(0, Math.min(Math.floor(offset), this.chars));
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= at) lo = mid; else hi = mid - 1;
    }
    // An offset inside a line terminator belongs to the end of that line's content.
    return { line: lo, character: Math.min(at - offsets[lo], contentLength(this.lines[lo])) };
  }

  offsetAt(position: Position): number {
    const offsets = this.lineOffsets();
    if (position.line >= this.lines.length) return this.chars;
    if (position.line < 0) return 0;
    const character = Math.max(0, Math.min(position.character, contentLength(this.lines[position.line])));
    return offsets[position.line] + character;
  }

  /** Applies LSP content changes in order (like TextDocument.update, in place). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) this.replace(change.range, change.text);
      else {
        this.lines = splitKeepingEnds(change.text);
        this.chars = change.text.length;
      }
      this.text = undefined;
      this.offsets = undefined;
    }
    this.currentVersion = version;
  }

  private replace(range: Range, text: string): void {
    let start = this.clampedPosition(range.start);
    let end = this.clampedPosition(range.end);
    if (end.line < start.line || (end.line === start.line && end.character < start.character)) [start, end] = [end, start];
    // From one line before: a "\r" ending it could pair with an inserted "\n".
    const first = Math.max(0, start.line - 1);
    let last = end.line;
    const head = (first < start.line ? this.lines[first] : '') + this.lines[start.line].slice(0, start.character);
    let merged = head + text + this.lines[last].slice(end.character);
    // A lone "\r" at the end followed by a line starting with "\n" becomes one "\r\n".
    while (merged.endsWith('\r') && last + 1 < this.lines.length && this.lines[last + 1].startsWith('\n')) merged += this.lines[++last];
    const replacement = splitKeepingEnds(merged);
    if (last + 1 < this.lines.length && replacement[replacement.length - 1] === '') replacement.pop();
    let removed = 0;
    for (let i = first; i <= last; i++) removed += this.lines[i].length;
    this.chars += merged.length - removed;
    if (replacement.length <= 10_000) this.lines.splice(first, last - first + 1, ...replacement);
    else this.lines = this.lines.slice(0, first).concat(replacement, this.lines.slice(last + 1));
  }

  private clampedPosition(position: Position): Position {
    const line = Math.max(0, Math.min(position.line, this.lines.length - 1));
    const length = contentLength(this.lines[line]);
    if (position.line > line) return { line, character: length };
    if (position.line < 0) return { line: 0, character: 0 };
    return { line, character: Math.max(0, Math.min(position.character, length)) };
  }

  private lineOffsets(): number[] {
    if (!this.offsets) {
      const offsets = new Array<number>(this.lines.length);
      let at = 0;
      for (let i = 0; i < this.lines.length; i++) { offsets[i] = at; at += this.lines[i].length; }
      this.offsets = offsets;
    }
    return this.offsets;
  }
}
