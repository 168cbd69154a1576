// Keeps one document's symbols and findings up to date after edits by redoing only what an edit
// touched: the symbols and section-check findings of the touched sections, and the units of the
// document checks (analysis/context.ts) of the touched sections plus those depending on what the
// touched sections export (a definition renamed, a defaults section's mode changed...) or naming
// lines that moved. Everything is redone when the structure, line activity or target version changed.
//
// Cached data is keyed by a section's header line object, which the incremental parser keeps across
// edits (even when it re-assembles the tree) unless that line itself was re-typed. Positions in the
// cache are fixed up when lines above a section are added or removed.
import { performance } from 'node:perf_hooks';
import { analyzeDocument, analyzeSection, analyzeSectionLines, logFailure, runCheckParts, runUnit } from './analysis/analyze';
import type { SectionLines, UnitSink } from './analysis/analyze';
import { copyFinding, keptEnds, LINE_BY_LINE, middleSpan, NOTHING_KEPT, oldIndex, shiftFinding } from './analysis/lines';
import { documentChecks } from './analysis/checks';
import type { AnalysisInput, CheckContext, CheckUnit, DocumentCheck, DraftFinding, UnitContext } from './analysis/context';
import type { Finding } from './analysis/findings';
import { buildSymbolIndex, scanSectionLines, SymbolIndex } from './analysis/symbols';
import type { SymbolDefinition, SymbolReference } from './analysis/symbols';
import type { Catalog } from './catalog/catalog';
import { spliceLarge } from './syntax/document';
import type { ConfigTree, Directive, Range, Section, TreeChange } from './syntax/tree';

/**
 * The two halves of analysis (analysis/analyze.ts); injectable so tests can run their own checks.
 * With `documentChecks`, document checks are redone unit by unit; `analyzeDocument` is the same
 * from scratch (and what runs after every change when `documentChecks` is not given).
 */
export interface Analyzer {
  analyzeSection(section: Section, input: AnalysisInput): Finding[];
  /** analyzeSection line by line, for long sections (see analyzeSectionLines); without it they are analysed whole. */
  analyzeSectionLines?: typeof analyzeSectionLines;
  analyzeDocument(input: AnalysisInput): Finding[];
  documentChecks?: readonly DocumentCheck[];
}

export const defaultAnalyzer: Analyzer = { analyzeSection, analyzeSectionLines, analyzeDocument, documentChecks };

/** What the last updateFindings redid (tests and benchmarks read it). */
export interface FindingsRun {
  sectionsAnalysed: number;
  /** Units of document checks re-run (a check over one section or over the preamble). */
  unitsChecked: number;
  /** Time spent in document checks, ms. */
  documentChecksMs: number;
}

/** One document check's cached work on one section. */
interface UnitState {
  owner: SectionState;
  findings: DraftFinding[];
  keys: readonly string[];
  /** Sections whose lines the findings name, with the line each started at (the unit's own included). */
  mentions: ReadonlyArray<{ state: SectionState; line: number }>;
  stale: boolean;
}

/**
 * What a section exports, flat: (check index, key, fingerprint) triples. A section exports a few
 * keys and thousands of sections keep theirs, so one small array each rather than a Map per check.
 */
