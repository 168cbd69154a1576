// The whole push to one Data Plane API endpoint, with the user's decision injected:
// our diagnostics (no request before they pass) -> running config + version -> plan ->
// `only_validate` of the local file on the endpoint -> confirm -> transaction or raw push.
import type { DataPlaneClient } from '../haproxy/dataplane/client';
import { applyPlan, preparePush, validateOnEndpoint, type ApplyOptions, type ApplyOutcome, type PreparedPush } from './applyDataplane';
import { applyRuntimePlan, planRuntime, type RuntimeApplyOptions, type RuntimeOutcome, type RuntimePlan } from './applyRuntime';
import { localErrors, type LocalProblem } from './localCheck';
import type { RuntimeClient } from '../haproxy/runtime/client';

export type PushOutcome =
  /** Our diagnostics found errors: nothing was sent. */
  | { status: 'refused'; problems: LocalProblem[] }
  /** HAProxy on the endpoint refused the file (`only_validate`): nothing was changed. */
  | { status: 'invalid'; prepared: PreparedPush; message: string }
  | { status: 'cancelled'; prepared: PreparedPush }
  | (ApplyOutcome & { prepared: PreparedPush });

export interface DataplanePushOptions extends ApplyOptions {
  localText: string;
  /** Catalog version for our diagnostics (`2.6`); default: the newest known. */
  haproxyVersion?: string;
  /** Opens the client; called only once the local checks pass. The flow closes it. */
  connect: () => Promise<DataPlaneClient>;
  /** Shown the plan (and the running text for a diff): true pushes. */
  confirm: (prepared: PreparedPush) => Promise<boolean> | boolean;
  /** Told when the endpoint's validation is about to run, e.g. for progress text. */
  onPhase?: (phase: 'checking' | 'fetching' | 'validating' | 'confirming' | 'applying') => void;
}

export async function runDataplanePush(options: DataplanePushOptions): Promise<PushOutcome> {
  options.onPhase?.('checking');
  const problems = localErrors(options.localText, options.haproxyVersion);
  if (problems.length > 0) return { status: 'refused', problems };
  const client = await options.connect();
  try {
    options.onPhase?.('fetching');
    const prepared = await preparePush(client, options.localText);
    if (prepared.plan.method === 'none') return { status: 'nothing-to-do', prepared };
    options.onPhase?.('validating');
    const validation = await validateOnEndpoint(client, options.localText);
    if (!validation.valid) return { status: 'invalid', prepared, message: validation.message };
    options.onPhase?.('confirming');
    if (!(await options.confirm(prepared))) return { status: 'cancelled', prepared };
    options.onPhase?.('applying');
    return { ...(await applyPlan(client, prepared, options)), prepared };
  } finally {
    client.close();
  }
}

export type RuntimePushOutcome =
  | { status: 'refused'; problems: LocalProblem[] }
  | { status: 'cancelled'; plan: RuntimePlan }
  | (RuntimeOutcome & { plan: RuntimePlan });

export interface RuntimePushOptions extends RuntimeApplyOptions {
  localText: string;
  haproxyVersion?: string;
  /** The endpoint's Runtime API client (the caller owns it). */
  client: RuntimeClient;
  confirm: (plan: RuntimePlan) => Promise<boolean> | boolean;
}

/** Runtime-only push: our diagnostics, live servers, plan, confirm, ordered batch with undo. */
export async function runRuntimePush(options: RuntimePushOptions): Promise<RuntimePushOutcome> {
  const problems = localErrors(options.localText, options.haproxyVersion);
  if (problems.length > 0) return { status: 'refused', problems };
  const plan = await prepareRuntimePush(options.client, options.localText);
  if (plan.steps.length === 0) return { status: 'nothing-to-do', plan };
  if (!(await options.confirm(plan))) return { status: 'cancelled', plan };
  return { ...(await applyRuntimePlan(options.client, plan, options)), plan };
}

export async function prepareRuntimePush(client: RuntimeClient, localText: string): Promise<RuntimePlan> {
  const [servers, backends] = await Promise.all([client.showServersState(), client.showBackends()]);
  return planRuntime(localText, servers, backends);
}
