// The contract between the analyzer and its checks. A check is a plain function that reads the
// model and calls `report`; it never throws on odd input (the analyzer guards anyway).
//
// Section checks look at one section; their findings are cached per section and redone when it
// changes. Document checks look across sections; to keep an edit in a 100k-line file cheap they
// are split into parts the analyzer can redo separately (analyze.ts runs them all; incremental.ts
// only what an edit may have changed):
// - `document`: work over the whole file, redone after every edit, so it must stay cheap
//   (never O(lines)): the conditional blocks and message lines;
// - `unit`: the work of one section (or of the directives before the first one), whose findings
//   are cached. A unit that reads something from ANOTHER section says so:
//     ctx.dependOn(key)        it read facts another section exports under `key` (see `exports`);
//     ctx.mentionLinesOf(s)    a finding names a line or range of section `s` (its own included):
//                              the unit is redone when `s` or the unit's section moves or `s` is edited;
//   Reading the symbol index is fine (it is always current), but what the unit concludes from
//   another section's definitions is a dependency like any other;
// - `lineFacts` (optional): a check whose unit can look at any part of a section's lines on its
//   own gives, as a fingerprint, what its lines read of their section besides themselves (its
//   mode line...). A long section is then run line by line (CheckUnit: one line and its references;
//   the header's references alone) and after an edit only these lines run again: new ones, those with findings, those depending
//   on a key that changed, and those that said ctx.dependOnName(name) for a name some edited line
//   defines (or defined); all of them when the fingerprint changed;
// - `exports`: what a section tells the others, as key -> fingerprint, computed from that
//   section alone ('section:be_app' -> its type, mode, stick-table, definitions...). When an edit
//   changes a section's fingerprint of a key, every unit of the same check that depends on the
//   key is redone (keys are per check: a unit can only depend on what its own check exports).
//   A null fingerprint means "changed whenever that section is edited" (cheap, for keys few
//   units depend on). Every section's exports are kept: return a plain array, and fingerprints
//   that are short flat strings (leave out what no other section reads);
// - `complete`: a last pass over the check's findings in document order, redone after every edit
//   (did-you-mean has a document-wide budget); findings may carry a `draft` it completes.
// A check's findings come in this order: document part, preamble unit, section units, then
// `complete`. Examples: checks/references.ts (section:NAME, defaults#I), serverDefaults.ts.
// Everything is redone after a change of structure (sections added/removed), of conditional
// activity or of the target version.
import type { Catalog } from '../catalog/catalog';
import type { ConfigTree, Directive, Section } from '../syntax/tree';
import type { Finding } from './findings';
import type { SymbolDefinition, SymbolIndex, SymbolReference } from './symbols';

export interface AnalysisInput {
  tree: ConfigTree;
  symbols: SymbolIndex;
  catalog: Catalog;
  /** Target HAProxy version, as a catalog version ("2.6", "3.4"). */
  version: string;
}

export interface CheckContext extends AnalysisInput {
  report(finding: Finding): void;
}

/**
 * Looks at one section only (its findings are cached per section and redone when it changes).
 * `line` looks at one directive and reports on that line only; what it reads of the rest of the
 * section comes from `facts`, worked out once per section and compared with === between runs (a
 * boolean, a number, a memoized object): a long section edited in place keeps the findings of its
 * untouched lines while its facts stay the same (incremental.ts). The header's own words (type,
 * name) may be read directly: a section whose header line changes is checked anew. `header` reports
 * on the section as a whole (its header line) and returns false when its lines are not to be checked.
 */
export interface SectionCheck<Facts = unknown> {
  readonly name: string;
  facts?(section: Section, ctx: CheckContext): Facts;
  header?(section: Section, ctx: CheckContext, facts: Facts): boolean;
  line(d: Directive, section: Section, ctx: CheckContext, facts: Facts): void;
}

/** A section, or the directives before the first section (section undefined), with its symbols. */
export interface CheckUnit {
  section: Section | undefined;
  /** Index in tree.sections (-1: before the first section); stable while the structure is. */
  index: number;
  /** The unit's lines: the section's, or one of them when it runs line by line (see `lineFacts`). */
  directives: readonly Directive[];
  /** The symbol index's definitions made in the unit's section, and references made in its lines, in document order. */
  definitions: readonly SymbolDefinition[];
  references: readonly SymbolReference[];
}

export interface UnitContext extends CheckContext {
  /** This unit's findings depend on what other sections export under `key`. */
  dependOn(key: string): void;
  /** A finding of this unit names a line or range of `section`. */
  mentionLinesOf(section: Section): void;
  /** What this unit found depends on its own section's definitions named `name` (see `lineFacts`). */
  dependOnName(name: string): void;
}

/** A finding a check's `complete` pass finishes (the draft is the check's own data). */
export interface DraftFinding extends Finding { draft?: unknown }

/** Looks across sections; see the parts above. `Facts`: the check's own lazily computed lookups, made once per run. */
export interface DocumentCheck<Facts = unknown> {
  readonly name: string;
  facts?(ctx: CheckContext): Facts;
  document?(ctx: CheckContext, facts: Facts): void;
  unit?(unit: CheckUnit, ctx: UnitContext, facts: Facts): void;
  exports?(section: Section, unit: CheckUnit, ctx: CheckContext): Iterable<[string, string | null]>;
  lineFacts?(unit: CheckUnit, ctx: CheckContext): string;
  complete?(findings: DraftFinding[], ctx: CheckContext, facts: Facts): Finding[];
}

/** A whole-document check as one function (what `DocumentCheck.document` runs). */
export type DocumentFunction = (ctx: CheckContext) => void;
