// Rates and 5xx ratios computed from successive `show stat` samples (RuntimeEndpoint.snapshot ->
// EndpointHistory) against a real HAProxy under autocannon load, compared with the counters HAProxy
// reports (read here with the harness's own socket client and CSV split) and with what the load
// generator received. be_mixed answers 5xx for exactly one request in four.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { rawCommand } from '../harness/haproxy';
import { RuntimeEndpoint } from '../../client/src/haproxy/runtime';
import { EndpointHistory } from '../../client/src/haproxy/metrics/history';
import { increaseSince, ratePoints } from '../../client/src/haproxy/metrics/rates';
import { DEFAULT_THRESHOLDS } from '../../client/src/haproxy/metrics/alerts';
import { CHARTS } from '../../client/src/haproxy/metrics/charts';
import type { CounterField, SampleField } from '../../client/src/haproxy/metrics/sample';
import type { SeriesBuffer } from '../../client/src/haproxy/metrics/seriesBuffer';
import { load, startMetricsLab, type LoadResult, type MetricsLab } from './lab';

let lab: MetricsLab;
let endpoint: RuntimeEndpoint;

before(async () => {
  lab = await startMetricsLab();
  endpoint = new RuntimeEndpoint({ target: { kind: 'unix', path: lab.haproxy.adminSocket } });
});

after(async () => {
  await endpoint?.dispose();
  await lab?.stop();
});

