// The webview's data: series aligned on one time axis, Prometheus history before the samples,
// current values as text, Copy PromQL text, and the webview's messages checked as untrusted input.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { alignPoints, buildViewModel, parseWebviewMessage } from '../../client/src/haproxy/metrics/viewModel';
import { CHARTS } from '../../client/src/haproxy/metrics/charts';
import { EndpointHistory } from '../../client/src/haproxy/metrics/history';
import { formatValue } from '../../client/src/haproxy/metrics/format';
import type { Snapshot } from '../../client/src/haproxy/endpoint';

function snapshot(t: number, requests: number, http5xx: number, rtime: number): Snapshot {
  return {
    takenAt: new Date(t),
    proxies: [{ name: 'be', kind: 'backend', status: 'UP', sessions: { current: 2, total: requests }, queue: { current: 0 }, activeServers: 1, backupServers: 0, counters: { requests, http2xx: requests - http5xx, http5xx, bytesOut: requests * 100 }, timings: { responseMs: rtime, totalMs: rtime + 1 } }],
    servers: [{ backend: 'be', name: 's1', status: 'up', statusText: 'UP', adminState: 'ready', backup: false, sessions: {}, queue: {}, check: { failedChecks: 0, downTransitions: 0 }, counters: {} }],
  };
}

test('series on one time axis: union of the times, null where a series has no point', () => {
  assert.deepEqual(alignPoints([{ t: [1000, 3000], v: [1, 3] }, { t: [2000, 3000], v: [20, 30] }]), { x: [1, 2, 3], values: [[1, null, 3], [null, 20, 30]] });
});

test('view model: charts from samples, Prometheus history first, latest values as text, PromQL to copy', () => {
  const history = new EndpointHistory({ windowMs: 600_000, maxSamples: 100 });
  history.record(snapshot(100_000, 0, 0, 10));
  history.record(snapshot(110_000, 100, 10, 12));
  history.record(snapshot(120_000, 300, 20, 14));
  const model = buildViewModel({
    title: 'Backend be',
    subtitle: 'lab',
    target: { scope: 'backend', backend: 'be', labels: { job: 'haproxy' } },
    charts: history.charts(history.backend('be'), CHARTS),
    prometheus: [{ chartId: 'requests', series: [{ id: 'requests', query: 'q', points: { t: [40_000, 70_000, 100_000], v: [5, 6, 7] } }] }],
    alerts: [{ kind: 'error-ratio', backend: 'be', message: '5xx 6.7% of 300 responses over the last 20s (threshold 5.0%)' }],
    notes: [],
    copyRange: '1m',
  });
  const requests = model.charts.find((c) => c.id === 'requests');
  assert.ok(requests);
  assert.equal(requests.source, 'samples+prometheus');
  assert.deepEqual(requests.x, [40, 70, 100, 110, 120], 'Prometheus up to the first sample with a rate, then samples');
  assert.deepEqual(requests.series[0]?.values, [5, 6, 7, 10, 20]);
  assert.equal(requests.series[0]?.latest, '20.0 req/s');
  assert.equal(requests.promql, 'rate(haproxy_backend_http_requests_total{proxy="be",job="haproxy"}[1m])');
  const ratio = model.charts.find((c) => c.id === 'errorRatio');
  assert.deepEqual(ratio?.series[0]?.values, [null, 10, 5]);
  assert.equal(ratio?.series[0]?.latest, '5.0 %');
  const times = model.charts.find((c) => c.id === 'times');
  assert.deepEqual(times?.series.map((s) => s.latest), ['14.0 ms', '15.0 ms']);
  assert.match(model.charts.find((c) => c.id === 'responses')?.promql ?? '', /^# Responses by class: 2xx\nrate\(haproxy_backend_http_responses_total\{proxy="be",job="haproxy",code="2xx"\}\[1m\]\)\n# Responses by class: 4xx/);
  assert.equal(model.charts.find((c) => c.id === 'queue')?.series[0]?.latest, '0');
  assert.deepEqual(model.alerts, ['5xx 6.7% of 300 responses over the last 20s (threshold 5.0%)']);
  assert.equal(model.updatedAt, 120_000);
});

test('values as text', () => {
  assert.equal(formatValue(1_234_567, 'B/s'), '1.23 MB/s');
  assert.equal(formatValue(0.004, 'req/s'), '0.0040 req/s');
  assert.equal(formatValue(null, 'ms'), '—');
  assert.equal(formatValue(3, 'count'), '3');
  assert.equal(formatValue(2.5, '/min'), '2.50 /min');
});

test('messages from the webview are checked', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'copyPromql', chartId: 'queue' }), { type: 'copyPromql', chartId: 'queue' });
  assert.equal(parseWebviewMessage({ type: 'copyPromql', chartId: 3 }), undefined);
  assert.equal(parseWebviewMessage({ type: 'run', command: 'x' }), undefined);
  assert.equal(parseWebviewMessage('ready'), undefined);
  assert.equal((parseWebviewMessage({ type: 'error', message: 'x'.repeat(5000) }) as { message: string }).message.length, 2000);
});
