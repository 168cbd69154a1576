// The configuration the completion, hover and signature help LSP tests open (the same file the VS
// Code suite uses), and positions found by text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position } from 'vscode-languageserver-protocol';

export const COMPLETION_CFG_PATH = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace', 'completion', 'haproxy.cfg');
export const COMPLETION_CFG = fs.readFileSync(COMPLETION_CFG_PATH, 'utf8');

/** Position `offset` characters into the first occurrence of `needle` in `text` (default: at its end). */
export function positionAfter(text: string, needle: string, offset = needle.length): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${JSON.stringify(needle)} is not in the text`);
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/** `text` with `line` inserted after the first line that equals `after`. */
export function withLineAfter(text: string, after: string, line: string): string {
  const lines = text.split('\n');
  const at = lines.indexOf(after);
  if (at < 0) throw new Error(`no line ${JSON.stringify(after)}`);
  lines.splice(at + 1, 0, line);
  return lines.join('\n');
}
