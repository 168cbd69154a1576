// Wiring of the metrics: the store the servers tree feeds (history + alerts), the metrics panels,
// the alerts status bar item and the commands Show Metrics, Copy PromQL and Generate Monitoring Files.
import * as vscode from 'vscode';
import type { EndpointRegistry } from '../endpoints/registry';
import { MetricsStore, type SnapshotObserver } from '../haproxy/metrics/store';
import { generateMonitoringFilesCommand, type GenerateArguments } from './metricsMonitoring';
import { MetricsPanel, targetKey, targetLabel, type MetricsTarget } from './metricsPanel';
import { METRICS_SETTINGS, readMetricsSettings } from './metricsSettings';
import { createAlertsStatusBar } from './metricsStatusBar';
import type { AnyNode } from './serversModel';
import type { ServersTreeProvider } from './serversTree';

export interface Metrics {
  store: MetricsStore;
  /** Given to the servers tree: each endpoint model reports its snapshots here. */
  observerFor: (endpoint: string, target: string) => SnapshotObserver;
  /** Settings changes; disposed with the extension. */
  subscription: vscode.Disposable;
}

/** What the e2e suite reads through `haproxy.internal.metrics`. */
export interface MetricsApi {
  store: MetricsStore;
  panels(): MetricsPanel[];
  /** The alerts status bar item's text, undefined while hidden. */
  alertsStatusText(): string | undefined;
}

export function createMetrics(output: vscode.LogOutputChannel): Metrics {
  const store = new MetricsStore();
  const apply = (): void => {
    const { settings, errors } = readMetricsSettings();
    for (const error of errors) output.warn(`settings: ${error} (using the default)`);
    store.configure(settings);
  };
  apply();
  const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    if (METRICS_SETTINGS.some((section) => event.affectsConfiguration(section))) apply();
  });
  return { store, observerFor: (endpoint, target) => store.observer(endpoint, target), subscription };
}

export interface MetricsDeps {
  metrics: Metrics;
  tree: ServersTreeProvider;
  view: vscode.TreeView<AnyNode>;
  registry: EndpointRegistry;
  output: vscode.LogOutputChannel;
}

function targetOf(node: AnyNode | undefined): MetricsTarget | undefined {
  if (node?.kind === 'backend') return { endpoint: node.endpointName, backend: node.name };
  if (node?.kind === 'server') return { endpoint: node.endpointName, backend: node.backend, server: node.name };
  return undefined;
}

/** Backend or server from the tree's latest snapshots, for the palette. */
async function pickTarget(tree: ServersTreeProvider): Promise<MetricsTarget | undefined> {
  const items: Array<vscode.QuickPickItem & { target: MetricsTarget }> = [];
  for (const model of tree.endpointModels.values()) {
    for (const backend of model.groupChildren(model.backendsGroup)) {
      if (backend.kind !== 'backend') continue;
      items.push({ label: `$(server-process) ${backend.name}`, description: model.name, detail: backend.presentation.description, target: { endpoint: model.name, backend: backend.name } });
      for (const server of backend.servers) items.push({ label: `    $(circle-outline) ${backend.name}/${server.name}`, description: model.name, target: { endpoint: model.name, backend: backend.name, server: server.name } });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No backend to show: add an endpoint in the HAProxy view and let it refresh.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Show metrics of which backend or server?', matchOnDescription: true }))?.target;
}

export function registerMetrics(context: vscode.ExtensionContext, deps: MetricsDeps): vscode.Disposable[] {
  const { metrics, tree, view, registry, output } = deps;
  const panels = new Map<string, MetricsPanel>();
  const open = (target: MetricsTarget): MetricsPanel => {
    const key = targetKey(target);
    const existing = panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = new MetricsPanel({ extensionUri: context.extensionUri, store: metrics.store, tree, view, registry, output }, target);
    panels.set(key, panel);
    panel.onDidDispose(() => panels.delete(key));
    return panel;
  };
  const statusBar = createAlertsStatusBar(tree, metrics.store);
  const api: MetricsApi = { store: metrics.store, panels: () => [...panels.values()], alertsStatusText: () => statusBar.text };
  return [
    metrics.subscription,
    statusBar,
    registry.onDidChange(() => metrics.store.retain(new Set(registry.endpoints.map((e) => e.name)))),
    { dispose: () => [...panels.values()].forEach((panel) => panel.dispose()) },
    vscode.commands.registerCommand('haproxy.metrics.show', async (node?: AnyNode) => {
      const target = targetOf(node) ?? (await pickTarget(tree));
      if (target) open(target);
    }),
    // From the webview's "Copy PromQL" button (chart id + its panel's target), or the palette's active panel.
    vscode.commands.registerCommand('haproxy.metrics.copyPromql', async (chartId?: unknown, target?: MetricsTarget) => {
      const panel = target ? panels.get(targetKey(target)) : [...panels.values()].find((p) => p.panel.active);
      if (!panel || typeof chartId !== 'string') {
        void vscode.window.showInformationMessage('Use "Copy PromQL" on a chart of a metrics view (Show Metrics on a backend or server).');
        return undefined;
      }
      const promql = panel.promql(chartId);
      if (promql === undefined) return undefined;
      await vscode.env.clipboard.writeText(promql);
      void vscode.window.showInformationMessage(`PromQL of ${targetLabel(panel.target)} ${chartId} copied to the clipboard.`);
      return promql;
    }),
    vscode.commands.registerCommand('haproxy.metrics.generateMonitoringFiles', (config?: unknown, args?: GenerateArguments) =>
      generateMonitoringFilesCommand(metrics.store.thresholds, output, config, args ?? {}),
    ),
    // Not in the manifest: lets the e2e suite read the panels' state.
    vscode.commands.registerCommand('haproxy.internal.metrics', () => api),
  ];
}
