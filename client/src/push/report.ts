// Plain-text plans and reports, shared by the VS Code UI (confirmation detail, output channel)
// and anything else that pushes. One line per operation, in the words of the plan.
import type { ApplyOutcome, RestoreOutcome } from './applyDataplane';
import type { RuntimeOutcome, RuntimePlan } from './applyRuntime';
import type { FleetReport, NodeCheck, NodeResult } from './fleet';
import type { LocalProblem } from './localCheck';
import type { Plan } from './plan';
import type { PushOutcome } from './pushFlow';

const bullet = (lines: readonly string[]) => lines.map((line) => `  • ${line}`);

/** The plan as text: how it will be pushed, the operations, and why raw if it is. */
export function planText(plan: Plan, where?: string): string[] {
  const target = where ? ` to ${where}` : '';
  if (plan.method === 'none') return [`Nothing to push${target}: the running configuration already matches (comments and layout aside).`];
  const lines: string[] = [];
  if (plan.method === 'transaction') {
    lines.push(`Push${target} as ${count(plan.operations.length, 'structured operation')} in one Data Plane API transaction:`);
    lines.push(...bullet(plan.operations.map((o) => o.description)));
  } else {
    lines.push(`Push${target} as the whole file (raw configuration): these changes have no structured operation:`);
    lines.push(...bullet(plan.raw.map((r) => `${r.where}: ${r.detail}`)));
    if (plan.operations.length > 0) {
      lines.push('The push also makes these changes:');
      lines.push(...bullet(plan.operations.map((o) => o.description)));
    }
  }
  return lines;
}

export function problemsText(problems: readonly LocalProblem[], file = 'the file'): string[] {
  return [`Not pushed: ${file} has ${count(problems.length, 'error')}:`, ...bullet(problems.slice(0, 20).map((p) => `line ${p.line + 1}: ${p.message}`)), ...(problems.length > 20 ? [`  … and ${problems.length - 20} more`] : [])];
}

export function applyOutcomeText(outcome: ApplyOutcome, endpoint: string): string[] {
  switch (outcome.status) {
    case 'nothing-to-do':
      return [`${endpoint}: nothing to push.`];
    case 'applied': {
      const how = outcome.method === 'transaction' ? `${count(outcome.operationCount, 'operation')} committed` : 'raw configuration pushed';
      const version = outcome.version === undefined ? '' : `, configuration version ${outcome.version}`;
      const reload = outcome.reload === 'succeeded' ? `; reload ${outcome.reloadId} succeeded` : '';
      return [`${endpoint}: ${how}${version}${reload}.`];
    }
    case 'conflict':
      return [`${endpoint}: the configuration changed on the server since it was fetched; nothing was applied. (${outcome.message})`];
    case 'failed': {
      const what = outcome.operation ? ` at operation ${(outcome.operationIndex ?? 0) + 1} "${outcome.operation.description}"` : ` at ${outcome.stage}`;
      const state = outcome.committed
        ? outcome.reload === 'unknown'
          ? 'The new configuration was written; whether HAProxy reloaded it is not known yet (see its reloads on the endpoint).'
          : 'The new configuration was written but HAProxy did not reload: it still runs the previous one.'
        : outcome.rolledBack
          ? 'The transaction was rolled back: nothing was applied.'
          : 'Nothing was applied.';
      return [`${endpoint}: push failed${what}: ${outcome.message}`, state];
    }
  }
}

export function restoreOutcomeText(outcome: RestoreOutcome, endpoint: string): string[] {
  switch (outcome.status) {
    case 'restored': {
      const version = outcome.version === undefined ? '' : ` (configuration version ${outcome.version})`;
      return [`${endpoint}: the configuration HAProxy still runs was written back${version}; no reload was needed.`];
    }
    case 'conflict':
      return [`${endpoint}: not restored: the configuration changed on the server after the push, and that change was kept. (${outcome.message})`];
    case 'failed':
      return [`${endpoint}: could not restore the previous configuration: ${outcome.message}`, 'The file on the endpoint still holds the configuration HAProxy could not reload.'];
  }
}

