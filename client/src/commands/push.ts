// HAProxy: Push Configuration… / Validate on Endpoint / Pull Configuration / Push to Group…,
// and the Transactions view. The planning and applying live in ../push (no vscode); this module
// picks the targets, shows the diff and the plan, asks, and reports.
import * as vscode from 'vscode';
import type { DataPlaneClient } from '../haproxy/dataplane/client';
import type { EndpointSettings } from '../endpoints/config';
import type { SidebarApi } from '../views/sidebar';
import { errorMessage } from '../views/errors';
import { restoreReplaced, validateOnEndpoint, type RestoreOutcome, type Validation } from '../push/applyDataplane';
import { dataplaneNode, runFleetPush, runtimeNode, type FleetNode, type FleetReport } from '../push/fleet';
import { runDataplanePush, runRuntimePush, type PushOutcome, type RuntimePushOutcome } from '../push/pushFlow';
import { fleetText, nodeCheckText, planText, pushOutcomeText, runtimeOutcomeText, runtimePlanText, problemsText } from '../push/report';
import { confirmPlan, offerRestore, report, RunningConfigProvider, RUNNING_SCHEME, showDiff } from './pushPresent';
import { hasDataPlane, haproxyVersionForChecks, openDataPlaneClient, openRuntimeClient, resolveDocument, resolveEndpoint, type PushCommandOptions } from './pushTargets';
import { registerTransactionsView, type TransactionsTreeProvider } from '../views/transactionsTree';

interface Context {
  secrets: vscode.SecretStorage;
  output: vscode.LogOutputChannel;
  sidebar: SidebarApi;
  running: RunningConfigProvider;
  transactions: TransactionsTreeProvider;
}

/** What a push command resolves with (the e2e suite and scripts read it). */
export interface PushCommandResult {
  endpoint: string;
  document: string;
  api: 'dataplane' | 'runtime';
  outcome: PushOutcome | RuntimePushOutcome;
  /** The plan as shown to the user. */
  plan: string[];
  /** After a failed reload, when the replaced configuration was written back on the spot (onReloadFailure: 'restore'). */
  restore?: RestoreOutcome;
}

/** What the push module exposes to the e2e suite (through `haproxy.internal.push`). */
export interface PushApi {
  transactions: TransactionsTreeProvider;
}

/** Registers every push command and the Transactions view. The one call extension.ts makes. */
export function registerPush(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, sidebar: SidebarApi): void {
  const running = new RunningConfigProvider();
  const transactions = registerTransactionsView(context, sidebar.registry, output);
  const ctx: Context = { secrets: context.secrets, output, sidebar, running, transactions };
  context.subscriptions.push(
    running,
    vscode.workspace.registerTextDocumentContentProvider(RUNNING_SCHEME, running),
    vscode.commands.registerCommand('haproxy.push', (target?: unknown, options?: PushCommandOptions) => guard(ctx, 'Push', () => push(ctx, target, options))),
    vscode.commands.registerCommand('haproxy.validateOnEndpoint', (target?: unknown, options?: PushCommandOptions) => guard(ctx, 'Validate', () => validate(ctx, target, options))),
    vscode.commands.registerCommand('haproxy.pull', (target?: unknown, options?: PushCommandOptions) => guard(ctx, 'Pull', () => pull(ctx, target, options))),
    vscode.commands.registerCommand('haproxy.pushToGroup', (target?: unknown, options?: PushCommandOptions) => guard(ctx, 'Push to group', () => pushToGroup(ctx, target, options))),
    // Not in the manifest (no palette entry): lets the e2e suite reach the Transactions view's provider.
    vscode.commands.registerCommand('haproxy.internal.push', (): PushApi => ({ transactions })),
  );
}

/** Unexpected failures (unreachable endpoint, missing password...) end as one readable error. */
async function guard<T>(ctx: Context, what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    void report(ctx.output, 'error', [`${what} failed: ${errorMessage(error)}`]);
    return undefined;
  }
}

// ---- push --------------------------------------------------------------------------------

