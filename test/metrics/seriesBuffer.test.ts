// The ring buffer keeps exactly the samples of its window (and at most maxSamples), oldest first,
// whatever the sequence of pushes: checked against a plain array model with fast-check.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeriesBuffer } from '../../client/src/haproxy/metrics/seriesBuffer';

type Field = 'a' | 'b';

function contents(buffer: SeriesBuffer<Field>): Array<[number, number | undefined, number | undefined]> {
  const rows: Array<[number, number | undefined, number | undefined]> = [];
  for (let i = 0; i < buffer.length; i++) rows.push([buffer.time(i), buffer.value('a', i), buffer.value('b', i)]);
  return rows;
}

test('keeps samples within the window, oldest first, growing its capacity as needed', () => {
  const buffer = new SeriesBuffer<Field>(['a', 'b'], 10_000, 100, 2);
  for (let t = 0; t <= 30_000; t += 1000) buffer.push(t, { a: t / 1000, b: undefined });
  assert.equal(buffer.length, 11, 'samples from 20 s to 30 s');
  assert.equal(buffer.time(0), 20_000);
  assert.equal(buffer.latestTime, 30_000);
  assert.equal(buffer.value('a', 0), 20);
  assert.equal(buffer.value('b', 0), undefined, 'a missing value stays missing');
  assert.equal(buffer.indexAtOrAfter(25_500), 6);
  assert.equal(buffer.indexAtOrAfter(99_999), 11);
});

test('refuses samples that are not newer than the latest, and non-finite times', () => {
  const buffer = new SeriesBuffer<Field>(['a', 'b'], 60_000, 10);
  assert.equal(buffer.push(1000, { a: 1 }), true);
  assert.equal(buffer.push(1000, { a: 2 }), false);
  assert.equal(buffer.push(500, { a: 3 }), false);
  assert.equal(buffer.push(NaN, { a: 4 }), false);
  assert.deepEqual(contents(buffer), [[1000, 1, undefined]]);
});

test('refuses bad construction arguments and out-of-range indexes with the reason', () => {
  assert.throws(() => new SeriesBuffer<Field>(['a'], 0, 10), /windowMs must be positive/);
  assert.throws(() => new SeriesBuffer<Field>(['a'], 1000, 1), /maxSamples must be an integer >= 2/);
  const buffer = new SeriesBuffer<Field>(['a'], 1000, 10);
  assert.throws(() => buffer.time(0), /sample 0 out of range/);
  buffer.push(1, { a: 1 });
  assert.throws(() => buffer.value('b', 0), /unknown field 'b'/);
});

test('matches a plain array model for any sequence of pushes and trims', () => {
  const step = fc.oneof(
    fc.record({ kind: fc.constant<'push'>('push'), dt: fc.integer({ min: -5, max: 3000 }), a: fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: undefined }) }),
    fc.record({ kind: fc.constant<'trim'>('trim'), back: fc.integer({ min: 0, max: 20_000 }) }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1000, max: 20_000 }), fc.integer({ min: 2, max: 40 }), fc.array(step, { maxLength: 300 }), (windowMs, maxSamples, steps) => {
      const buffer = new SeriesBuffer<Field>(['a', 'b'], windowMs, maxSamples, 2);
      let model: Array<[number, number | undefined, number | undefined]> = [];
      let now = 0;
      for (const s of steps) {
        if (s.kind === 'push') {
          const t = now + s.dt;
          const accepted = buffer.push(t, { a: s.a, b: 7 });
          const newer = model.length === 0 || t > (model[model.length - 1]?.[0] ?? -Infinity);
          assert.equal(accepted, newer);
          if (newer) {
            now = t;
            model = model.filter(([time]) => time >= t - windowMs);
            model.push([t, s.a, 7]);
            if (model.length > maxSamples) model = model.slice(model.length - maxSamples);
          }
        } else {
          buffer.dropOlderThan(now - s.back);
          model = model.filter(([time]) => time >= now - s.back);
        }
        assert.deepEqual(contents(buffer), model);
      }
    }),
    { numRuns: 300 },
  );
});
