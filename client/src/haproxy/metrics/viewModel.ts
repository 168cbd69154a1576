// What the metrics webview shows, as plain data, and the messages between it and the extension.
// Shared by the extension (builds it) and the webview bundle (draws it): no Node, DOM or vscode API.
import type { Alert } from './alerts';
import { chartPromql, type ChartDef, type Unit } from './charts';
import { formatValue, latestValue } from './format';
import type { ChartData } from './history';
import type { PromTarget } from './promql';
import type { PrometheusChartHistory } from './prometheusHistory';
import { historyPointsBefore, joinHistory } from './prometheusHistory';
import type { Points } from './rates';

export interface SeriesView {
  id: string;
  label: string;
  /** Theme colour id (`charts.red`): the webview reads `--vscode-charts-red`. */
  color: string;
  /** One value per x, null where there is none. */
  values: Array<number | null>;
  /** The newest value as text (`12.3 req/s`, `—`). */
  latest: string;
}

export interface ChartView {
  id: string;
  title: string;
  unit: Unit;
  description: string;
  /** Times in seconds since the epoch (uPlot's unit), shared by the series. */
  x: number[];
  series: SeriesView[];
  /** What "Copy PromQL" copies. */
  promql: string;
  /** Where the points come from: samples read by the editor, plus Prometheus' older ones. */
  source: 'samples' | 'samples+prometheus';
}

export interface MetricsViewModel {
  title: string;
  subtitle: string;
  alerts: string[];
  notes: string[];
  charts: ChartView[];
  /** ms since the epoch of the newest sample. */
  updatedAt?: number;
}

export interface RenderedChart {
  id: string;
  series: number;
  points: number;
  width: number;
  height: number;
}

export type HostMessage = { type: 'update'; model: MetricsViewModel };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'copyPromql'; chartId: string }
  | { type: 'rendered'; charts: RenderedChart[] }
  | { type: 'error'; message: string };

/** Checks a message from the webview (it is untrusted input). */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'copyPromql':
      return typeof message.chartId === 'string' ? { type: 'copyPromql', chartId: message.chartId } : undefined;
    case 'rendered':
      return Array.isArray(message.charts) ? { type: 'rendered', charts: message.charts as RenderedChart[] } : undefined;
    case 'error':
      return typeof message.message === 'string' ? { type: 'error', message: message.message.slice(0, 2000) } : undefined;
    default:
      return undefined;
  }
}

/** Puts several series on one time axis (the union of their times), null where a series has no point. */
export function alignPoints(series: readonly Points[]): { x: number[]; values: Array<Array<number | null>> } {
  const times = [...new Set(series.flatMap((points) => points.t))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const values = series.map((points) => {
    const row: Array<number | null> = new Array<number | null>(times.length).fill(null);
    points.t.forEach((t, i) => (row[index.get(t) as number] = points.v[i] ?? null));
    return row;
  });
  return { x: times.map((t) => t / 1000), values };
}

export interface ViewModelInput {
  title: string;
  subtitle: string;
  target: PromTarget;
  charts: readonly ChartData[];
  /** History from Prometheus, when the endpoint has one. */
  prometheus?: readonly PrometheusChartHistory[];
  alerts: readonly Alert[];
  notes: readonly string[];
  /** The rate() window written into "Copy PromQL" (`1m`). */
  copyRange: string;
}

export function buildViewModel(input: ViewModelInput): MetricsViewModel {
  let updatedAt: number | undefined;
  const charts = input.charts.map(({ chart, series }): ChartView => {
    const history = input.prometheus?.find((h) => h.chartId === chart.id);
    const historyOf = (id: string) => history?.series.find((h) => h.id === id)?.points;
    const joined = series.map((s) => joinHistory(historyOf(s.id), s.points));
    const fromPrometheus = series.some((s) => historyPointsBefore(historyOf(s.id), s.points) > 0);
    const aligned = alignPoints(joined);
    for (const s of series) {
      const last = s.points.t.at(-1);
      if (last !== undefined && (updatedAt === undefined || last > updatedAt)) updatedAt = last;
    }
    return {
      id: chart.id,
      title: chart.title,
      unit: chart.unit,
      description: chart.description,
      x: aligned.x,
      series: series.map((s, i) => ({ id: s.id, label: s.label, color: s.color, values: aligned.values[i] ?? [], latest: formatValue(latestValue(joined[i] ?? { t: [], v: [] })?.v, chart.unit) })),
      promql: chartPromqlFor(chart, input.target, input.copyRange),
      source: fromPrometheus ? 'samples+prometheus' : 'samples',
    };
  });
  return { title: input.title, subtitle: input.subtitle, alerts: input.alerts.map((a) => a.message), notes: [...input.notes], charts, updatedAt };
}

function chartPromqlFor(chart: ChartDef, target: PromTarget, range: string): string {
  try {
    return chart.series.length === 1 ? (chart.series[0] as ChartDef['series'][number]).promql(target, range) : chartPromql(chart, target, range);
  } catch (error) {
    return `# ${(error as Error).message}`;
  }
}
