// Runs every registered check over a tree. Section checks can be re-run for one section
// (incremental analysis); document checks always look at the whole file.
import type { Section } from '../syntax/tree';
import { documentChecks, sectionChecks } from './checks';
import type { AnalysisInput, CheckContext } from './context';
import type { Finding } from './findings';

export function analyze(input: AnalysisInput): Finding[] {
  const findings: Finding[] = [];
  for (const section of input.tree.sections) findings.push(...analyzeSection(section, input));
  findings.push(...analyzeDocument(input));
  return findings;
}

export function analyzeSection(section: Section, input: AnalysisInput): Finding[] {
  const findings: Finding[] = [];
  const ctx: CheckContext = { ...input, report: (f) => findings.push(f) };
  for (const check of sectionChecks) guarded(() => check(section, ctx), ctx, section.header.range);
  return findings;
}

export function analyzeDocument(input: AnalysisInput): Finding[] {
  const findings: Finding[] = [];
  const ctx: CheckContext = { ...input, report: (f) => findings.push(f) };
  for (const check of documentChecks) guarded(() => check(ctx), ctx, undefined);
  return findings;
}

/** A bug in one check must not take the others (or the server) down; it is logged, not shown. */
function guarded(run: () => void, _ctx: CheckContext, _where: unknown): void {
  try {
    run();
  } catch (error) {
    console.error(`haproxy-workbench: a check failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
}
