// Long sections edited in place keep what was worked out for their untouched lines (incremental.ts):
// the parser keeps the directive object of every line it did not re-tokenize, so the lines kept at
// both ends of a section are the same objects, in the same order, as before the edit.
import type { Range } from '../syntax/tree';
import type { Finding } from './findings';

/** Sections with at least this many directives are re-scanned and re-checked line by line after an in-place edit. */
export const LINE_BY_LINE = 256;

/** The kept ends of a list: `head` items at its start and `tail` at its end are the same objects as before. */
export interface KeptEnds { head: number; tail: number }

/** Nothing kept (no earlier run to keep from). */
export const NOTHING_KEPT: KeptEnds = { head: 0, tail: 0 };

/** How many items at the start and at the end of `after` are the items of `before` (what lies between was edited). */
export function keptEnds<T>(before: readonly T[], after: readonly T[]): KeptEnds {
  const limit = Math.min(before.length, after.length);
  let head = 0;
  while (head < limit && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < limit - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { head, tail };
}

/**
 * Where item `i` of the new list was in the old one (-1: a new item), given the kept ends;
 * `oldLength` and `newLength` are the two lists' lengths.
 */
export function oldIndex(i: number, ends: KeptEnds, oldLength: number, newLength: number): number {
  if (i < ends.head) return i;
  if (i >= newLength - ends.tail) return i - newLength + oldLength;
  return -1;
}

/**
 * In a list of items in line order, each of `header` (listed first) or of one of `lines`, the
 * items [from, to) of the edited lines, lines[head .. lines.length - tail).
 */
export function middleSpan<T, L>(items: readonly T[], lineOf: (item: T) => L, header: L, lines: readonly L[], ends: KeptEnds): [number, number] {
  let from = 0;
  while (from < items.length && lineOf(items[from]) === header) from++;
  for (let i = 0; i < ends.head; i++) while (from < items.length && lineOf(items[from]) === lines[i]) from++;
  let to = items.length;
  for (let i = lines.length - 1; i >= lines.length - ends.tail; i--) while (to > from && lineOf(items[to - 1]) === lines[i]) to--;
  return [from, to];
}

export function copyRange(range: Range): Range {
  return { start: { ...range.start }, end: { ...range.end } };
}

/** A finding with ranges of its own (the tree's ranges move in place when lines are added above). */
export function copyFinding(finding: Finding): Finding {
  const copy: Finding = { ...finding, range: copyRange(finding.range) };
  if (finding.related) copy.related = finding.related.map((r) => ({ ...r, range: copyRange(r.range) }));
  return copy;
}

function shiftRange(range: Range, delta: number): void {
  range.start.line += delta;
  range.end.line += delta;
}

export function shiftFinding(finding: Finding, delta: number): void {
  shiftRange(finding.range, delta);
  for (const related of finding.related ?? []) shiftRange(related.range, delta);
}
