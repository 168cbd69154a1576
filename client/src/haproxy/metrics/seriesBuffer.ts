// The samples of one backend or server over a time window, stored by column and used as a ring.
//
// Counters are stored as their increase since the previous sample (a reading lower than the one
// before means HAProxy restarted the counter, after a reload or `clear counters`: the increase is
// then the new reading, counted from zero, as Prometheus' rate() does); gauges as read. Both fit
// a Float32Array: an increase over one refresh interval or a gauge is far below 2^24, where float32
// stops being exact, and a relative error of 1e-7 beyond that is invisible on a chart. Times stay
// float64. 1,100 backends and servers sampled every 5 s for 15 minutes hold 16 MB (bench/metrics.bench.ts).

export class SeriesBuffer<F extends string> {
  private times: Float64Array;
  private columns: Float32Array[];
  /** Last absolute reading of each counter (NaN when the last sample had none). */
  private readonly lastReading: Float64Array;
  private readonly fieldIndex: Map<F, number>;
  private readonly isCounter: boolean[];
  /** Index of the oldest sample in the ring, and how many samples it holds. */
  private head = 0;
  private count = 0;

  /**
   * @param counters the fields that are cumulative counters (the others are gauges)
   * @param windowMs samples older than `latest - windowMs` are dropped as new ones arrive
   * @param maxSamples hard cap: when full, the oldest sample is overwritten (capacity grows up to it)
   */
  constructor(readonly fields: readonly F[], counters: readonly F[], readonly windowMs: number, readonly maxSamples: number, initialCapacity = 8) {
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
    if (!Number.isInteger(maxSamples) || maxSamples < 2) throw new RangeError(`maxSamples must be an integer >= 2, got ${maxSamples}`);
    const capacity = Math.min(Math.max(2, initialCapacity), maxSamples);
    this.fieldIndex = new Map(fields.map((field, i) => [field, i]));
    this.isCounter = fields.map((field) => counters.includes(field));
    this.times = new Float64Array(capacity);
    this.columns = fields.map(() => new Float32Array(capacity));
    this.lastReading = new Float64Array(fields.length).fill(NaN);
  }

  get length(): number {
    return this.count;
  }

  /** Time (ms) of the newest sample, undefined when empty. */
  get latestTime(): number | undefined {
    return this.count === 0 ? undefined : this.time(this.count - 1);
  }

  /** Appends a sample from named values (missing ones: not reported). See `pushRow`. */
  push(t: number, values: Partial<Record<F, number | undefined>>): boolean {
    return this.pushRow(t, this.fields.map((field) => values[field]));
  }

  /**
   * Appends a sample taken at `t` (ms), values in the order of `fields`. A sample not newer than
   * the latest one is refused (returns false): rates need strictly increasing times.
   */
  pushRow(t: number, row: ArrayLike<number | undefined>): boolean {
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
    for (let f = 0; f < this.columns.length; f++) {
      const raw = row[f];
      const value = raw === undefined || !Number.isFinite(raw) ? NaN : raw;
      const column = this.columns[f] as Float32Array;
      if (!this.isCounter[f]) {
        column[slot] = value;
        continue;
      }
      // NaN when either reading is missing, or for the first sample ever.
      column[slot] = counterIncrease(this.lastReading[f], value) ?? NaN;
      this.lastReading[f] = value;
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

  /** A gauge's value in the i-th sample, undefined when HAProxy did not report it. */
  value(field: F, i: number): number | undefined {
    const f = this.index(field);
    if (this.isCounter[f]) throw new RangeError(`'${field}' is a counter: read its increase()`);
    return defined((this.columns[f] as Float32Array)[this.slot(i)] as number);
  }

  /**
   * A counter's increase over the interval that ends at the i-th sample (since the sample before
   * it, which may already be out of the window); undefined when a reading is missing or for the
   * very first sample.
   */
  increase(field: F, i: number): number | undefined {
    const f = this.index(field);
    if (!this.isCounter[f]) throw new RangeError(`'${field}' is a gauge: read its value()`);
    return defined((this.columns[f] as Float32Array)[this.slot(i)] as number);
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

  /** A copy with another window and cap, keeping the newest samples that fit. */
  resized(windowMs: number, maxSamples: number): SeriesBuffer<F> {
    const copy = new SeriesBuffer<F>(this.fields, this.fields.filter((_, f) => this.isCounter[f]), windowMs, maxSamples, Math.min(this.count, maxSamples));
    const first = Math.max(0, this.count - maxSamples);
    for (let i = first; i < this.count; i++) {
      const slot = this.slot(i);
      const target = (copy.head + copy.count) % copy.times.length;
      copy.times[target] = this.times[slot] as number;
      this.columns.forEach((column, f) => ((copy.columns[f] as Float32Array)[target] = column[slot] as number));
      copy.count++;
    }
    copy.lastReading.set(this.lastReading);
    if (copy.count > 0) copy.dropOlderThan((copy.latestTime as number) - windowMs);
    return copy;
  }

  /** Bytes held by the columns (for memory figures). */
  get byteLength(): number {
    return this.times.byteLength + this.columns.reduce((sum, column) => sum + column.byteLength, 0) + this.lastReading.byteLength;
  }

  private index(field: F): number {
    const f = this.fieldIndex.get(field);
    if (f === undefined) throw new RangeError(`unknown field '${field}'`);
    return f;
  }

  private slot(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`sample ${i} out of range 0..${this.count - 1}`);
    return (this.head + i) % this.times.length;
  }

  /** Grows by half (at least 8), unrolling the ring so the oldest sample is at 0. */
  private grow(): void {
    const capacity = Math.min(Math.max(this.times.length + 8, Math.ceil(this.times.length * 1.5)), this.maxSamples);
    const times = new Float64Array(capacity);
    for (let i = 0; i < this.count; i++) times[i] = this.times[(this.head + i) % this.times.length] as number;
    this.columns = this.columns.map((source) => {
      const target = new Float32Array(capacity);
      for (let i = 0; i < this.count; i++) target[i] = source[(this.head + i) % source.length] as number;
      return target;
    });
    this.times = times;
    this.head = 0;
  }
}

/** Increase of a counter between two readings; a lower reading means it restarted from 0: the new reading. */
export function counterIncrease(previous: number | undefined, current: number | undefined): number | undefined {
  if (previous === undefined || current === undefined || Number.isNaN(previous) || Number.isNaN(current)) return undefined;
  return current >= previous ? current - previous : current;
}

function defined(value: number): number | undefined {
  return Number.isNaN(value) ? undefined : value;
}
