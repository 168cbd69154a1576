// Texts with a caret mark (‸) for position-based feature tests: the text without the mark and the
// LSP position where it stood.
import assert from 'node:assert/strict';
import type { Position } from 'vscode-languageserver';

export const CARET = '‸';

export function splitCaret(text: string): { text: string; position: Position } {
  const offset = text.indexOf(CARET);
  assert.ok(offset >= 0, 'the text has a caret mark');
  const clean = text.slice(0, offset) + text.slice(offset + CARET.length);
  const before = clean.slice(0, offset).split('\n');
  return { text: clean, position: { line: before.length - 1, character: before[before.length - 1].length } };
}
