// Runtime-only push, for endpoints without a Data Plane API: the server-level part of the file
// (weights, administrative states, addresses, servers added or removed) is compared with what
// HAProxy runs now (`show servers state`) and applied through the Runtime API as an ordered
// batch. Every step is checked against HAProxy's reply (RuntimeClient does that); on a failure
// the steps already applied are undone in reverse order and the outcome says what is live.
// Nothing here survives a reload unless the file is deployed too: the plan says so.
import { isIPv4, isIPv6 } from 'node:net';
import type { RuntimeClient } from '../haproxy/runtime/client';
import { adminFlags, type ServerState } from '../haproxy/runtime/parsers';
import { addServerKeywords, type ServerOption } from '../haproxy/validate';
import { buildModel } from './model';
import { formatAddressPort, SERVER_PARAMS, splitAddressPort, type Line } from './objects';

export type AdminState = 'ready' | 'drain' | 'maint';

export type RuntimeAction =
  | { kind: 'set-weight'; backend: string; server: string; weight: number }
  | { kind: 'set-address'; backend: string; server: string; address: string; port?: number }
  | { kind: 'set-state'; backend: string; server: string; state: AdminState }
  | { kind: 'set-health'; backend: string; server: string; enabled: boolean }
  | { kind: 'add-server'; backend: string; server: string; address: string; port: number; options: ServerOption[] }
  | { kind: 'delete-server'; backend: string; server: string };

export interface RuntimeStep {
  action: RuntimeAction;
  description: string;
  /** The actions that put things back, in order; empty when the step changes nothing to undo. */
  undo: RuntimeAction[];
  /** What an undo cannot restore (e.g. a deleted server's counters). */
  undoCaveat?: string;
}

export interface RuntimePlan {
  steps: RuntimeStep[];
  /** Server-level differences the Runtime API cannot apply (they need a reload). */
  notApplied: string[];
  /** Always shown with the plan. */
  warnings: string[];
}

export const RUNTIME_WARNINGS = [
  'Runtime API changes act on the running process only: they vanish at the next reload or restart unless the file is deployed too.',
  'Only servers are compared, with what HAProxy runs now (show servers state); other changes in the file need a reload.',
];

/** srv_admin_state bits set by the `disabled` keyword, an operator, a tracked server or DNS. */
const MAINT_BITS = adminFlags.forcedMaint | adminFlags.inheritedMaint | adminFlags.resolutionMaint;
const DRAIN_BITS = adminFlags.forcedDrain | adminFlags.inheritedDrain;

interface WantedServer {
  name: string;
  address: string;
  port?: number;
  weight: number;
  disabled: boolean;
  check: boolean;
  options: ServerOption[];
  /** Options `add server` does not accept at run time. */
  rejectedOptions: string[];
  line: Line;
}

/**
 * `live`: `show servers state`; `liveBackends`: `show backend` (a backend without servers has no
 * line in the former). Steps: changes of existing servers, then additions, then removals (the
 * hardest to undo come last).
 */
export function planRuntime(localText: string, live: readonly ServerState[], liveBackends: readonly string[] = []): RuntimePlan {
  const model = buildModel(localText);
  const liveByBackend = new Map<string, ServerState[]>(liveBackends.map((b) => [b, []]));
  for (const state of live) liveByBackend.set(state.backend, [...(liveByBackend.get(state.backend) ?? []), state]);
  const changes: RuntimeStep[] = [];
  const additions: RuntimeStep[] = [];
  const removals: RuntimeStep[] = [];
  const notApplied: string[] = [];
  const localBackends = new Set<string>();
  for (const key of model.order) {
    const section = model.sections.get(key);
    if (!section || (section.type !== 'backend' && section.type !== 'listen')) continue;
    const backend = section.name;
    localBackends.add(backend);
    const serverLines = [...section.servers.values(), ...section.others.filter((l) => l.words[0] === 'server')];
    const liveServers = liveByBackend.get(backend);
    if (!liveServers) {
      notApplied.push(`${section.label} is not running: creating it needs a reload`);
      continue;
    }
    if (section.others.some((l) => l.words[0] === 'server-template')) {
      notApplied.push(`${section.label} uses server-template: its servers are left as they run`);
      continue;
    }
    const wanted = new Map<string, WantedServer>();
    for (const line of serverLines) {
      const parsed = wantedServer(line);
      if (typeof parsed === 'string') notApplied.push(`${backend}: ${parsed}`);
      else wanted.set(parsed.name, parsed);
    }
    const liveByName = new Map(liveServers.map((s) => [s.server, s]));
    for (const server of wanted.values()) {
      const current = liveByName.get(server.name);
      if (current) changes.push(...changeSteps(backend, server, current, notApplied));
      else additions.push(...addSteps(backend, server, notApplied));
    }
    for (const current of liveServers) {
      if (!wanted.has(current.server) && !serverLines.some((l) => l.words[1] === current.server)) removals.push(...removeSteps(backend, current));
    }
  }
  for (const backend of liveByBackend.keys()) {
    // HAProxy's own internal proxies (e.g. the stats socket's GLOBAL) start with an upper-case word.
    if (!localBackends.has(backend) && backend !== 'GLOBAL') notApplied.push(`backend ${backend} runs but is not in the file: removing it needs a reload`);
  }
  return { steps: [...changes, ...additions, ...removals], notApplied, warnings: RUNTIME_WARNINGS };
}