async function push(ctx: Context, target: unknown, options: PushCommandOptions = {}): Promise<PushCommandResult | undefined> {
  const document = await resolveDocument(target, options);
  if (!document) return undefined;
  const settings = await resolveEndpoint(ctx.sidebar.registry, target, options, `Push ${vscode.workspace.asRelativePath(document.uri)} to which endpoint?`);
  if (!settings) return undefined;
  const result = hasDataPlane(settings) ? await pushDataplane(ctx, settings, document, options) : await pushRuntime(ctx, settings, document, options);
  void ctx.sidebar.tree.refresh(settings.name);
  void ctx.transactions.refresh();
  return result;
}

async function pushDataplane(ctx: Context, settings: EndpointSettings, document: vscode.TextDocument, options: PushCommandOptions): Promise<PushCommandResult> {
  const name = settings.name;
  const haproxyVersion = await haproxyVersionForChecks();
  let shownPlan: string[] = [];
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Push to ${name}` }, (progress) =>
    runDataplanePush({
      localText: document.getText(),
      haproxyVersion,
      connect: () => openDataPlaneClient(settings, ctx.secrets),
      onPhase: (phase) => progress.report({ message: phaseText[phase] }),
      onStep: (step) => {
        if (step.kind === 'operation') progress.report({ message: step.operation.description });
        if (step.kind === 'committed' || step.kind === 'pushed') progress.report({ message: step.reloadId ? `waiting for reload ${step.reloadId}…` : 'applied' });
      },
      confirm: async (prepared) => {
        shownPlan = [...planText(prepared.plan, name), `(against running configuration version ${prepared.running.version}; validated by HAProxy on ${name})`];
        await showDiff(ctx.running, name, prepared.running.text, prepared.running.version, document);
        return confirmPlan(ctx.output, `Push ${vscode.workspace.asRelativePath(document.uri)} to ${name}?`, shownPlan, 'Push', options.confirm);
      },
    }),
  );
  const result: PushCommandResult = { endpoint: name, document: document.uri.toString(), api: 'dataplane', outcome, plan: shownPlan };
  if (outcome.status !== 'nothing-to-do' && outcome.status !== 'refused' && shownPlan.length === 0) result.plan = planText(outcome.prepared.plan, name);
  await reportDataplane(ctx, result, document, settings, options);
  return result;
}

const phaseText = {
  checking: 'checking the file…',
  fetching: 'fetching the running configuration…',
  validating: 'HAProxy validates the file on the endpoint…',
  confirming: 'waiting for your confirmation…',
  applying: 'applying…',
};

async function reportDataplane(ctx: Context, result: PushCommandResult, document: vscode.TextDocument, settings: EndpointSettings, options: PushCommandOptions): Promise<void> {
  const outcome = result.outcome as PushOutcome;
  const lines = pushOutcomeText(outcome, settings.name);
  switch (outcome.status) {
    case 'applied':
    case 'nothing-to-do':
    case 'cancelled':
      void report(ctx.output, 'info', lines);
      return;
    case 'refused':
      void report(ctx.output, 'error', problemsText(outcome.problems, vscode.workspace.asRelativePath(document.uri)), 'Show Problems').then((choice) => {
        if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return;
    case 'conflict':
      return onConflict(ctx, lines, document, settings, options);
    case 'failed':
      if (outcome.reload === 'failed' && outcome.writtenVersion !== undefined) return onReloadFailure(ctx, result, lines, settings, options);
      void report(ctx.output, 'error', lines);
      return;
    default:
      void report(ctx.output, 'error', lines);
  }
}

/** The new configuration was written but HAProxy refused to reload it: offer to write back the one it still runs. */
async function onReloadFailure(ctx: Context, result: PushCommandResult, lines: string[], settings: EndpointSettings, options: PushCommandOptions): Promise<void> {
  const outcome = result.outcome as PushOutcome;
  if (outcome.status !== 'failed' || !('prepared' in outcome) || outcome.writtenVersion === undefined) return;
  const { prepared, writtenVersion } = outcome;
  const restore = async (): Promise<RestoreOutcome> => {
    const client = await openDataPlaneClient(settings, ctx.secrets);
    try {
      return await restoreReplaced(client, prepared.running, writtenVersion);
    } finally {
      client.close();
      void ctx.transactions.refresh();
    }
  };
  const restored = await offerRestore(ctx.output, lines, settings.name, restore, options.onReloadFailure);
  if (restored) result.restore = restored;
}

/** The file on the server changed meanwhile: nothing was applied, the user's text is untouched. */
async function onConflict(ctx: Context, lines: string[], document: vscode.TextDocument, settings: EndpointSettings, options: PushCommandOptions): Promise<void> {
  if (options.onConflict === 'stop') return void report(ctx.output, 'warning', lines);
  const choice = options.onConflict === 'replan' ? 'Re-plan' : await report(ctx.output, 'warning', lines, 'Compare with Latest', 'Re-plan');
  if (choice === 'Compare with Latest') {
    const client = await openDataPlaneClient(settings, ctx.secrets);
    try {
      const latest = await client.getRawConfiguration();
      await showDiff(ctx.running, settings.name, latest.text, latest.version, document);
    } finally {
      client.close();
    }
    const next = await vscode.window.showInformationMessage(`Compared with ${settings.name}'s latest configuration. Push again against it?`, 'Re-plan');
    if (next === 'Re-plan') await vscode.commands.executeCommand('haproxy.push', undefined, { ...options, endpoint: settings.name, document: document.uri.toString(), onConflict: undefined });
  } else if (choice === 'Re-plan') {
    await vscode.commands.executeCommand('haproxy.push', undefined, { ...options, endpoint: settings.name, document: document.uri.toString(), onConflict: 'stop' });
  }
}

