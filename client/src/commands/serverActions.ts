// Actions on servers and backends of the HAProxy view. Each action: validated input ->
// Endpoint call under withProgress -> a log line of what was sent -> HAProxy's own message on
// failure -> immediate refresh of that endpoint.
import * as vscode from 'vscode';
import type { Endpoint, ServerAdminState } from '../haproxy/endpoint';
import { parseAddressAndPort, parseServerOptionWords, validateServerName, validateServerOptions } from '../haproxy/validate';
import { parseWeightInput, targetServers } from './actionInput';
import type { EndpointRegistry } from '../endpoints/registry';
import type { ServersTreeProvider } from '../views/serversTree';
import type { AnyNode, BackendNode, ServerNode } from '../views/serversModel';
import { errorMessage } from '../views/errors';
import { registerServerDetails } from './serverDetails';
import { ensureServerInConfig, revealServerInConfig } from './configActions';

interface Context {
  tree: ServersTreeProvider;
  view: vscode.TreeView<AnyNode>;
  registry: EndpointRegistry;
  output: vscode.LogOutputChannel;
}

const DRAIN_TIMEOUT_SECONDS = 60;

/** What an operation targets: a server node, or a server about to be added. */
interface ServerRef {
  endpointName: string;
  backend: string;
  name: string;
}

export function registerServerActions(
  tree: ServersTreeProvider,
  view: vscode.TreeView<AnyNode>,
  registry: EndpointRegistry,
  output: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const ctx: Context = { tree, view, registry, output };
  const onServers = (handler: (servers: ServerNode[]) => Promise<void>) => (item?: AnyNode, selected?: readonly AnyNode[]) =>
    withServers(ctx, item, selected, handler);
  return [
    vscode.commands.registerCommand('haproxy.server.drain', onServers((s) => setState(ctx, s, 'drain'))),
    vscode.commands.registerCommand('haproxy.server.maint', onServers((s) => setState(ctx, s, 'maint'))),
    vscode.commands.registerCommand('haproxy.server.ready', onServers((s) => setState(ctx, s, 'ready'))),
    // A third argument (`'50'`, `'50%'`) skips the prompt: for keybindings and scripted use.
    vscode.commands.registerCommand('haproxy.server.setWeight', (item?: AnyNode, selected?: readonly AnyNode[], weight?: string) =>
      withServers(ctx, item, selected, (s) => setWeight(ctx, s, weight)),
    ),
    vscode.commands.registerCommand('haproxy.server.enableChecks', onServers((s) => setChecks(ctx, s, true))),
    vscode.commands.registerCommand('haproxy.server.disableChecks', onServers((s) => setChecks(ctx, s, false))),
    vscode.commands.registerCommand('haproxy.server.delete', onServers((s) => deleteServers(ctx, s))),
    vscode.commands.registerCommand('haproxy.server.copyAddress', onServers(async (servers) => {
      const addresses = servers.map((s) => s.server.address).filter((a): a is string => Boolean(a));
      await vscode.env.clipboard.writeText(addresses.join('\n'));
      vscode.window.setStatusBarMessage(`Copied ${addresses.join(', ')}`, 3000);
    })),
    vscode.commands.registerCommand('haproxy.server.showInConfig', onServers((s) => revealServerInConfig(s[0]!.backend, s[0]!.name))),
    vscode.commands.registerCommand('haproxy.backend.addServer', (item?: AnyNode, request?: AddServerRequest | readonly AnyNode[]) =>
      addServer(ctx, item, request && !Array.isArray(request) ? (request as AddServerRequest) : undefined),
    ),
    ...registerServerDetails(tree),
  ];
}

async function withServers(ctx: Context, item: AnyNode | undefined, selected: readonly AnyNode[] | undefined, handler: (servers: ServerNode[]) => Promise<void>): Promise<void> {
  const servers = targetServers(item, selected, ctx.view.selection);
  if (servers.length === 0) {
    void vscode.window.showInformationMessage('Select one or more servers in the HAProxy view first.');
    return;
  }
  await handler(servers);
}

function confirmationWanted(): boolean {
  return vscode.workspace.getConfiguration('haproxy').get<boolean>('confirmDestructiveActions', true);
}

async function confirm(question: string, detail: string, action: string): Promise<boolean> {
  if (!confirmationWanted()) return true;
  return (await vscode.window.showWarningMessage(question, { modal: true, detail }, action)) === action;
}

function names(servers: readonly ServerNode[]): string {
  const shown = servers.slice(0, 8).map((s) => `${s.backend}/${s.name}`).join(', ');
  return servers.length > 8 ? `${shown} and ${servers.length - 8} more` : shown;
}

/**
 * Runs one operation per server under a progress notification, logs each command, reports
 * failures with HAProxy's own words, then refreshes the endpoints involved.
 */
