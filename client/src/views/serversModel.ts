// The servers tree as plain data: endpoint -> Frontends/Backends -> proxies -> servers.
// No vscode import: the TreeDataProvider (serversTree.ts) only maps these nodes to TreeItems,
// and Node tests drive this module against a real HAProxy.
//
// Node objects are created once per id and updated in place on every refresh, so the view can
// be told exactly which objects changed (VS Code matches refreshed elements by identity).
import type { ProxySnapshot, ServerSnapshot, ServerStatus, Snapshot } from '../haproxy/endpoint';
import type { Alert } from '../haproxy/metrics/alerts';
import type { SnapshotObserver } from '../haproxy/metrics/store';
import { backendPresentation, backendTooltip, frontendPresentation, frontendTooltip, serverPresentation, serverTooltip, type Presentation } from './presentation';

export type NodeKind = 'endpoint' | 'group' | 'frontend' | 'backend' | 'server' | 'error' | 'message';

export interface TreeNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly endpointName: string;
  presentation: Presentation;
  /** True when this node's presentation changed in the latest refresh (shown as a marker). */
  highlighted: boolean;
}

export interface EndpointNode extends TreeNode {
  readonly kind: 'endpoint';
  /** Label of the connection (socket path, URL), for the tooltip. */
  target: string;
  /** The `group` of the endpoint's settings (prod, staging...), shown before its counts. */
  group?: string;
  /** Which API reaches it: menus differ (only the Data Plane API has a password). */
  api: EndpointApi;
  error?: string;
}

export interface GroupNode extends TreeNode {
  readonly kind: 'group';
  readonly group: 'frontends' | 'backends';
}

export interface FrontendNode extends TreeNode {
  readonly kind: 'frontend';
  readonly name: string;
  proxy: ProxySnapshot;
}

export interface BackendNode extends TreeNode {
  readonly kind: 'backend';
  readonly name: string;
  proxy: ProxySnapshot;
  /** The backend in the snapshot before (for rates since the last refresh). */
  previousProxy?: ProxySnapshot;
  /** Servers of this backend, in HAProxy's order. */
  servers: ServerNode[];
  /** The metrics' alerts as of this snapshot (undefined without metrics). */
  alerts?: readonly Alert[];
}

export interface ServerNode extends TreeNode {
  readonly kind: 'server';
  readonly backend: string;
  readonly name: string;
  server: ServerSnapshot;
}

export interface ErrorNode extends TreeNode {
  readonly kind: 'error';
  message: string;
}

export interface MessageNode extends TreeNode {
  readonly kind: 'message';
}

export type AnyNode = EndpointNode | GroupNode | FrontendNode | BackendNode | ServerNode | ErrorNode | MessageNode;

export const HIGHLIGHT_MARKER = '●';

export type EndpointApi = 'runtime' | 'dataplane';

/** What a refresh changed: nodes whose own row must be redrawn, and nodes whose children changed. */
export interface RefreshChanges {
  /** Nodes to re-render (presentation changed, highlight added or removed, or children changed). */
  changed: AnyNode[];
  /** True when the endpoint node itself (its children list) must be redrawn. */
  endpointChanged: boolean;
}

export const nodeIds = {
  endpoint: (endpoint: string) => `ep:${endpoint}`,
  group: (endpoint: string, group: 'frontends' | 'backends') => `ep:${endpoint}/${group}`,
  frontend: (endpoint: string, name: string) => `ep:${endpoint}/fe:${name}`,
  backend: (endpoint: string, name: string) => `ep:${endpoint}/be:${name}`,
  server: (endpoint: string, backend: string, name: string) => `ep:${endpoint}/be:${backend}/srv:${name}`,
  error: (endpoint: string) => `ep:${endpoint}/error`,
};

/** The tree of one endpoint, kept across refreshes. */
export class EndpointModel {
  readonly node: EndpointNode;
  readonly frontendsGroup: GroupNode;
  readonly backendsGroup: GroupNode;
  private readonly errorNode: ErrorNode;
  private frontends = new Map<string, FrontendNode>();
  private backends = new Map<string, BackendNode>();
  private snapshotValue: Snapshot | undefined;
  private failure: string | undefined;
  /** Nodes highlighted by the previous refresh: redrawn once more to drop the marker. */
  private highlightedLastTime: AnyNode[] = [];

