// Debian's Prometheus on 127.0.0.1 scraping the real HAProxy's built-in exporter, configured with
// the generated prometheus.yml and alert rules: the chart history queries (the same PromQL the
// metrics view and "Copy PromQL" use) return the series the charts draw, the exporter's counters
// equal show stat's, and the generated alerts fire on the lab's broken backends.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { freePort, rawCommand } from '../harness/haproxy';
import { CHARTS } from '../../client/src/haproxy/metrics/charts';
import { DEFAULT_THRESHOLDS } from '../../client/src/haproxy/metrics/alerts';
import { PrometheusClient, PrometheusError } from '../../client/src/haproxy/metrics/prometheus';
import { fetchChartHistory, joinHistory } from '../../client/src/haproxy/metrics/prometheusHistory';
import { generateMonitoringFiles } from '../../client/src/haproxy/metrics/monitoring/generate';
import { latestValue } from '../../client/src/haproxy/metrics/format';
import { load, startMetricsLab, type MetricsLab } from './lab';
import { startPrometheus, type PrometheusServer } from './prometheusServer';

let lab: MetricsLab;
let prometheus: PrometheusServer;
let client: PrometheusClient;
let loadStartedAt = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls an instant query until `accept` holds for its result; bounded. */
async function until<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe().catch(() => undefined);
    if (last !== undefined && accept(last)) return last;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}\n${prometheus?.log() ?? ''}`);
}

async function showStat(proxy: string, name: string): Promise<Record<string, number>> {
  const [header, ...rows] = (await rawCommand(lab.haproxy.adminSocket, 'show stat')).split('\n');
  const names = (header ?? '').replace(/^# /, '').split(',');
  const row = rows.map((line) => line.split(',')).find((cols) => cols[0] === proxy && cols[1] === name);
  if (!row) throw new Error(`${proxy}/${name} not in show stat`);
  return Object.fromEntries(names.map((column, i) => [column, Number(row[i] ?? NaN)]));
}

before(async () => {
  lab = await startMetricsLab({ exporter: true });
  const generated = generateMonitoringFiles(readFileSync(lab.haproxy.configPath, 'utf8'), { hosts: [], thresholds: DEFAULT_THRESHOLDS, scrapeInterval: '1s', sourceName: 'lab haproxy.cfg' });
  assert.deepEqual(generated.notes, [], 'the lab config serves the exporter and every backend has servers');
  prometheus = await startPrometheus(Object.fromEntries(generated.files.map((f) => [f.name, f.content])));
  client = new PrometheusClient(prometheus.url);
  // A first scrape before the traffic, so rates start from HAProxy's zero.
  await until('a first scrape of be_mixed', () => client.query('haproxy_backend_http_requests_total{proxy="be_mixed"}'), (r) => r.length === 1);
  loadStartedAt = Date.now();
  const result = await load(`${lab.url}/mixed`, 800, { rate: 400 });
  assert.equal(result.total, 800);
  await until('a scrape after the load', () => client.query('haproxy_backend_http_requests_total{proxy="be_mixed"}'), (r) => r[0]?.value === 800);
});

after(async () => {
  await prometheus?.stop();
  await lab?.stop();
});

test("the exporter's counters scraped by Prometheus equal show stat's", async () => {
  const stat = await showStat('be_mixed', 'BACKEND');
  const byCode = await client.query('haproxy_backend_http_responses_total{proxy="be_mixed"}');
  const code = (c: string) => byCode.find((s) => s.labels.code === c)?.value;
  assert.equal(code('5xx'), stat.hrsp_5xx);
  assert.equal(code('2xx'), stat.hrsp_2xx);
  assert.deepEqual([code('5xx'), code('2xx')], [200, 600]);
  const [bytes] = await client.query('haproxy_backend_bytes_out_total{proxy="be_mixed"}');
  assert.equal(bytes?.value, stat.bout);
});

test('the history queries return every series the charts use, for a backend and a server', async (t) => {
  const end = Date.now();
  const start = loadStartedAt - 5000;
  for (const target of [{ scope: 'backend' as const, backend: 'be_mixed', labels: { job: 'haproxy' } }, { scope: 'server' as const, backend: 'be_mixed', server: 'app1', labels: { job: 'haproxy' } }]) {
    const history = await fetchChartHistory(client, target, CHARTS, start, end);
    assert.deepEqual(history.notes, [], `${target.scope}: no query refused`);
    for (const chart of CHARTS) {
      const got = history.charts.find((c) => c.chartId === chart.id);
      assert.deepEqual(got?.series.map((s) => s.id), chart.series.map((s) => s.id), chart.id);
      for (const series of got?.series ?? []) assert.ok(series.points.t.length > 0, `${target.scope} ${chart.id}/${series.id}: points from Prometheus for ${series.query}`);
    }
    const ratio = latestValue(history.charts.find((c) => c.chartId === 'errorRatio')?.series[0]?.points ?? { t: [], v: [] });
    assert.ok(ratio && Math.abs(ratio.v - 25) < 1e-9, `${target.scope}: 5xx share from Prometheus is 25% (got ${ratio?.v})`);
    const requests = history.charts.find((c) => c.chartId === 'requests')?.series[0]?.points;
    const peak = Math.max(...(requests?.v ?? []).map((v) => v ?? 0));
    assert.ok(peak > 0, `${target.scope}: a request rate was charted`);
    t.diagnostic(`${target.scope}: ${requests?.t.length} points per series from Prometheus; 5xx share ${ratio?.v}%; peak request rate over rate()[1m] ${peak.toFixed(1)} req/s`);
  }
});

test('the generated alert rules fire in Prometheus for the backend without server and the one with 25% 5xx', async () => {
  const firing = await until(
    'the two alerts to fire',
    () => client.query('ALERTS{alertstate="firing"}'),
    (r) => r.some((a) => a.labels.alertname === 'HAProxyBackendNoServerUp') && r.some((a) => a.labels.alertname === 'HAProxyBackendHigh5xxRatio'),
  );
  const alerts = firing.map((a) => `${a.labels.alertname} ${a.labels.proxy}`).sort();
  assert.deepEqual(alerts, ['HAProxyBackendHigh5xxRatio be_mixed', 'HAProxyBackendNoServerUp be_down']);
});

test('Prometheus errors say what went wrong: a refused query, an unreachable server, a bad URL', async () => {
  await assert.rejects(client.queryRange({ query: 'rate(haproxy_backend_http_requests_total[', startMs: Date.now() - 60_000, endMs: Date.now(), stepSeconds: 5 }), (error: unknown) => {
    assert.ok(error instanceof PrometheusError);
    assert.equal(error.details.kind, 'refused');
    assert.equal(error.details.errorType, 'bad_data');
    assert.match(error.message, /^Prometheus refused the query: bad_data: /);
    return true;
  });
  const closed = new PrometheusClient(`http://127.0.0.1:${await freePort()}`, { timeoutMs: 2000 });
  await assert.rejects(closed.query('up'), (error: unknown) => error instanceof PrometheusError && error.details.kind === 'unreachable' && /unreachable: ECONNREFUSED/.test(error.message));
  assert.throws(() => new PrometheusClient('http://user:pw@prom:9090'), /credentials in the URL are not supported/);
  assert.throws(() => new PrometheusClient('ftp://prom'), /must start with http:\/\/ or https:\/\//);
  await assert.rejects(client.queryRange({ query: 'up', startMs: 10, endMs: 5, stepSeconds: 1 }), /end must be after its start/);
});

test('Prometheus history fills the time before the first local sample', () => {
  const history = { t: [1000, 2000, 3000, 4000], v: [1, 2, 3, 4] };
  const local = { t: [2500, 3500, 4500], v: [null, 30, 40] };
  assert.deepEqual(joinHistory(history, local), { t: [1000, 2000, 3000, 3500, 4500], v: [1, 2, 3, 30, 40] });
  assert.deepEqual(joinHistory(undefined, local), local);
});
