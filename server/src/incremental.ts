// Keeps one document's symbols and findings up to date after edits by redoing only what an edit
// touched: the symbols and section-check findings of the touched sections (all findings when the
// structure, line activity or target version changed); document checks run every time.
//
// Cached data is keyed by a section's header line object, which the incremental parser keeps across
// edits (even when it re-assembles the tree) unless that line itself was re-typed. Positions in the
// cache are fixed up when lines above a section are added or removed.
import { analyzeDocument, analyzeSection } from './analysis/analyze';
import type { AnalysisInput } from './analysis/context';
import type { Finding } from './analysis/findings';
import { buildSymbolIndex, SymbolIndex } from './analysis/symbols';
import type { SymbolDefinition, SymbolReference } from './analysis/symbols';
import type { Catalog } from './catalog/catalog';
import type { ConfigTree, Directive, Range, Section, TreeChange } from './syntax/tree';

/** The two halves of analysis (analysis/analyze.ts); injectable so tests can run their own checks. */
export interface Analyzer {
  analyzeSection(section: Section, input: AnalysisInput): Finding[];
  analyzeDocument(input: AnalysisInput): Finding[];
}

export const defaultAnalyzer: Analyzer = { analyzeSection, analyzeDocument };

interface Symbols {
  definitions: SymbolDefinition[];
  references: SymbolReference[];
}

interface SectionState extends Symbols {
  /** The section object the cached symbols point to (the parser may replace it by an equal one). */
  section: Section;
  /** section.startLine when the cache was last brought up to date. */
  startLine: number;
  directiveCount: number;
  first: Directive | undefined;
  last: Directive | undefined;
  /** Section-check findings (our own copies: the tree's ranges move in place); undefined = to analyse. */
  findings?: Finding[];
}

export class IncrementalAnalysis {
  /** One state per section of the last tree, in order. */
  private order: SectionState[] = [];
  private preamble: Symbols = { definitions: [], references: [] };
  /** The flat lists the SymbolIndex exposes (preamble first, then each section), updated in place. */
  private definitions: SymbolDefinition[] = [];
  private references: SymbolReference[] = [];
  private readonly byName = new Map<string, SymbolDefinition[]>();
  private readonly dirtyHeaders = new Set<Directive>();
  private allFindingsDirty = true;
  private preambleDirty = true;
  /** Lines were added or removed since the last update: cached positions below the edit must follow. */
  private linesShifted = true;
  /** Section checks run by the last updateFindings (tests and benchmarks read it). */
  sectionsAnalysed = 0;

  constructor(private readonly analyzer: Analyzer = defaultAnalyzer) {}

  /** Records what an edit (or a new evaluation context) changed; call it after every ParsedDocument change. */
  noteChange(change: TreeChange, tree: ConfigTree): void {
    if (change.structureChanged || change.activityChanged) this.allFindingsDirty = true;
    for (const section of change.affectedSections) this.dirtyHeaders.add(section.header);
    const firstSectionLine = tree.sections[0]?.startLine ?? Number.POSITIVE_INFINITY;
    if (change.structureChanged || change.startLine < firstSectionLine) this.preambleDirty = true;
    if (change.lineDelta !== 0 || change.structureChanged) this.linesShifted = true;
  }

  /** Forgets everything (a new text that was not parsed incrementally). */
  reset(): void {
    this.order = [];
    this.preamble = { definitions: [], references: [] };
    this.definitions = [];
    this.references = [];
    this.byName.clear();
    this.dirtyHeaders.clear();
    this.allFindingsDirty = true;
    this.preambleDirty = true;
    this.linesShifted = true;
  }

  /**
   * Step 1 after changes: the symbol index of `tree` (cheap; editor features need only this).
   * Re-scans the sections changes touched, reuses the others.
   */
  updateSymbols(tree: ConfigTree): SymbolIndex {
    const sameSections = tree.sections.length === this.order.length && tree.sections.every((s, i) => s === this.order[i].section);
    if (sameSections) this.updateInPlace(tree);
    else this.updateAll(tree);
    this.dirtyHeaders.clear();
    this.linesShifted = false;
    return new SymbolIndex(this.definitions, this.references, this.byName);
  }

