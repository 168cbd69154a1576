// A Grafana dashboard (JSON model, schemaVersion 39) with the charts of the metrics view for the
// config's backends: same figures, same PromQL, over a Prometheus data source chosen on import.
import { CHARTS, type ChartDef, type Unit } from '../charts';
import type { PromTarget } from '../promql';
import type { BackendFacts } from './configFacts';

const grafanaUnits: Record<Unit, string> = { 'req/s': 'reqps', '%': 'percent', ms: 'ms', 'B/s': 'Bps', count: 'short', '/min': 'short' };

const datasource = { type: 'prometheus', uid: '${datasource}' };

/** Stable short id from the backends' names, so regenerating gives the same dashboard uid. */
function stableId(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash.toString(36);
}

function panel(id: number, chart: Pick<ChartDef, 'title' | 'description' | 'unit'>, targets: Array<{ expr: string; legend: string }>, gridPos: { x: number; y: number; w: number; h: number }): object {
  return {
    id,
    type: 'timeseries',
    title: chart.title,
    description: chart.description,
    datasource,
    gridPos,
    fieldConfig: { defaults: { unit: grafanaUnits[chart.unit], min: 0, custom: { lineWidth: 1, fillOpacity: 10, showPoints: 'never' } }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } },
    targets: targets.map((target, index) => ({ refId: String.fromCharCode(65 + index), datasource, expr: target.expr, legendFormat: target.legend, range: true })),
  };
}

export function grafanaDashboard(backends: readonly BackendFacts[], options: { jobName: string; title: string }): object {
  const names = backends.map((b) => b.name);
  const target: PromTarget = { scope: 'backend', backend: '$backend', labels: { job: options.jobName, instance: '$instance' } };
  const range = '$__rate_interval';
  const panels: object[] = [];
  CHARTS.forEach((chart, index) => {
    const gridPos = { x: (index % 2) * 12, y: Math.floor(index / 2) * 8, w: 12, h: 8 };
    panels.push(panel(index + 1, chart, chart.series.map((series) => ({ expr: series.promql(target, range), legend: series.label })), gridPos));
  });
  const serverTarget = `sum without (code) (rate(haproxy_server_http_responses_total{job="${options.jobName}",instance="$instance",proxy="$backend"}[${range}]))`;
  panels.push(panel(CHARTS.length + 1, { title: 'Responses per server', description: 'HTTP responses per second of each server of the backend', unit: 'req/s' }, [{ expr: serverTarget, legend: '{{server}}' }], { x: 0, y: Math.ceil(CHARTS.length / 2) * 8, w: 24, h: 8 }));
  return {
    uid: `haproxy-wb-${stableId(names.join('\n'))}`,
    title: options.title,
    tags: ['haproxy', 'haproxy-workbench'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '30s',
    time: { from: 'now-1h', to: 'now' },
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 },
        {
          name: 'instance',
          label: 'HAProxy',
          type: 'query',
          datasource,
          query: { query: `label_values(haproxy_process_start_time_seconds{job="${options.jobName}"}, instance)`, refId: 'instance' },
          definition: `label_values(haproxy_process_start_time_seconds{job="${options.jobName}"}, instance)`,
          refresh: 2,
          current: {},
          hide: 0,
        },
        {
          name: 'backend',
          label: 'Backend',
          type: 'custom',
          query: names.join(','),
          current: names[0] ? { text: names[0], value: names[0] } : {},
          options: names.map((name, i) => ({ text: name, value: name, selected: i === 0 })),
          hide: 0,
        },
      ],
    },
    panels,
  };
}
