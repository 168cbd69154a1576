// What a push command acts on: which endpoint (tree node, name argument, or a pick), which
// haproxy.cfg (editor title resource, argument, active editor, or a pick), the HAProxy version
// our diagnostics check against, and the API clients for an endpoint.
import * as vscode from 'vscode';
import { detectHaproxyVersion } from '../../../server/src/haproxyCheck';
import type { DataPlaneClient } from '../haproxy/dataplane/client';
import { DataPlaneEndpoint } from '../haproxy/dataplane/endpoint';
import { RuntimeClient } from '../haproxy/runtime/client';
import { describeEndpoint, parseRuntimeApi, type EndpointSettings } from '../endpoints/config';
import { createEndpoint, type EndpointRegistry } from '../endpoints/registry';

/** Arguments the push commands accept after the clicked item, for keybindings, scripts and tests. */
export interface PushCommandOptions {
  /** Endpoint name (skips the pick). */
  endpoint?: string;
  /** Group name, for the fleet push (skips the pick). */
  group?: string;
  /** The haproxy.cfg to push, as a URI string (default: the active editor). */
  document?: string;
  /** The answer to the confirmation: true pushes, false cancels; absent: ask. */
  confirm?: boolean;
  /** After a conflict: re-plan at once, or stop; absent: ask. */
  onConflict?: 'replan' | 'stop';
  /** After a push whose reload failed: write the replaced configuration back at once, or keep the new one; absent: ask. */
  onReloadFailure?: 'restore' | 'keep';
  /** Pull: open the running configuration, or diff it against the document; absent: ask. */
  pullAs?: 'open' | 'diff';
}

/** Tree nodes (Servers view, Transactions view) carry the endpoint's name. */
export interface EndpointArgument {
  endpointName: string;
}

export function isEndpointArgument(value: unknown): value is EndpointArgument {
  return typeof value === 'object' && value !== null && typeof (value as EndpointArgument).endpointName === 'string';
}

export async function resolveEndpoint(
  registry: EndpointRegistry,
  target: unknown,
  options: PushCommandOptions | undefined,
  title: string,
  filter: (settings: EndpointSettings) => boolean = () => true,
): Promise<EndpointSettings | undefined> {
  const name = options?.endpoint ?? (isEndpointArgument(target) ? target.endpointName : undefined);
  if (name !== undefined) {
    const settings = registry.settings(name);
    if (!settings) void vscode.window.showErrorMessage(`No endpoint named '${name}' in haproxy.endpoints.`);
    return settings;
  }
  const candidates = registry.endpoints.filter(filter);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(registry.endpoints.length === 0 ? 'No HAProxy endpoint is configured: run "HAProxy: Add Endpoint…".' : 'No configured endpoint has a Data Plane API.');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((settings) => ({ label: settings.name, description: settings.group, detail: describeEndpoint(settings), settings })),
    { title, matchOnDescription: true },
  );
  return picked?.settings;
}

export async function resolveDocument(target: unknown, options: PushCommandOptions | undefined): Promise<vscode.TextDocument | undefined> {
  if (options?.document) return vscode.workspace.openTextDocument(vscode.Uri.parse(options.document));
  if (target instanceof vscode.Uri) return vscode.workspace.openTextDocument(target);
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'haproxy') return active;
  const open = vscode.workspace.textDocuments.filter((d) => d.languageId === 'haproxy' && !d.isClosed);
  const files = await vscode.workspace.findFiles('**/{haproxy*.cfg,*.haproxy,haproxy/**/*.cfg,haproxy.d/**/*.cfg}', '**/node_modules/**', 50);
  const uris = new Map<string, vscode.Uri>([...open.map((d) => [d.uri.toString(), d.uri] as const), ...files.map((u) => [u.toString(), u] as const)]);
  if (uris.size === 0) {
    void vscode.window.showInformationMessage('Open the haproxy.cfg to push first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    [...uris.values()].map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Which configuration file?' },
  );
  return picked ? vscode.workspace.openTextDocument(picked.uri) : undefined;
}

/**
 * The version our diagnostics check against: `haproxy.version`, else the local binary's (trusted
 * workspaces only, like the language server), else the newest known catalog.
 */
export async function haproxyVersionForChecks(): Promise<string | undefined> {
  const config = vscode.workspace.getConfiguration('haproxy');
  const configured = config.get<string>('version', '').trim();
  if (configured) return configured;
  if (!vscode.workspace.isTrusted) return undefined;
  return detectHaproxyVersion(config.get<string>('executablePath', '').trim() || 'haproxy');
}

/** A Data Plane API client for the endpoint (its password from the secret storage); the caller closes it. */
export async function openDataPlaneClient(settings: EndpointSettings, secrets: vscode.SecretStorage): Promise<DataPlaneClient> {
  if (!settings.dataPlaneApi) throw new Error(`endpoint '${settings.name}' has no Data Plane API (dataPlaneApi in haproxy.endpoints)`);
  const endpoint = await createEndpoint({ name: settings.name, dataPlaneApi: settings.dataPlaneApi }, secrets);
  if (!(endpoint instanceof DataPlaneEndpoint)) throw new Error(`endpoint '${settings.name}' did not give a Data Plane API client`);
  return endpoint.client;
}

export function openRuntimeClient(settings: EndpointSettings): RuntimeClient {
  if (!settings.runtimeApi) throw new Error(`endpoint '${settings.name}' has no Runtime API socket (runtimeApi in haproxy.endpoints)`);
  return new RuntimeClient(parseRuntimeApi(settings.runtimeApi));
}

export const hasDataPlane = (settings: EndpointSettings): boolean => settings.dataPlaneApi !== undefined;
