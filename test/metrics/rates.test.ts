// Rates from successive counter readings, with HAProxy's counter resets (reload, clear counters).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeriesBuffer } from '../../client/src/haproxy/metrics/seriesBuffer';
import { COUNTER_FIELDS, SAMPLE_FIELDS, type SampleField } from '../../client/src/haproxy/metrics/sample';
import { counterIncrease, gaugePoints, increaseSince, ratePoints, ratioPoints } from '../../client/src/haproxy/metrics/rates';

function buffer(rows: Array<[number, Partial<Record<SampleField, number>>]>): SeriesBuffer<SampleField> {
  const b = new SeriesBuffer<SampleField>(SAMPLE_FIELDS, COUNTER_FIELDS, 3_600_000, 10_000);
  for (const [t, values] of rows) b.push(t, values);
  return b;
}

test('a counter that went down restarted from zero: its increase is the new reading', () => {
  assert.equal(counterIncrease(100, 160), 60);
  assert.equal(counterIncrease(160, 25), 25);
  assert.equal(counterIncrease(undefined, 25), undefined);
  assert.equal(counterIncrease(5, undefined), undefined);
});

test('per-second rates between samples, across a reset', () => {
  const b = buffer([
    [0, { requests: 100 }],
    [5000, { requests: 150 }],
    [10_000, { requests: 20 }], // reload: the new worker counted 20 in the interval
    [12_000, { requests: 60 }],
  ]);
  assert.deepEqual(ratePoints(b, 'requests'), { t: [0, 5000, 10_000, 12_000], v: [null, 10, 4, 20] });
  assert.deepEqual(ratePoints(b, 'requests', 60).v, [null, 600, 240, 1200]);
});

test('the 5xx share of each interval; none without traffic', () => {
  const b = buffer([
    [0, { http5xx: 0, responses: 0 }],
    [1000, { http5xx: 5, responses: 20 }],
    [2000, { http5xx: 5, responses: 20 }],
    [3000, { http5xx: 2, responses: 4 }],
  ]);
  assert.deepEqual(ratioPoints(b, 'http5xx', 'responses', 100).v, [null, 25, null, 50]);
});

test('gauges as read, missing ones as null', () => {
  const b = buffer([[0, { queue: 3 }], [1000, {}], [2000, { queue: 0 }]]);
  assert.deepEqual(gaugePoints(b, 'queue').v, [3, null, 0]);
});

test('the increase over a window is the true number of events, whatever the resets', () => {
  // Events happen; at random points the counter restarts from 0 (as after a reload); sampled at random times.
  // A reset can only be seen when the next reading is lower than the last one (as in Prometheus):
  // the generator resets only then.
  const intervals = fc.array(fc.record({ events: fc.integer({ min: 0, max: 1000 }), reset: fc.boolean(), gap: fc.integer({ min: 1, max: 10_000 }) }), { minLength: 1, maxLength: 60 });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), intervals, (start, steps) => {
      const rows: Array<[number, Partial<Record<SampleField, number>>]> = [[0, { requests: start }]];
      let counter = start;
      let t = 0;
      let events = 0;
      for (const step of steps) {
        counter = (step.reset && step.events < counter ? 0 : counter) + step.events;
        t += step.gap;
        events += step.events;
        rows.push([t, { requests: counter }]);
      }
      const b = buffer(rows);
      const result = increaseSince(b, 'requests', 0);
      assert.deepEqual(result, { increase: events, spanMs: t });
      const rates = ratePoints(b, 'requests');
      const integral = rates.v.reduce<number>((sum, v, i) => sum + (i === 0 ? 0 : (v as number) * ((rates.t[i] as number) - (rates.t[i - 1] as number)) / 1000), 0);
      assert.ok(Math.abs(integral - events) < 1e-6 * Math.max(1, events), `rate integral ${integral} = ${events} events`);
    }),
    { numRuns: 300 },
  );
});

test('increaseSince needs two samples in the window', () => {
  const b = buffer([[0, { requests: 1 }], [1000, { requests: 2 }]]);
  assert.equal(increaseSince(b, 'requests', 500), undefined);
  assert.deepEqual(increaseSince(b, 'requests', 0), { increase: 1, spanMs: 1000 });
});
