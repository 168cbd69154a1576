// Figures as text, for the chart axes, the screen-reader tables and tooltips (shared by the
// extension and the webview bundle: no Node or DOM API here).
import type { Unit } from './charts';

const byteUnits = ['B', 'kB', 'MB', 'GB', 'TB'];

/** A number with about three significant digits: 0.0123 -> 0.0123, 12.345 -> 12.3, 1234.5 -> 1235. */
export function roundForDisplay(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** `12.3 req/s`, `45 ms`, `1.2 MB/s`, `5.0 %`, `3`; `—` when there is no value. */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'B/s': {
      let scaled = value;
      let index = 0;
      while (Math.abs(scaled) >= 1000 && index < byteUnits.length - 1) {
        scaled /= 1000;
        index++;
      }
      return `${roundForDisplay(scaled)} ${byteUnits[index]}/s`;
    }
    case '%':
      return `${value.toFixed(1)} %`;
    case 'count':
      return Number.isInteger(value) ? String(value) : roundForDisplay(value);
    default:
      return `${roundForDisplay(value)} ${unit}`;
  }
}

/** The newest non-null value of a series, with its time. */
export function latestValue(points: { t: readonly number[]; v: ReadonlyArray<number | null> }): { t: number; v: number } | undefined {
  for (let i = points.v.length - 1; i >= 0; i--) {
    const v = points.v[i];
    if (v !== null && v !== undefined) return { t: points.t[i] as number, v };
  }
  return undefined;
}
