// "Did you mean": HAProxy's own approach (src/tools.c make_word_fingerprint /
// word_fingerprint_distance, used by cfg_find_best_match): compare the words' bigram counts,
// over the symbols 0..25 = letter, 26 = digit, 27 = other, 28 = begin, 29 = end.

function symbol(ch: string): number {
  const c = ch.toLowerCase();
  if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 97;
  if (c >= '0' && c <= '9') return 26;
  return 27;
}

export function fingerprint(word: string): Map<number, number> {
  const fp = new Map<number, number>();
  let from = 28;
  for (const ch of word) {
    const to = symbol(ch);
    fp.set(32 * from + to, (fp.get(32 * from + to) ?? 0) + 1);
    from = to;
  }
  fp.set(32 * from + 29, (fp.get(32 * from + 29) ?? 0) + 1);
  return fp;
}

export function fingerprintDistance(a: Map<number, number>, b: Map<number, number>): number {
  let dist = 0;
  for (const [k, v] of a) dist += Math.abs(v - (b.get(k) ?? 0));
  for (const [k, v] of b) if (!a.has(k)) dist += v;
  return dist;
}

/**
 * fingerprint() as a flat sorted list of (bigram, count) pairs: the distance of two is then one
 * merge of short arrays (thousands of candidate names are compared after each edit).
 */
export function packedFingerprint(word: string): Int32Array {
  const fp = fingerprint(word);
  const keys = [...fp.keys()].sort((a, b) => a - b);
  const packed = new Int32Array(2 * keys.length);
  keys.forEach((k, i) => { packed[2 * i] = k; packed[2 * i + 1] = fp.get(k)!; });
  return packed;
}

/** fingerprintDistance() of two packed fingerprints. */
export function packedDistance(a: Int32Array, b: Int32Array): number {
  let dist = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { dist += Math.abs(a[i + 1] - b[j + 1]); i += 2; j += 2; }
    else if (a[i] < b[j]) { dist += a[i + 1]; i += 2; }
    else { dist += b[j + 1]; j += 2; }
  }
  for (; i < a.length; i += 2) dist += a[i + 1];
  for (; j < b.length; j += 2) dist += b[j + 1];
  return dist;
}

/**
 * The closest candidate, or undefined when nothing is close enough. Like HAProxy, a match is
 * rejected when its distance exceeds twice the length of either word.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  return suggestAll(word, candidates, 1)[0];
}

/** Up to `limit` candidates, closest first (ties keep the candidates' order). */
export function suggestAll(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const wordFp = fingerprint(word);
  const scored: Array<{ c: string; d: number }> = [];
  for (const c of candidates) {
    if (c === word) continue;
    const d = fingerprintDistance(wordFp, fingerprint(c));
    if (d > 2 * word.length || d > 2 * c.length) continue;
    scored.push({ c, d });
  }
  return scored.sort((x, y) => x.d - y.d).slice(0, limit).map((s) => s.c);
}
