// History of a backend's or server's charts from Prometheus, and how it joins the samples read
// since the editor opened: Prometheus covers the time before the first local sample.
import type { ChartDef } from './charts';
import { rateRange, type PromTarget } from './promql';
import { PrometheusClient, PrometheusError, stepFor } from './prometheus';
import type { Points } from './rates';

export interface PrometheusChartHistory {
  chartId: string;
  series: Array<{ id: string; query: string; points: Points }>;
}

export interface HistoryResult {
  charts: PrometheusChartHistory[];
  /** Problems worth showing (one line each): refused queries, several HAProxies answering. */
  notes: string[];
}

/** The rate() window for a query step: four steps, at least one minute (a few scrapes at the usual 15 s). */
export function rangeForStep(stepSeconds: number): string {
  return rateRange(Math.max(60, 4 * stepSeconds));
}

/**
 * Runs every series' PromQL over [startMs, endMs]. A refused or failing query becomes a note and
 * an empty series; an unreachable Prometheus rejects (nothing else would answer either).
 */
export async function fetchChartHistory(client: PrometheusClient, target: PromTarget, charts: readonly ChartDef[], startMs: number, endMs: number): Promise<HistoryResult> {
  const step = stepFor(endMs - startMs);
  const range = rangeForStep(step);
  const notes: string[] = [];
  const jobs = charts.flatMap((chart) =>
    chart.series.map(async (series) => {
      const query = series.promql(target, range);
      try {
        const result = await client.queryRange({ query, startMs, endMs, stepSeconds: step });
        if (result.length > 1) notes.push(`${chart.title} (${series.label}): Prometheus has ${result.length} series for it (several HAProxy instances?); showing the first. Set prometheusLabels on the endpoint to pick one.`);
        return { chartId: chart.id, id: series.id, query, points: result[0]?.points ?? { t: [], v: [] } };
      } catch (error) {
        if (error instanceof PrometheusError && error.details.kind === 'unreachable') throw error;
        notes.push(`${chart.title} (${series.label}): ${(error as Error).message.split('\n')[0]}`);
        return { chartId: chart.id, id: series.id, query, points: { t: [], v: [] } };
      }
    }),
  );
  const results = await Promise.all(jobs);
  return {
    charts: charts.map((chart) => ({ chartId: chart.id, series: results.filter((r) => r.chartId === chart.id).map(({ id, query, points }) => ({ id, query, points })) })),
    notes: [...new Set(notes)],
  };
}

/**
 * Prometheus' points from before the first local sample, then the local samples: one series
 * without overlap (the local samples are finer and newer).
 */
export function joinHistory(history: Points | undefined, local: Points): Points {
  if (!history || history.t.length === 0) return local;
  const firstLocal = firstValueTime(local);
  const joined: Points = { t: [], v: [] };
  for (let i = 0; i < history.t.length; i++) {
    const t = history.t[i] as number;
    if (t >= firstLocal) break;
    joined.t.push(t);
    joined.v.push(history.v[i] ?? null);
  }
  for (let i = 0; i < local.t.length; i++) {
    const t = local.t[i] as number;
    if (t < firstLocal) continue;
    joined.t.push(t);
    joined.v.push(local.v[i] ?? null);
  }
  return joined;
}

/** Time of the first point with a value (Infinity when none). */
function firstValueTime(points: Points): number {
  return points.t.find((_, i) => points.v[i] !== null) ?? Infinity;
}

/** How many of Prometheus' points come before the local samples, i.e. are shown by joinHistory. */
export function historyPointsBefore(history: Points | undefined, local: Points): number {
  if (!history) return 0;
  const firstLocal = firstValueTime(local);
  return history.t.filter((t) => t < firstLocal).length;
}
