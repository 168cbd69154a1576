// The metrics view of one backend or server: a webview panel with small time-series charts of
// its figures (from the samples the servers tree reads, plus Prometheus' history when the
// endpoint has one) and the current values as text. Strict CSP: one local script and one local
// stylesheet from dist/webview, nonce on the script, no inline code, no remote content.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { EndpointRegistry } from '../endpoints/registry';
import { CHARTS } from '../haproxy/metrics/charts';
import { chartData } from '../haproxy/metrics/history';
import { PrometheusClient } from '../haproxy/metrics/prometheus';
import { fetchChartHistory, type PrometheusChartHistory } from '../haproxy/metrics/prometheusHistory';
import type { PromTarget } from '../haproxy/metrics/promql';
import type { MetricsStore } from '../haproxy/metrics/store';
import { buildViewModel, parseWebviewMessage, type MetricsViewModel, type RenderedChart } from '../haproxy/metrics/viewModel';
import { errorMessage } from './errors';
import type { AnyNode } from './serversModel';
import type { ServersTreeProvider } from './serversTree';

export interface MetricsTarget {
  endpoint: string;
  backend: string;
  server?: string;
}

export interface MetricsPanelDeps {
  extensionUri: vscode.Uri;
  store: MetricsStore;
  tree: ServersTreeProvider;
  view: vscode.TreeView<AnyNode>;
  registry: EndpointRegistry;
  output: vscode.LogOutputChannel;
}

/** Prometheus history is fetched again at most this often (when the panel is shown again). */
const PROMETHEUS_REFETCH_MS = 60_000;
const COPY_RANGE = '1m';

export function targetKey(target: MetricsTarget): string {
  return JSON.stringify([target.endpoint, target.backend, target.server ?? null]);
}

