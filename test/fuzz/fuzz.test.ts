// A fixed-seed slice of the fuzzer in `npm test` (a few seconds): random token streams, corpus
// mutations and random text through the LanguageService and every feature. The long run is
// `npm run fuzz` (test/fuzz/run.ts). On failure fast-check prints the seed and path to replay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { corpusMutation, fuzzCase, randomText, tokenStream } from './inputs';
import { exerciseCase, FuzzStats } from './exercise';

const SEED = 8_2024;
/** Hang detection for the slice (a loaded CI machine must not make it flaky); `npm run fuzz` uses 2 s. */
const HANG_BOUND_MS = 5000;

test('fuzz slice (fixed seed): no exception, bounded time, well-formed results, formatting keeps meaning, incremental = fresh', () => {
  const stats = new FuzzStats();
  fc.assert(fc.property(fuzzCase, (input) => exerciseCase(input, stats, HANG_BOUND_MS)), { seed: SEED, numRuns: 300 });
  console.log(`fuzz slice (seed ${SEED}): ${stats.summary()}`);
  assert.equal(stats.inputs, 300);
});

test('the generators produce what they claim: vocabulary-rich streams, mutated corpus files, random bytes', () => {
  const streams = fc.sample(tokenStream, { seed: SEED, numRuns: 50 });
  assert.ok(streams.some((s) => /^(backend|frontend|global|defaults|listen)\b/m.test(s.text)), 'section headers appear');
  assert.ok(streams.some((s) => /^\.if\b/m.test(s.text)), '.if lines appear');
  assert.ok(streams.some((s) => s.text.includes('\r\n')), 'CRLF appears');
  const mutated = fc.sample(corpusMutation, { seed: SEED, numRuns: 50 });
  assert.ok(mutated.every((m) => /^(valid|invalid)\/.+\.cfg with /.test(m.origin)));
  for (const kind of ['delete line', 'duplicate line', 'swap lines', 'random bytes', 'unbalanced', "stray '.if", 'cut the file']) {
    assert.ok(mutated.some((m) => m.origin.includes(kind)), `mutation '${kind}' is generated`);
  }
  assert.ok(fc.sample(randomText, { seed: SEED, numRuns: 50 }).some((r) => /[\0-\x08\x80-\uffff]/.test(r.text)), 'random text has control and non-ASCII characters');
});
