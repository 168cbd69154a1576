// The charts of the metrics view: for each figure, how it is computed from `show stat` samples
// and which PromQL gives the same figure from Prometheus. One table serves the webview's charts,
// "Copy PromQL", the Prometheus history and the generated Grafana dashboard.
import { metricName, rateOf, selector, serverRateOf, type PromTarget } from './promql';
import { gaugePoints, ratePoints, ratioPoints, type Points } from './rates';
import type { CounterField, GaugeField, SampleField } from './sample';
import type { SeriesBuffer } from './seriesBuffer';

export type Unit = 'req/s' | '%' | 'ms' | 'B/s' | 'count' | '/min';

/** How a series is computed from the samples. */
export type LocalSource =
  | { kind: 'rate'; field: CounterField; scale?: number }
  | { kind: 'ratio'; numerator: CounterField; denominator: CounterField; scale?: number }
  | { kind: 'gauge'; field: GaugeField; scale?: number };

export interface SeriesDef {
  id: string;
  label: string;
  /** VS Code theme colour id of the line (`charts.blue`). */
  color: string;
  local: LocalSource;
  /** The same figure from HAProxy's exporter; `range` is the rate() window (`1m`). */
  promql(target: PromTarget, range: string): string;
}

export interface ChartDef {
  id: string;
  title: string;
  unit: Unit;
  /** One line for screen readers and the chart's tooltip. */
  description: string;
  series: readonly SeriesDef[];
}

const responses = (code: string) => (target: PromTarget, range: string): string => rateOf(target, 'http_responses_total', range, { code });

const times = (metric: string) => (target: PromTarget): string => `${metricName(target.scope, metric)}${selector(target)} * 1000`;

const gauge = (metric: string) => (target: PromTarget): string => `${metricName(target.scope, metric)}${selector(target)}`;

export const CHARTS: readonly ChartDef[] = [
  {
    id: 'requests',
    title: 'Requests',
    unit: 'req/s',
    description: 'HTTP requests per second',
    series: [
      {
        id: 'requests',
        label: 'requests',
        color: 'charts.blue',
        local: { kind: 'rate', field: 'requests' },
        // 2.4-2.8 export no request counter per server: its responses stand for its requests.
        promql: (target, range) =>
          target.scope === 'backend'
            ? rateOf(target, 'http_requests_total', range)
            : `sum without (code) (${rateOf(target, 'http_responses_total', range)})`,
      },
    ],
  },
  {
    id: 'responses',
    title: 'Responses by class',
    unit: 'req/s',
    description: '2xx, 4xx and 5xx responses per second',
    series: [
      { id: 'http2xx', label: '2xx', color: 'charts.green', local: { kind: 'rate', field: 'http2xx' }, promql: responses('2xx') },
      { id: 'http4xx', label: '4xx', color: 'charts.yellow', local: { kind: 'rate', field: 'http4xx' }, promql: responses('4xx') },
      { id: 'http5xx', label: '5xx', color: 'charts.red', local: { kind: 'rate', field: 'http5xx' }, promql: responses('5xx') },
    ],
  },
  {
    id: 'errorRatio',
    title: '5xx ratio',
    unit: '%',
    description: 'share of 5xx among HTTP responses',
    series: [
      {
        id: 'ratio5xx',
        label: '5xx share',
        color: 'charts.red',
        local: { kind: 'ratio', numerator: 'http5xx', denominator: 'responses', scale: 100 },
        promql: (target, range) =>
          `100 * sum without (code) (${rateOf(target, 'http_responses_total', range, { code: '5xx' })}) / sum without (code) (${rateOf(target, 'http_responses_total', range)})`,
      },
    ],
  },
  {
    id: 'times',
    title: 'Response time',
    unit: 'ms',
    description: 'average response time (rtime) and total time (ttime) over the last 1024 requests',
    series: [
      { id: 'rtime', label: 'response (rtime)', color: 'charts.purple', local: { kind: 'gauge', field: 'responseMs' }, promql: times('response_time_average_seconds') },
      { id: 'ttime', label: 'total (ttime)', color: 'charts.blue', local: { kind: 'gauge', field: 'totalMs' }, promql: times('total_time_average_seconds') },
    ],
  },
  {
    id: 'queue',
    title: 'Queue',
    unit: 'count',
    description: 'requests waiting in the queue',
    series: [{ id: 'queue', label: 'queued', color: 'charts.orange', local: { kind: 'gauge', field: 'queue' }, promql: gauge('current_queue') }],
  },
  {
    id: 'sessions',
    title: 'Sessions',
    unit: 'count',
    description: 'current sessions',
    series: [{ id: 'sessions', label: 'current', color: 'charts.blue', local: { kind: 'gauge', field: 'sessions' }, promql: gauge('current_sessions') }],
  },
  {
    id: 'bytes',
    title: 'Traffic',
    unit: 'B/s',
    description: 'bytes per second received from clients (in) and sent to them (out)',
    series: [
      { id: 'bytesIn', label: 'in', color: 'charts.green', local: { kind: 'rate', field: 'bytesIn' }, promql: (target, range) => rateOf(target, 'bytes_in_total', range) },
      { id: 'bytesOut', label: 'out', color: 'charts.blue', local: { kind: 'rate', field: 'bytesOut' }, promql: (target, range) => rateOf(target, 'bytes_out_total', range) },
    ],
  },
  {
    id: 'checks',
    title: 'Health checks',
    unit: '/min',
    description: 'failed health checks and UP to DOWN transitions per minute (summed over the servers of a backend)',
    series: [
      { id: 'checkFailures', label: 'failed checks', color: 'charts.yellow', local: { kind: 'rate', field: 'checkFailures', scale: 60 }, promql: (target, range) => `60 * ${serverRateOf(target, 'check_failures_total', range)}` },
      { id: 'checkDowns', label: 'UP→DOWN', color: 'charts.red', local: { kind: 'rate', field: 'checkDowns', scale: 60 }, promql: (target, range) => `60 * ${serverRateOf(target, 'check_up_down_total', range)}` },
    ],
  },
];

export function chartById(id: string): ChartDef | undefined {
  return CHARTS.find((chart) => chart.id === id);
}

/** A series' points computed from the samples. */
export function localPoints(buffer: SeriesBuffer<SampleField>, source: LocalSource): Points {
  switch (source.kind) {
    case 'rate':
      return ratePoints(buffer, source.field, source.scale);
    case 'ratio':
      return ratioPoints(buffer, source.numerator, source.denominator, source.scale);
    case 'gauge':
      return gaugePoints(buffer, source.field, source.scale);
  }
}

/** The PromQL of every series of a chart, one per line (what "Copy PromQL" copies). */
export function chartPromql(chart: ChartDef, target: PromTarget, range: string): string {
  return chart.series.map((series) => `# ${chart.title}: ${series.label}\n${series.promql(target, range)}`).join('\n');
}
