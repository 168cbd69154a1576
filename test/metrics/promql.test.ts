// PromQL built for a backend or server: label values escaped, label names checked, the charts'
// queries name HAProxy's exporter metrics.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { escapeLabelValue, labelNameError, rateRange, selector } from '../../client/src/haproxy/metrics/promql';
import { CHARTS, chartPromql } from '../../client/src/haproxy/metrics/charts';

test('selectors: proxy and server labels, extra labels, escaping', () => {
  assert.equal(selector({ scope: 'backend', backend: 'be_app' }), '{proxy="be_app"}');
  assert.equal(selector({ scope: 'server', backend: 'be', server: 's1', labels: { instance: 'lb1:8405' } }, { code: '5xx' }), '{proxy="be",server="s1",instance="lb1:8405",code="5xx"}');
  assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
  assert.equal(selector({ scope: 'backend', backend: 'we"ird' }), '{proxy="we\\"ird"}');
  assert.throws(() => selector({ scope: 'server', backend: 'be' }), /needs a server name/);
  assert.throws(() => selector({ scope: 'backend', backend: 'be', labels: { '1bad': 'x' } }), /prometheusLabels: '1bad' is not a Prometheus label name/);
  assert.equal(labelNameError('__name__'), "'__name__': names starting with __ are reserved by Prometheus");
  assert.equal(labelNameError('job'), undefined);
});

test('rate ranges in whole minutes or seconds', () => {
  assert.equal(rateRange(60), '1m');
  assert.equal(rateRange(90), '90s');
  assert.equal(rateRange(0.2), '1s');
});

test('every chart has a query per series for backends and servers, on haproxy_* metrics', () => {
  for (const chart of CHARTS) {
    for (const target of [{ scope: 'backend' as const, backend: 'be' }, { scope: 'server' as const, backend: 'be', server: 's1' }]) {
      const text = chartPromql(chart, target, '1m');
      const queries = text.split('\n').filter((line) => !line.startsWith('#'));
      assert.equal(queries.length, chart.series.length, chart.id);
      for (const query of queries) {
        assert.match(query, /haproxy_(backend|server)_[a-z_]+\{proxy="be"/, `${chart.id}: ${query}`);
        if (target.scope === 'server') assert.match(query, /server="s1"/, `${chart.id}: ${query}`);
      }
    }
  }
  const errors = CHARTS.find((c) => c.id === 'errorRatio');
  assert.ok(errors);
  assert.equal(
    chartPromql(errors, { scope: 'backend', backend: 'be' }, '5m'),
    '# 5xx ratio: 5xx share\n100 * sum without (code) (rate(haproxy_backend_http_responses_total{proxy="be",code="5xx"}[5m])) / sum without (code) (rate(haproxy_backend_http_responses_total{proxy="be"}[5m]))',
  );
});
