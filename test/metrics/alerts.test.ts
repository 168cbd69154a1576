// The alert rules on a backend's samples: no server up, 5xx ratio over a window, queue held for a duration.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEFAULT_THRESHOLDS, durationText, evaluateBackendAlerts, thresholdsFrom } from '../../client/src/haproxy/metrics/alerts';
import { SeriesBuffer } from '../../client/src/haproxy/metrics/seriesBuffer';
import { COUNTER_FIELDS, SAMPLE_FIELDS, type SampleField } from '../../client/src/haproxy/metrics/sample';

type Row = [number, Partial<Record<SampleField, number>>];

function buffer(rows: Row[]): SeriesBuffer<SampleField> {
  const b = new SeriesBuffer<SampleField>(SAMPLE_FIELDS, COUNTER_FIELDS, 3_600_000, 10_000);
  for (const [t, values] of rows) b.push(t, values);
  return b;
}

const kinds = (rows: Row[], thresholds = DEFAULT_THRESHOLDS) => {
  const b = buffer(rows);
  return evaluateBackendAlerts('be', b, thresholds, b.latestTime ?? 0).map((a) => a.kind);
};

test('no server up: a backend with servers and none usable; not one without servers', () => {
  assert.deepEqual(kinds([[0, { servers: 3, usableServers: 0 }]]), ['no-server-up']);
  assert.deepEqual(kinds([[0, { servers: 3, usableServers: 1 }]]), []);
  assert.deepEqual(kinds([[0, { servers: 0, usableServers: 0 }]]), []);
  assert.deepEqual(kinds([[0, { servers: 3, usableServers: 0 }]], { ...DEFAULT_THRESHOLDS, noServerUp: false }), []);
  const b = buffer([[0, { servers: 2, usableServers: 0 }]]);
  assert.equal(evaluateBackendAlerts('be', b, DEFAULT_THRESHOLDS, 0)[0]?.message, 'no server up (0 of 2 usable)');
});

test('5xx ratio: over the threshold across the window, not on one old burst', () => {
  const healthy: Row[] = [];
  // 10 minutes at 1 sample/10 s, 100 responses per interval; a burst of 50% 5xx in the first minute only.
  for (let i = 0, responses = 0, errors = 0; i <= 60; i++) {
    healthy.push([i * 10_000, { responses, http5xx: errors, servers: 1, usableServers: 1 }]);
    responses += 100;
    errors += i < 6 ? 50 : 1;
  }
  assert.deepEqual(kinds(healthy), [], '1% 5xx over the last 5 minutes');
  const b = buffer(healthy);
  const alerts = evaluateBackendAlerts('be', b, { ...DEFAULT_THRESHOLDS, errorRatioWindowSeconds: 600 }, b.latestTime ?? 0);
  assert.deepEqual(alerts.map((a) => a.kind), ['error-ratio'], 'over 10 minutes the burst counts');
  assert.match(alerts[0]?.message ?? '', /^5xx 5\.9% of 6000 responses over the last 10m \(threshold 5\.0%\)$/);
});

test('5xx ratio: exactly at the threshold does not alert; no traffic does not alert', () => {
  assert.deepEqual(kinds([[0, { responses: 0, http5xx: 0 }], [10_000, { responses: 100, http5xx: 5 }]]), []);
  assert.deepEqual(kinds([[0, { responses: 0, http5xx: 0 }], [10_000, { responses: 100, http5xx: 6 }]]), ['error-ratio']);
  assert.deepEqual(kinds([[0, { responses: 7, http5xx: 7 }], [10_000, { responses: 7, http5xx: 7 }]]), []);
});

test('5xx ratio across a reload (counters restart from zero)', () => {
  const rows: Row[] = [[0, { responses: 1000, http5xx: 0 }], [10_000, { responses: 1100, http5xx: 0 }], [20_000, { responses: 50, http5xx: 40 }]];
  const b = buffer(rows);
  const [alert] = evaluateBackendAlerts('be', b, DEFAULT_THRESHOLDS, 20_000);
  assert.match(alert?.message ?? '', /^5xx 26\.7% of 150 responses/);
});

test('queue: above the threshold at every sample for the whole duration', () => {
  const queued = (values: number[], stepMs = 10_000): Row[] => values.map((queue, i) => [i * stepMs, { queue }]);
  assert.deepEqual(kinds(queued([1, 1, 1, 1, 1, 1, 1])), ['queue'], '60 s held');
  assert.deepEqual(kinds(queued([0, 1, 1, 1, 1, 1, 1])), [], '50 s only');
  assert.deepEqual(kinds(queued([1, 1, 1, 0, 1, 1, 1, 1])), [], 'interrupted');
  assert.deepEqual(kinds(queued([5, 5, 5, 5, 5, 5, 5]), { ...DEFAULT_THRESHOLDS, queueAbove: 5 }), [], 'not above 5');
  assert.deepEqual(kinds([[0, { queue: 2 }], [200_000, { queue: 2 }]]), [], 'a sampling gap longer than the duration breaks the run');
  assert.deepEqual(kinds([[0, { queue: 2 }]], { ...DEFAULT_THRESHOLDS, queueForSeconds: 0 }), ['queue'], 'duration 0: at once');
  const b = buffer(queued([3, 3, 3, 3, 3, 3, 4]));
  assert.equal(evaluateBackendAlerts('be', b, DEFAULT_THRESHOLDS, 60_000)[0]?.message, '4 request(s) queued, above 0 for 1m');
});

test('thresholds from settings: defaults, accepted values, and clear errors for bad ones', () => {
  assert.deepEqual(thresholdsFrom({}), { thresholds: DEFAULT_THRESHOLDS, errors: [] });
  assert.deepEqual(thresholdsFrom({ errorRatio: 0.1, queueForSeconds: 30, noServerUp: false }).thresholds, { ...DEFAULT_THRESHOLDS, errorRatio: 0.1, queueForSeconds: 30, noServerUp: false });
  const bad = thresholdsFrom({ errorRatio: 5, errorRatioWindowSeconds: 'x', noServerUp: 'yes' });
  assert.deepEqual(bad.thresholds, DEFAULT_THRESHOLDS);
  assert.deepEqual(bad.errors, ['errorRatio must be a number from 0 to 1, got 5', 'errorRatioWindowSeconds must be a number from 10 to 86400, got "x"', 'noServerUp must be true or false, got "yes"']);
  assert.equal(durationText(300), '5m');
  assert.equal(durationText(90), '90s');
});
