// PromQL for the figures of one backend or server, as HAProxy's built-in exporter names them
// (`http-request use-service prometheus-exporter`, HAProxy 2.4+): metrics `haproxy_backend_*`
// and `haproxy_server_*` with the labels `proxy` and `server`.

export type Scope = 'backend' | 'server';

/** Which object the queries are about, plus labels that pick one HAProxy among several (`instance`, `job`). */
export interface PromTarget {
  scope: Scope;
  backend: string;
  /** Required when `scope` is `server`. */
  server?: string;
  labels?: Readonly<Record<string, string>>;
}

const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Checks a label name; returns why it is refused, or undefined. */
export function labelNameError(name: string): string | undefined {
  if (!labelNamePattern.test(name)) return `'${name}' is not a Prometheus label name (letters, digits and _, not starting with a digit)`;
  if (name.startsWith('__')) return `'${name}': names starting with __ are reserved by Prometheus`;
  return undefined;
}

/** A label value as a PromQL string literal body. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `{proxy="be",server="s1",instance="lb1:8405"}` plus `extra` matchers (e.g. `code="5xx"`). */
export function selector(target: PromTarget, extra: Readonly<Record<string, string>> = {}, options: { serverLabel?: boolean } = {}): string {
  const labels: Array<[string, string]> = [['proxy', target.backend]];
  const withServer = options.serverLabel ?? target.scope === 'server';
  if (withServer) {
    if (target.server === undefined) throw new Error(`a server query needs a server name (backend ${target.backend})`);
    labels.push(['server', target.server]);
  }
  for (const [name, value] of Object.entries(target.labels ?? {})) {
    if (name === 'proxy' || name === 'server') continue;
    const error = labelNameError(name);
    if (error) throw new Error(`prometheusLabels: ${error}`);
    labels.push([name, value]);
  }
  for (const [name, value] of Object.entries(extra)) labels.push([name, value]);
  return `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** `haproxy_backend_<name>` or `haproxy_server_<name>`. */
export function metricName(scope: Scope, name: string): string {
  return `haproxy_${scope}_${name}`;
}

/** A range for rate() (`1m`, `90s`): at least four scrapes wide to be reliable. */
export function rateRange(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole % 60 === 0 ? `${whole / 60}m` : `${whole}s`;
}

/** Per-second rate of a counter of the target. */
export function rateOf(target: PromTarget, metric: string, range: string, extra: Readonly<Record<string, string>> = {}): string {
  return `rate(${metricName(target.scope, metric)}${selector(target, extra)}[${range}])`;
}

/** Per-second rate of a server counter summed over a backend's servers (or one server's). */
export function serverRateOf(target: PromTarget, metric: string, range: string): string {
  const rate = `rate(${metricName('server', metric)}${selector(target, {}, { serverLabel: target.scope === 'server' })}[${range}])`;
  return target.scope === 'server' ? rate : `sum without (server) (${rate})`;
}
