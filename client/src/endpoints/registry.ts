// Settings + SecretStorage -> Endpoint instances. Passwords live only in SecretStorage.
// In an untrusted workspace only the user (global) value of `haproxy.endpoints` is read: a
// cloned repository must not point the extension at sockets or URLs of its choosing.
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Endpoint } from '../haproxy/endpoint';
import { RuntimeEndpoint } from '../haproxy/runtime';
import { DataPlaneEndpoint } from '../haproxy/dataplane/endpoint';
import { effectiveEndpointsValue, parseRuntimeApi, readEndpointSettings, type EndpointSettings, type InvalidEndpointSettings } from './config';

export const ENDPOINTS_SETTING = 'endpoints';

export function passwordKey(name: string): string {
  return `haproxy.endpoint.password/${name}`;
}

/** Reads `haproxy.endpoints` honouring workspace trust. */
export function readEndpointsSetting(): { endpoints: EndpointSettings[]; invalid: InvalidEndpointSettings[] } {
  const inspected = vscode.workspace.getConfiguration('haproxy').inspect<unknown>(ENDPOINTS_SETTING);
  return readEndpointSettings(effectiveEndpointsValue(inspected, vscode.workspace.isTrusted) ?? []);
}

/** Where an endpoint list is written back: the user settings, or the workspace's when it came from there. */
export function endpointsTarget(): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration('haproxy').inspect<unknown>(ENDPOINTS_SETTING);
  return vscode.workspace.isTrusted && inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

export async function writeEndpointsSetting(endpoints: EndpointSettings[]): Promise<void> {
  await vscode.workspace.getConfiguration('haproxy').update(ENDPOINTS_SETTING, endpoints, endpointsTarget());
}

/** Creates an Endpoint from settings (+ the password from SecretStorage for the Data Plane API). */
export async function createEndpoint(settings: EndpointSettings, secrets: vscode.SecretStorage, passwordOverride?: string): Promise<Endpoint> {
  if (settings.runtimeApi) return new RuntimeEndpoint(parseRuntimeApi(settings.runtimeApi));
  const dp = settings.dataPlaneApi;
  if (!dp) throw new Error(`endpoint '${settings.name}' has neither runtimeApi nor dataPlaneApi`);
  const password = passwordOverride ?? (await secrets.get(passwordKey(settings.name)));
  if (password === undefined) throw new Error(`no password stored for '${settings.name}': run "HAProxy: Set Password…"`);
  const ca = dp.caFile ? await fs.readFile(dp.caFile).catch((error: Error) => {
    throw new Error(`cannot read caFile ${dp.caFile}: ${error.message}`);
  }) : undefined;
  return DataPlaneEndpoint.connect({ baseUrl: dp.url, username: dp.user, password, ca, acceptSelfSigned: dp.tlsInsecure === true });
}

/** Keeps one Endpoint per configured name, recreated when its settings or password change. */
export class EndpointRegistry implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly live = new Map<string, { key: string; endpoint: Promise<Endpoint> }>();
  private readonly disposables: vscode.Disposable[] = [];
  private current = readEndpointsSetting();

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`haproxy.${ENDPOINTS_SETTING}`)) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
      secrets.onDidChange((event) => {
        const name = [...this.live.keys()].find((n) => passwordKey(n) === event.key);
        if (name) this.forget(name);
        if (name) this.changeEmitter.fire();
      }),
    );
  }

  get endpoints(): readonly EndpointSettings[] {
    return this.current.endpoints;
  }

  get invalid(): readonly InvalidEndpointSettings[] {
    return this.current.invalid;
  }

  settings(name: string): EndpointSettings | undefined {
    return this.current.endpoints.find((e) => e.name === name);
  }

  /** The live Endpoint for a configured name (created on first use; a failed creation is retried next time). */
  endpoint(name: string): Promise<Endpoint> {
    const settings = this.settings(name);
    if (!settings) return Promise.reject(new Error(`no endpoint named '${name}' in haproxy.endpoints`));
    const key = JSON.stringify(settings);
    const cached = this.live.get(name);
    if (cached && cached.key === key) return cached.endpoint;
    if (cached) this.forget(name);
    const endpoint = createEndpoint(settings, this.secrets);
    endpoint.catch(() => {
      if (this.live.get(name)?.endpoint === endpoint) this.live.delete(name);
    });
    this.live.set(name, { key, endpoint });
    return endpoint;
  }

  reload(): void {
    this.current = readEndpointsSetting();
    for (const name of [...this.live.keys()]) {
      const settings = this.settings(name);
      if (!settings || JSON.stringify(settings) !== this.live.get(name)?.key) this.forget(name);
    }
    this.changeEmitter.fire();
  }

  private forget(name: string): void {
    const cached = this.live.get(name);
    this.live.delete(name);
    void cached?.endpoint.then((endpoint) => endpoint.dispose()).catch(() => undefined);
  }

  dispose(): void {
    for (const name of [...this.live.keys()]) this.forget(name);
    this.disposables.forEach((d) => d.dispose());
    this.changeEmitter.dispose();
  }
}
