// Runs every registered check over a tree. Section checks can be re-run for one section and
// document checks for one unit (incremental analysis, see context.ts and incremental.ts); here
// everything runs, from scratch.
import type { Directive, Section } from '../syntax/tree';
import { documentChecks, sectionChecks } from './checks';
import type { AnalysisInput, CheckContext, CheckUnit, DocumentCheck, DraftFinding, SectionCheck, UnitContext } from './context';
import type { Finding } from './findings';
import { copyFinding, keptEnds, NOTHING_KEPT, shiftFinding } from './lines';
import type { SymbolDefinition, SymbolReference } from './symbols';

export function analyze(input: AnalysisInput): Finding[] {
  const findings: Finding[] = [];
  for (const section of input.tree.sections) findings.push(...analyzeSection(section, input));
  findings.push(...analyzeDocument(input));
  return findings;
}

/** One context per analysis input, re-pointed at each section's findings (a 100k-line file has thousands of sections). */
const sectionContexts = new WeakMap<AnalysisInput, { ctx: CheckContext; sink: { findings: Finding[] } }>();

function sectionContext(input: AnalysisInput): { ctx: CheckContext; sink: { findings: Finding[] } } {
  let entry = sectionContexts.get(input);
  if (!entry) {
    const sink = { findings: [] as Finding[] };
    entry = { sink, ctx: { ...input, report: (f) => { sink.findings.push(f); } } };
    sectionContexts.set(input, entry);
  }
  return entry;
}

export function analyzeSection(section: Section, input: AnalysisInput): Finding[] {
  const { ctx, sink } = sectionContext(input);
  const findings: Finding[] = [];
  sink.findings = findings;
  for (let k = 0; k < sectionChecks.length; k++) runSectionCheck(sectionChecks[k], section, ctx);
  return findings;
}

/** One section check over a whole section: its facts, its header part, every line. */
export function runSectionCheck(check: SectionCheck, section: Section, ctx: CheckContext): void {
  const facts = startSectionCheck(check, section, ctx);
  if (facts === SKIP_LINES) return;
  const directives = section.directives;
  for (let i = 0; i < directives.length; i++) runLine(check, directives[i], section, ctx, facts);
}

/**
 * The section-check findings of a long section, line by line: the lines kept at both ends since
 * `previous` keep their findings (moved to their new line) for every check whose facts are the same
 * object as then; only the lines between run. The findings are copies; so are those the returned
 * `lines` keeps. `directives`: a copy of the section's directives the caller already made.
 */
export function analyzeSectionLines(section: Section, input: AnalysisInput, previous: SectionLines | undefined,
  options: { directives?: readonly Directive[]; checks?: readonly SectionCheck[] } = {}): { findings: Finding[]; lines: SectionLines } {
  const { ctx, sink } = sectionContext(input);
  const checks = options.checks ?? sectionChecks;
  const directives = section.directives;
  const n = directives.length;
  const ends = previous ? keptEnds(previous.directives, directives) : NOTHING_KEPT;
  const oldLength = previous?.directives.length ?? 0;
  const lines: SectionLines = { directives: options.directives ?? directives.slice(), facts: [], found: [] };
  const findings: Finding[] = [];
  const scratch: Finding[] = [];
  /** A kept line's findings, moved to where its line is now. */
  const move = (entry: LineFindings, index: number): LineFindings => {
    const line = directives[index].line;
    if (line !== entry.line) for (const f of entry.findings) shiftFinding(f, line - entry.line);
    entry.index = index;
    entry.line = line;
    return entry;
  };
  for (let k = 0; k < checks.length; k++) {
    const check = checks[k];
    sink.findings = findings;
    const facts = startSectionCheck(check, section, ctx);
    const found: LineFindings[] = [];
    lines.facts.push(facts);
    lines.found.push(found);
    if (facts === SKIP_LINES) continue;
    const kept = previous && previous.facts[k] === facts ? previous.found[k] : undefined;
    let e = 0;
    if (kept) for (; e < kept.length && kept[e].index < ends.head; e++) found.push(move(kept[e], kept[e].index));
    sink.findings = scratch;
    for (let i = kept ? ends.head : 0; i < (kept ? n - ends.tail : n); i++) {
      runLine(check, directives[i], section, ctx, facts);
      if (!scratch.length) continue;
      found.push({ index: i, line: directives[i].line, findings: scratch.map(copyFinding) });
      scratch.length = 0;
    }
    if (kept) {
      for (; e < kept.length; e++) if (kept[e].index >= oldLength - ends.tail) found.push(move(kept[e], kept[e].index - oldLength + n));
    }
    for (const entry of found) for (const f of entry.findings) findings.push(copyFinding(f));
  }
  return { findings, lines };
}

/** A long section's section-check findings per line, as analyzeSectionLines keeps them between runs. */
export interface SectionLines {
  /** The section's directives when the findings were made. */
  directives: readonly Directive[];
  /** Per check: its facts then (SKIP_LINES: its lines were not checked), and its lines with findings, in order. */
  facts: unknown[];
  found: LineFindings[][];
}

/** A line's findings of one check: the line's index in the section, the line it was on then. */
interface LineFindings { index: number; line: number; findings: Finding[] }

/** A check's header said its lines are not to be checked. */
const SKIP_LINES = Symbol('skip lines');

/** A section check's facts and header part: its facts, or SKIP_LINES (guarded like every check). */
function startSectionCheck(check: SectionCheck, section: Section, ctx: CheckContext): unknown {
  try {
    const facts = check.facts?.(section, ctx);
    return check.header && !check.header(section, ctx, facts) ? SKIP_LINES : facts;
  } catch (error) {
    logFailure(error);
    return SKIP_LINES;
  }
}

