// The metrics of one endpoint: a SeriesBuffer per backend and server, fed with every snapshot
// the sidebar reads, kept for a time window. Objects that disappear (deleted servers, a reload
// without a backend) are forgotten once their last sample leaves the window.
import type { Snapshot } from '../endpoint';
import { evaluateBackendAlerts, type Alert, type AlertThresholds } from './alerts';
import { localPoints, type ChartDef } from './charts';
import type { Points } from './rates';
import { COUNTER_FIELDS, SAMPLE_FIELDS, forEachSample, seriesKey, type SampleField } from './sample';
import { SeriesBuffer } from './seriesBuffer';

export interface HistoryOptions {
  /** How long samples are kept (ms). */
  windowMs: number;
  /**
   * Most samples kept per object. Sampling at the refresh interval, `windowMs / interval` is
   * enough; this only bounds memory when refreshes come faster (actions, manual refresh).
   */
  maxSamples: number;
}

export interface ChartData {
  chart: ChartDef;
  series: Array<{ id: string; label: string; color: string; points: Points }>;
}

export class EndpointHistory {
  private readonly buffers = new Map<string, SeriesBuffer<SampleField>>();
  private lastTakenAt = -Infinity;

  constructor(private options: HistoryOptions) {}

  get windowMs(): number {
    return this.options.windowMs;
  }

  /** Newer window or cap: existing samples are kept (the window is applied as new ones arrive). */
  reconfigure(options: HistoryOptions): void {
    if (options.windowMs === this.options.windowMs && options.maxSamples === this.options.maxSamples) return;
    this.options = options;
    for (const [key, old] of this.buffers) this.buffers.set(key, old.resized(options.windowMs, options.maxSamples));
  }

  /** Adds one snapshot; returns false (and records nothing) when it is not newer than the last one. */
  record(snapshot: Snapshot): boolean {
    const t = snapshot.takenAt.getTime();
    if (!(t > this.lastTakenAt)) return false;
    this.lastTakenAt = t;
    forEachSample(snapshot, (key, row) => {
      let buffer = this.buffers.get(key);
      if (!buffer) this.buffers.set(key, (buffer = this.newBuffer()));
      buffer.pushRow(t, row);
    });
    for (const [key, buffer] of this.buffers) {
      buffer.dropOlderThan(t - this.options.windowMs);
      if (buffer.length === 0) this.buffers.delete(key);
    }
    return true;
  }

  backend(name: string): SeriesBuffer<SampleField> | undefined {
    return this.buffers.get(seriesKey.backend(name));
  }

  server(backend: string, name: string): SeriesBuffer<SampleField> | undefined {
    return this.buffers.get(seriesKey.server(backend, name));
  }

  /** Backends with samples, in the order they were first seen. */
  backendNames(): string[] {
    return [...this.buffers.keys()].filter((key) => key.startsWith('backend/')).map((key) => key.slice('backend/'.length));
  }

  /** Objects with samples (for memory figures and tests). */
  get size(): number {
    return this.buffers.size;
  }

  /** Bytes held by the samples. */
  get byteLength(): number {
    let total = 0;
    for (const buffer of this.buffers.values()) total += buffer.byteLength;
    return total;
  }

  /** Alerts of one backend as of its latest sample; none for a backend the latest snapshot no longer has. */
  backendAlerts(name: string, thresholds: AlertThresholds): Alert[] {
    const buffer = this.backend(name);
    if (!buffer || buffer.length === 0 || buffer.latestTime !== this.lastTakenAt) return [];
    return evaluateBackendAlerts(name, buffer, thresholds, buffer.latestTime ?? 0);
  }

  /** The charts of one backend or server, computed from its samples. */
  charts(buffer: SeriesBuffer<SampleField> | undefined, charts: readonly ChartDef[]): ChartData[] {
    return chartData(buffer, charts);
  }

  private newBuffer(): SeriesBuffer<SampleField> {
    return new SeriesBuffer<SampleField>(SAMPLE_FIELDS, COUNTER_FIELDS, this.options.windowMs, this.options.maxSamples);
  }
}

/** Charts computed from one object's samples (empty series without samples). */
export function chartData(buffer: SeriesBuffer<SampleField> | undefined, charts: readonly ChartDef[]): ChartData[] {
  return charts.map((chart) => ({
    chart,
    series: chart.series.map((series) => ({
      id: series.id,
      label: series.label,
      color: series.color,
      points: buffer ? localPoints(buffer, series.local) : { t: [], v: [] },
    })),
  }));
}
