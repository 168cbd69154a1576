// Pushing one file to every endpoint of a group. Each node is planned against its own running
// state and validated first (`only_validate` on Data Plane nodes); only when every node passes
// are the changes applied, one node at a time, stopping at the first node that fails. The
// report says which nodes have the change, which failed, and which were not attempted.
import type { DataPlaneClient } from '../haproxy/dataplane/client';
import type { RuntimeClient } from '../haproxy/runtime/client';
import { applyPlan, preparePush, validateOnEndpoint, type ApplyOptions, type ApplyOutcome, type PreparedPush } from './applyDataplane';
import { applyRuntimePlan, type RuntimeApplyOptions, type RuntimeOutcome, type RuntimePlan } from './applyRuntime';
import { localErrors, type LocalProblem } from './localCheck';
import { prepareRuntimePush } from './pushFlow';

export type NodePreparation =
  | { kind: 'dataplane'; prepared: PreparedPush }
  | { kind: 'runtime'; plan: RuntimePlan };

export type NodeResult = { kind: 'dataplane'; outcome: ApplyOutcome } | { kind: 'runtime'; outcome: RuntimeOutcome };

/** One endpoint of the group, whatever API reaches it. */
export interface FleetNode {
  name: string;
  /** Plans against the node's running state and validates there; throws when the node says no. */
  prepare(localText: string): Promise<NodePreparation>;
  apply(preparation: NodePreparation): Promise<NodeResult>;
  close(): Promise<void> | void;
}

export class NodeValidationError extends Error {}

export function dataplaneNode(name: string, connect: () => Promise<DataPlaneClient>, options: ApplyOptions = {}): FleetNode {
  let client: DataPlaneClient | undefined;
  return {
    name,
    async prepare(localText) {
      client ??= await connect();
      const prepared = await preparePush(client, localText);
      if (prepared.plan.method !== 'none') {
        const validation = await validateOnEndpoint(client, localText);
        if (!validation.valid) throw new NodeValidationError(validation.message);
      }
      return { kind: 'dataplane', prepared };
    },
    async apply(preparation) {
      if (!client || preparation.kind !== 'dataplane') throw new Error(`${name}: apply before prepare`);
      return { kind: 'dataplane', outcome: await applyPlan(client, preparation.prepared, options) };
    },
    close: () => client?.close(),
  };
}

export function runtimeNode(name: string, client: RuntimeClient, options: RuntimeApplyOptions = {}): FleetNode {
  return {
    name,
    async prepare(localText) {
      return { kind: 'runtime', plan: await prepareRuntimePush(client, localText) };
    },
    async apply(preparation) {
      if (preparation.kind !== 'runtime') throw new Error(`${name}: not a runtime plan`);
      return { kind: 'runtime', outcome: await applyRuntimePlan(client, preparation.plan, options) };
    },
    close: () => client.close(),
  };
}

export interface NodeCheck {
  name: string;
  preparation?: NodePreparation;
  /** Why the node cannot take the change (its own words), when it cannot. */
  error?: string;
}

export interface FleetReport {
  status: 'refused' | 'invalid' | 'cancelled' | 'applied' | 'stopped';
  problems: LocalProblem[];
  checks: NodeCheck[];
  /** Nodes that took the change, in push order. */
  changed: string[];
  /** Nodes that already matched the file. */
  unchanged: string[];
  /** The node where the push stopped, with its result or error. */
  failed?: { name: string; result?: NodeResult; error?: string };
  /** Nodes after the failed one: untouched. */
  notAttempted: string[];
}

export interface FleetOptions {
  localText: string;
  haproxyVersion?: string;
  nodes: readonly FleetNode[];
  /** Sees every node's plan once all validated; true applies. */
  confirm: (checks: readonly NodeCheck[]) => Promise<boolean> | boolean;
  onNode?: (name: string, phase: 'preparing' | 'applying') => void;
}

export async function runFleetPush(options: FleetOptions): Promise<FleetReport> {
  const report: FleetReport = { status: 'applied', problems: [], checks: [], changed: [], unchanged: [], notAttempted: [] };
  try {
    report.problems = localErrors(options.localText, options.haproxyVersion);
    if (report.problems.length > 0) return { ...report, status: 'refused' };
    for (const node of options.nodes) {
      options.onNode?.(node.name, 'preparing');
      try {
        report.checks.push({ name: node.name, preparation: await node.prepare(options.localText) });
      } catch (error) {
        report.checks.push({ name: node.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    if (report.checks.some((c) => c.error !== undefined)) return { ...report, status: 'invalid' };
    if (!(await options.confirm(report.checks))) return { ...report, status: 'cancelled' };
    for (const [index, node] of options.nodes.entries()) {
      const preparation = report.checks[index]?.preparation as NodePreparation;
      options.onNode?.(node.name, 'applying');
      let result: NodeResult;
      try {
        result = await node.apply(preparation);
      } catch (error) {
        return stop(report, options.nodes, index, { name: node.name, error: error instanceof Error ? error.message : String(error) });
      }
      const status = result.outcome.status;
      if (status === 'nothing-to-do') report.unchanged.push(node.name);
      else if (status === 'applied') report.changed.push(node.name);
      else return stop(report, options.nodes, index, { name: node.name, result });
    }
    return report;
  } finally {
    for (const node of options.nodes) await Promise.resolve(node.close()).catch(() => undefined);
  }
}

function stop(report: FleetReport, nodes: readonly FleetNode[], index: number, failed: NonNullable<FleetReport['failed']>): FleetReport {
  return { ...report, status: 'stopped', failed, notAttempted: nodes.slice(index + 1).map((n) => n.name) };
}