  /**
   * Step 2: the findings of `tree`, whose symbols `updateSymbols` just returned. Section checks run
   * for re-scanned sections (every section after a structure, activity or version change);
   * document checks always.
   */
  updateFindings(tree: ConfigTree, symbols: SymbolIndex, catalog: Catalog, version: string): Finding[] {
    const input: AnalysisInput = { tree, symbols, catalog, version };
    const findings: Finding[] = [];
    this.sectionsAnalysed = 0;
    tree.sections.forEach((section, i) => {
      const state = this.order[i];
      if (this.allFindingsDirty || state.findings === undefined) {
        state.findings = this.analyzer.analyzeSection(section, input).map(copyFinding);
        this.sectionsAnalysed++;
      }
      for (const finding of state.findings) findings.push(finding);
    });
    for (const finding of this.analyzer.analyzeDocument(input)) findings.push(finding);
    this.allFindingsDirty = false;
    return findings;
  }

  /**
   * The usual edit: the parser patched the tree in place, the sections are the same objects. Only
   * touched sections are re-scanned (their slices of the flat lists replaced); the others only
   * follow their lines when lines above them were added or removed.
   */
  private updateInPlace(tree: ConfigTree): void {
    const sections = tree.sections;
    const replaced = new Map<number, SectionState>();
    const added: SymbolDefinition[] = [];
    for (const header of this.dirtyHeaders) {
      const i = sectionIndex(sections, header);
      if (i < 0 || replaced.has(i)) continue;
      const state = this.order[i];
      this.forget(state.definitions);
      const next = this.scan(tree, sections[i]);
      for (const def of next.definitions) added.push(def);
      replaced.set(i, state);
      this.order[i] = next;
    }
    if (this.linesShifted) {
      sections.forEach((section, i) => { if (section.startLine !== this.order[i].startLine) this.reuse(this.order[i], section); });
    }
    const oldPreamble = this.preamble;
    if (this.preambleDirty) this.rescanPreamble(tree, added);
    this.remember(added);
    let d = 0;
    let r = 0;
    const splice = (before: Symbols, after: Symbols) => {
      this.definitions = spliceLarge(this.definitions, d, before.definitions.length, after.definitions);
      this.references = spliceLarge(this.references, r, before.references.length, after.references);
    };
    if (this.preamble !== oldPreamble) splice(oldPreamble, this.preamble);
    d = this.preamble.definitions.length;
    r = this.preamble.references.length;
    const last = Math.max(-1, ...replaced.keys());
    for (let i = 0; i <= last; i++) {
      const state = this.order[i];
      const old = replaced.get(i);
      if (old) splice(old, state);
      d += state.definitions.length;
      r += state.references.length;
    }
  }

  /** Sections were added, removed or re-created: match them to the cache by header line, rebuild the lists. */
  private updateAll(tree: ConfigTree): void {
    const previous = new Map<Directive, SectionState>(this.order.map((state) => [state.section.header, state]));
    const order: SectionState[] = [];
    const added: SymbolDefinition[] = [];
    for (const section of tree.sections) {
      const old = previous.get(section.header);
      if (old) previous.delete(section.header);
      if (old && !this.dirtyHeaders.has(section.header) && sameExtent(old, section)) {
        this.reuse(old, section);
        order.push(old);
        continue;
      }
      if (old) this.forget(old.definitions);
      const state = this.scan(tree, section);
      for (const def of state.definitions) added.push(def);
      order.push(state);
    }
    for (const gone of previous.values()) this.forget(gone.definitions);
    if (this.preambleDirty) this.rescanPreamble(tree, added);
    this.remember(added);
    this.order = order;
    this.definitions = [...this.preamble.definitions];
    this.references = [...this.preamble.references];
    for (const state of order) {
      for (const def of state.definitions) this.definitions.push(def);
      for (const ref of state.references) this.references.push(ref);
    }
  }

  private rescanPreamble(tree: ConfigTree, added: SymbolDefinition[]): void {
    this.forget(this.preamble.definitions);
    this.preamble = scanSymbols(tree, tree.preamble, []);
    for (const def of this.preamble.definitions) added.push(def);
    this.preambleDirty = false;
  }

  private scan(tree: ConfigTree, section: Section): SectionState {
    const symbols = scanSymbols(tree, [], [section]);
    return {
      ...symbols, section, startLine: section.startLine,
      directiveCount: section.directives.length, first: section.directives[0], last: section.directives.at(-1),
    };
  }

