import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { suggest, suggestAll, fingerprint, fingerprintDistance, packedDistance, packedFingerprint } from '../../../server/src/catalog/suggest';
import { getCatalog } from '../../../server/src/catalog/catalog';

test('fingerprint distance: identical words are 0 apart, a swapped pair costs a few bigrams', () => {
  assert.equal(fingerprintDistance(fingerprint('maxconn'), fingerprint('maxconn')), 0);
  assert.ok(fingerprintDistance(fingerprint('maxconn'), fingerprint('mxaconn')) > 0);
});

test('packed fingerprints give the same distance as the maps they pack', () => {
  const word = fc.oneof(fc.string({ maxLength: 24 }), fc.stringMatching(/^[a-zA-Z_0-9.-]{0,20}$/), fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('\u212a', 'ǅ', 'İ', 'ﬀ', '\ud83d\ude00x'));
  fc.assert(fc.property(word, word, (a, b) => {
    assert.equal(packedDistance(packedFingerprint(a), packedFingerprint(b)), fingerprintDistance(fingerprint(a), fingerprint(b)));
  }), { numRuns: 5000, seed: 20261127 });
});

test('suggest picks the closest keyword and rejects far ones like HAProxy (2 x length)', () => {
  const c = getCatalog('2.6');
  assert.equal(suggest('roundrobbin', c.choices('balance')), 'roundrobin');
  assert.equal(c.suggestKeyword('frontend', 'maxcon'), 'maxconn');
  assert.equal(c.suggestKeyword('global', 'nbthreads'), 'nbthread');
  assert.equal(suggest('zzzzzzzz', ['roundrobin', 'leastconn']), undefined);
  assert.deepEqual(suggestAll('inter', ['inter', 'fastinter', 'downinter', 'rise']).slice(0, 2).sort(), ['downinter', 'fastinter']);
});
