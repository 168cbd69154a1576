// Metrics inside real VS Code, against a real HAProxy started by this suite: the tree marks the
// backend whose only server is down (warning icon, reason in its tooltip, alerts status bar), the
// metrics view of a backend under load opens and draws its charts (reported by the webview
// itself, screenshot), Copy PromQL copies the chart's query, and Generate Monitoring Files writes
// files that promtool accepts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SidebarApi } from '../../../client/src/views/sidebar';
import type { MetricsApi } from '../../../client/src/views/metrics';
import type { MetricsPanel } from '../../../client/src/views/metricsPanel';
import type { GenerateOutcome } from '../../../client/src/views/metricsMonitoring';
import type { BackendNode } from '../../../client/src/views/serversModel';
import { load, startMetricsLab, type MetricsLab } from '../../metrics/lab';
import { startPrometheus, type PrometheusServer } from '../../metrics/prometheusServer';
import { generateMonitoringFiles } from '../../../client/src/haproxy/metrics/monitoring/generate';
import { DEFAULT_THRESHOLDS } from '../../../client/src/haproxy/metrics/alerts';
import { PrometheusClient } from '../../../client/src/haproxy/metrics/prometheus';
import { activeExtension, e2eLog, requestScreenshot, workspaceFile } from './helpers';
import { eventually as eventuallyWithin, child } from './treeHelpers';

/** The metrics waits span HAProxy's samples and Prometheus' scrapes: longer than the sidebar's. */
const eventually = <T>(what: string, check: () => Promise<T> | T, timeoutMs = 20_000): Promise<T> => eventuallyWithin(what, check, timeoutMs);

function backendNode(api: SidebarApi, name: string, endpoint = ENDPOINT): BackendNode {
  const node = child(api, child(api, child(api, undefined, endpoint), 'Backends'), name);
  assert.equal(node.kind, 'backend');
  return node as BackendNode;
}

const ENDPOINT = 'metrics-e2e';

