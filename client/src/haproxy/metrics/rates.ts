// Rates and ratios from successive samples of cumulative counters.
//
// Counter resets: HAProxy's counters start again from 0 after a reload (new worker) or
// `clear counters`. A reading lower than the one before means a reset; the increase over that
// interval is then the new reading itself (counted from zero), as Prometheus' rate() does.
// SeriesBuffer stores counters as these increases (counterIncrease, when a sample is pushed).
import type { SeriesBuffer } from './seriesBuffer';
import type { CounterField, GaugeField, SampleField } from './sample';

export { counterIncrease } from './seriesBuffer';

/** A chartable series: times (ms) and values (null where there is no value). */
export interface Points {
  t: number[];
  v: Array<number | null>;
}

/** One point per sample, its value from `valueAt(i)` (null where there is none). */
function pointsOf(buffer: SeriesBuffer<SampleField>, valueAt: (i: number) => number | null): Points {
  const points: Points = { t: [], v: [] };
  for (let i = 0; i < buffer.length; i++) {
    points.t.push(buffer.time(i));
    points.v.push(valueAt(i));
  }
  return points;
}

/**
 * Per-second rate of a counter at each sample, over the interval since the sample before
 * (`scale` multiplies it: 60 for per minute). The first sample has no rate.
 */
export function ratePoints(buffer: SeriesBuffer<SampleField>, field: CounterField, scale = 1): Points {
  return pointsOf(buffer, (i) => {
    const increase = i === 0 ? undefined : buffer.increase(field, i);
    if (increase === undefined) return null;
    const seconds = (buffer.time(i) - buffer.time(i - 1)) / 1000;
    return (increase / seconds) * scale;
  });
}

/** Share of `numerator` among `denominator` at each sample, over the interval since the one before; null without traffic. */
export function ratioPoints(buffer: SeriesBuffer<SampleField>, numerator: CounterField, denominator: CounterField, scale = 1): Points {
  return pointsOf(buffer, (i) => {
    if (i === 0) return null;
    const part = buffer.increase(numerator, i);
    const whole = buffer.increase(denominator, i);
    return part === undefined || whole === undefined || whole === 0 ? null : (part / whole) * scale;
  });
}

/** A gauge as read at each sample. */
export function gaugePoints(buffer: SeriesBuffer<SampleField>, field: GaugeField, scale = 1): Points {
  return pointsOf(buffer, (i) => {
    const value = buffer.value(field, i);
    return value === undefined ? null : value * scale;
  });
}

export interface Increase {
  /** Sum of the increases between successive samples (resets handled). */
  increase: number;
  /** Time covered, from the first to the last sample used (ms). */
  spanMs: number;
}

/**
 * How much a counter grew over the samples taken at or after `fromMs` (summing each interval,
 * so a reset in between is counted from zero). Undefined with fewer than two samples.
 */
export function increaseSince(buffer: SeriesBuffer<SampleField>, field: CounterField, fromMs: number): Increase | undefined {
  const first = buffer.indexAtOrAfter(fromMs);
  if (buffer.length - first < 2) return undefined;
  let increase = 0;
  for (let i = first + 1; i < buffer.length; i++) increase += buffer.increase(field, i) ?? 0;
  return { increase, spanMs: buffer.time(buffer.length - 1) - buffer.time(first) };
}
