// Ordered-list diff (longest common subsequence) for position-keyed objects: ACLs, rules, and
// the plain lines of a section. Common prefix and suffix are trimmed first; a middle too large
// for the quadratic table is treated as replaced wholesale (still correct, just less minimal).

export interface ListDiff {
  /** Indexes in the old list that go away, ascending. */
  removed: number[];
  /** Indexes in the new list that are new, ascending. */
  added: number[];
}

const MAX_TABLE_CELLS = 4_000_000;

export function diffLists(before: readonly string[], after: readonly string[]): ListDiff {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const n = endBefore - start;
  const m = endAfter - start;
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  if (n === 0 || m === 0 || n * m > MAX_TABLE_CELLS) return { removed: range(start, endBefore), added: range(start, endAfter) };
  // lengths[i][j]: LCS length of before[start+i..] and after[start+j..], in one flat array.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        before[start + i] === after[start + j]
          ? (lengths[(i + 1) * width + j + 1] as number) + 1
          : Math.max(lengths[(i + 1) * width + j] as number, lengths[i * width + j + 1] as number);
    }
  }
  const removed: number[] = [];
  const added: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[start + i] === after[start + j]) {
      i++;
      j++;
    } else if ((lengths[(i + 1) * width + j] as number) >= (lengths[i * width + j + 1] as number)) {
      removed.push(start + i++);
    } else {
      added.push(start + j++);
    }
  }
  while (i < n) removed.push(start + i++);
  while (j < m) added.push(start + j++);
  return { removed, added };
}