  /** Points a cached section at the current section object and lines. */
  private reuse(state: SectionState, section: Section): void {
    if (state.section !== section) rebind(state, section);
    const delta = section.startLine - state.startLine;
    if (delta === 0) return;
    fixSymbolLines(state);
    for (const finding of state.findings ?? []) shiftFinding(finding, delta);
    state.startLine = section.startLine;
  }

  private forget(definitions: readonly SymbolDefinition[]): void {
    for (const def of definitions) {
      const list = this.byName.get(def.name);
      if (!list) continue;
      const at = list.indexOf(def);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.byName.delete(def.name);
    }
  }

  /** Adds definitions to the name map, keeping each name's list in document order (as a full build has it). */
  private remember(definitions: readonly SymbolDefinition[]): void {
    const touched = new Set<SymbolDefinition[]>();
    for (const def of definitions) {
      const list = this.byName.get(def.name);
      if (!list) { this.byName.set(def.name, [def]); continue; }
      list.push(def);
      touched.add(list);
    }
    for (const list of touched) list.sort((a, b) => comparePositions(a.nameRange, b.nameRange));
  }
}

/** splice() in place for small slices; a copy for huge ones (spreading 100k arguments would throw). */
function spliceLarge<T>(list: T[], start: number, deleteCount: number, items: readonly T[]): T[] {
  if (items.length <= 10_000) { list.splice(start, deleteCount, ...items); return list; }
  return list.slice(0, start).concat(items, list.slice(start + deleteCount));
}

/** The symbols of some directives/sections, from the same scanner a full build uses. */
function scanSymbols(tree: ConfigTree, preamble: Directive[], sections: Section[]): Symbols {
  const index = buildSymbolIndex({ ...tree, preamble, sections });
  return { definitions: index.definitions, references: index.references };
}

/** Index of the section with this header line (sections are in line order; the header knows its line). */
function sectionIndex(sections: readonly Section[], header: Directive): number {
  let lo = 0;
  let hi = sections.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const line = sections[mid].startLine;
    if (line === header.line) return sections[mid].header === header ? mid : sections.findIndex((s) => s.header === header);
    if (line < header.line) lo = mid + 1; else hi = mid - 1;
  }
  return sections.findIndex((s) => s.header === header);
}

/** Untouched sections keep their lines; a section whose lines were split or merged has a new extent. */
function sameExtent(state: SectionState, section: Section): boolean {
  const directives = section.directives;
  return state.directiveCount === directives.length && state.first === directives[0] && state.last === directives.at(-1);
}

function rebind(state: SectionState, section: Section): void {
  const old = state.section;
  for (const def of state.definitions) if (def.section === old) def.section = section;
  for (const ref of state.references) {
    if (ref.section === old) ref.section = section;
    if (ref.scope === old) ref.scope = section;
  }
  state.section = section;
}

/**
 * Names that are a word of their line share the word's range, which the parser moves with the line;
 * ranges cut out of a word (`track be/srv`, `!acl`) are copies that stay behind. Both are set back
 * onto the line of their directive.
 */
function fixSymbolLines(state: SectionState): void {
  for (const def of state.definitions) setLine(def.nameRange, (def.directive ?? def.section.header).line);
  for (const ref of state.references) setLine(ref.range, ref.directive.line);
}

function setLine(range: Range, line: number): void {
  if (range.start.line === line) return;
  const span = range.end.line - range.start.line;
  range.start.line = line;
  range.end.line = line + span;
}

function comparePositions(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.character - b.start.character;
}

function copyRange(range: Range): Range {
  return { start: { ...range.start }, end: { ...range.end } };
}

function copyFinding(finding: Finding): Finding {
  const copy: Finding = { ...finding, range: copyRange(finding.range) };
  if (finding.related) copy.related = finding.related.map((r) => ({ ...r, range: copyRange(r.range) }));
  return copy;
}

function shiftRange(range: Range, delta: number): void {
  range.start.line += delta;
  range.end.line += delta;
}

function shiftFinding(finding: Finding, delta: number): void {
  shiftRange(finding.range, delta);
  for (const related of finding.related ?? []) shiftRange(related.range, delta);
}
