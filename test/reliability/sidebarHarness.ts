// The sidebar's real code outside an editor: EndpointRegistry (settings + secret storage ->
// endpoints), ServersTreeProvider (refresh -> EndpointModel) and the server action commands,
// over the fake `vscode` module. Tests call the same commands the tree's menus call.
import { createLogOutputChannel, createSecretStorage, runCommand, updateSetting, vscode } from './fakeVscode';
import type * as VSCode from 'vscode';
import { EndpointRegistry, passwordKey } from '../../client/src/endpoints/registry';
import { parseRuntimeApi, type EndpointSettings } from '../../client/src/endpoints/config';
import { RuntimeEndpoint } from '../../client/src/haproxy/runtime';
import { DataPlaneEndpoint } from '../../client/src/haproxy/dataplane/endpoint';
import type { Endpoint } from '../../client/src/haproxy/endpoint';
import type { TransportOptions } from '../../client/src/haproxy/runtime/transport';
import { ServersTreeProvider } from '../../client/src/views/serversTree';
import { registerServerActions } from '../../client/src/commands/serverActions';
import type { AnyNode, EndpointModel, ServerNode } from '../../client/src/views/serversModel';

/**
 * The registry with timeouts of the test's choosing (the product uses the transports' defaults,
 * 10 s): endpoints are built like createEndpoint() builds them, plus the timeouts.
 */
class TimedRegistry extends EndpointRegistry {
  private readonly timed = new Map<string, { key: string; endpoint: Promise<Endpoint> }>();
  constructor(private readonly storage: VSCode.SecretStorage, private readonly timeouts: TransportOptions) {
    super(storage);
    // Like the real registry: a changed password means a new endpoint.
    storage.onDidChange(({ key }) => {
      for (const name of this.timed.keys()) if (passwordKey(name) === key) this.timed.delete(name);
    });
  }
  override endpoint(name: string): Promise<Endpoint> {
    const settings = this.settings(name);
    if (!settings) return super.endpoint(name);
    const key = JSON.stringify(settings);
    const cached = this.timed.get(name);
    if (cached?.key === key) return cached.endpoint;
    const endpoint = this.create(settings);
    endpoint.catch(() => this.timed.delete(name));
    this.timed.set(name, { key, endpoint });
    return endpoint;
  }
  private async create(settings: EndpointSettings): Promise<Endpoint> {
    if (settings.runtimeApi) return new RuntimeEndpoint({ ...parseRuntimeApi(settings.runtimeApi), ...this.timeouts });
    const dp = settings.dataPlaneApi!;
    const password = (await this.storage.get(passwordKey(settings.name))) ?? '';
    return DataPlaneEndpoint.connect({ baseUrl: dp.url, username: dp.user, password, acceptSelfSigned: dp.tlsInsecure === true, timeoutMs: this.timeouts.replyTimeoutMs });
  }
  override dispose(): void {
    for (const { endpoint } of this.timed.values()) void endpoint.then((e) => e.dispose()).catch(() => undefined);
    super.dispose();
  }
}

export interface Sidebar {
  registry: EndpointRegistry;
  tree: ServersTreeProvider;
  secrets: ReturnType<typeof createSecretStorage>;
  /** The endpoint's model (what the tree shows). */
  model(name: string): EndpointModel;
  server(endpoint: string, backend: string, server: string): ServerNode;
  /** Runs a server action command on one server, as its context menu does. */
  action(command: string, node: AnyNode, ...extra: unknown[]): Promise<unknown>;
  dispose(): void;
}

export interface SidebarOptions {
  /** Runtime API timeouts (default: the product's). */
  timeouts?: TransportOptions;
  /** Data Plane API passwords to put in the secret storage, by endpoint name. */
  passwords?: Record<string, string>;
  confirmDestructiveActions?: boolean;
}

export async function startSidebar(endpoints: EndpointSettings[], options: SidebarOptions = {}): Promise<Sidebar> {
  updateSetting('haproxy.endpoints', endpoints);
  updateSetting('haproxy.confirmDestructiveActions', options.confirmDestructiveActions ?? false);
  const secrets = createSecretStorage();
  for (const [name, password] of Object.entries(options.passwords ?? {})) await secrets.store(passwordKey(name), password);
  const output = createLogOutputChannel() as unknown as VSCode.LogOutputChannel;
  const storage = secrets as unknown as VSCode.SecretStorage;
  const registry = options.timeouts ? new TimedRegistry(storage, options.timeouts) : new EndpointRegistry(storage);
  const tree = new ServersTreeProvider(registry, output);
  const view = { selection: [] as AnyNode[] } as unknown as VSCode.TreeView<AnyNode>;
  const disposables = registerServerActions(tree, view, registry, output);
  const model = (name: string) => {
    const found = tree.endpointModels.get(name);
    if (!found) throw new Error(`no endpoint model '${name}'`);
    return found;
  };
  return {
    registry,
    tree,
    secrets,
    model,
    server: (endpoint, backend, server) => {
      const node = model(endpoint).server(backend, server);
      if (!node) throw new Error(`${endpoint}: ${backend}/${server} is not in the tree`);
      return node;
    },
    action: (command, node, ...extra) => runCommand(command, node, undefined, ...extra),
    dispose: () => {
      disposables.forEach((d) => d.dispose());
      tree.dispose();
      registry.dispose();
      void vscode; // keeps the fake registered before the client modules above load
    },
  };
}