type Exports = ReadonlyArray<number | string | null>;

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
  /** A long section's directives when it was scanned (see rescan). */
  lines?: readonly Directive[];
  /** Section-check findings (our own copies: the tree's ranges move in place); undefined = to analyse. */
  findings?: Finding[];
  /** A long section's section-check findings per line (kept for its untouched lines after an edit). */
  sectionLines?: SectionLines;
  /**
   * Names defined on the lines edited (before or after the edit) since the units of the section
   * last ran line by line: a kept line that read such a name runs again (see runLines).
   */
  editedNames?: Set<string>;
  /** Units of the state this one replaced, until its own run (see retire). */
  inherited?: Array<UnitState | undefined>;
  /** Per document check run line by line: what each line depended on (see runLines). */
  unitLines?: Array<UnitLines | undefined>;
  /** Per document check: its cached unit (undefined: to run) and what the section exported when it ran. */
  units?: Array<UnitState | undefined>;
  exports?: Exports;
  /** Exports of the state this one replaced (to tell which keys an edit changed). */
  previousExports?: Exports;
  /** Replaced or gone: units naming its lines must be redone. */
  retired?: boolean;
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
  lastRun: FindingsRun = { sectionsAnalysed: 0, unitsChecked: 0, documentChecksMs: 0 };
  /** Per document check: which units depend on each exported key (most keys have one: no Set for those). */
  private importers: Array<Map<string, UnitState | Set<UnitState>>> = [];
  /** Exports of sections that disappeared since the last findings (their keys changed). */
  private removedExports: Exports[] = [];
  /** Per document check: sections whose unit has findings. */
  private withFindings: Array<Set<SectionState>> = [];
  /** Units whose findings name lines of sections (redone when those move). */
  private readonly mentioning = new Set<UnitState>();
  /** Sections re-scanned since the last findings (their units are to run, their exports to compare). */
  private readonly fresh = new Set<SectionState>();
  private lastVersion: string | undefined;
  /** Where units write their findings while they run (copied when there are some). */
  private readonly scratchFindings: Finding[] = [];
  /** Per document check: the keys whose export changed in this run (runLines reads them). */
  private changedKeys: Array<Set<string> | undefined> = [];
  /** Per document check: the key list of the last unit that had one (see uniqueKeys). */
  private lastKeys: Array<readonly string[] | undefined> = [];

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
    this.importers = [];
    this.removedExports = [];
    this.fresh.clear();
    this.mentioning.clear();
  }

  /**
   * Step 1 after changes: the symbol index of `tree` (cheap; editor features need only this).
   * Re-scans the sections changes touched, reuses the others.
   */
  updateSymbols(tree: ConfigTree): SymbolIndex {
    let sameSections = tree.sections.length === this.order.length;
    for (let i = 0; sameSections && i < tree.sections.length; i++) sameSections = tree.sections[i] === this.order[i].section;
    if (sameSections) this.updateInPlace(tree);
    else this.updateAll(tree);
    this.dirtyHeaders.clear();
    this.linesShifted = false;
    return new SymbolIndex(this.definitions, this.references, this.byName);
  }

  /**
   * Step 2: the findings of `tree`, whose symbols `updateSymbols` just returned. Section checks run
   * for re-scanned sections (every section after a structure, activity or version change); document
   * checks for the units that may have changed (see redoDocumentChecks).
   */
  updateFindings(tree: ConfigTree, symbols: SymbolIndex, catalog: Catalog, version: string): Finding[] {
    const input: AnalysisInput = { tree, symbols, catalog, version };
    if (version !== this.lastVersion) this.allFindingsDirty = true;
    this.lastVersion = version;
    const findings: Finding[] = [];
    this.sectionsAnalysed = 0;
    const all = this.allFindingsDirty;
    for (let i = 0; i < tree.sections.length; i++) {
      const state = this.order[i];
      let own = state.findings;
      if (all || own === undefined) {
        own = this.analyseSection(state, tree.sections[i], input, all);
        this.sectionsAnalysed++;
      }
      for (let j = 0; j < own.length; j++) findings.push(own[j]);
    }
    const started = performance.now();
    let unitsChecked = 0;
    const checks = this.analyzer.documentChecks;
    if (checks) {
      unitsChecked = this.redoDocumentChecks(checks, input, all, findings);
    } else {
      for (const finding of this.analyzer.analyzeDocument(input)) findings.push(finding);
    }
    this.lastRun = { sectionsAnalysed: this.sectionsAnalysed, unitsChecked, documentChecksMs: performance.now() - started };
    this.allFindingsDirty = false;
    this.fresh.clear();
    return findings;
  }

  /** A section's section-check findings, kept in its state. */
  private analyseSection(state: SectionState, section: Section, input: AnalysisInput, all: boolean): Finding[] {
    const byLines = this.analyzer.analyzeSectionLines;
    if (byLines && section.directives.length >= LINE_BY_LINE) {
      // After a change of version or line activity, no line's findings are kept.
      const { findings, lines } = byLines(section, input, all ? undefined : state.sectionLines, { directives: state.lines });
      state.sectionLines = lines;
      return state.findings = findings;
    }
    state.sectionLines = undefined;
    return state.findings = this.analyzer.analyzeSection(section, input).map(copyFinding);
  }

  /**
   * Document checks: each check's document part and completion run every time; a unit runs again
   * when its section was re-scanned, when a key it depends on changed, or when lines it names
   * moved. Only those are visited (plus the sections holding findings), not every section.
   */
  private redoDocumentChecks(checks: readonly DocumentCheck[], input: AnalysisInput, all: boolean, out: Finding[]): number {
    const tree = input.tree;
    if (all || this.importers.length !== checks.length) this.resetUnits(checks.length);
    // One context for every export of this run (exports only read their section).
    const exportCtx: CheckContext = { ...input, report: () => undefined };
    const states = all ? this.order : [...this.unitsToRedo(checks, exportCtx)];
    const units = states.map((state, i) => unitOf(state, all ? i : this.indexOf(state)));
    const preamble: CheckUnit = { section: undefined, index: -1, directives: tree.preamble, ...this.preamble };
    let unitsChecked = 0;
    for (let k = 0; k < checks.length; k++) {
      const check = checks[k];
      const done = runCheckParts(check, input, (unitCtx, facts, findings) => {
        // The preamble is usually empty and may read anything: it always runs.
        runUnit(check, preamble, unitCtx, facts);
        for (let i = 0; i < states.length; i++) {
          const state = states[i];
          const cached = state.units ??= new Array<UnitState | undefined>(checks.length);
          const old = cached[k];
          if (!all && old && !old.stale) continue;
          // The unit it replaces (this state's, or the one of the state this one replaced) keeps its registrations.
          const replaced = old ?? state.inherited?.[k];
          cached[k] = this.runUnit(check, k, state, units[i], unitCtx, facts, replaced);
          unitsChecked++;
        }
        if (this.withFindings[k].size) {
          for (const state of this.statesWithFindings(k)) for (const finding of state.units![k]!.findings) findings.push(finding);
        }
      });
      for (let i = 0; i < done.length; i++) out.push(done[i]);
    }
    for (let i = 0; i < states.length; i++) { states[i].inherited = undefined; states[i].editedNames = undefined; }
    // Exports are needed to tell what later edits change (re-scanned sections have theirs already).
    for (let i = 0; i < states.length; i++) if (!states[i].exports) this.exportsOf(checks, states[i], units[i], exportCtx);
    return unitsChecked;
  }

  private resetUnits(checkCount: number): void {
    this.importers = Array.from({ length: checkCount }, () => new Map());
    this.lastKeys = new Array<readonly string[] | undefined>(checkCount);
    this.withFindings = Array.from({ length: checkCount }, () => new Set());
    this.mentioning.clear();
    this.removedExports = [];
    for (const state of this.order) {
      state.units = undefined;
      state.inherited = undefined;
      state.unitLines = undefined;
      state.exports = undefined;
      state.previousExports = undefined;
    }
    this.changedKeys = [];
  }

  /** Sections with a unit to redo: re-scanned ones, those depending on a changed key, those naming moved lines. */
  private unitsToRedo(checks: readonly DocumentCheck[], ctx: CheckContext): Set<SectionState> {
    const redo = new Set<SectionState>();
    const changed = this.changedExports(checks, ctx);
    this.changedKeys = changed;
    changed.forEach((keys, k) => {
      for (const key of keys) {
        const importers = this.importers[k].get(key);
        if (!importers) continue;
        if (importers instanceof Set) for (const unit of importers) { unit.stale = true; redo.add(unit.owner); }
        else { importers.stale = true; redo.add(importers.owner); }
      }
    });
    for (const unit of this.mentioning) {
      if (unit.mentions.some((m) => m.state.retired || m.state.section.startLine !== m.line)) { unit.stale = true; redo.add(unit.owner); }
    }
    for (const state of this.fresh) redo.add(state);
    return redo;
  }

  /**
   * Per document check, the exported keys whose fingerprint changed since the last findings: the
   * exports of re-scanned sections against those of the sections they replaced, and of removed ones.
   * Every section's exports are computed once when all is redone (none changed then).
   */
  private changedExports(checks: readonly DocumentCheck[], ctx: CheckContext): Array<Set<string>> {
    const changed = checks.map(() => new Set<string>());
    for (const state of this.fresh) {
      diffExports(state.previousExports, this.exportsOf(checks, state, unitOf(state, this.indexOf(state)), ctx), changed);
      state.previousExports = undefined;
    }
    for (const gone of this.removedExports) diffExports(gone, undefined, changed);
    this.removedExports = [];
    return changed;
  }

  private exportsOf(checks: readonly DocumentCheck[], state: SectionState, unit: CheckUnit, ctx: CheckContext): Exports {
    if (!state.exports) {
      let list: Array<number | string | null> | undefined;
      for (let k = 0; k < checks.length; k++) {
        const check = checks[k];
        if (!check.exports) continue;
        for (const [key, value] of check.exports(state.section, unit, ctx)) setExport(list ??= [], k, key, value);
      }
      state.exports = list ?? NO_EXPORTS;
    }
    return state.exports;
  }

  /**
   * Runs one unit, recording into the sink's scratch lists (re-used from unit to unit: most units
   * find nothing and depend on nothing, and then cost no allocation here).
   */
  private runUnit(check: DocumentCheck, k: number, owner: SectionState, checkUnit: CheckUnit,
    ctx: UnitContext & { sink: UnitSink }, facts: unknown, replaced: UnitState | undefined): UnitState {
    const sink = ctx.sink;
    const findings = sink.findings = this.scratchFindings;
    const keys = sink.keys;
    const mentioned = sink.mentioned;
    if (keys.length) keys.length = 0; // setting a length is a runtime call even when it is 0
    if (mentioned.length) mentioned.length = 0;
    sink.recording = true;
    if (check.lineFacts && owner.lines) this.runLines(check, k, owner, checkUnit, ctx, facts);
    else runUnit(check, checkUnit, ctx, facts);
    sink.recording = false;
    if (!findings.length && !keys.length && !mentioned.length) {
      if (replaced) this.forgetUnit(k, replaced);
      return CLEAN;
    }
    const unitKeys = this.uniqueKeys(k, keys);
    const unitFindings = findings.length ? findings.map(copyFinding) : NO_FINDINGS;
    const mentions = mentioned.length ? this.mentionsOf(owner, mentioned, ctx.tree) : NO_MENTIONS;
    findings.length = 0;
    let unit: UnitState;
    if (replaced && replaced !== CLEAN) {
      // The same object: the keys both runs depend on stay registered as they are.
      unit = replaced;
      this.withFindings[k].delete(unit.owner);
      this.rekey(k, unit, unit.keys, unitKeys);
      unit.owner = owner;
      unit.findings = unitFindings;
      unit.keys = unitKeys;
      unit.mentions = mentions;
      unit.stale = false;
    } else {
      unit = { owner, findings: unitFindings, keys: unitKeys, mentions, stale: false };
      for (const key of unit.keys) this.register(k, key, unit);
    }
    if (unit.mentions.length) this.mentioning.add(unit); else this.mentioning.delete(unit);
    if (unit.findings.length) this.withFindings[k].add(owner);
    return unit;
  }

  private register(k: number, key: string, unit: UnitState): void {
    const importers = this.importers[k];
    const known = importers.get(key);
    if (!known) importers.set(key, unit);
    else if (known instanceof Set) known.add(unit);
    else if (known !== unit) importers.set(key, new Set([known, unit]));
  }

  private unregister(k: number, key: string, unit: UnitState): void {
    const importers = this.importers[k];
    const known = importers?.get(key);
    if (known === unit) importers.delete(key);
    else if (known instanceof Set) {
      known.delete(unit);
      if (known.size === 0) importers.delete(key);
    }
  }

  /**
   * A unit's registrations follow its new key list: only the keys it no longer or newly depends on
   * change. Both lists hold each key once, in the order the unit first asked for it: a key that is
   * not in their common ends of one is not in those of the other, so only what lies between is compared.
   */
  private rekey(k: number, unit: UnitState, before: readonly string[], after: readonly string[]): void {
    if (before === after) return;
    const { head, tail } = keptEnds(before, after);
    const was = before.slice(head, before.length - tail);
    const is = after.slice(head, after.length - tail);
    const had = was.length > SMALL ? new Set(was) : undefined;
    const has = is.length > SMALL ? new Set(is) : undefined;
    for (const key of was) if (!(has ? has.has(key) : is.includes(key))) this.unregister(k, key, unit);
    for (const key of is) if (!(had ? had.has(key) : was.includes(key))) this.register(k, key, unit);
  }

  /**
   * A long section's unit, line by line (context.ts, `lineFacts`): a line kept since the last run
   * whose references found nothing keeps its result unless a key it depends on changed or an edited
   * line defines (or defined) a name it depends on. The lines' findings, keys and mentions are
   * recorded as one unit's; what each clean line depended on is kept in `owner.unitLines`.
   */
  private runLines(check: DocumentCheck, k: number, owner: SectionState, unit: CheckUnit, ctx: UnitContext & { sink: UnitSink }, facts: unknown): void {
    const sink = ctx.sink;
    const lines = owner.lines!;
    const header = unit.section!.header;
    let lineFacts: string | undefined;
    try { lineFacts = check.lineFacts!(unit, ctx); } catch (error) { logFailure(error); }
    const previous = owner.unitLines?.[k];
    const reusable = previous && lineFacts !== undefined && previous.facts === lineFacts ? previous : undefined;
    const ends = reusable ? keptEnds(reusable.lines, lines) : NOTHING_KEPT;
    const edited = reusable?.results.length && owner.editedNames?.size ? owner.editedNames : undefined;
    const changedKeys = this.changedKeys[k]?.size ? this.changedKeys[k] : undefined;
    const results = new Array<LineResult>(lines.length);
    const references = unit.references;
    const part = (directives: readonly Directive[], from: number, to: number): LineResult => {
      const keysBefore = sink.keys.length;
      const found = sink.findings.length;
      const mentions = sink.mentioned.length;
      if (sink.names.length) sink.names.length = 0;
      runUnit(check, { ...unit, directives, references: references.slice(from, to) }, ctx, facts);
      if (sink.findings.length !== found || sink.mentioned.length !== mentions) return undefined;
      if (sink.keys.length === keysBefore && !sink.names.length) return CLEAN_LINE;
      return { keys: sink.keys.slice(keysBefore), names: sink.names.slice() };
    };
    sink.byLine = true;
    let r = 0;
    while (r < references.length && references[r].directive === header) r++;
    if (r > 0) part(NO_DIRECTIVES, 0, r); // the header's references (`from`) are checked every time
    for (let i = 0; i < lines.length; i++) {
      const d = lines[i];
      const from = r;
      while (r < references.length && references[r].directive === d) r++;
      const j = reusable ? oldIndex(i, ends, reusable.lines.length, lines.length) : -1;
      const kept = reusable && j >= 0 ? reusable.results[j] : undefined;
      if (kept && (!changedKeys || !meets(kept.keys, changedKeys)) && (!edited || !meets(kept.names, edited))) {
        for (let n = 0; n < kept.keys.length; n++) sink.keys.push(kept.keys[n]);
        results[i] = kept;
        continue;
      }
      results[i] = part([d], from, r);
    }
    sink.byLine = false;
    (owner.unitLines ??= [])[k] = lineFacts === undefined ? undefined : { lines, results, facts: lineFacts };
  }

  /**
   * The distinct keys a unit depended on. Neighbouring units of a check often depend on the same
   * few keys (every backend on the global and its defaults section): they share one list.
   */
  private uniqueKeys(k: number, keys: readonly string[]): readonly string[] {
    if (!keys.length) return NO_KEYS;
    const last = this.lastKeys[k];
    if (last && keys.length <= SMALL && last.length <= SMALL && sameKeys(keys, last)) return last;
    let unique: string[];
    if (keys.length <= SMALL) {
      unique = [];
      for (let i = 0; i < keys.length; i++) if (!unique.includes(keys[i])) unique.push(keys[i]);
    } else unique = [...new Set(keys)];
    this.lastKeys[k] = unique;
    return unique;
  }

  /** The sections a unit's findings name (its own included), with the line each starts at. */
  private mentionsOf(owner: SectionState, sections: readonly Section[], tree: ConfigTree): UnitState['mentions'] {
    const mentioned = new Set<SectionState>();
    for (const section of sections) {
      const i = sectionIndex(tree.sections, section.header);
      mentioned.add(i >= 0 ? this.order[i] : RETIRED); // not a section of this tree: redo at the next edit
    }
    mentioned.add(owner);
    return [...mentioned].map((state) => ({ state, line: state.section.startLine }));
  }

  private forgetUnit(k: number, unit: UnitState): void {
    if (unit === CLEAN) return;
    for (const key of unit.keys) this.unregister(k, key, unit);
    this.mentioning.delete(unit);
    this.withFindings[k]?.delete(unit.owner);
  }

  /** The sections whose unit of check k has findings, in document order. */
  private statesWithFindings(k: number): SectionState[] {
    return [...this.withFindings[k]].sort((a, b) => a.section.startLine - b.section.startLine);
  }

  /** Index of a state in the current order (sections are in line order). */
  private indexOf(state: SectionState): number {
    const line = state.section.startLine;
    let lo = 0;
    let hi = this.order.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.order[mid].section.startLine;
      if (at === line && this.order[mid] === state) return mid;
      if (at < line) lo = mid + 1; else hi = mid - 1;
    }
    return this.order.indexOf(state);
  }

  /** A section's state is replaced (re-scanned) or gone: its units stop listening; its exports are kept to compare. */
  private retire(old: SectionState, next: SectionState | undefined): void {
    const units = old.units ?? old.inherited;
    old.retired = true;
    this.fresh.delete(old);
    const exports = old.exports ?? old.previousExports;
    // What a line's findings read of its section's header is the same while the header line is.
    if (next && next.section.header === old.section.header) {
      next.sectionLines = old.sectionLines;
      // Units run line by line keep their lines' results when rescan() told which names the edit touched.
      if (next.editedNames) {
        next.unitLines = old.unitLines;
        if (old.editedNames) for (const name of old.editedNames) next.editedNames.add(name);
      }
      // Its units run again for `next` (it is re-scanned) and take over these ones' registrations:
      // a long section depends on thousands of keys, dropped and added back after each edit otherwise.
      units?.forEach((unit, k) => {
        if (!unit || unit === CLEAN) return;
        this.withFindings[k]?.delete(old);
        unit.owner = next;
      });
      next.inherited = units;
    } else {
      units?.forEach((unit, k) => { if (unit) this.forgetUnit(k, unit); });
    }
    if (next) next.previousExports = exports;
    else if (exports) this.removedExports.push(exports);
  }

  /**
   * The usual edit: the parser patched the tree in place, the sections are the same objects. Only
   * touched sections are re-scanned (their slices of the flat lists replaced); the others only
   * follow their lines when lines above them were added or removed.
   */
  private updateInPlace(tree: ConfigTree): void {
    const sections = tree.sections;
    /** Per re-scanned section: where its lists changed (see rescan). */
    const replaced = new Map<number, Changed>();
    const added: SymbolDefinition[] = [];
    for (const header of this.dirtyHeaders) {
      const i = sectionIndex(sections, header);
      if (i < 0 || replaced.has(i)) continue;
      const state = this.order[i];
      const { next, removed, added: joined, changed } = this.rescan(tree, sections[i], state);
      this.forget(removed);
      for (const def of joined) added.push(def);
      this.retire(state, next);
      replaced.set(i, changed);
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
    const splice = (changed: Changed, after: Symbols) => {
      const [defFrom, defRemoved, defAdded, refFrom, refRemoved, refAdded] = changed;
      this.definitions = spliceLarge(this.definitions, d + defFrom, defRemoved, after.definitions.slice(defFrom, defFrom + defAdded));
      this.references = spliceLarge(this.references, r + refFrom, refRemoved, after.references.slice(refFrom, refFrom + refAdded));
    };
    if (this.preamble !== oldPreamble) splice(changedWhole(oldPreamble, this.preamble), this.preamble);
    d = this.preamble.definitions.length;
    r = this.preamble.references.length;
    // Offsets of the replaced sections in the flat lists: the lengths of the sections before them.
    let i = 0;
    for (const at of [...replaced.keys()].sort((a, b) => a - b)) {
      for (; i < at; i++) {
        d += this.order[i].definitions.length;
        r += this.order[i].references.length;
      }
      splice(replaced.get(at)!, this.order[at]);
    }
  }

  /** Sections were added, removed or re-created: match them to the cache by header line, rebuild the lists. */
  private updateAll(tree: ConfigTree): void {
    const previous = new Map<Directive, SectionState>(this.order.map((state) => [state.section.header, state]));
    const oldPositions = new Map<SectionState, number>(this.order.map((state, i) => [state, i]));
    /** New states that replaced no state with the same header line object, by index. */
    const unmatched = new Map<number, SectionState>();
    const order: SectionState[] = [];
    const added: SymbolDefinition[] = [];
    const reusable = (section: Section, old: SectionState | undefined): boolean =>
      !!old && !this.dirtyHeaders.has(section.header) && sameExtent(old, section);
    const scanned = this.scanAll(tree, tree.sections.filter((section) => !reusable(section, previous.get(section.header))));
    for (const section of tree.sections) {
      const old = previous.get(section.header);
      if (old) previous.delete(section.header);
      if (old && reusable(section, old)) {
        this.reuse(old, section);
        order.push(old);
        continue;
      }
      if (old) this.forget(old.definitions);
      const state = scanned.get(section) ?? this.scan(tree, section);
      if (old) this.retire(old, state); else unmatched.set(order.length, state);
      for (const def of state.definitions) added.push(def);
      order.push(state);
    }
    for (const gone of previous.values()) {
      this.forget(gone.definitions);
      // A section whose header line was re-created is compared with the one at its place.
      const at = oldPositions.get(gone) ?? -1;
      const successor = unmatched.get(at);
      unmatched.delete(at);
      this.retire(gone, successor);
    }
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

  /**
   * The states of many sections from one scan (opening a file: one symbol index, not one per
   * section). The scanner lists each section's definitions and references together, in order.
   */
  private scanAll(tree: ConfigTree, sections: Section[]): Map<Section, SectionState> {
    const states = new Map<Section, SectionState>();
    if (sections.length < 2) return states;
    const { definitions, references } = scanSymbols(tree, [], sections);
    let d = 0;
    let r = 0;
    for (const section of sections) {
      const firstDef = d;
      const firstRef = r;
      while (d < definitions.length && definitions[d].section === section) d++;
      while (r < references.length && references[r].section === section) r++;
      states.set(section, this.stateOf(section, { definitions: definitions.slice(firstDef, d), references: references.slice(firstRef, r) }));
    }
    if (d === definitions.length && r === references.length) return states;
    for (const state of states.values()) this.fresh.delete(state); // not in section order after all: scan one by one
    return new Map();
  }

  private scan(tree: ConfigTree, section: Section): SectionState {
    return this.stateOf(section, scanSymbols(tree, [], [section]));
  }

  /**
   * The symbols of a section edited in place. A long one keeps the symbols of the lines kept at both
   * ends (the parser keeps their directive objects) and scans only the lines between, in the order a
   * full scan lists them. `removed` and `added`: the definitions that leave and join the name index.
   */
  private rescan(tree: ConfigTree, section: Section, old: SectionState):
    { next: SectionState; removed: readonly SymbolDefinition[]; added: readonly SymbolDefinition[]; changed: Changed } {
    const directives = section.directives;
    if (directives.length < LINE_BY_LINE || !old.lines) {
      const next = this.scan(tree, section);
      return { next, removed: old.definitions, added: next.definitions, changed: changedWhole(old, next) };
    }
    const header = section.header; // the section's own name and `from` are listed under its header line
    const ends = keptEnds(old.lines, directives);
    const [d0, d1] = middleSpan(old.definitions, (def) => def.directive ?? header, header, old.lines, ends);
    const [r0, r1] = middleSpan(old.references, (ref) => ref.directive, header, old.lines, ends);
    const scanned = scanSectionLines(section, directives.slice(ends.head, directives.length - ends.tail));
    const removed = old.definitions.slice(d0, d1);
    // The retired state's lists become the new state's (nothing else keeps them; a copy per edit of a long section adds up).
    const definitions = spliceLarge(old.definitions, d0, d1 - d0, scanned.definitions);
    const references = spliceLarge(old.references, r0, r1 - r0, scanned.references);
    const next = this.stateOf(section, { definitions, references });
    const edited = next.editedNames = new Set<string>();
    for (const def of removed) edited.add(def.name);
    for (const def of scanned.definitions) edited.add(def.name);
    // Kept lines after the edited ones move with added or removed lines; all of them when the section moved.
    const moved = section.startLine !== old.startLine;
    fixSymbolLines(next, moved ? 0 : d0 + scanned.definitions.length, moved ? 0 : r0 + scanned.references.length);
    const changed: Changed = [d0, d1 - d0, scanned.definitions.length, r0, r1 - r0, scanned.references.length];
    return { next, removed, added: scanned.definitions, changed };
  }

  private stateOf(section: Section, symbols: Symbols): SectionState {
    // Every field set here, in one order: thousands of states with one shape keep the loops over them fast.
    const state: SectionState = {
      definitions: symbols.definitions, references: symbols.references, section, startLine: section.startLine,
      directiveCount: section.directives.length, first: section.directives[0], last: section.directives.at(-1),
      lines: section.directives.length >= LINE_BY_LINE ? section.directives.slice() : undefined,
      findings: undefined, sectionLines: undefined, units: undefined, inherited: undefined, unitLines: undefined, editedNames: undefined, exports: undefined, previousExports: undefined, retired: false,
    };
    this.fresh.add(state);
    return state;
  }

  /** Points a cached section at the current section object and lines. */
  private reuse(state: SectionState, section: Section): void {
    if (state.section !== section) rebind(state, section);
    const delta = section.startLine - state.startLine;
    if (delta === 0) return;
    fixSymbolLines(state);
    for (const finding of state.findings ?? []) shiftFinding(finding, delta);
    for (const unit of state.units ?? []) for (const finding of unit?.findings ?? []) shiftFinding(finding, delta);
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

const NO_FINDINGS: DraftFinding[] = [];
const NO_KEYS: readonly string[] = [];
const NO_MENTIONS: UnitState['mentions'] = [];
const NO_EXPORTS: Exports = [];
/** Up to this many keys, lists are compared and deduplicated by scanning (no Set). */
const SMALL = 16;
/**
 * What a line of a unit run line by line depended on when it found nothing: keys other sections
 * export, names its own section defines. undefined: it found something (it runs every time).
 */
type LineResult = { keys: readonly string[]; names: readonly string[] } | undefined;

/** A unit run line by line (runLines): each line's result when its section had these lines and definitions. */
interface UnitLines {
  lines: readonly Directive[];
  results: LineResult[];
  /** The check's lineFacts then. */
  facts: string;
}

const CLEAN_LINE: LineResult = { keys: [], names: [] };
const NO_DIRECTIVES: readonly Directive[] = [];

/** Does any of `items` belong to `set`? */
function meets(items: readonly string[], set: ReadonlySet<string>): boolean {
  for (let i = 0; i < items.length; i++) if (set.has(items[i])) return true;
  return false;
}

/** A unit with no findings, dependencies or line mentions: only an edit of its own section redoes it. */
const CLEAN: UnitState = { owner: undefined as unknown as SectionState, findings: [], keys: [], mentions: [], stale: false };

/** Stands for a section no longer in the tree (a unit naming its lines is redone). */
const RETIRED = { retired: true, section: { startLine: -1 } } as SectionState;

/** A section's state as a document-check unit. */
function unitOf(state: SectionState, index: number): CheckUnit {
  return { section: state.section, index, directives: state.section.directives, definitions: state.definitions, references: state.references };
}

/** Adds one export to a section's list (a key given twice by one check keeps its last fingerprint, as a Map would). */
function setExport(list: Array<number | string | null>, k: number, key: string, value: string | null): void {
  for (let i = 0; i < list.length; i += 3) if (list[i] === k && list[i + 1] === key) { list[i + 2] = value; return; }
  list.push(k, key, value);
}

/** The fingerprint a section exports under check k's `key` (undefined: not exported). */
function exportOf(exports: Exports | undefined, k: number, key: string): string | null | undefined {
  if (!exports) return undefined;
  for (let i = 0; i < exports.length; i += 3) if (exports[i] === k && exports[i + 1] === key) return exports[i + 2] as string | null;
  return undefined;
}

/** Adds to `changed[k]` every key whose fingerprint differs between two exports of one section (null: always differs). */
function diffExports(before: Exports | undefined, after: Exports | undefined, changed: Array<Set<string>>): void {
  const oneWay = (from: Exports | undefined, to: Exports | undefined): void => {
    for (let i = 0; from && i < from.length; i += 3) {
      const k = from[i] as number;
      const key = from[i + 1] as string;
      const value = from[i + 2];
      if (value === null || exportOf(to, k, key) !== value) changed[k].add(key);
    }
  };
  oneWay(before, after);
  oneWay(after, before);
}

/** Do two short key lists hold the same keys (either may repeat some)? */
function sameKeys(keys: readonly string[], other: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (!other.includes(keys[i])) return false;
  for (let i = 0; i < other.length; i++) if (!keys.includes(other[i])) return false;
  return true;
}

/**
 * Where a section's symbol lists changed: [first definition, definitions removed, definitions added,
 * first reference, references removed, references added].
 */
type Changed = readonly [number, number, number, number, number, number];

function changedWhole(before: Symbols, after: Symbols): Changed {
  return [0, before.definitions.length, after.definitions.length, 0, before.references.length, after.references.length];
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
function fixSymbolLines(state: SectionState, fromDefinition = 0, fromReference = 0): void {
  const { definitions, references } = state;
  for (let i = fromDefinition; i < definitions.length; i++) setLine(definitions[i].nameRange, (definitions[i].directive ?? definitions[i].section.header).line);
  for (let i = fromReference; i < references.length; i++) setLine(references[i].range, references[i].directive.line);
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