  /** Sees every snapshot first (metrics history) and gives each backend's alerts. */
  private readonly observer?: SnapshotObserver;

  constructor(readonly name: string, target: string, options: { group?: string; api?: EndpointApi; observer?: SnapshotObserver } = {}) {
    const { group, api = 'runtime' } = options;
    this.observer = options.observer;
    this.node = {
      id: nodeIds.endpoint(name),
      kind: 'endpoint',
      endpointName: name,
      target,
      group,
      api,
      presentation: endpointPresentation(name, group, api, undefined, undefined),
      highlighted: false,
    };
    this.frontendsGroup = this.group('frontends');
    this.backendsGroup = this.group('backends');
    this.errorNode = { id: nodeIds.error(name), kind: 'error', endpointName: name, message: '', presentation: errorPresentation(''), highlighted: false };
  }

  get snapshot(): Snapshot | undefined {
    return this.snapshotValue;
  }

  get error(): string | undefined {
    return this.failure;
  }

  /** Children of the endpoint: the error node while unreachable, else the two groups. */
  children(): AnyNode[] {
    if (this.failure !== undefined) return [this.errorNode];
    if (!this.snapshotValue) return [];
    return [this.frontendsGroup, this.backendsGroup];
  }

  groupChildren(group: GroupNode): AnyNode[] {
    return group.group === 'frontends' ? [...this.frontends.values()] : [...this.backends.values()];
  }

  backend(name: string): BackendNode | undefined {
    return this.backends.get(name);
  }

  server(backend: string, name: string): ServerNode | undefined {
    return this.backends.get(backend)?.servers.find((server) => server.name === name);
  }

  /** Applies a failed refresh: the endpoint shows one error node until a refresh succeeds. */
  applyError(message: string): RefreshChanges {
    const wasFailing = this.failure;
    this.failure = message;
    this.errorNode.message = message;
    this.errorNode.presentation = errorPresentation(message);
    this.node.error = message;
    this.node.presentation = endpointPresentation(this.name, this.node.group, this.node.api, undefined, message);
    this.highlightedLastTime = [];
    return { changed: wasFailing === message ? [] : [this.node], endpointChanged: wasFailing !== message };
  }

  /** Applies a new snapshot; returns exactly the nodes whose row or children changed. */
  applySnapshot(snapshot: Snapshot): RefreshChanges {
    this.observer?.record(snapshot);
    const previous = this.snapshotValue;
    const recovered = this.failure !== undefined;
    this.failure = undefined;
    this.node.error = undefined;
    this.snapshotValue = snapshot;

    const changed = new Set<AnyNode>();
    const highlighted: AnyNode[] = [];
    const markChanged = (node: AnyNode, highlight: boolean): void => {
      changed.add(node);
      if (highlight && previous) {
        node.highlighted = true;
        highlighted.push(node);
      }
    };

    const serversByBackend = groupServers(snapshot.servers);
    const previousBackends = previous ? indexProxies(previous.proxies, 'backend') : new Map<string, ProxySnapshot>();
    const frontendsChanged = this.syncFrontends(snapshot.proxies, markChanged);
    const backendsChanged = this.syncBackends(snapshot.proxies, serversByBackend, previousBackends, markChanged);

    for (const node of this.highlightedLastTime) {
      if (changed.has(node)) continue;
      node.highlighted = false;
      changed.add(node);
    }
    this.highlightedLastTime = highlighted;

    for (const group of this.updateGroupPresentations()) changed.add(group);
    const endpointPresentationNew = endpointPresentation(this.name, this.node.group, this.node.api, snapshot, undefined);
    const endpointChanged = recovered || !previous || !samePresentation(this.node.presentation, endpointPresentationNew);
    this.node.presentation = endpointPresentationNew;
    if (endpointChanged) changed.add(this.node);
    if (frontendsChanged) changed.add(this.frontendsGroup);
    if (backendsChanged) changed.add(this.backendsGroup);
    return { changed: [...changed], endpointChanged };
  }

  private group(group: 'frontends' | 'backends'): GroupNode {
    return {
      id: nodeIds.group(this.name, group),
      kind: 'group',
      group,
      endpointName: this.name,
      presentation: groupPresentation(group, 0, undefined),
      highlighted: false,
    };
  }

