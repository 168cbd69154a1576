// Splits the options of a server/bind line the way HAProxy reads them: an option name, then its
// value when the option takes one (so "cookie ssl" is the cookie "ssl", not the ssl option).
// `source` takes its address and optional `usesrc X` / `interface X` pairs.
import type { Catalog, OptionData } from '../../catalog/catalog';
import type { Word } from '../../syntax/tree';
import { isDynamicWord } from './common';
import { findOptionEntry, lookups } from './lookups';
import type { OptionEntry } from './lookups';

export interface OptionUse {
  option: OptionData;
  word: Word;
  value?: Word;
}

/**
 * How a visit ended: dynamic words skipped, the unknown option / valueless option that stopped it, or
 * `stopped` when a visit asked to stop.
 */
export interface VisitEnd { dynamic?: Word[]; unknown?: Word; missingValue?: OptionUse; stopped?: true }

const COMPLETE: VisitEnd = {};
const STOPPED: VisitEnd = { stopped: true };

/**
 * Calls `visit` for each option in order with its table entry, word, value and the word's index; a
 * visit returning false stops the walk. No list is built: this runs for every server line, and each
 * word costs one map hit on the per-catalog option table. `isDynamicAt(i)`: is args[i] a variable
 * (default isDynamicWord; a caller that already knows passes its answer).
 */
export function visitOptions(args: readonly Word[], start: number, kind: 'server' | 'bind', catalog: Catalog,
  visit: (entry: OptionEntry, word: Word, value: Word | undefined, at: number) => boolean | void,
  isDynamicAt: (i: number) => boolean = (i) => isDynamicWord(args[i])): VisitEnd {
  const tables = lookups(catalog);
  let dynamic: Word[] | undefined;
  let i = start;
  while (i < args.length) {
    const w = args[i];
    if (isDynamicAt(i)) { (dynamic ??= []).push(w); i++; continue; }
    const text = w.text;
    if (kind === 'server' && text === 'source') { i = skipSource(args, i); continue; }
    const entry = findOptionEntry(tables, kind, text);
    if (!entry) return dynamic ? { dynamic, unknown: w } : { unknown: w };
    const value = entry.takesValue ? args[i + 1] : undefined;
    if (entry.takesValue && !value) {
      const missingValue = { option: entry.option, word: w };
      return dynamic ? { dynamic, missingValue } : { missingValue };
    }
    if (visit(entry, w, value, i) === false) return STOPPED;
    i += value ? 2 : 1;
  }
  return dynamic ? { dynamic } : COMPLETE;
}

/** The index after `source <addr>` and its `usesrc X` / `interface X` pairs (args[i] is `source`). */
function skipSource(args: readonly Word[], i: number): number {
  let j = i + 2;
  while (j < args.length && (args[j].text === 'usesrc' || args[j].text === 'interface')) j += 2;
  return Math.min(j, args.length);
}
