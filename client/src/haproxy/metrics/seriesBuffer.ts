// The samples of one backend or server over a time window, stored by column: one Float64Array
// per field, used as a ring. A thousand servers sampled every 5 s for 15 minutes stay at a few
// MB (an object per sample would cost ten times that). Missing values are stored as NaN.

export class SeriesBuffer<F extends string> {
  private times: Float64Array;
  private columns: Map<F, Float64Array>;
  /** Index of the oldest sample in the ring, and how many samples it holds. */
  private head = 0;
  private count = 0;

  /**
   * @param windowMs samples older than `latest - windowMs` are dropped as new ones arrive
   * @param maxSamples hard cap: when full, the oldest sample is overwritten (capacity grows by doubling up to it)
   */
  constructor(readonly fields: readonly F[], readonly windowMs: number, readonly maxSamples: number, initialCapacity = 8) {
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
    if (!Number.isInteger(maxSamples) || maxSamples < 2) throw new RangeError(`maxSamples must be an integer >= 2, got ${maxSamples}`);
    const capacity = Math.min(Math.max(2, initialCapacity), maxSamples);
    this.times = new Float64Array(capacity);
    this.columns = new Map(fields.map((field) => [field, new Float64Array(capacity)]));
  }

  get length(): number {
    return this.count;
  }

  /** Time (ms) of the newest sample, undefined when empty. */
  get latestTime(): number | undefined {
    return this.count === 0 ? undefined : this.time(this.count - 1);
  }

  /**
   * Appends a sample taken at `t` (ms). A sample not newer than the latest one is refused
   * (returns false): rates need strictly increasing times.
   */
  push(t: number, values: Partial<Record<F, number | undefined>>): boolean {
    if (!Number.isFinite(t)) return false;
    const latest = this.latestTime;
    if (latest !== undefined && t <= latest) return false;
    this.dropOlderThan(t - this.windowMs);
    if (this.count === this.times.length) {
      if (this.times.length < this.maxSamples) this.grow();
      else {
        this.head = (this.head + 1) % this.times.length;
        this.count--;
      }
    }
    const slot = (this.head + this.count) % this.times.length;
    this.times[slot] = t;
    for (const [field, column] of this.columns) {
      const value = values[field];
      column[slot] = value === undefined || !Number.isFinite(value) ? NaN : value;
    }
    this.count++;
    return true;
  }

  /** Drops samples taken before `t` (ms). */
  dropOlderThan(t: number): void {
    while (this.count > 0 && (this.times[this.head] as number) < t) {
      this.head = (this.head + 1) % this.times.length;
      this.count--;
    }
    if (this.count === 0) this.head = 0;
  }

  /** Time of the i-th sample, oldest first. */
  time(i: number): number {
    return this.times[this.slot(i)] as number;
  }

  /** Value of `field` in the i-th sample, undefined when HAProxy did not report it. */
  value(field: F, i: number): number | undefined {
    const column = this.columns.get(field);
    if (!column) throw new RangeError(`unknown field '${field}'`);
    const value = column[this.slot(i)] as number;
    return Number.isNaN(value) ? undefined : value;
  }

  /** Index of the first sample taken at or after `t`; `length` when none. */
  indexAtOrAfter(t: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.time(mid) < t) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private slot(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`sample ${i} out of range 0..${this.count - 1}`);
    return (this.head + i) % this.times.length;
  }

  /** Doubles the capacity, unrolling the ring so the oldest sample is at 0. */
  private grow(): void {
    const capacity = Math.min(this.times.length * 2, this.maxSamples);
    const unroll = (source: Float64Array): Float64Array => {
      const target = new Float64Array(capacity);
      for (let i = 0; i < this.count; i++) target[i] = source[(this.head + i) % source.length] as number;
      return target;
    };
    this.times = unroll(this.times);
    for (const [field, column] of this.columns) this.columns.set(field, unroll(column));
    this.head = 0;
  }
}
