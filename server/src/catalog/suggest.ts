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
  const bigrams: number[] = [];
  let from = 28;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    let to: number;
    if (code >= 97 && code <= 122) to = code - 97;
    else if (code >= 65 && code <= 90) to = code - 65;
    else if (code >= 48 && code <= 57) to = 26;
    else if (code < 128) to = 27;
    else { // beyond ASCII, as fingerprint() reads it: by code point, lower-cased
      const ch = String.fromCodePoint(word.codePointAt(i)!);
      if (ch.length === 2) i++;
      to = symbol(ch);
    }
    bigrams.push(32 * from + to);
    from = to;
  }
  bigrams.push(32 * from + 29);
  bigrams.sort((a, b) => a - b);
  let distinct = 0;
  for (let i = 0; i < bigrams.length; i++) if (i === 0 || bigrams[i] !== bigrams[i - 1]) distinct++;
  const packed = new Int32Array(2 * distinct);
  let at = -2;
  for (let i = 0; i < bigrams.length; i++) {
    if (i === 0 || bigrams[i] !== bigrams[i - 1]) { at += 2; packed[at] = bigrams[i]; }
    packed[at + 1]++;
  }
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
