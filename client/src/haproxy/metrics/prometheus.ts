// A small client for Prometheus' HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/):
// range and instant queries, answers checked and turned into numbers, errors that say what and where.
import type { Points } from './rates';

/** `unreachable`: no HTTP answer; `refused`: Prometheus said no (bad query...); `protocol`: not its API; `input`: refused before sending. */
export type PrometheusErrorKind = 'unreachable' | 'refused' | 'protocol' | 'input';

export class PrometheusError extends Error {
  constructor(message: string, readonly details: { kind: PrometheusErrorKind; url: string; status?: number; errorType?: string }) {
    super(message);
    this.name = 'PrometheusError';
  }
}

export interface PrometheusSeries {
  /** The series' labels (`__name__` absent for computed expressions). */
  labels: Record<string, string>;
  points: Points;
}

export interface RangeQuery {
  query: string;
  /** Start and end, ms since the epoch. */
  startMs: number;
  endMs: number;
  /** Resolution in seconds. */
  stepSeconds: number;
}

export interface PrometheusClientOptions {
  /** Per request, ms (default 10000). */
  timeoutMs?: number;
}

/** Checks a Prometheus base URL (http/https, no credentials); returns why it is refused, or undefined. */
export function prometheusUrlError(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'prometheus must be a URL such as http://prometheus.example.com:9090';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `'${value}' is not a URL (e.g. http://prometheus.example.com:9090)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `'${value}': the Prometheus URL must start with http:// or https://`;
  if (url.username || url.password) return `'${value}': credentials in the URL are not supported`;
  if (url.search || url.hash) return `'${value}': give the base URL only, without ?query or #fragment`;
  return undefined;
}

interface ApiAnswer {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
  warnings?: string[];
}

export class PrometheusClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: PrometheusClientOptions = {}) {
    const error = prometheusUrlError(baseUrl);
    if (error) throw new PrometheusError(error, { kind: 'input', url: String(baseUrl) });
    // A trailing slash keeps a path prefix (http://host/prometheus/) when resolving api/v1/...
    this.baseUrl = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** `query_range`: one Points per series, times in ms, values as numbers (NaN/Inf kept as null). */
  async queryRange(range: RangeQuery): Promise<PrometheusSeries[]> {
    if (!(range.endMs > range.startMs)) throw new PrometheusError(`query range end must be after its start (${range.startMs}..${range.endMs})`, { kind: 'input', url: this.baseUrl });
    if (!(range.stepSeconds > 0)) throw new PrometheusError(`query step must be positive, got ${range.stepSeconds}`, { kind: 'input', url: this.baseUrl });
    const data = await this.post('api/v1/query_range', {
      query: range.query,
      start: (range.startMs / 1000).toFixed(3),
      end: (range.endMs / 1000).toFixed(3),
      step: String(range.stepSeconds),
    });
    if (data.resultType !== 'matrix' || !Array.isArray(data.result)) throw this.shapeError('api/v1/query_range', `expected a matrix result, got ${data.resultType}`);
    return data.result.map((entry) => this.series(entry, 'values'));
  }

  /** Instant `query` at `timeMs` (default now): one value per series. */
  async query(query: string, timeMs?: number): Promise<Array<{ labels: Record<string, string>; value: number | null; timeMs: number }>> {
    const body: Record<string, string> = { query };
    if (timeMs !== undefined) body.time = (timeMs / 1000).toFixed(3);
    const data = await this.post('api/v1/query', body);
    if (data.resultType === 'scalar' && Array.isArray(data.result)) {
      const [time, value] = data.result as [number, string];
      return [{ labels: {}, value: toNumber(value), timeMs: time * 1000 }];
    }
    if (data.resultType !== 'vector' || !Array.isArray(data.result)) throw this.shapeError('api/v1/query', `expected a vector result, got ${data.resultType}`);
    return data.result.map((entry) => {
      const series = this.series(entry, 'value');
      return { labels: series.labels, value: series.points.v[0] ?? null, timeMs: series.points.t[0] ?? NaN };
    });
  }

  private async post(path: string, form: Record<string, string>): Promise<{ resultType?: string; result?: unknown }> {
    const url = new URL(path, this.baseUrl).toString();
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = error as Error & { cause?: { code?: string; message?: string } };
      const reason = cause.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : cause.cause?.code ?? cause.cause?.message ?? cause.message;
      throw new PrometheusError(`Prometheus at ${this.baseUrl} is unreachable: ${reason}`, { kind: 'unreachable', url });
    }
    const text = await response.text();
    let answer: ApiAnswer;
    try {
      answer = JSON.parse(text) as ApiAnswer;
    } catch {
      throw new PrometheusError(`Prometheus at ${this.baseUrl} answered HTTP ${response.status} with something that is not its API's JSON: ${text.slice(0, 200)}`, { kind: 'protocol', url, status: response.status });
    }
    if (answer.status !== 'success') {
      const reason = answer.error ? `${answer.errorType ?? 'error'}: ${answer.error}` : `HTTP ${response.status}`;
      throw new PrometheusError(`Prometheus refused the query: ${reason}\n${form.query ?? ''}`.trim(), { kind: 'refused', url, status: response.status, errorType: answer.errorType });
    }
    if (!answer.data) throw this.shapeError(path, 'no data in the answer');
    return answer.data;
  }

  private series(entry: unknown, key: 'values' | 'value'): PrometheusSeries {
    const record = entry as { metric?: Record<string, string>; values?: unknown; value?: unknown };
    const raw = key === 'values' ? record.values : [record.value];
    if (typeof record.metric !== 'object' || !Array.isArray(raw)) throw this.shapeError(key, 'a series without metric or values');
    const points: Points = { t: [], v: [] };
    for (const pair of raw) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number') throw this.shapeError(key, `a sample is not [time, "value"]: ${JSON.stringify(pair)}`);
      points.t.push(pair[0] * 1000);
      points.v.push(toNumber(pair[1]));
    }
    return { labels: { ...record.metric }, points };
  }

  private shapeError(path: string, what: string): PrometheusError {
    return new PrometheusError(`unexpected answer from Prometheus (${path}): ${what}`, { kind: 'protocol', url: new URL(path, this.baseUrl).toString() });
  }
}

function toNumber(value: unknown): number | null {
  const number = typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : null;
}

/** A step that gives about `points` points over the range, never below `minStepSeconds`. */
export function stepFor(rangeMs: number, points = 240, minStepSeconds = 1): number {
  return Math.max(minStepSeconds, Math.ceil(rangeMs / 1000 / points));
}