/** HAProxy's own counters for one row, by header name (independent of the product's parser). */
async function counters(proxy: string, name: string): Promise<Record<string, number>> {
  const text = await rawCommand(lab.haproxy.adminSocket, 'show stat');
  const [header, ...rows] = text.split('\n');
  const names = (header ?? '').replace(/^# /, '').split(',');
  const row = rows.map((line) => line.split(',')).find((cols) => cols[0] === proxy && cols[1] === name);
  if (!row) throw new Error(`${proxy}/${name} not in show stat`);
  return Object.fromEntries(names.map((column, i) => [column, Number(row[i] ?? NaN)]));
}

/**
 * Samples once, starts `work`, samples every `intervalMs` until it settles, then once more when
 * HAProxy has counted all of it; bounded by `maxSamples`.
 */
async function sampleWhile<T>(history: EndpointHistory, work: () => Promise<T>, intervalMs = 150, maxSamples = 400): Promise<T> {
  let done = false;
  history.record(await endpoint.snapshot()); // before the first request: the rates must cover them all
  const result = work().finally(() => (done = true));
  for (let i = 0; !done && i < maxSamples; i++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    history.record(await endpoint.snapshot());
  }
  const value = await result;
  await countersSettled('be_mixed');
  history.record(await endpoint.snapshot());
  return value;
}

/**
 * Waits until a backend's request and response counters stop moving (three equal reads 50 ms
 * apart, at most 3 s): HAProxy counts a response when its stream ends, which on a busy machine can
 * be a moment after the client has it. A snapshot taken before would miss those responses, and a
 * `clear counters all` right after would erase them unseen.
 */
async function countersSettled(proxy: string): Promise<void> {
  const read = async () => {
    const row = await counters(proxy, 'BACKEND');
    return ['req_tot', 'hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx', 'hrsp_other'].map((c) => row[c]).join(',');
  };
  const deadline = Date.now() + 3_000;
  let last = await read();
  let same = 0;
  while (same < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}

/** Sum over the samples of rate x interval: what the charted rates add up to. */
function rateIntegral(buffer: SeriesBuffer<SampleField>, field: CounterField): number {
  const points = ratePoints(buffer, field);
  let total = 0;
  for (let i = 1; i < points.t.length; i++) total += (points.v[i] ?? 0) * (((points.t[i] as number) - (points.t[i - 1] as number)) / 1000);
  return Math.round(total * 1e6) / 1e6;
}

const count = (result: LoadResult, status: number) => result.byStatus.get(status) ?? 0;

test('rates from show stat samples add up to the counters HAProxy reports; the 5xx ratio is the designed one in four', async (t) => {
  const history = new EndpointHistory({ windowMs: 15 * 60_000, maxSamples: 10_000 });
  const before = await counters('be_mixed', 'BACKEND');
  const serverBefore = await counters('be_mixed', 'app1');
  const result = await sampleWhile(history, () => load(`${lab.url}/mixed`, 800, { rate: 400 }));
  const afterCounters = await counters('be_mixed', 'BACKEND');
  const server = await counters('be_mixed', 'app1');

  assert.equal(result.errors, 0);
  assert.equal(result.total, 800);
  assert.equal(count(result, 500), 200, 'the load generator got one 5xx in four');
  assert.equal(afterCounters.hrsp_5xx! - before.hrsp_5xx!, 200, 'HAProxy counted them');
  assert.equal(afterCounters.req_tot! - before.req_tot!, 800);

  const buffer = history.backend('be_mixed');
  assert.ok(buffer && buffer.length >= 3, `several samples were taken during the load (${buffer?.length})`);
  const samples = buffer.length;
  const span = (buffer.time(samples - 1) - buffer.time(0)) / 1000;
  for (const [field, column] of [['requests', 'req_tot'], ['http5xx', 'hrsp_5xx'], ['http2xx', 'hrsp_2xx'], ['bytesIn', 'bin'], ['bytesOut', 'bout'], ['sessionsTotal', 'stot']] as const) {
    assert.equal(rateIntegral(buffer, field), afterCounters[column]! - before[column]!, `${field}: sum of rate x interval = HAProxy's ${column} delta`);
  }
  const errors = increaseSince(buffer, 'http5xx', 0);
  const responses = increaseSince(buffer, 'responses', 0);
  assert.deepEqual([errors?.increase, responses?.increase], [200, 800]);
  assert.equal((errors?.increase ?? 0) / (responses?.increase ?? 1), 0.25);

  const serverBuffer = history.server('be_mixed', 'app1');
  assert.ok(serverBuffer);
  assert.equal(rateIntegral(serverBuffer, 'requests'), server.req_tot! - serverBefore.req_tot!, "the server's req_tot counts its requests");
  assert.equal(rateIntegral(serverBuffer, 'http5xx'), server.hrsp_5xx! - serverBefore.hrsp_5xx!);
  assert.equal(rateIntegral(serverBuffer, 'requests'), 800);

  const alerts = history.backendAlerts('be_mixed', DEFAULT_THRESHOLDS).map((a) => a.message);
  assert.equal(alerts.length, 1);
  assert.match(alerts[0] ?? '', /^5xx 25\.0% of 800 responses over the last /);
  const times = history.charts(buffer, CHARTS).find((c) => c.chart.id === 'times');
  const rtime = times?.series.find((s) => s.id === 'rtime')?.points.v.at(-1);
  assert.equal(rtime, (await counters('be_mixed', 'BACKEND')).rtime, 'rtime charted as HAProxy reports it');
  const peak = Math.max(...ratePoints(buffer, 'requests').v.map((v) => v ?? 0));
  t.diagnostic(`be_mixed: ${samples} samples over ${span.toFixed(2)} s; computed: requests ${rateIntegral(buffer, 'requests')} (peak ${peak.toFixed(0)} req/s), 5xx ${rateIntegral(buffer, 'http5xx')}, ratio ${((errors?.increase ?? 0) / (responses?.increase ?? 1)).toFixed(4)}; HAProxy: req_tot +${afterCounters.req_tot! - before.req_tot!}, hrsp_5xx +${afterCounters.hrsp_5xx! - before.hrsp_5xx!}, bout +${afterCounters.bout! - before.bout!}; autocannon: ${count(result, 200)} x 200, ${count(result, 500)} x 500`);
});

test('after `clear counters all` (counters restart from zero) the computed increase still equals the requests sent', async (t) => {
  const history = new EndpointHistory({ windowMs: 15 * 60_000, maxSamples: 10_000 });
  const first = await sampleWhile(history, () => load(`${lab.url}/mixed`, 400));
  const cleared = await rawCommand(lab.haproxy.adminSocket, 'clear counters all');
  assert.equal(cleared.trim(), '', 'HAProxy accepted clear counters all');
  assert.equal((await counters('be_mixed', 'BACKEND')).req_tot, 0, 'the counters restarted');
  const second = await sampleWhile(history, () => load(`${lab.url}/mixed`, 400));
  const buffer = history.backend('be_mixed');
  assert.ok(buffer);
  const requests = rateIntegral(buffer, 'requests');
  const errors = increaseSince(buffer, 'http5xx', 0);
  const responses = increaseSince(buffer, 'responses', 0);
  assert.equal(requests, first.total + second.total);
  assert.equal(errors?.increase, count(first, 500) + count(second, 500));
  assert.equal(responses?.increase, 800);
  assert.equal((errors?.increase ?? 0) / (responses?.increase ?? 1), 0.25);
  assert.ok(ratePoints(buffer, 'requests').v.every((v) => v === null || v >= 0), 'no negative rate at the reset');
  t.diagnostic(`across clear counters: computed ${requests} requests / ${errors?.increase} 5xx; sent ${first.total + second.total}, 5xx received ${count(first, 500) + count(second, 500)}`);
});

test('a backend whose only server is down raises "no server up"; a healthy one raises nothing', async () => {
  const history = new EndpointHistory({ windowMs: 60_000, maxSamples: 100 });
  const deadline = Date.now() + 10_000;
  let alerts: string[] = [];
  while (Date.now() < deadline) {
    history.record(await endpoint.snapshot());
    alerts = history.backendAlerts('be_down', DEFAULT_THRESHOLDS).map((a) => a.kind);
    if (alerts.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(alerts, ['no-server-up']);
  assert.deepEqual(history.backendAlerts('be_ok', DEFAULT_THRESHOLDS), []);
  const row = await counters('be_down', 'BACKEND');
  assert.equal(row.act, 0, 'HAProxy counts no active server');
});