  /** Recomputes the groups' counts; returns the groups whose row changed. */
  private updateGroupPresentations(): GroupNode[] {
    const unhealthy = [...this.backends.values()].filter((backend) => backend.presentation.warning).length;
    const next: Array<[GroupNode, Presentation]> = [
      [this.frontendsGroup, groupPresentation('frontends', this.frontends.size, undefined)],
      [this.backendsGroup, groupPresentation('backends', this.backends.size, unhealthy)],
    ];
    const changed = next.filter(([group, presentation]) => !samePresentation(group.presentation, presentation)).map(([group]) => group);
    for (const [group, presentation] of next) group.presentation = presentation;
    return changed;
  }

  /** Returns true when the list of frontends changed (added/removed). */
  private syncFrontends(proxies: readonly ProxySnapshot[], markChanged: (node: AnyNode, highlight: boolean) => void): boolean {
    const next = new Map<string, FrontendNode>();
    let listChanged = false;
    for (const proxy of proxies) {
      if (proxy.kind !== 'frontend') continue;
      let node = this.frontends.get(proxy.name);
      const presentation = frontendPresentation(proxy);
      if (!node) {
        node = { id: nodeIds.frontend(this.name, proxy.name), kind: 'frontend', endpointName: this.name, name: proxy.name, proxy, presentation, highlighted: false };
        listChanged = true;
      } else {
        if (!samePresentation(node.presentation, presentation)) markChanged(node, true);
        node.proxy = proxy;
        node.presentation = presentation;
      }
      next.set(proxy.name, node);
    }
    if (next.size !== this.frontends.size) listChanged = true;
    this.frontends = next;
    return listChanged;
  }

  /** Returns true when the list of backends changed (added/removed). */
  private syncBackends(
    proxies: readonly ProxySnapshot[],
    serversByBackend: Map<string, ServerSnapshot[]>,
    previousBackends: Map<string, ProxySnapshot>,
    markChanged: (node: AnyNode, highlight: boolean) => void,
  ): boolean {
    const next = new Map<string, BackendNode>();
    let listChanged = false;
    for (const proxy of proxies) {
      if (proxy.kind !== 'backend') continue;
      const servers = serversByBackend.get(proxy.name) ?? [];
      let node = this.backends.get(proxy.name);
      const alerts = this.observer?.backendAlerts(proxy.name);
      if (!node) {
        node = {
          id: nodeIds.backend(this.name, proxy.name),
          kind: 'backend',
          endpointName: this.name,
          name: proxy.name,
          proxy,
          servers: [],
          presentation: backendPresentation(proxy, servers, previousBackends.get(proxy.name), alerts),
          highlighted: false,
        };
        listChanged = true;
      }
      const serversChanged = this.syncServers(node, servers, markChanged);
      const presentation = backendPresentation(proxy, servers, previousBackends.get(proxy.name), alerts);
      node.alerts = alerts;
      const rowChanged = !samePresentation(node.presentation, presentation);
      node.previousProxy = previousBackends.get(proxy.name);
      node.proxy = proxy;
      node.presentation = presentation;
      if (rowChanged) markChanged(node, true);
      else if (serversChanged) markChanged(node, false);
      next.set(proxy.name, node);
    }
    if (next.size !== this.backends.size) listChanged = true;
    this.backends = next;
    return listChanged;
  }

  /** Updates the server nodes of one backend; returns true when servers were added or removed. */
  private syncServers(backend: BackendNode, servers: readonly ServerSnapshot[], markChanged: (node: AnyNode, highlight: boolean) => void): boolean {
    const existing = new Map(backend.servers.map((node) => [node.name, node] as const));
    const next: ServerNode[] = [];
    let listChanged = servers.length !== backend.servers.length;
    for (const [index, server] of servers.entries()) {
      const presentation = serverPresentation(server);
      let node = existing.get(server.name);
      if (!node) {
        node = { id: nodeIds.server(this.name, backend.name, server.name), kind: 'server', endpointName: this.name, backend: backend.name, name: server.name, server, presentation, highlighted: false };
        listChanged = true;
      } else {
        if (backend.servers[index] !== node) listChanged = true;
        if (!samePresentation(node.presentation, presentation)) markChanged(node, true);
        node.server = server;
        node.presentation = presentation;
      }
      next.push(node);
    }
    backend.servers = next;
    return listChanged;
  }
}