async function runOnServers(
  ctx: Context,
  title: string,
  servers: readonly ServerRef[],
  describe: (server: ServerRef) => string,
  operation: (endpoint: Endpoint, server: ServerRef) => Promise<void>,
): Promise<number> {
  const failures: string[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: servers.length > 1 }, async (progress, token) => {
    for (const server of servers) {
      if (token.isCancellationRequested) break;
      progress.report({ message: `${server.backend}/${server.name}`, increment: 100 / servers.length });
      const command = describe(server);
      ctx.output.info(`${server.endpointName}: ${command}`);
      try {
        await operation(await ctx.registry.endpoint(server.endpointName), server);
      } catch (error) {
        const message = errorMessage(error);
        ctx.output.error(`${server.endpointName}: ${command} failed: ${message}`);
        failures.push(`${server.backend}/${server.name}: ${message}`);
      }
    }
  });
  await refreshEndpoints(ctx, servers);
  if (failures.length > 0) void vscode.window.showErrorMessage(`${title} failed for ${failures.length} of ${servers.length}: ${failures.join('; ')}`);
  return servers.length - failures.length;
}

async function refreshEndpoints(ctx: Context, nodes: readonly ServerRef[]): Promise<void> {
  for (const name of new Set(nodes.map((n) => n.endpointName))) await ctx.tree.refresh(name);
}

async function setState(ctx: Context, servers: ServerNode[], state: ServerAdminState): Promise<void> {
  const verbs = { drain: 'Drain', maint: 'Put in maintenance', ready: 'Set ready' } as const;
  if (state !== 'ready') {
    const detail = state === 'drain'
      ? 'Draining servers keep their current sessions but receive no new traffic.'
      : 'Servers in maintenance receive no traffic and their health checks stop.';
    if (!(await confirm(`${verbs[state]} ${names(servers)}?`, detail, verbs[state]))) return;
  }
  await runOnServers(ctx, `${verbs[state]}`, servers, (s) => `set server ${s.backend}/${s.name} state ${state}`, (endpoint, s) =>
    endpoint.setServerState(s.backend, s.name, state),
  );
}

async function setWeight(ctx: Context, servers: ServerNode[], given?: string): Promise<void> {
  const current = servers.length === 1 ? servers[0]!.server.weight : undefined;
  const input = given ?? await vscode.window.showInputBox({
    title: `Weight of ${names(servers)}`,
    value: current !== undefined ? String(current) : '',
    prompt: `0–256, or N% of the configured weight${current !== undefined ? ` (current: ${current})` : ''}. 0 stops new traffic like drain.`,
    validateInput: (text) => {
      try {
        parseWeightInput(text);
        return undefined;
      } catch (error) {
        return errorMessage(error);
      }
    },
  });
  if (input === undefined) return;
  let weight: ReturnType<typeof parseWeightInput>;
  try {
    weight = parseWeightInput(input);
  } catch (error) {
    void vscode.window.showErrorMessage(errorMessage(error));
    return;
  }
  await runOnServers(ctx, `Set weight ${weight}`, servers, (s) => `set server ${s.backend}/${s.name} weight ${weight}`, (endpoint, s) =>
    endpoint.setWeight(s.backend, s.name, weight),
  );
}

async function setChecks(ctx: Context, servers: ServerNode[], enabled: boolean): Promise<void> {
  const verb = enabled ? 'enable' : 'disable';
  await runOnServers(ctx, `${enabled ? 'Enable' : 'Disable'} health checks`, servers, (s) => `${verb} health ${s.backend}/${s.name}`, (endpoint, s) =>
    endpoint.setHealthChecks(s.backend, s.name, enabled),
  );
}

/** Guided removal: drain, wait until sessions reach 0 (or timeout), maintenance, delete. */
async function deleteServers(ctx: Context, servers: ServerNode[]): Promise<void> {
  const ok = await confirm(
    `Delete ${names(servers)} from the running HAProxy?`,
    `Each server is drained, then put in maintenance once its sessions reach 0 (at most ${DRAIN_TIMEOUT_SECONDS} s), then deleted. The configuration file is not changed: a server still in haproxy.cfg comes back at the next reload.`,
    'Delete',
  );
  if (!ok) return;
  const failures: string[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Delete server', cancellable: true }, async (progress, token) => {
    for (const server of servers) {
      const ref = `${server.backend}/${server.name}`;
      try {
        const endpoint = await ctx.registry.endpoint(server.endpointName);
        const step = async (message: string, command: string, run: () => Promise<void>): Promise<void> => {
          progress.report({ message: `${ref}: ${message}` });
          ctx.output.info(`${server.endpointName}: ${command}`);
          await run();
        };
        if (server.server.adminState !== 'maint') {
          await step('draining', `set server ${ref} state drain`, () => endpoint.setServerState(server.backend, server.name, 'drain'));
          const left = await waitForNoSessions(endpoint, server, token, (n) => progress.report({ message: `${ref}: ${n} session(s) left` }));
          if (token.isCancellationRequested) throw new Error('cancelled while draining (the server stays in drain)');
          if (left > 0) ctx.output.warn(`${server.endpointName}: ${ref} still has ${left} session(s) after ${DRAIN_TIMEOUT_SECONDS} s`);
          await step('maintenance', `set server ${ref} state maint`, () => endpoint.setServerState(server.backend, server.name, 'maint'));
        }
        await step('deleting', `del server ${ref}`, () => endpoint.deleteServer(server.backend, server.name));
      } catch (error) {
        const message = errorMessage(error);
        ctx.output.error(`${server.endpointName}: deleting ${ref} failed: ${message}`);
        failures.push(`${ref}: ${message}`);
      }
    }
  });
  await refreshEndpoints(ctx, servers);
  if (failures.length > 0) void vscode.window.showErrorMessage(`Delete server failed: ${failures.join('; ')}`);
}

