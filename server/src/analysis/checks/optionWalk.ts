// Splits the options of a server/bind line the way HAProxy reads them: an option name, then its
// value when the option takes one (so "cookie ssl" is the cookie "ssl", not the ssl option).
// `source` takes its address and optional `usesrc X` / `interface X` pairs.
import type { Catalog, OptionData } from '../../catalog/catalog';
import type { Word } from '../../syntax/tree';
import { isDynamicWord } from './common';
import { findOptionEntry, lookups } from './lookups';

export interface OptionUse {
  option: OptionData;
  word: Word;
  value?: Word;
}

/** How a visit ended: dynamic words skipped, or the unknown option / valueless option that stopped it. */
export interface VisitEnd { dynamic?: Word[]; unknown?: Word; missingValue?: OptionUse }

const COMPLETE: VisitEnd = {};

/**
 * Calls `visit` for each option in order (no list is built: this runs for every server line, and
 * each word costs one map hit on the per-catalog option table).
 */
export function visitOptions(args: Word[], start: number, kind: 'server' | 'bind', catalog: Catalog,
  visit: (option: OptionData, word: Word, value?: Word) => void): VisitEnd {
  const tables = lookups(catalog);
  let dynamic: Word[] | undefined;
  let i = start;
  while (i < args.length) {
    const w = args[i];
    if (isDynamicWord(w)) { (dynamic ??= []).push(w); i++; continue; }
    const text = w.text;
    if (kind === 'server' && text === 'source') { i = skipSource(args, i); continue; }
    const entry = findOptionEntry(tables, kind, text);
    if (!entry) return dynamic ? { dynamic, unknown: w } : { unknown: w };
    const option = entry.option;
    if (!entry.takesValue) {
      visit(option, w);
      i++;
      continue;
    }
    const value = args[i + 1];
    if (!value) return dynamic ? { dynamic, missingValue: { option, word: w } } : { missingValue: { option, word: w } };
    visit(option, w, value);
    i += 2;
  }
  return dynamic ? { dynamic } : COMPLETE;
}

/** The index after `source <addr>` and its `usesrc X` / `interface X` pairs (args[i] is `source`). */
export function skipSource(args: readonly Word[], i: number): number {
  let j = i + 2;
  while (j < args.length && (args[j].text === 'usesrc' || args[j].text === 'interface')) j += 2;
  return Math.min(j, args.length);
}