suite('HAProxy metrics', () => {
  let lab: MetricsLab;
  let sidebar: SidebarApi;
  let metrics: MetricsApi;
  let prometheus: PrometheusServer | undefined;
  const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwb-e2e-monitoring-'));
  const config = () => vscode.workspace.getConfiguration('haproxy');

  suiteSetup(async function () {
    this.timeout(60_000);
    lab = await startMetricsLab({ exporter: true });
    await activeExtension();
    sidebar = (await vscode.commands.executeCommand<SidebarApi>('haproxy.internal.sidebar'))!;
    metrics = (await vscode.commands.executeCommand<MetricsApi>('haproxy.internal.metrics'))!;
    assert.ok(sidebar && metrics, 'the extension exposes its sidebar and metrics to the suite');
    await config().update('refreshInterval', 1, vscode.ConfigurationTarget.Global);
    await config().update('endpoints', [{ name: ENDPOINT, runtimeApi: lab.haproxy.adminSocket }], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('haproxy.servers.focus');
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    for (const panel of metrics?.panels() ?? []) panel.dispose();
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await config().update('refreshInterval', undefined, vscode.ConfigurationTarget.Global);
    await prometheus?.stop();
    await lab?.stop();
    fs.rmSync(outputDir, { recursive: true, force: true });
  });

  test('the tree marks a backend whose servers are all down, and the status bar counts the alert', async () => {
    const item = await eventually('be_down marked', () => {
      const node = backendNode(sidebar, 'be_down');
      const treeItem = sidebar.tree.getTreeItem(node);
      assert.equal((treeItem.iconPath as vscode.ThemeIcon).id, 'warning');
      return sidebar.tree.resolveTreeItem(treeItem, node);
    });
    assert.equal(((item.iconPath as vscode.ThemeIcon).color as vscode.ThemeColor).id, 'list.warningForeground');
    assert.match((item.tooltip as vscode.MarkdownString).value, /Needs attention \| no server up \(0 of 1 usable\)/);
    assert.equal((sidebar.tree.getTreeItem(backendNode(sidebar, 'be_ok')).iconPath as vscode.ThemeIcon).id, 'server-process');
    await eventually('the alerts status bar item', () => assert.equal(metrics.alertsStatusText(), '$(warning) 1 HAProxy alert'));
    await sidebar.view.reveal(backendNode(sidebar, 'be_down'), { select: true, focus: false });
  });

  test('Show Metrics on a backend opens the view and draws its charts from live samples', async function () {
    this.timeout(90_000);
    // Steady traffic while the view samples: 1 request in 4 to be_mixed fails.
    const traffic = load(`${lab.url}/mixed`, 3000, { rate: 300, connections: 2 });
    try {
      await vscode.commands.executeCommand('haproxy.metrics.show', backendNode(sidebar, 'be_mixed'));
      const panel = await eventually('the metrics panel', () => {
        const found = metrics.panels().find((p) => p.target.backend === 'be_mixed' && p.target.server === undefined);
        assert.ok(found, 'a panel for be_mixed');
        return found;
      });
      assert.equal(panel.panel.title, 'Metrics: be_mixed');
      const rendered = await eventually('charts with several samples', () => drawn(panel, 8), 40_000);
      assert.deepEqual(rendered.map((c) => c.id), ['requests', 'responses', 'errorRatio', 'times', 'queue', 'sessions', 'bytes', 'checks']);
      for (const chart of rendered) {
        assert.ok(chart.width >= 200 && chart.height === 160, `${chart.id} drawn ${chart.width}x${chart.height}`);
      }
      const model = panel.lastModel;
      assert.ok(model);
      assert.equal(model.title, 'Backend be_mixed');
      const requests = model.charts.find((c) => c.id === 'requests');
      assert.match(requests?.series[0]?.latest ?? '', /^\d+(\.\d+)? req\/s$/, 'the current request rate as text');
      await eventually('the 5xx alert in the view', () => assert.match(panel.lastModel?.alerts.join('\n') ?? '', /^5xx 2\d\.\d% of \d+ responses over the last/));
      const shot = await requestScreenshot('metrics-backend');
      e2eLog(shot ? `metrics screenshot: ${shot}` : 'metrics screenshot: this launcher takes none');

      const copied = await vscode.commands.executeCommand<string>('haproxy.metrics.copyPromql', 'errorRatio', panel.target);
      assert.equal(copied, '100 * sum without (code) (rate(haproxy_backend_http_responses_total{proxy="be_mixed",code="5xx"}[1m])) / sum without (code) (rate(haproxy_backend_http_responses_total{proxy="be_mixed"}[1m]))');
      assert.equal(await vscode.env.clipboard.readText(), copied);
    } finally {
      await traffic.catch(() => undefined);
    }
  });

  test('with a Prometheus on the endpoint, the charts start before the first sample the editor read', async function () {
    this.timeout(180_000); // Prometheus starts slowly on a busy machine
    const files = generateMonitoringFiles(fs.readFileSync(lab.haproxy.configPath, 'utf8'), { hosts: [], thresholds: DEFAULT_THRESHOLDS, scrapeInterval: '1s', sourceName: 'lab' }).files;
    prometheus = await startPrometheus(Object.fromEntries(files.map((f) => [f.name, f.content])));
    const client = new PrometheusClient(prometheus.url);
    // Traffic Prometheus sees; the editor's own samples of be_ok only start when its view opens.
    await eventually('a first scrape', async () => assert.equal((await client.query('haproxy_backend_http_requests_total{proxy="be_ok"}')).length, 1), 45_000);
    await load(`${lab.url}/`, 2000, { rate: 200 });
    await eventually('a scrape after the traffic', async () => assert.equal((await client.query('haproxy_backend_http_requests_total{proxy="be_ok"}'))[0]?.value, 2000), 45_000);
    // A second endpoint on the same HAProxy, added now: the editor's samples of it start now.
    const withPrometheus = { name: 'metrics-prom', runtimeApi: lab.haproxy.adminSocket, prometheus: prometheus.url, prometheusLabels: { job: 'haproxy' } };
    await config().update('endpoints', [{ name: ENDPOINT, runtimeApi: lab.haproxy.adminSocket }, withPrometheus], vscode.ConfigurationTarget.Global);
    const node = await eventually('the new endpoint in the tree', () => backendNode(sidebar, 'be_ok', withPrometheus.name));
    await vscode.commands.executeCommand('haproxy.metrics.show', node);
    const panel = await eventually('the be_ok panel', () => {
      const found = metrics.panels().find((p) => p.target.endpoint === withPrometheus.name && p.target.backend === 'be_ok');
      assert.ok(found);
      return found;
    });
    const model = await eventually('charts joined with Prometheus history', () => {
      const requests = panel.lastModel?.charts.find((c) => c.id === 'requests');
      assert.equal(requests?.source, 'samples+prometheus');
      return panel.lastModel;
    }, 45_000);
    const requests = model?.charts.find((c) => c.id === 'requests');
    // The first sample the editor read (time(1) threw when the join came before a second sample).
    const samples = metrics.store.history(withPrometheus.name)?.backend('be_ok');
    assert.ok(samples && samples.length > 0, 'the editor has sampled be_ok');
    const firstSample = samples.time(0);
    assert.ok(requests && (requests.x[0] as number) * 1000 < firstSample, 'the chart starts before the samples read by the editor');
    assert.ok(requests.series[0]?.values.some((v) => v !== null && v > 0), 'the traffic seen by Prometheus is charted');
    assert.match(model?.subtitle ?? '', /history from Prometheus http:\/\/127\.0\.0\.1:\d+/);
    await eventually('the webview to draw the joined series', () => assert.ok((panel.lastRendered?.find((c) => c.id === 'requests')?.points ?? 0) > 2));
    const shot = await requestScreenshot('metrics-prometheus');
    e2eLog(shot ? `metrics + Prometheus screenshot: ${shot}` : 'metrics + Prometheus screenshot: this launcher takes none');
  });

  test('Generate Monitoring Files writes a scrape config and rules that promtool accepts', async function () {
    this.timeout(60_000);
    const outcome = await vscode.commands.executeCommand<GenerateOutcome>(
      'haproxy.metrics.generateMonitoringFiles',
      workspaceFile('metrics/haproxy.cfg'),
      { hosts: ['lb1.example.com'], outputFolder: vscode.Uri.file(outputDir), includeExporterStanza: true, overwrite: true },
    );
    assert.ok(outcome);
    assert.deepEqual(outcome.written, ['prometheus.yml', 'haproxy-alerts.yml', 'haproxy-dashboard.json', 'haproxy-prometheus-exporter.cfg']);
    const check = spawnSync('promtool', ['check', 'config', path.join(outputDir, 'prometheus.yml')], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    assert.match(`${check.stdout}${check.stderr}`, /SUCCESS: 3 rules found/);
    assert.match(fs.readFileSync(path.join(outputDir, 'prometheus.yml'), 'utf8'), /- lb1\.example\.com:8405/);
  });
});

/** The panel's last render report once every chart has at least `points` points. */
function drawn(panel: MetricsPanel, points: number) {
  const rendered = panel.lastRendered;
  assert.ok(rendered && rendered.length > 0, 'the webview reported its charts');
  const short = rendered.filter((c) => c.points < points);
  assert.deepEqual(short.map((c) => `${c.id}: ${c.points}`), [], `every chart has ${points}+ points`);
  return rendered;
}
