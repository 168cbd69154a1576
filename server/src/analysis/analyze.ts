// Runs every registered check over a tree. Section checks can be re-run for one section and
// document checks for one unit (incremental analysis, see context.ts and incremental.ts); here
// everything runs, from scratch.
import type { Section } from '../syntax/tree';
import { documentChecks, sectionChecks } from './checks';
import type { AnalysisInput, CheckContext, CheckUnit, DocumentCheck, DraftFinding, SectionCheck, UnitContext } from './context';
import type { Finding } from './findings';
import type { SymbolDefinition, SymbolReference } from './symbols';

export function analyze(input: AnalysisInput): Finding[] {
  const findings: Finding[] = [];
  for (const section of input.tree.sections) findings.push(...analyzeSection(section, input));
  findings.push(...analyzeDocument(input));
  return findings;
}

/** One context per analysis input, re-pointed at each section's findings (a 100k-line file has thousands of sections). */
const sectionContexts = new WeakMap<AnalysisInput, { ctx: CheckContext; sink: { findings: Finding[] } }>();

export function analyzeSection(section: Section, input: AnalysisInput): Finding[] {
  let entry = sectionContexts.get(input);
  if (!entry) {
    const sink = { findings: [] as Finding[] };
    entry = { sink, ctx: { ...input, report: (f) => { sink.findings.push(f); } } };
    sectionContexts.set(input, entry);
  }
  const findings: Finding[] = [];
  entry.sink.findings = findings;
  for (let i = 0; i < sectionChecks.length; i++) runSectionCheck(sectionChecks[i], section, entry.ctx);
  return findings;
}

/** A section check, guarded like every check (no closure per section and check). */
function runSectionCheck(check: SectionCheck, section: Section, ctx: CheckContext): void {
  try {
    check(section, ctx);
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
}

/** A context for running units; `sink` may be re-pointed between units. */
function unitContext(input: AnalysisInput, findings: Finding[]): UnitContext & { sink: UnitSink } {
  const sink: UnitSink = { findings, recording: false, keys: [], mentioned: [] };
  return {
    ...input, sink,
    report: (f) => { sink.findings.push(f); },
    dependOn: (key) => { if (sink.recording) sink.keys.push(key); },
    mentionLinesOf: (section) => { if (sink.recording) sink.mentioned.push(section); },
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

function logFailure(error: unknown): void {
  console.error(`haproxy-workbench: a check failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
}