function wantedServer(line: Line): WantedServer | string {
  const [, name, addressText, ...words] = line.words;
  if (!name || !addressText) return `'${line.source}' lacks a name or an address`;
  if (line.hasEnvRef) return `server ${name} uses an environment variable`;
  const split = splitAddressPort(addressText);
  if (!split || split.address === '') return `server ${name}: address '${addressText}' cannot be set at run time`;
  const server: WantedServer = { name, address: split.address, port: split.port, weight: 1, disabled: false, check: false, options: [], rejectedOptions: [], line };
  for (let i = 0; i < words.length; i++) {
    const keyword = words[i] as string;
    if (!Object.hasOwn(addServerKeywords, keyword)) {
      // Not accepted by `add server`: skip it (and its value, which SERVER_PARAMS knows about).
      const known = Object.hasOwn(SERVER_PARAMS, keyword) ? SERVER_PARAMS[keyword] : undefined;
      if (!known) return `server ${name}: option '${keyword}' is unknown to the runtime push`;
      if (known.kind !== 'flag' && known.kind !== 'boolean') i++;
      server.rejectedOptions.push(keyword);
      continue;
    }
    const value = addServerKeywords[keyword] === null ? undefined : words[++i];
    if (keyword === 'weight') server.weight = Number(value);
    if (keyword === 'disabled') server.disabled = true;
    if (keyword === 'enabled') server.disabled = false;
    if (keyword === 'check') server.check = true;
    server.options.push(value === undefined ? { keyword } : { keyword, value });
  }
  return server;
}

function liveAdminState(state: ServerState): AdminState {
  return state.adminStateMask & MAINT_BITS ? 'maint' : state.adminStateMask & DRAIN_BITS ? 'drain' : 'ready';
}

function changeSteps(backend: string, server: WantedServer, current: ServerState, notApplied: string[]): RuntimeStep[] {
  const steps: RuntimeStep[] = [];
  const ref = `${server.name} in ${backend}`;
  const base = { backend, server: server.name };
  if (current.address !== server.address || (server.port !== undefined && current.port !== server.port)) {
    const from = formatAddressPort(current.address ?? '?', current.port);
    const to = formatAddressPort(server.address, server.port ?? current.port);
    if (!isIPv4(server.address) && !isIPv6(server.address)) notApplied.push(`address of ${ref} ${from} → ${to}: a host name needs a reload (or resolvers)`);
    else {
      const undo: RuntimeAction[] = current.address ? [{ kind: 'set-address', ...base, address: current.address, port: current.port }] : [];
      steps.push({ action: { kind: 'set-address', ...base, address: server.address, port: server.port }, description: `change address of ${ref} ${from} → ${to}`, undo });
    }
  }
  if (current.weight !== server.weight) {
    steps.push({ action: { kind: 'set-weight', ...base, weight: server.weight }, description: `change weight of ${ref} ${current.weight} → ${server.weight}`, undo: [{ kind: 'set-weight', ...base, weight: current.weight }] });
  }
  const live = liveAdminState(current);
  if (server.disabled && live !== 'maint') {
    steps.push({ action: { kind: 'set-state', ...base, state: 'maint' }, description: `put ${ref} in maintenance ('disabled')`, undo: [{ kind: 'set-state', ...base, state: live }] });
  } else if (!server.disabled && live === 'maint' && current.adminStateMask & adminFlags.configMaint) {
    steps.push({ action: { kind: 'set-state', ...base, state: 'ready' }, description: `set ${ref} ready (no longer 'disabled')`, undo: [{ kind: 'set-state', ...base, state: 'maint' }] });
  } else if (!server.disabled && live !== 'ready') {
    notApplied.push(`${ref} is in ${live === 'maint' ? 'maintenance' : 'drain'} set at run time (by an operator or a tracked server): left as it is`);
  }
  return steps;
}

