// The realistic configuration the navigation LSP tests open (the same file the VS Code suite uses),
// with helpers to find positions by text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position, Range } from 'vscode-languageserver-protocol';

export const NAVIGATION_CFG_PATH = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace', 'navigation', 'haproxy.cfg');
export const NAVIGATION_CFG = fs.readFileSync(NAVIGATION_CFG_PATH, 'utf8');

/** Position `offset` characters into the `nth` occurrence of `needle`. */
export function positionIn(text: string, needle: string, offset = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth + 1} times`);
  }
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/** Range of `name` inside the `nth` occurrence of `context`. */
export function nameRange(text: string, context: string, name: string, nth = 0): Range {
  const start = positionIn(text, context, context.indexOf(name), nth);
  return { start, end: { line: start.line, character: start.character + name.length } };
}
