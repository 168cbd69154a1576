// The `haproxy.endpoints` setting as typed, validated data (no vscode import: unit-tested in Node).
//
// `runtimeApi` formats (also in the setting's description in package.json):
//   /run/haproxy/admin.sock   unix:/path   unix@/path      a unix stats socket (`stats socket ... level admin`)
//   127.0.0.1:9999   [::1]:9999   ipv4@host:port           a TCP stats socket
//   master:/run/haproxy-master.sock                        the master CLI (`haproxy -W -S ...`): commands go to
//   master:/run/haproxy-master.sock@1                      the current worker (`@1`, the default),
//   master:/run/haproxy-master.sock@!1234                  or to the worker with pid 1234 (`@!1234`)
//   master:127.0.0.1:9999@1                                a master CLI over TCP
import { parseTarget, type RuntimeClientOptions, type WorkerSelector } from '../haproxy/runtime';
import { prometheusUrlError } from '../haproxy/metrics/prometheus';
import { labelNameError } from '../haproxy/metrics/promql';

export interface DataPlaneSettings {
  url: string;
  user: string;
  tlsInsecure?: boolean;
  caFile?: string;
}

export interface EndpointSettings {
  name: string;
  runtimeApi?: string;
  dataPlaneApi?: DataPlaneSettings;
  group?: string;
  /** Prometheus scraping this HAProxy's exporter: history for the metrics view. */
  prometheus?: string;
  /** Labels that select this HAProxy in Prometheus (`{ "instance": "lb1:8405" }`). */
  prometheusLabels?: Record<string, string>;
}

/** A setting entry that could not be read, with the reason (shown as an error node). */
export interface InvalidEndpointSettings {
  name: string;
  error: string;
}

const namePattern = /^[A-Za-z0-9][\w.@ -]{0,63}$/;

export function validateEndpointName(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'give the endpoint a name';
  if (!namePattern.test(name)) return 'use up to 64 letters, digits, spaces, and . _ - @, starting with a letter or digit';
  return undefined;
}

/** Parses a `runtimeApi` value into Runtime client options; throws Error with a clear message. */
export function parseRuntimeApi(spec: string): RuntimeClientOptions {
  const text = spec.trim();
  if (text === '') throw new Error('runtimeApi is empty: give a socket path, HOST:PORT or master:PATH');
  if (!text.startsWith('master:')) return { target: parseTargetOrExplain(text) };
  const rest = text.slice('master:'.length);
  const selector = /@(!?)(\d+)$/.exec(rest);
  const socket = selector ? rest.slice(0, selector.index) : rest;
  let worker: WorkerSelector = { relative: 1 };
  if (selector) {
    const number = Number(selector[2]);
    if (selector[1] === '!') worker = { pid: number };
    else if (number >= 1) worker = { relative: number };
    else throw new Error(`'${spec}': the worker after '@' is 1 (current), 2 (previous)... or !PID`);
  }
  return { target: parseTargetOrExplain(socket), worker };
}

function parseTargetOrExplain(spec: string): RuntimeClientOptions['target'] {
  try {
    return parseTarget(spec);
  } catch {
    throw new Error(`'${spec}' is not a socket: use /path/to/admin.sock, HOST:PORT, or master:/path/to/master.sock[@1|@!PID]`);
  }
}

/** Checks a Data Plane URL: http(s), a host, no credentials in it. */
export function validateDataPlaneUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `'${value}' is not a URL (e.g. https://lb1.example.com:5555)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'the Data Plane API URL must start with http:// or https://';
  if (url.username || url.password) return 'do not put credentials in the URL: the user goes in "user", the password in the secret storage (HAProxy: Set Password…)';
  return undefined;
}

/** Reads the raw setting array: valid entries, and entries refused with why (names deduplicated). */
export function readEndpointSettings(raw: unknown): { endpoints: EndpointSettings[]; invalid: InvalidEndpointSettings[] } {
  const endpoints: EndpointSettings[] = [];
  const invalid: InvalidEndpointSettings[] = [];
  if (raw === undefined || raw === null) return { endpoints, invalid };
  if (!Array.isArray(raw)) return { endpoints, invalid: [{ name: 'haproxy.endpoints', error: 'the setting must be an array of endpoints' }] };
  const seen = new Set<string>();
  raw.forEach((entry: unknown, index) => {
    const where = `haproxy.endpoints[${index}]`;
    const label = typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name : where;
    const error = entryError(entry, seen);
    if (error) invalid.push({ name: label, error: `${where}: ${error}` });
    else {
      const settings = entry as EndpointSettings;
      seen.add(settings.name);
      endpoints.push(settings);
    }
  });
  return { endpoints, invalid };
}

function entryError(entry: unknown, seen: Set<string>): string | undefined {
  if (typeof entry !== 'object' || entry === null) return 'each endpoint is an object with a name';
  const e = entry as Record<string, unknown>;
  const nameError = validateEndpointName(e.name);
  if (nameError) return nameError;
  if (seen.has(e.name as string)) return `the name '${String(e.name)}' is used twice`;
  if (e.runtimeApi === undefined && e.dataPlaneApi === undefined) return 'set runtimeApi (a socket) or dataPlaneApi (a URL and user)';
  if (e.runtimeApi !== undefined) {
    if (typeof e.runtimeApi !== 'string') return 'runtimeApi must be a string';
    try {
      parseRuntimeApi(e.runtimeApi);
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (e.dataPlaneApi !== undefined) {
    const dp = e.dataPlaneApi as Record<string, unknown>;
    if (typeof dp !== 'object' || dp === null) return 'dataPlaneApi must be an object { url, user }';
    if (typeof dp.url !== 'string') return 'dataPlaneApi.url is missing';
    const urlError = validateDataPlaneUrl(dp.url);
    if (urlError) return `dataPlaneApi.url: ${urlError}`;
    if (typeof dp.user !== 'string' || dp.user === '') return 'dataPlaneApi.user is missing';
    if ('password' in dp) return 'dataPlaneApi.password is not read from settings: use "HAProxy: Set Password…" (kept in the secret storage)';
  }
  if (e.group !== undefined && typeof e.group !== 'string') return 'group must be a string';
  if (e.prometheus !== undefined) {
    const error = prometheusUrlError(e.prometheus);
    if (error) return `prometheus: ${error}`;
  }
  if (e.prometheusLabels !== undefined) {
    const labels = e.prometheusLabels;
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return 'prometheusLabels must be an object of label names to values, e.g. { "instance": "lb1:8405" }';
    for (const [name, value] of Object.entries(labels)) {
      const error = labelNameError(name);
      if (error) return `prometheusLabels: ${error}`;
      if (typeof value !== 'string') return `prometheusLabels.${name} must be a string`;
    }
  }
  return undefined;
}

/** One line saying how an endpoint is reached (no secret in it). */
export function describeEndpoint(settings: EndpointSettings): string {
  if (settings.runtimeApi) return `Runtime API ${settings.runtimeApi}`;
  if (settings.dataPlaneApi) return `Data Plane API ${settings.dataPlaneApi.url} as ${settings.dataPlaneApi.user}`;
  return 'no API configured';
}

/** The parts of `WorkspaceConfiguration.inspect()` that can hold `haproxy.endpoints`. */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * Which value of `haproxy.endpoints` applies. Untrusted workspace: the user's own (global)
 * value only, so a cloned repository cannot point the extension at sockets or URLs.
 */
export function effectiveEndpointsValue(inspected: InspectedSetting | undefined, workspaceTrusted: boolean): unknown {
  if (!workspaceTrusted) return inspected?.globalValue;
  return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
}