export function targetLabel(target: MetricsTarget): string {
  return target.server !== undefined ? `${target.backend}/${target.server}` : target.backend;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export class MetricsPanel implements vscode.Disposable {
  static readonly viewType = 'haproxy.metrics';
  readonly panel: vscode.WebviewPanel;
  /** What the webview last reported drawing (tests, diagnostics). */
  lastRendered?: RenderedChart[];
  lastModel?: MetricsViewModel;
  private ready = false;
  private prometheus?: { charts: PrometheusChartHistory[]; notes: string[]; fetchedAt: number; url: string };
  private prometheusLoading?: Promise<void>;
  private sampler?: NodeJS.Timeout;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedChart[]>();
  readonly onDidRender = this.renderedEmitter.event;

  constructor(private readonly deps: MetricsPanelDeps, readonly target: MetricsTarget) {
    const webviewRoot = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(MetricsPanel.viewType, `Metrics: ${targetLabel(target)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [webviewRoot],
    });
    this.panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'haproxy.svg');
    this.panel.webview.html = this.html(webviewRoot);
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      this.panel.onDidChangeViewState(() => this.onVisibility()),
      deps.view.onDidChangeVisibility(() => this.scheduleSampling()),
      deps.store.onDidRecord((endpoint) => {
        if (endpoint === target.endpoint) this.post();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('haproxy.refreshInterval')) this.scheduleSampling();
        if (event.affectsConfiguration('haproxy.endpoints')) {
          this.prometheus = undefined;
          void this.loadPrometheus();
        }
      }),
    );
    this.scheduleSampling();
    void this.loadPrometheus();
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** The PromQL of a chart (what "Copy PromQL" copies). */
  promql(chartId: string): string | undefined {
    return this.viewModel().charts.find((chart) => chart.id === chartId)?.promql;
  }

  private html(root: vscode.Uri): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(18).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'metrics.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'metrics.css'));
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    const title = `Metrics: ${targetLabel(this.target)}`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<header>
<h1 id="title">${escapeHtml(title)}</h1>
<p id="subtitle"></p>
<div id="alerts" role="status"></div>
<div id="notes"></div>
</header>
<main id="charts" aria-label="Charts"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  private onMessage(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post();
        break;
      case 'copyPromql':
        void vscode.commands.executeCommand('haproxy.metrics.copyPromql', message.chartId, this.target);
        break;
      case 'rendered':
        this.lastRendered = message.charts;
        this.renderedEmitter.fire(message.charts);
        break;
      case 'error':
        this.deps.output.error(`metrics view ${targetLabel(this.target)}: ${message.message}`);
        break;
    }
  }

  private onVisibility(): void {
    if (!this.panel.visible) this.ready = false; // the webview is discarded while hidden; it says 'ready' again
    this.scheduleSampling();
    if (this.panel.visible && this.prometheus && Date.now() - this.prometheus.fetchedAt > PROMETHEUS_REFETCH_MS) void this.loadPrometheus();
  }

  /**
   * Samples come from the tree's refreshes. While this panel is visible and the Servers view is
   * not (so its own timer is paused), the panel asks for them at the same interval.
   */
  private scheduleSampling(): void {
    clearInterval(this.sampler);
    this.sampler = undefined;
    const seconds = vscode.workspace.getConfiguration('haproxy').get<number>('refreshInterval', 5);
    if (!this.panel.visible || this.deps.view.visible || !(seconds > 0)) return;
    const refresh = () => void this.deps.tree.refresh(this.target.endpoint);
    refresh();
    this.sampler = setInterval(refresh, Math.max(1, seconds) * 1000);
  }

  private promTarget(): PromTarget {
    const labels = this.deps.registry.settings(this.target.endpoint)?.prometheusLabels;
    return this.target.server !== undefined
      ? { scope: 'server', backend: this.target.backend, server: this.target.server, labels }
      : { scope: 'backend', backend: this.target.backend, labels };
  }

  private loadPrometheus(): Promise<void> {
    const url = this.deps.registry.settings(this.target.endpoint)?.prometheus;
    if (!url) {
      this.prometheus = undefined;
      return Promise.resolve();
    }
    this.prometheusLoading ??= (async () => {
      const end = Date.now();
      try {
        const client = new PrometheusClient(url);
        const result = await fetchChartHistory(client, this.promTarget(), CHARTS, end - this.deps.store.windowMs, end);
        this.prometheus = { charts: result.charts, notes: result.notes, fetchedAt: end, url };
      } catch (error) {
        this.prometheus = { charts: [], notes: [`No history from Prometheus: ${errorMessage(error)}`], fetchedAt: end, url };
        this.deps.output.warn(`metrics ${targetLabel(this.target)}: ${errorMessage(error)}`);
      } finally {
        this.prometheusLoading = undefined;
      }
      this.post();
    })();
    return this.prometheusLoading;
  }

  private viewModel(): MetricsViewModel {
    const { endpoint, backend, server } = this.target;
    const history = this.deps.store.history(endpoint);
    const buffer = server !== undefined ? history?.server(backend, server) : history?.backend(backend);
    const minutes = Math.round(this.deps.store.windowMs / 60_000);
    const seconds = vscode.workspace.getConfiguration('haproxy').get<number>('refreshInterval', 5);
    const model = this.deps.tree.endpointModels.get(endpoint);
    const notes: string[] = [];
    if (model?.error !== undefined) notes.push(`${endpoint} is unreachable: ${model.error}`);
    else if (!buffer) notes.push(`No sample of ${server !== undefined ? 'server' : 'backend'} ${targetLabel(this.target)} yet${model?.snapshot ? ': it is not in the latest snapshot' : ''}.`);
    else if (buffer.length < 2) notes.push('Rates appear from the second sample on.');
    if (!(seconds > 0)) notes.push('Automatic refresh is off (haproxy.refreshInterval is 0): samples are taken only on Refresh.');
    if (this.prometheus) notes.push(...this.prometheus.notes);
    const sampling = seconds > 0 ? `sampled every ${seconds} s while this panel or the Servers view is visible` : 'sampled on refresh';
    const source = this.prometheus ? ` · history from Prometheus ${this.prometheus.url}` : '';
    const alerts = (history?.backendAlerts(backend, this.deps.store.thresholds) ?? []).map((alert) => (server !== undefined ? { ...alert, message: `backend ${backend}: ${alert.message}` } : alert));
    return buildViewModel({
      title: server !== undefined ? `Server ${backend}/${server}` : `Backend ${backend}`,
      subtitle: `${endpoint} · last ${minutes} min · ${sampling}${source}`,
      target: this.promTarget(),
      charts: chartData(buffer, CHARTS),
      prometheus: this.prometheus?.charts,
      alerts,
      notes,
      copyRange: COPY_RANGE,
    });
  }

  private post(): void {
    if (!this.ready || !this.panel.visible) return;
    this.lastModel = this.viewModel();
    void this.panel.webview.postMessage({ type: 'update', model: this.lastModel });
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.sampler);
    this.disposables.forEach((d) => d.dispose());
    this.disposables.length = 0;
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.renderedEmitter.dispose();
    this.panel.dispose();
  }
}
