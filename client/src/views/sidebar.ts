// Wiring of the HAProxy sidebar: endpoints registry, servers tree, periodic refresh while the
// view is visible, status bar, endpoint commands and server actions.
import * as vscode from 'vscode';
import { EndpointRegistry } from '../endpoints/registry';
import { registerEndpointCommands } from '../endpoints/commands';
import { registerServerActions } from '../commands/serverActions';
import { ServersTreeProvider } from './serversTree';
import { createStatusBar } from './statusBar';
import { countStatuses, type AnyNode } from './serversModel';
import { createMetrics, registerMetrics } from './metrics';

export const SERVERS_VIEW = 'haproxy.servers';

/** What the sidebar exposes to the e2e suite (through the `haproxy.internal.sidebar` command). */
export interface SidebarApi {
  tree: ServersTreeProvider;
  view: vscode.TreeView<AnyNode>;
  registry: EndpointRegistry;
}

export function registerSidebar(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): SidebarApi {
  const registry = new EndpointRegistry(context.secrets);
  const metrics = createMetrics(output);
  const tree = new ServersTreeProvider(registry, output, { observerFor: metrics.observerFor });
  const view = vscode.window.createTreeView(SERVERS_VIEW, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const api: SidebarApi = { tree, view, registry };
  context.subscriptions.push(
    registry,
    tree,
    view,
    new RefreshTimer(tree, view),
    tree.onDidRefresh(() => updateBadge(tree, view)),
    createStatusBar(tree),
    vscode.commands.registerCommand('haproxy.servers.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('haproxy.endpoints.retry', (node?: AnyNode) => tree.refresh(node?.endpointName)),
    // Not in the manifest (no palette entry): lets the e2e suite reach the real provider.
    vscode.commands.registerCommand('haproxy.internal.sidebar', () => api),
    ...registerEndpointCommands(context, registry, tree, output),
    ...registerServerActions(tree, view, registry, output),
    ...registerMetrics(context, { metrics, tree, view, registry, output }),
  );
  return api;
}

/** Refreshes every `haproxy.refreshInterval` seconds while the view is visible. */
class RefreshTimer implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly tree: ServersTreeProvider, private readonly view: vscode.TreeView<AnyNode>) {
    this.subscriptions = [
      view.onDidChangeVisibility(() => this.reschedule()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('haproxy.refreshInterval')) this.reschedule();
      }),
    ];
    this.reschedule();
  }

  private reschedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.view.visible) return;
    void this.tree.refresh();
    const seconds = vscode.workspace.getConfiguration('haproxy').get<number>('refreshInterval', 5);
    if (seconds > 0) this.timer = setInterval(() => void this.tree.refresh(), Math.max(1, seconds) * 1000);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
  }
}

/** The activity bar badge counts servers that are down and endpoints that do not answer. */
function updateBadge(tree: ServersTreeProvider, view: vscode.TreeView<AnyNode>): void {
  let down = 0;
  let unreachable = 0;
  for (const model of tree.endpointModels.values()) {
    if (model.error !== undefined) unreachable++;
    else if (model.snapshot) {
      const counts = countStatuses(model.snapshot.servers);
      down += counts.down + counts['going-up'];
    }
  }
  const parts = [down > 0 ? `${down} server(s) down` : '', unreachable > 0 ? `${unreachable} endpoint(s) unreachable` : ''].filter(Boolean);
  view.badge = parts.length > 0 ? { value: down + unreachable, tooltip: parts.join(', ') } : undefined;
}