async function pushRuntime(ctx: Context, settings: EndpointSettings, document: vscode.TextDocument, options: PushCommandOptions): Promise<PushCommandResult> {
  const name = settings.name;
  const client = openRuntimeClient(settings);
  let shownPlan: string[] = [];
  try {
    const haproxyVersion = await haproxyVersionForChecks();
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Runtime push to ${name}` }, (progress) =>
      runRuntimePush({
        localText: document.getText(),
        haproxyVersion,
        client,
        onStep: (step) => progress.report({ message: step.description }),
        confirm: (plan) => {
          shownPlan = runtimePlanText(plan, name);
          return confirmPlan(ctx.output, `Apply the server changes of ${vscode.workspace.asRelativePath(document.uri)} to ${name} at run time?`, shownPlan, 'Apply', options.confirm);
        },
      }),
    );
    const result: PushCommandResult = { endpoint: name, document: document.uri.toString(), api: 'runtime', outcome, plan: shownPlan };
    if (outcome.status === 'refused') void report(ctx.output, 'error', problemsText(outcome.problems, vscode.workspace.asRelativePath(document.uri)));
    else if (outcome.status === 'cancelled') void report(ctx.output, 'info', [`${name}: cancelled; nothing was changed.`]);
    else {
      if (shownPlan.length === 0) result.plan = runtimePlanText(outcome.plan, name);
      void report(ctx.output, outcome.status === 'failed' ? 'error' : 'info', [...runtimeOutcomeText(outcome, name), ...(outcome.status === 'nothing-to-do' ? outcome.plan.notApplied : [])]);
    }
    return result;
  } finally {
    await client.close();
  }
}

// ---- validate, pull ----------------------------------------------------------------------

async function validate(ctx: Context, target: unknown, options: PushCommandOptions = {}): Promise<Validation | undefined> {
  const document = await resolveDocument(target, options);
  if (!document) return undefined;
  const settings = await resolveEndpoint(ctx.sidebar.registry, target, options, 'Validate on which endpoint?', hasDataPlane);
  if (!settings) return undefined;
  if (!hasDataPlane(settings)) {
    void report(ctx.output, 'warning', [`${settings.name} has no Data Plane API: HAProxy can validate a file only through it (the Runtime API cannot).`]);
    return undefined;
  }
  const file = vscode.workspace.asRelativePath(document.uri);
  const validation = await withClient(ctx, settings, `Validating ${file} on ${settings.name}…`, (client) => validateOnEndpoint(client, document.getText()));
  if (validation.valid) void report(ctx.output, 'info', [`${settings.name}: HAProxy accepts ${file} (validated only; nothing was changed).`]);
  else void report(ctx.output, 'error', [`${settings.name}: HAProxy refuses ${file}:`, validation.message]);
  return validation;
}

async function pull(ctx: Context, target: unknown, options: PushCommandOptions = {}): Promise<{ version: number; uri: string } | undefined> {
  const settings = await resolveEndpoint(ctx.sidebar.registry, target, options, 'Pull the running configuration of which endpoint?', hasDataPlane);
  if (!settings) return undefined;
  if (!hasDataPlane(settings)) {
    void report(ctx.output, 'warning', [`${settings.name} has no Data Plane API: the running configuration can only be read through it.`]);
    return undefined;
  }
  const running = await withClient(ctx, settings, `Fetching the configuration of ${settings.name}…`, (client) => client.getRawConfiguration());
  const local = vscode.window.activeTextEditor?.document;
  const localDocument = options.document ? await vscode.workspace.openTextDocument(vscode.Uri.parse(options.document)) : local?.languageId === 'haproxy' ? local : undefined;
  let mode = options.pullAs;
  if (!mode && localDocument) {
    const file = vscode.workspace.asRelativePath(localDocument.uri);
    const choice = await vscode.window.showQuickPick(
      [
        { label: `Compare with ${file}`, mode: 'diff' as const },
        { label: 'Open the running configuration', mode: 'open' as const },
      ],
      { title: `${settings.name}: configuration version ${running.version}` },
    );
    if (!choice) return undefined;
    mode = choice.mode;
  }
  if (mode === 'diff' && localDocument) {
    await showDiff(ctx.running, settings.name, running.text, running.version, localDocument);
    return { version: running.version, uri: localDocument.uri.toString() };
  }
  // An untitled document: the user may edit and save it as a local file.
  const opened = await vscode.workspace.openTextDocument({ language: 'haproxy', content: running.text.replace(/^# _version=\d+\r?\n/, '') });
  await vscode.window.showTextDocument(opened, { preview: false });
  return { version: running.version, uri: opened.uri.toString() };
}

async function withClient<T>(ctx: Context, settings: EndpointSettings, title: string, run: (client: DataPlaneClient) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => {
    const client = await openDataPlaneClient(settings, ctx.secrets);
    try {
      return await run(client);
    } finally {
      client.close();
    }
  });
}

// ---- fleet -------------------------------------------------------------------------------

async function pushToGroup(ctx: Context, target: unknown, options: PushCommandOptions = {}): Promise<FleetReport | undefined> {
  const document = await resolveDocument(target, options);
  if (!document) return undefined;
  const registry = ctx.sidebar.registry;
  const groups = [...new Set(registry.endpoints.map((e) => e.group).filter((g): g is string => g !== undefined && g !== ''))].sort();
  const group = options.group ?? (groups.length === 1 ? groups[0] : (await vscode.window.showQuickPick(groups.map((g) => ({ label: g, description: registry.endpoints.filter((e) => e.group === g).map((e) => e.name).join(', ') })), { title: 'Push to which group?' }))?.label);
  if (group === undefined) {
    if (groups.length === 0) void vscode.window.showInformationMessage('No endpoint has a "group" in haproxy.endpoints.');
    return undefined;
  }
  const members = registry.endpoints.filter((e) => e.group === group);
  if (members.length === 0) {
    void vscode.window.showErrorMessage(`No endpoint is in group '${group}'.`);
    return undefined;
  }
  const file = vscode.workspace.asRelativePath(document.uri);
  const haproxyVersion = await haproxyVersionForChecks();
  const nodes: FleetNode[] = members.map((settings) => (hasDataPlane(settings) ? dataplaneNode(settings.name, () => openDataPlaneClient(settings, ctx.secrets)) : runtimeNode(settings.name, openRuntimeClient(settings))));
  const fleet = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Push ${file} to group ${group}` }, (progress) =>
    runFleetPush({
      localText: document.getText(),
      haproxyVersion,
      nodes,
      onNode: (name, phase) => progress.report({ message: `${name}: ${phase === 'preparing' ? 'planning and validating' : 'applying'}…` }),
      confirm: async (checks) => confirmPlan(ctx.output, `Push ${file} to the ${checks.length} endpoints of group ${group}, one at a time?`, checks.flatMap(nodeCheckText), 'Push', options.confirm),
    }),
  );
  const lines = [`Group ${group}:`, ...fleetText(fleet)];
  void report(ctx.output, fleet.status === 'applied' || fleet.status === 'cancelled' ? 'info' : 'error', lines);
  for (const name of members.map((m) => m.name)) void ctx.sidebar.tree.refresh(name);
  void ctx.transactions.refresh();
  return fleet;
}
