// The ring buffer keeps exactly the samples of its window (and at most maxSamples), oldest first,
// whatever the sequence of pushes: checked against a plain array model with fast-check. Counters
// are kept as increases (resets counted from zero), gauges as read.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeriesBuffer } from '../../client/src/haproxy/metrics/seriesBuffer';

type Field = 'gauge' | 'counter';

function gauges(buffer: SeriesBuffer<Field>): Array<[number, number | undefined]> {
  const rows: Array<[number, number | undefined]> = [];
  for (let i = 0; i < buffer.length; i++) rows.push([buffer.time(i), buffer.value('gauge', i)]);
  return rows;
}

const newBuffer = (windowMs: number, maxSamples: number, initialCapacity?: number) => new SeriesBuffer<Field>(['gauge', 'counter'], ['counter'], windowMs, maxSamples, initialCapacity);

test('keeps samples within the window, oldest first, growing its capacity as needed', () => {
  const buffer = newBuffer(10_000, 100, 2);
  for (let t = 0; t <= 30_000; t += 1000) buffer.push(t, { gauge: t / 1000 });
  assert.equal(buffer.length, 11, 'samples from 20 s to 30 s');
  assert.equal(buffer.time(0), 20_000);
  assert.equal(buffer.latestTime, 30_000);
  assert.equal(buffer.value('gauge', 0), 20);
  assert.equal(buffer.increase('counter', 0), undefined, 'a counter never reported stays missing');
  assert.equal(buffer.indexAtOrAfter(25_500), 6);
  assert.equal(buffer.indexAtOrAfter(99_999), 11);
});

test('counters are stored as increases: none for the first sample, a reset counted from zero, a gap leaves one interval unknown', () => {
  const buffer = newBuffer(60_000, 10);
  const readings = [100, 150, 150, 20, undefined, 30, 45];
  readings.forEach((counter, i) => buffer.push(i * 1000, { counter }));
  const increases = readings.map((_, i) => buffer.increase('counter', i));
  assert.deepEqual(increases, [undefined, 50, 0, 20, undefined, undefined, 15]);
  assert.throws(() => buffer.value('counter', 0), /'counter' is a counter: read its increase\(\)/);
  assert.throws(() => buffer.increase('gauge', 0), /'gauge' is a gauge: read its value\(\)/);
});

test('refuses samples that are not newer than the latest, and non-finite times', () => {
  const buffer = newBuffer(60_000, 10);
  assert.equal(buffer.push(1000, { gauge: 1 }), true);
  assert.equal(buffer.push(1000, { gauge: 2 }), false);
  assert.equal(buffer.push(500, { gauge: 3 }), false);
  assert.equal(buffer.push(NaN, { gauge: 4 }), false);
  assert.deepEqual(gauges(buffer), [[1000, 1]]);
});

test('refuses bad construction arguments and out-of-range indexes with the reason', () => {
  assert.throws(() => newBuffer(0, 10), /windowMs must be positive/);
  assert.throws(() => newBuffer(1000, 1), /maxSamples must be an integer >= 2/);
  const buffer = newBuffer(1000, 10);
  assert.throws(() => buffer.time(0), /sample 0 out of range/);
  buffer.push(1, { gauge: 1 });
  assert.throws(() => buffer.value('other' as Field, 0), /unknown field 'other'/);
});

test('resized keeps the newest samples that fit, and counts on from the last reading', () => {
  const buffer = newBuffer(60_000, 100);
  for (let i = 0; i < 10; i++) buffer.push(i * 1000, { gauge: i, counter: i * 10 });
  const smaller = buffer.resized(5000, 4);
  assert.deepEqual(gauges(smaller), [[6000, 6], [7000, 7], [8000, 8], [9000, 9]]);
  assert.equal(smaller.increase('counter', 0), 10);
  smaller.push(10_000, { gauge: 10, counter: 130 });
  assert.equal(smaller.increase('counter', 4 - 1), 40, 'from the last reading (90) before the resize');
  assert.equal(smaller.length, 4, 'at most 4 samples');
});

test('matches a plain array model for any sequence of pushes and trims', () => {
  const step = fc.oneof(
    fc.record({ kind: fc.constant<'push'>('push'), dt: fc.integer({ min: -5, max: 3000 }), gauge: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }), add: fc.integer({ min: 0, max: 1_000_000 }), reset: fc.boolean() }),
    fc.record({ kind: fc.constant<'trim'>('trim'), back: fc.integer({ min: 0, max: 20_000 }) }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1000, max: 20_000 }), fc.integer({ min: 2, max: 40 }), fc.array(step, { maxLength: 300 }), (windowMs, maxSamples, steps) => {
      const buffer = newBuffer(windowMs, maxSamples, 2);
      let model: Array<[number, number | undefined, number | undefined]> = [];
      let now = 0;
      let counter: number | undefined;
      for (const s of steps) {
        if (s.kind === 'push') {
          const t = now + s.dt;
          const next = (s.reset ? 0 : counter ?? 0) + s.add;
          const accepted = buffer.push(t, { gauge: s.gauge, counter: next });
          const newer = model.length === 0 || t > (model[model.length - 1]?.[0] ?? -Infinity);
          assert.equal(accepted, newer);
          if (newer) {
            const increase = counter === undefined ? undefined : next >= counter ? next - counter : next;
            counter = next;
            now = t;
            model = model.filter(([time]) => time >= t - windowMs);
            model.push([t, s.gauge, increase]);
            if (model.length > maxSamples) model = model.slice(model.length - maxSamples);
          }
        } else {
          buffer.dropOlderThan(now - s.back);
          model = model.filter(([time]) => time >= now - s.back);
        }
        const actual = model.map((_, i) => [buffer.time(i), buffer.value('gauge', i), buffer.increase('counter', i)]);
        assert.equal(buffer.length, model.length);
        assert.deepEqual(actual, model);
      }
    }),
    { numRuns: 300 },
  );
});
