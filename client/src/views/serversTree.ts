// TreeDataProvider for the `haproxy.servers` view: a thin adapter over EndpointModel (the
// plain-data model). Refresh: one snapshot per endpoint, diffed by the model; only the nodes
// it reports as changed are sent to VS Code.
import * as vscode from 'vscode';
import type { EndpointRegistry } from '../endpoints/registry';
import { describeEndpoint } from '../endpoints/config';
import { errorMessage } from './errors';
import { EndpointModel, HIGHLIGHT_MARKER, tooltipOf, type AnyNode, type MessageNode } from './serversModel';
import type { SnapshotObserver } from '../haproxy/metrics/store';

export interface ServersTreeOptions {
  /** Metrics: sees each endpoint's snapshots and gives its backends' alerts (views/metrics.ts). */
  observerFor?: (endpoint: string, target: string) => SnapshotObserver;
}

export class ServersTreeProvider implements vscode.TreeDataProvider<AnyNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<AnyNode | AnyNode[] | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly refreshedEmitter = new vscode.EventEmitter<void>();
  /** Fires after every refresh of all endpoints (status bar, tests). */
  readonly onDidRefresh = this.refreshedEmitter.event;
  private models = new Map<string, EndpointModel>();
  private invalidNodes: MessageNode[] = [];
  private readonly running = new WeakMap<EndpointModel, Promise<void>>();
  private readonly queued = new WeakMap<EndpointModel, Promise<void>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly registry: EndpointRegistry, private readonly output: vscode.LogOutputChannel, private readonly options: ServersTreeOptions = {}) {
    this.syncModels();
    this.subscription = registry.onDidChange(() => {
      this.syncModels();
      this.changeEmitter.fire(undefined);
      void this.refresh();
    });
  }

  /** The models by endpoint name (read by actions, the status bar and tests). */
  get endpointModels(): ReadonlyMap<string, EndpointModel> {
    return this.models;
  }

  getTreeItem(node: AnyNode): vscode.TreeItem {
    const p = node.presentation;
    const collapsible = hasChildren(node)
      ? node.kind === 'endpoint' || node.kind === 'group'
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    // A changed row is marked for one refresh: its label highlighted and a dot before its description.
    const label: vscode.TreeItemLabel = node.highlighted ? { label: p.label, highlights: [[0, p.label.length]] } : { label: p.label };
    const item = new vscode.TreeItem(label, collapsible);
    item.id = node.id;
    item.description = node.highlighted ? `${HIGHLIGHT_MARKER} ${p.description}` : p.description;
    item.iconPath = new vscode.ThemeIcon(p.icon, p.color ? new vscode.ThemeColor(p.color) : undefined);
    item.contextValue = p.contextValue;
    if (node.kind === 'error') {
      item.command = { command: 'haproxy.endpoints.retry', title: 'Retry', arguments: [node] };
    }
    if (node.kind === 'message') item.tooltip = p.description;
    return item;
  }

  /** Tooltips are built on hover from the node's latest data (they are not part of the diff). */
  resolveTreeItem(item: vscode.TreeItem, node: AnyNode): vscode.TreeItem {
    if (node.kind !== 'message') item.tooltip = new vscode.MarkdownString(tooltipOf(node));
    return item;
  }

  getChildren(node?: AnyNode): AnyNode[] {
    if (!node) return [...[...this.models.values()].map((model) => model.node), ...this.invalidNodes];
    const model = this.models.get(node.endpointName);
    if (!model) return [];
    switch (node.kind) {
      case 'endpoint':
        return model.children();
      case 'group':
        return model.groupChildren(node);
      case 'backend':
        return node.servers;
      default:
        return [];
    }
  }

  getParent(node: AnyNode): AnyNode | undefined {
    const model = this.models.get(node.endpointName);
    if (!model || node.kind === 'endpoint' || node.kind === 'message') return undefined;
    switch (node.kind) {
      case 'group':
      case 'error':
        return model.node;
      case 'frontend':
        return model.frontendsGroup;
      case 'backend':
        return model.backendsGroup;
      case 'server':
        return model.backend(node.backend);
    }
  }

  /**
   * Refreshes every endpoint (or one). Per endpoint, at most one snapshot is read at a time and
   * at most one more is queued behind it: timer ticks over a slow endpoint coalesce instead of
   * piling up, and a refresh asked after an action still reads a snapshot taken after it.
   */
  async refresh(only?: string): Promise<void> {
    const models = [...this.models.values()].filter((model) => only === undefined || model.name === only);
    await Promise.all(models.map((model) => this.scheduleRefresh(model)));
    this.refreshedEmitter.fire();
  }

  private scheduleRefresh(model: EndpointModel): Promise<void> {
    const queued = this.queued.get(model);
    if (queued) return queued;
    const running = this.running.get(model);
    const start = (): Promise<void> => {
      const run = this.refreshEndpoint(model).finally(() => this.running.delete(model));
      this.running.set(model, run);
      return run;
    };
    if (!running) return start();
    const next = running.then(() => {
      this.queued.delete(model);
      return start();
    });
    this.queued.set(model, next);
    return next;
  }

  private async refreshEndpoint(model: EndpointModel): Promise<void> {
    let changes;
    try {
      const endpoint = await this.registry.endpoint(model.name);
      const snapshot = await endpoint.snapshot();
      if (this.models.get(model.name) !== model) return;
      if (model.error !== undefined) this.output.info(`${model.name}: reachable again`);
      changes = model.applySnapshot(snapshot);
    } catch (error) {
      if (this.models.get(model.name) !== model) return;
      const message = errorMessage(error);
      if (model.error !== message) this.output.warn(`${model.name}: ${message}`);
      changes = model.applyError(message);
    }
    if (changes.changed.length > 0) this.changeEmitter.fire(changes.changed);
  }

  /** One model per configured endpoint; kept when its settings did not change. */
  private syncModels(): void {
    const next = new Map<string, EndpointModel>();
    for (const settings of this.registry.endpoints) {
      const target = describeEndpoint(settings);
      const existing = this.models.get(settings.name);
      const reuse = existing && existing.node.target === target && existing.node.group === settings.group;
      const api = settings.runtimeApi ? 'runtime' : 'dataplane';
      next.set(settings.name, reuse ? existing : new EndpointModel(settings.name, target, { group: settings.group, api, observer: this.options.observerFor?.(settings.name, target) }));
    }
    this.models = next;
    this.invalidNodes = this.registry.invalid.map((entry, index) => ({
      id: `invalid:${index}:${entry.name}`,
      kind: 'message',
      endpointName: entry.name,
      highlighted: false,
      presentation: { label: entry.name, description: entry.error, icon: 'warning', color: 'list.warningForeground', contextValue: 'invalidEndpoint', warning: true },
    }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
    this.refreshedEmitter.dispose();
  }
}

function hasChildren(node: AnyNode): boolean {
  return node.kind === 'endpoint' || node.kind === 'group' || (node.kind === 'backend' && node.servers.length > 0);
}
