// The metrics webview: draws the charts the extension sends (uPlot on canvas, theme colours
// from VS Code's CSS variables) and lists the current values as text for screen readers.
// Runs under a strict CSP: no inline script or style, no remote content.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './metrics.css';
import { formatValue } from '../../src/haproxy/metrics/format';
import type { ChartView, HostMessage, MetricsViewModel, RenderedChart, WebviewMessage } from '../../src/haproxy/metrics/viewModel';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const plots = new Map<string, { plot: uPlot; signature: string; section: HTMLElement }>();
let model: MetricsViewModel | undefined;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the page`);
  return found;
}

/** A theme colour by its id (`charts.red` -> `--vscode-charts-red`). */
function themeColour(id: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(`--vscode-${id.replace(/\./g, '-')}`).trim();
  return value || fallback;
}

/** Replaces a list only when its lines changed (the alerts region is live: no repeated announcements). */
function list(container: HTMLElement, lines: readonly string[]): void {
  const text = JSON.stringify(lines);
  if (container.dataset.lines === text) return;
  container.dataset.lines = text;
  container.replaceChildren();
  if (lines.length === 0) return;
  const ul = element('ul');
  for (const line of lines) ul.append(element('li', {}, line));
  container.append(ul);
}

function plotOptions(chart: ChartView, width: number): uPlot.Options {
  const foreground = themeColour('descriptionForeground', '#888');
  const grid = themeColour('editorWidget-border', 'rgba(128,128,128,0.25)');
  const font = `${getComputedStyle(document.body).fontSize || '12px'} ${themeColour('font-family', 'sans-serif')}`;
  const axis = { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font };
  return {
    width,
    height: 160,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min ?? 0), Math.max(max ?? 1, chart.unit === '%' ? 1 : 1e-9) * 1.1] } },
    axes: [
      { ...axis, space: 90, values: (_u, splits) => splits.map((seconds) => clockTime(seconds, splits)) },
      { ...axis, size: 64, values: (_u, splits) => splits.map((v) => formatValue(v, chart.unit).replace(/ (req\/s|\/min)$/, '')) },
    ],
    series: [{}, ...chart.series.map((s) => ({ label: s.label, stroke: themeColour(s.color, '#3794ff'), width: 1.5, spanGaps: false, points: { show: false } }))],
  };
}

/** `14:05` on spans of minutes, `14:05:30` when the ticks are closer than a minute. */
function clockTime(seconds: number, splits: readonly number[]): string {
  const step = splits.length > 1 ? Math.abs((splits[1] as number) - (splits[0] as number)) : 60;
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(step < 60 ? { second: '2-digit' } : {}) });
}

function plotData(chart: ChartView): uPlot.AlignedData {
  return [chart.x, ...chart.series.map((s) => s.values)] as uPlot.AlignedData;
}

function currentValues(chart: ChartView): HTMLTableElement {
  const table = element('table', { class: 'current' });
  table.append(element('caption', { class: 'sr-only' }, `Current values of ${chart.title}`));
  const body = element('tbody');
  for (const series of chart.series) {
    const row = element('tr');
    const head = element('th', { scope: 'row' });
    const swatch = element('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = themeColour(series.color, '#3794ff');
    head.append(swatch, document.createTextNode(series.label));
    row.append(head, element('td', {}, series.latest));
    body.append(row);
  }
  table.append(body);
  return table;
}

function chartSection(chart: ChartView): HTMLElement {
  const section = element('section', { class: 'chart', id: `chart-${chart.id}`, 'aria-labelledby': `title-${chart.id}` });
  const head = element('div', { class: 'chart-head' });
  const title = element('h2', { id: `title-${chart.id}` }, chart.title);
  title.append(' ', element('span', { class: 'unit' }, `(${chart.unit})`));
  const copy = element('button', { type: 'button', title: 'Copy the PromQL of this chart', 'aria-label': `Copy PromQL of ${chart.title}` }, 'Copy PromQL');
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copyPromql', chartId: chart.id }));
  head.append(title, copy);
  const plot = element('div', { class: 'plot', role: 'img', 'aria-label': `${chart.title}: ${chart.description}` });
  section.append(head, element('p', { class: 'source' }, chart.source === 'samples+prometheus' ? 'from Prometheus, then live samples' : 'live samples'), plot, currentValues(chart));
  return section;
}

function render(next: MetricsViewModel): void {
  model = next;
  byId('title').textContent = next.title;
  byId('subtitle').textContent = next.subtitle;
  list(byId('alerts'), next.alerts);
  list(byId('notes'), next.notes);
  const container = byId('charts');
  const rendered: RenderedChart[] = [];
  for (const chart of next.charts) {
    // Series and colours decide the plot's options: a change (theme) rebuilds it; new data only updates it.
    const signature = JSON.stringify([chart.series.map((s) => [s.label, themeColour(s.color, '')]), document.body.className]);
    let entry = plots.get(chart.id);
    const section = chartSection(chart);
    if (entry && entry.signature === signature) {
      // Keep the canvas; refresh texts around it.
      const old = entry.section;
      old.querySelector('.current')?.replaceWith(currentValues(chart));
      old.querySelector('.source')?.replaceWith(section.querySelector('.source') as Element);
      entry.plot.setData(plotData(chart));
    } else {
      entry?.plot.destroy();
      if (entry) entry.section.replaceWith(section);
      else container.append(section);
      const target = section.querySelector('.plot') as HTMLElement;
      const plot = new uPlot(plotOptions(chart, Math.max(200, target.clientWidth)), plotData(chart), target);
      entry = { plot, signature, section };
      plots.set(chart.id, entry);
    }
    rendered.push({ id: chart.id, series: chart.series.length, points: chart.x.length, width: entry.plot.width, height: entry.plot.height });
  }
  vscode.postMessage({ type: 'rendered', charts: rendered });
}

/** Plots follow the width of their cards. */
const resize = new ResizeObserver(() => {
  for (const { plot, section } of plots.values()) {
    const width = Math.max(200, (section.querySelector('.plot') as HTMLElement).clientWidth);
    if (width !== plot.width) plot.setSize({ width, height: plot.height });
  }
});
resize.observe(byId('charts'));

/** VS Code changes the body's theme class when the colour theme changes: redraw with the new colours. */
new MutationObserver(() => {
  if (model) render(model);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  if (event.data?.type !== 'update') return;
  try {
    render(event.data.model);
  } catch (error) {
    vscode.postMessage({ type: 'error', message: (error as Error).stack ?? String(error) });
  }
});

vscode.postMessage({ type: 'ready' });