function addSteps(backend: string, server: WantedServer, notApplied: string[]): RuntimeStep[] {
  const ref = `${server.name} in ${backend}`;
  const base = { backend, server: server.name };
  if (server.port === undefined) {
    notApplied.push(`add ${ref}: a server without a port cannot be added at run time`);
    return [];
  }
  if (server.rejectedOptions.length > 0) {
    notApplied.push(`add ${ref}: ${server.rejectedOptions.map((o) => `'${o}'`).join(', ')} cannot be set at run time (added without; the file applies them at the next reload)`);
  }
  const options = server.options.filter((o) => o.keyword !== 'disabled' && o.keyword !== 'enabled');
  const shown = options.map((o) => (o.value === undefined ? o.keyword : `${o.keyword} ${o.value}`)).join(', ');
  const steps: RuntimeStep[] = [
    {
      action: { kind: 'add-server', ...base, address: server.address, port: server.port, options },
      description: `add server ${server.name} ${formatAddressPort(server.address, server.port)} to ${backend}${shown ? ` (${shown})` : ''}`,
      undo: [{ kind: 'set-state', ...base, state: 'maint' }, { kind: 'delete-server', ...base }],
    },
  ];
  if (server.check) steps.push({ action: { kind: 'set-health', ...base, enabled: true }, description: `enable health checks of ${ref}`, undo: [{ kind: 'set-health', ...base, enabled: false }] });
  if (!server.disabled) steps.push({ action: { kind: 'set-state', ...base, state: 'ready' }, description: `set ${ref} ready`, undo: [{ kind: 'set-state', ...base, state: 'maint' }] });
  return steps;
}

function removeSteps(backend: string, current: ServerState): RuntimeStep[] {
  const ref = `${current.server} in ${backend}`;
  const base = { backend, server: current.server };
  const live = liveAdminState(current);
  const steps: RuntimeStep[] = [];
  if (live !== 'maint') {
    steps.push({ action: { kind: 'set-state', ...base, state: 'maint' }, description: `put ${ref} in maintenance before deleting it`, undo: [{ kind: 'set-state', ...base, state: live }] });
  }
  const address = current.address;
  const restore: RuntimeAction[] =
    address && current.port
      ? [{ kind: 'add-server', ...base, address, port: current.port, options: [{ keyword: 'weight', value: current.weight }] }, ...(live === 'maint' ? [] : [{ kind: 'set-state', ...base, state: live } as RuntimeAction])]
      : [];
  steps.push({
    action: { kind: 'delete-server', ...base },
    description: `delete server ${current.server} from ${backend}`,
    undo: restore,
    undoCaveat: `re-adding ${ref} restores its address and weight, not its other settings, checks or counters`,
  });
  return steps;
}

export async function performAction(client: RuntimeClient, action: RuntimeAction): Promise<void> {
  switch (action.kind) {
    case 'set-weight':
      return client.setWeight(action.backend, action.server, action.weight);
    case 'set-address':
      await client.setServerAddress(action.backend, action.server, action.address, action.port);
      return;
    case 'set-state':
      return client.setServerState(action.backend, action.server, action.state);
    case 'set-health':
      return client.setHealthChecks(action.backend, action.server, action.enabled);
    case 'add-server':
      return client.addServer({ backend: action.backend, server: action.server, address: action.address, port: action.port, options: action.options });
    case 'delete-server':
      return client.deleteServer(action.backend, action.server);
  }
}

export type RuntimeOutcome =
  | { status: 'nothing-to-do' }
  | { status: 'applied'; applied: RuntimeStep[] }
  | {
      status: 'failed';
      failed: RuntimeStep;
      /** HAProxy's reply (or the transport's error). */
      message: string;
      /** Steps that were applied and then undone, most recent first. */
      undone: RuntimeStep[];
      /** Undo attempts that failed: the step stays live. */
      undoFailures: Array<{ step: RuntimeStep; message: string }>;
      /** What of this batch is live now, in the order it was applied. */
      live: RuntimeStep[];
    };

export interface RuntimeApplyOptions {
  onStep?: (step: RuntimeStep, index: number) => void | Promise<void>;
}

export async function applyRuntimePlan(client: RuntimeClient, plan: RuntimePlan, options: RuntimeApplyOptions = {}): Promise<RuntimeOutcome> {
  if (plan.steps.length === 0) return { status: 'nothing-to-do' };
  const applied: RuntimeStep[] = [];
  for (const [index, step] of plan.steps.entries()) {
    await options.onStep?.(step, index);
    try {
      await performAction(client, step.action);
    } catch (error) {
      const { undone, undoFailures } = await undoSteps(client, applied);
      const failedUndo = new Set(undoFailures.map((f) => f.step));
      return { status: 'failed', failed: step, message: errorText(error), undone, undoFailures, live: applied.filter((s) => failedUndo.has(s)) };
    }
    applied.push(step);
  }
  return { status: 'applied', applied };
}

/** Undoes `applied` in reverse order; an undo that fails is recorded and the others still run. */
async function undoSteps(client: RuntimeClient, applied: readonly RuntimeStep[]): Promise<{ undone: RuntimeStep[]; undoFailures: Array<{ step: RuntimeStep; message: string }> }> {
  const undone: RuntimeStep[] = [];
  const undoFailures: Array<{ step: RuntimeStep; message: string }> = [];
  for (const step of [...applied].reverse()) {
    try {
      for (const action of step.undo) await performAction(client, action);
      undone.push(step);
    } catch (error) {
      undoFailures.push({ step, message: errorText(error) });
    }
  }
  return { undone, undoFailures };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
