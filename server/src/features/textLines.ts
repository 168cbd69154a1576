// Line-level text helpers shared by formatting and code actions: the document's lines and line
// terminator, and the smallest edit turning one line into another (so cursors and undo stay put).
import type { Range, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { splitLines } from '../syntax/tokenizer';

/** The document's lines, without terminators (LSP counting: \r\n, \r and \n each end a line). */
export function documentLines(document: TextDocument): string[] {
  return splitLines(document.getText());
}

/** The line terminator new lines should use: the file's first one, "\n" when it has none. */
export function lineTerminator(text: string): string {
  const match = /\r\n|\n|\r/.exec(text);
  return match ? match[0] : '\n';
}

/** One edit covering only the part of the line that differs (undefined when equal). */
export function lineEdit(line: number, before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const shortest = Math.min(before.length, after.length);
  while (prefix < shortest && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const range: Range = { start: { line, character: prefix }, end: { line, character: before.length - suffix } };
  return { range, newText: after.slice(prefix, after.length - suffix) };
}

/** Range deleting whole lines [from, to] with their terminators (the last line: up to its end). */
export function wholeLinesRange(lines: readonly string[], from: number, to: number): Range {
  const last = lines.length - 1;
  if (to < last) return { start: { line: from, character: 0 }, end: { line: to + 1, character: 0 } };
  // The last line has no terminator: take the one before the span instead, if there is one.
  if (from > 0) return { start: { line: from - 1, character: lines[from - 1].length }, end: { line: last, character: lines[last].length } };
  return { start: { line: 0, character: 0 }, end: { line: last, character: lines[last].length } };
}
