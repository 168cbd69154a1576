// Alert rules on a backend's samples, the ones operators commonly page on:
// - no server up: the backend has servers and none is UP with a non-zero weight;
// - 5xx ratio: 5xx responses over `errorRatio` of all responses, over the last `errorRatioWindowSeconds`;
// - queue: more than `queueAbove` requests queued at every sample of the last `queueForSeconds`.
// The same rules, as Prometheus alerting rules, are written by the monitoring-file generator.
import { increaseSince } from './rates';
import type { SampleField } from './sample';
import type { SeriesBuffer } from './seriesBuffer';

export interface AlertThresholds {
  /** Raise "no server up" (default true). */
  noServerUp: boolean;
  /** Share of 5xx, 0..1 (default 0.05). */
  errorRatio: number;
  /** Window of the 5xx ratio in seconds (default 300). */
  errorRatioWindowSeconds: number;
  /** Queue length that must be exceeded (default 0). */
  queueAbove: number;
  /** How long the queue must stay above it, in seconds (default 60). */
  queueForSeconds: number;
}

export const DEFAULT_THRESHOLDS: Readonly<AlertThresholds> = Object.freeze({
  noServerUp: true,
  errorRatio: 0.05,
  errorRatioWindowSeconds: 300,
  queueAbove: 0,
  queueForSeconds: 60,
});

export type AlertKind = 'no-server-up' | 'error-ratio' | 'queue';

export interface Alert {
  kind: AlertKind;
  backend: string;
  /** One line for the tree's tooltip and the status bar, e.g. `5xx 12.0% of 250 responses over the last 5m`. */
  message: string;
}

/** Reads thresholds from settings-like input: numbers out of range get a clear error. */
export function thresholdsFrom(raw: Partial<Record<keyof AlertThresholds, unknown>>): { thresholds: AlertThresholds; errors: string[] } {
  const thresholds: AlertThresholds = { ...DEFAULT_THRESHOLDS };
  const errors: string[] = [];
  const number = (key: Exclude<keyof AlertThresholds, 'noServerUp'>, min: number, max: number): void => {
    const value = raw[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) errors.push(`${key} must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    else thresholds[key] = value;
  };
  number('errorRatio', 0, 1);
  number('errorRatioWindowSeconds', 10, 86_400);
  number('queueAbove', 0, 1_000_000);
  number('queueForSeconds', 0, 86_400);
  if (raw.noServerUp !== undefined) {
    if (typeof raw.noServerUp !== 'boolean') errors.push(`noServerUp must be true or false, got ${JSON.stringify(raw.noServerUp)}`);
    else thresholds.noServerUp = raw.noServerUp;
  }
  return { thresholds, errors };
}

/** `300` -> `5m`, `90` -> `90s`. */
export function durationText(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** Evaluates the rules on a backend's samples (newest last); `now` is the time of the evaluation (ms). */
export function evaluateBackendAlerts(backend: string, buffer: SeriesBuffer<SampleField>, thresholds: AlertThresholds, now: number): Alert[] {
  const alerts: Alert[] = [];
  const last = buffer.length - 1;
  if (last < 0) return alerts;
  const servers = buffer.value('servers', last) ?? 0;
  if (thresholds.noServerUp && servers > 0 && buffer.value('usableServers', last) === 0) {
    alerts.push({ kind: 'no-server-up', backend, message: `no server up (0 of ${servers} usable)` });
  }
  const errorAlert = errorRatioAlert(backend, buffer, thresholds, now);
  if (errorAlert) alerts.push(errorAlert);
  const queueAlert = queueingAlert(backend, buffer, thresholds);
  if (queueAlert) alerts.push(queueAlert);
  return alerts;
}

function errorRatioAlert(backend: string, buffer: SeriesBuffer<SampleField>, thresholds: AlertThresholds, now: number): Alert | undefined {
  const from = now - thresholds.errorRatioWindowSeconds * 1000;
  const errors = increaseSince(buffer, 'http5xx', from);
  const all = increaseSince(buffer, 'responses', from);
  if (!errors || !all || all.increase === 0) return undefined;
  const ratio = errors.increase / all.increase;
  if (ratio <= thresholds.errorRatio) return undefined;
  const over = Math.round(all.spanMs / 1000);
  return {
    kind: 'error-ratio',
    backend,
    message: `5xx ${(ratio * 100).toFixed(1)}% of ${all.increase} responses over the last ${durationText(Math.min(over, thresholds.errorRatioWindowSeconds))} (threshold ${(thresholds.errorRatio * 100).toFixed(1)}%)`,
  };
}

/**
 * The queue has stayed above the threshold at every sample for `queueForSeconds`: walks back from
 * the newest sample while the queue is above it. A gap longer than the duration itself (sampling
 * paused while the views were hidden) breaks the run: nothing is known about that time.
 */
function queueingAlert(backend: string, buffer: SeriesBuffer<SampleField>, thresholds: AlertThresholds): Alert | undefined {
  const last = buffer.length - 1;
  const above = (i: number): boolean => (buffer.value('queue', i) ?? 0) > thresholds.queueAbove;
  if (!above(last)) return undefined;
  const forMs = thresholds.queueForSeconds * 1000;
  let first = last;
  while (first > 0 && above(first - 1) && buffer.time(first) - buffer.time(first - 1) <= Math.max(forMs, 1000)) first--;
  const heldMs = buffer.time(last) - buffer.time(first);
  if (heldMs < forMs) return undefined;
  return {
    kind: 'queue',
    backend,
    message: `${buffer.value('queue', last)} request(s) queued, above ${thresholds.queueAbove} for ${durationText(Math.round(heldMs / 1000))}`,
  };
}