export function pushOutcomeText(outcome: PushOutcome, endpoint: string): string[] {
  switch (outcome.status) {
    case 'refused':
      return problemsText(outcome.problems);
    case 'invalid':
      return [`${endpoint}: HAProxy refused the file (nothing was changed):`, outcome.message];
    case 'cancelled':
      return [`${endpoint}: push cancelled; nothing was changed.`];
    default:
      return applyOutcomeText(outcome, endpoint);
  }
}

export function runtimePlanText(plan: RuntimePlan, where?: string): string[] {
  const target = where ? ` to ${where}` : '';
  const lines = plan.steps.length === 0
    ? [`Nothing to apply${target} through the Runtime API: the running servers already match the file.`]
    : [`Apply${target} through the Runtime API (${count(plan.steps.length, 'step')}, in this order, undone in reverse on a failure):`, ...bullet(plan.steps.map((s) => s.description))];
  if (plan.notApplied.length > 0) lines.push('Not applied at run time:', ...bullet(plan.notApplied));
  lines.push(...plan.warnings.map((w) => `⚠ ${w}`));
  return lines;
}

export function runtimeOutcomeText(outcome: RuntimeOutcome, endpoint: string): string[] {
  switch (outcome.status) {
    case 'nothing-to-do':
      return [`${endpoint}: nothing to apply.`];
    case 'applied':
      return [`${endpoint}: ${count(outcome.applied.length, 'runtime step')} applied. They last until the next reload unless the file is deployed.`];
    case 'failed': {
      const lines = [`${endpoint}: "${outcome.failed.description}" failed: ${outcome.message}`];
      if (outcome.undone.length > 0) lines.push(`Undone (in reverse order): ${outcome.undone.map((s) => s.description).join('; ')}.`);
      for (const failure of outcome.undoFailures) lines.push(`Could not undo "${failure.step.description}": ${failure.message}`);
      const caveats = outcome.undone.map((s) => s.undoCaveat).filter((c): c is string => c !== undefined);
      lines.push(...caveats.map((c) => `Note: ${c}.`));
      lines.push(outcome.live.length === 0 ? 'Live now: nothing from this push.' : `Live now: ${outcome.live.map((s) => s.description).join('; ')}.`);
      return lines;
    }
  }
}

function nodeResultText(result: NodeResult, name: string): string[] {
  return result.kind === 'dataplane' ? applyOutcomeText(result.outcome, name) : runtimeOutcomeText(result.outcome, name);
}

export function nodeCheckText(check: NodeCheck): string[] {
  if (check.error !== undefined) return [`${check.name}: cannot take the change: ${check.error}`];
  const preparation = check.preparation;
  if (!preparation) return [`${check.name}: not checked`];
  return preparation.kind === 'dataplane' ? planText(preparation.prepared.plan, check.name) : runtimePlanText(preparation.plan, check.name);
}

export function fleetText(report: FleetReport): string[] {
  switch (report.status) {
    case 'refused':
      return problemsText(report.problems);
    case 'invalid':
      return ['Nothing was pushed: not every node accepts the file.', ...report.checks.filter((c) => c.error !== undefined).flatMap(nodeCheckText)];
    case 'cancelled':
      return ['Fleet push cancelled; nothing was changed.'];
    default: {
      const lines: string[] = [];
      if (report.changed.length > 0) lines.push(`Have the change: ${report.changed.join(', ')}.`);
      if (report.unchanged.length > 0) lines.push(`Already matched the file: ${report.unchanged.join(', ')}.`);
      if (report.failed) {
        lines.push(`Stopped at ${report.failed.name}:`);
        lines.push(...(report.failed.result ? nodeResultText(report.failed.result, report.failed.name) : [report.failed.error ?? 'failed']));
      }
      if (report.notAttempted.length > 0) lines.push(`Not attempted: ${report.notAttempted.join(', ')}.`);
      return lines;
    }
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