/** One line of a section check, guarded (a bug on one line must not hide the others' findings). */
function runLine(check: SectionCheck, d: Directive, section: Section, ctx: CheckContext, facts: unknown): void {
  try {
    check.line(d, section, ctx, facts);
  } catch (error) {
    logFailure(error);
  }
}

export function analyzeDocument(input: AnalysisInput): Finding[] {
  const units = checkUnits(input);
  const findings: Finding[] = [];
  for (const check of documentChecks) for (const f of runDocumentCheck(check, input, units)) findings.push(f);
  return findings;
}

/** One document check over the whole file: its document part, every unit, then its completion. */
export function runDocumentCheck(check: DocumentCheck, input: AnalysisInput, units: readonly CheckUnit[] = checkUnits(input)): Finding[] {
  return runCheckParts(check, input, (unitCtx, facts) => {
    for (const unit of units) runUnit(check, unit, unitCtx, facts);
  });
}

/**
 * A document check's parts in their contract order (context.ts): facts, document part, units,
 * completion. `runUnits` decides which units run (all of them, or only those an edit touched, adding
 * the cached findings of the others to `findings` in document order).
 */
export function runCheckParts(
  check: DocumentCheck,
  input: AnalysisInput,
  runUnits: (unitCtx: UnitContext & { sink: UnitSink }, facts: unknown, findings: DraftFinding[]) => void,
): Finding[] {
  const findings: DraftFinding[] = [];
  const ctx: CheckContext = { ...input, report: (f) => findings.push(f) };
  const facts = prepareFacts(check, ctx);
  runDocumentPart(check, ctx, facts);
  if (check.unit) runUnits(unitContext(input, findings), facts, findings);
  return completeFindings(check, findings, ctx, facts);
}

/**
 * Where a unit's findings and dependencies go; the runner points it at each unit in turn (one
 * context per check run: a 100k-line file has thousands of units). `keys` and `mentioned` are
 * filled only while `recording`; the runner empties them between units.
 */
export interface UnitSink {
  findings: Finding[];
  recording: boolean;
  keys: string[];
  mentioned: Section[];
  /** Filled only while `byLine` (a unit run line by line). */
  byLine: boolean;
  names: string[];
}

/** A context for running units; `sink` may be re-pointed between units. */
function unitContext(input: AnalysisInput, findings: Finding[]): UnitContext & { sink: UnitSink } {
  const sink: UnitSink = { findings, recording: false, keys: [], mentioned: [], byLine: false, names: [] };
  return {
    ...input, sink,
    report: (f) => { sink.findings.push(f); },
    dependOn: (key) => { if (sink.recording) sink.keys.push(key); },
    mentionLinesOf: (section) => { if (sink.recording) sink.mentioned.push(section); },
    dependOnName: (name) => { if (sink.byLine) sink.names.push(name); },
  };
}

function prepareFacts(check: DocumentCheck, ctx: CheckContext): unknown {
  let facts: unknown;
  guarded(() => { facts = check.facts?.(ctx); });
  return facts;
}

function runDocumentPart(check: DocumentCheck, ctx: CheckContext, facts: unknown): void {
  if (check.document) guarded(() => check.document!(ctx, facts));
}

/** Runs one unit of a check (its findings and dependencies go where `ctx` points). */
export function runUnit(check: DocumentCheck, unit: CheckUnit, ctx: UnitContext, facts: unknown): void {
  try {
    check.unit!(unit, ctx, facts);
  } catch (error) {
    logFailure(error);
  }
}

/** The check's last pass over its findings in document order; findings never keep a draft. */
function completeFindings(check: DocumentCheck, findings: DraftFinding[], ctx: CheckContext, facts: unknown): Finding[] {
  let done: Finding[] | undefined;
  if (check.complete) guarded(() => { done = check.complete!(findings, ctx, facts); });
  return done ?? findings.map(withoutDraft);
}

function withoutDraft(finding: DraftFinding): Finding {
  if (!('draft' in finding)) return finding;
  const { draft: _draft, ...rest } = finding;
  return rest;
}

/** The preamble and each section, with the definitions and references made in them. */
export function checkUnits(input: AnalysisInput): CheckUnit[] {
  const { tree, symbols } = input;
  const preamble: CheckUnit = { section: undefined, index: -1, directives: tree.preamble, definitions: [], references: [] };
  const bySection = new Map<Section, { definitions: SymbolDefinition[]; references: SymbolReference[] }>();
  const units: CheckUnit[] = [preamble];
  tree.sections.forEach((section, index) => {
    const symbolsOf = { definitions: [] as SymbolDefinition[], references: [] as SymbolReference[] };
    bySection.set(section, symbolsOf);
    units.push({ section, index, directives: section.directives, ...symbolsOf });
  });
  for (const def of symbols.definitions) bySection.get(def.section)?.definitions.push(def);
  for (const ref of symbols.references) {
    const list = ref.section ? bySection.get(ref.section)?.references : preamble.references as SymbolReference[];
    list?.push(ref);
  }
  return units;
}

/** A bug in one check must not take the others (or the server) down; it is logged, not shown. */
function guarded(run: () => void): void {
  try {
    run();
  } catch (error) {
    logFailure(error);
  }
}

export function logFailure(error: unknown): void {
  console.error(`haproxy-workbench: a check failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
}