function groupServers(servers: readonly ServerSnapshot[]): Map<string, ServerSnapshot[]> {
  const byBackend = new Map<string, ServerSnapshot[]>();
  for (const server of servers) {
    const list = byBackend.get(server.backend);
    if (list) list.push(server);
    else byBackend.set(server.backend, [server]);
  }
  return byBackend;
}

function indexProxies(proxies: readonly ProxySnapshot[], kind: 'frontend' | 'backend'): Map<string, ProxySnapshot> {
  const map = new Map<string, ProxySnapshot>();
  for (const proxy of proxies) if (proxy.kind === kind) map.set(proxy.name, proxy);
  return map;
}

/** Two presentations render the same row. Tooltips are built on hover, from the node's latest data. */
export function samePresentation(a: Presentation, b: Presentation): boolean {
  return (
    a.label === b.label &&
    a.description === b.description &&
    a.icon === b.icon &&
    a.color === b.color &&
    a.contextValue === b.contextValue &&
    a.warning === b.warning
  );
}

function endpointPresentation(name: string, group: string | undefined, api: EndpointApi, snapshot: Snapshot | undefined, error: string | undefined): Presentation {
  const prefix = group ? `${group} · ` : '';
  if (error !== undefined) {
    return { label: name, description: `${prefix}unreachable`, icon: 'vm-outline', color: 'errorForeground', contextValue: `endpoint.${api}.error`, warning: true };
  }
  if (!snapshot) return { label: name, description: `${prefix}connecting…`, icon: 'vm-outline', contextValue: `endpoint.${api}`, warning: false };
  const counts = countStatuses(snapshot.servers);
  const usable = counts.up + counts['no-check'] + counts['going-down'];
  const total = snapshot.servers.length;
  const warning = counts.down + counts['going-up'] > 0;
  return {
    label: name,
    description: `${prefix}${usable}/${total} servers up`,
    icon: 'vm-running',
    color: warning ? 'list.warningForeground' : 'charts.green',
    contextValue: `endpoint.${api}`,
    warning,
  };
}

function groupPresentation(group: 'frontends' | 'backends', count: number, unhealthy: number | undefined): Presentation {
  const label = group === 'frontends' ? 'Frontends' : 'Backends';
  const description = unhealthy ? `${count} · ${unhealthy} need attention` : String(count);
  return { label, description, icon: group === 'frontends' ? 'arrow-right' : 'server', contextValue: `group.${group}`, warning: Boolean(unhealthy) };
}

function errorPresentation(message: string): Presentation {
  return { label: message || 'unreachable', description: '', icon: 'error', color: 'errorForeground', contextValue: 'endpointError', warning: true };
}

export function countStatuses(servers: readonly ServerSnapshot[]): Record<ServerStatus, number> {
  const counts: Record<ServerStatus, number> = { up: 0, 'going-down': 0, down: 0, 'going-up': 0, nolb: 0, drain: 0, maint: 0, 'no-check': 0, unknown: 0 };
  for (const server of servers) counts[server.status]++;
  return counts;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Markdown tooltip of a node, from its latest data (called when the user hovers it). */
export function tooltipOf(node: AnyNode): string {
  switch (node.kind) {
    case 'server':
      return serverTooltip(node.server);
    case 'backend':
      return backendTooltip(node.proxy, node.servers.map((s) => s.server), node.previousProxy, node.alerts);
    case 'frontend':
      return frontendTooltip(node.proxy);
    case 'endpoint':
      return node.error !== undefined
        ? `**${escapeMarkdown(node.endpointName)}** — ${escapeMarkdown(node.target)}\n\nUnreachable: ${escapeMarkdown(node.error)}`
        : `**${escapeMarkdown(node.endpointName)}** — ${escapeMarkdown(node.target)}\n\n${escapeMarkdown(node.presentation.description)}`;
    case 'error':
      return `${escapeMarkdown(node.message)}\n\nRetried at every refresh; use Retry to try now.`;
    default:
      return escapeMarkdown(`${node.presentation.label}: ${node.presentation.description}`);
  }
}