/** Polls the server's current sessions once a second; returns those left at the end. */
async function waitForNoSessions(endpoint: Endpoint, server: ServerNode, token: vscode.CancellationToken, report: (sessions: number) => void): Promise<number> {
  let left = Number.POSITIVE_INFINITY;
  for (let second = 0; second <= DRAIN_TIMEOUT_SECONDS && !token.isCancellationRequested; second++) {
    const snapshot = await endpoint.snapshot();
    const current = snapshot.servers.find((s) => s.backend === server.backend && s.name === server.name);
    left = current?.sessions.current ?? 0;
    if (left === 0) return 0;
    report(left);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return left;
}

/** A server to add; `options` as CLI words (`check inter 2s`). Also accepted as the command's 2nd argument. */
export interface AddServerRequest {
  name: string;
  /** `ADDRESS:PORT` or `[IPv6]:PORT`. */
  address: string;
  options?: string;
  /** Set it ready after adding (default true); otherwise it stays in maintenance. */
  ready?: boolean;
}

async function addServer(ctx: Context, item: AnyNode | undefined, given: AddServerRequest | undefined): Promise<void> {
  const backend = item?.kind === 'backend' ? item : ctx.view.selection.find((n): n is BackendNode => n.kind === 'backend');
  if (!backend) {
    void vscode.window.showInformationMessage('Right-click a backend in the HAProxy view to add a server to it.');
    return;
  }
  const existing = new Set(backend.servers.map((s) => s.name));
  const nameError = (v: string): string | undefined =>
    tryOrMessage(() => validateServerName(v)) ?? (existing.has(v) ? `${backend.name} already has a server '${v}'` : undefined);
  const addressError = (v: string): string | undefined => tryOrMessage(() => parseAddressAndPort(v.trim()));
  const optionsError = (v: string): string | undefined => tryOrMessage(() => validateServerOptions(parseServerOptionWords(splitWords(v))));
  const request = given ?? (await askServer(backend, nameError, addressError, optionsError));
  if (!request) return;
  const refused = nameError(request.name) ?? addressError(request.address) ?? optionsError(request.options ?? '');
  if (refused) {
    void vscode.window.showErrorMessage(`Add server to ${backend.name}: ${refused}`);
    return;
  }
  const { name } = request;
  const addressText = request.address.trim();
  const { address, port } = parseAddressAndPort(addressText);
  const options = parseServerOptionWords(splitWords(request.options ?? ''));
  const optionWords = validateServerOptions(options);
  const node: ServerRef = { endpointName: backend.endpointName, backend: backend.name, name };
  const added = await runOnServers(ctx, `Add server ${backend.name}/${name}`, [node], () => `add server ${backend.name}/${name} ${addressText} ${optionWords.join(' ')}`.trim(), async (endpoint) => {
    await endpoint.addServer(backend.name, name, address, port, { options });
    if (request.ready !== false) {
      ctx.output.info(`${backend.endpointName}: set server ${backend.name}/${name} state ready`);
      await endpoint.setServerState(backend.name, name, 'ready');
    }
  });
  // Not awaited: the offer to add the line stays open without holding the command.
  if (added === 1) void ensureServerInConfig(backend.name, name, addressText, optionWords, ctx.output);
}

async function askServer(
  backend: BackendNode,
  nameError: (v: string) => string | undefined,
  addressError: (v: string) => string | undefined,
  optionsError: (v: string) => string | undefined,
): Promise<AddServerRequest | undefined> {
  const name = await vscode.window.showInputBox({ title: `Add server to ${backend.name} (1/3): name`, ignoreFocusOut: true, validateInput: nameError });
  if (name === undefined) return undefined;
  const address = await vscode.window.showInputBox({
    title: `Add server ${backend.name}/${name} (2/3): address`,
    placeHolder: '10.0.0.12:8080 or [2001:db8::12]:8080',
    ignoreFocusOut: true,
    validateInput: addressError,
  });
  if (address === undefined) return undefined;
  const options = await vscode.window.showInputBox({
    title: `Add server ${backend.name}/${name} (3/3): options`,
    placeHolder: 'check inter 2s weight 100   (empty: none)',
    prompt: 'Server keywords accepted by `add server` (HAProxy management guide).',
    ignoreFocusOut: true,
    validateInput: optionsError,
  });
  if (options === undefined) return undefined;
  const start = await vscode.window.showQuickPick(['Ready (takes traffic now)', 'Maintenance (enable it later)'], { title: `Start ${backend.name}/${name} in` });
  if (!start) return undefined;
  return { name, address, options, ready: start.startsWith('Ready') };
}

function splitWords(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

function tryOrMessage(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}
