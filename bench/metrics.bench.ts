// Metrics store cost at scale: an endpoint with 100 backends x 10 servers sampled every 5 s for a
// 15-minute window (180 snapshots): bytes held by the samples, and the time to record a snapshot
// and evaluate every backend's alerts (what each tree refresh adds). Runs alone with
// `node --expose-gc out/bench/metrics.bench.js`; `benchMetrics()` returns the figures.
import { performance } from 'node:perf_hooks';
import type { ServerSnapshot, Snapshot } from '../client/src/haproxy/endpoint';
import { DEFAULT_THRESHOLDS } from '../client/src/haproxy/metrics/alerts';
import { MetricsStore, maxSamplesFor } from '../client/src/haproxy/metrics/store';

export interface MetricsBenchResult {
  objects: number;
  samples: number;
  /** Bytes held by the sample columns. */
  bytes: number;
  recordP50Ms: number;
  recordP95Ms: number;
}

function snapshot(t: number, backends: number, perBackend: number): Snapshot {
  const proxies: Snapshot['proxies'] = [];
  const servers: ServerSnapshot[] = [];
  const n = t / 5000;
  for (let b = 0; b < backends; b++) {
    proxies.push({ name: `be${b}`, kind: 'backend', status: 'UP', sessions: { current: 3, total: n * 50 }, queue: { current: 0 }, activeServers: perBackend, backupServers: 0, counters: { requests: n * 50, http2xx: n * 49, http4xx: 0, http5xx: n, bytesIn: n * 5000, bytesOut: n * 90_000 }, timings: { responseMs: 12, totalMs: 15 } });
    for (let s = 0; s < perBackend; s++) {
      servers.push({ backend: `be${b}`, name: `s${s}`, status: 'up', statusText: 'UP', adminState: 'ready', backup: false, sessions: { current: 1, total: n * 5 }, queue: { current: 0 }, check: { failedChecks: 0, downTransitions: 0 }, counters: { requests: n * 5, http2xx: n * 5, http5xx: 0, bytesIn: n * 500, bytesOut: n * 9000 }, timings: { responseMs: 12, totalMs: 15 } });
    }
  }
  return { takenAt: new Date(t), proxies, servers };
}

export function benchMetrics(backends = 100, perBackend = 10, samples = 180): MetricsBenchResult {
  const windowMs = 15 * 60_000;
  const store = new MetricsStore({ windowMs, maxSamples: maxSamplesFor(windowMs, 5), thresholds: DEFAULT_THRESHOLDS });
  const observer = store.observer('lb', 'bench');
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const next = snapshot((i + 1) * 5000, backends, perBackend);
    const started = performance.now();
    observer.record(next);
    for (let b = 0; b < backends; b++) observer.backendAlerts(`be${b}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const history = store.history('lb');
  return {
    objects: history?.size ?? 0,
    samples,
    bytes: history?.byteLength ?? 0,
    recordP50Ms: times[Math.floor(times.length / 2)] ?? NaN,
    recordP95Ms: times[Math.floor(times.length * 0.95)] ?? NaN,
  };
}

if (require.main === module) {
  const r = benchMetrics();
  console.log(`metrics store: ${r.objects} objects x ${r.samples} samples: ${(r.bytes / 1e6).toFixed(1)} MB of samples; record + alerts per snapshot p50 ${r.recordP50Ms.toFixed(2)} ms, p95 ${r.recordP95Ms.toFixed(2)} ms`);
}
