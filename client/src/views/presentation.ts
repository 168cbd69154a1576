// How a server, backend or frontend looks in the tree, as plain data: label, description,
// codicon id + theme color id, context value (for menus) and a markdown tooltip.
import type { ProxySnapshot, ServerSnapshot, ServerStatus } from '../haproxy/endpoint';
import type { Alert } from '../haproxy/metrics/alerts';

export interface Presentation {
  label: string;
  description: string;
  /** Codicon id (`pass-filled`), rendered as a ThemeIcon. */
  icon: string;
  /** Theme color id (`charts.green`); absent: the default foreground. */
  color?: string;
  /** `viewItem` value for menus' `when` clauses, e.g. `server.up`. */
  contextValue: string;
  /** Needs attention (backend without usable server, queue, 5xx...). */
  warning: boolean;
}

interface StatusLook {
  icon: string;
  color: string;
  meaning: string;
}

/** One look per normalised status; `meaning` explains HAProxy's word in the tooltip. */
export const statusLooks: Readonly<Record<ServerStatus, StatusLook>> = {
  up: { icon: 'pass-filled', color: 'charts.green', meaning: 'up: passes its health checks and receives traffic' },
  'going-down': { icon: 'arrow-circle-down', color: 'charts.yellow', meaning: 'up, but failing checks: going down' },
  down: { icon: 'error', color: 'charts.red', meaning: 'down: failed its health checks, receives no traffic' },
  'going-up': { icon: 'arrow-circle-up', color: 'charts.orange', meaning: 'down, but passing checks: coming back up' },
  nolb: { icon: 'circle-slash', color: 'charts.yellow', meaning: 'no load balancing: up, but its agent or check asked for no new traffic' },
  drain: { icon: 'debug-pause', color: 'charts.blue', meaning: 'draining: keeps its sessions and persistent clients, gets no new traffic' },
  maint: { icon: 'tools', color: 'charts.purple', meaning: 'maintenance: takes no traffic, checks stopped' },
  'no-check': { icon: 'circle-large-outline', color: 'charts.green', meaning: 'in service, without health check' },
  unknown: { icon: 'question', color: 'disabledForeground', meaning: 'status not reported' },
};

/** Statuses in which a server takes new traffic. */
const usableStatuses: ReadonlySet<ServerStatus> = new Set(['up', 'going-down', 'no-check']);

export function isUsable(server: ServerSnapshot): boolean {
  return usableStatuses.has(server.status);
}

export function serverPresentation(server: ServerSnapshot): Presentation {
  const look = statusLooks[server.status];
  // Status first: a narrow sidebar truncates the end of the description.
  const parts = [server.statusText || server.status];
  if (server.weight !== undefined) parts.push(`w ${server.weight}`);
  parts.push(`${server.sessions.current ?? 0} sess`);
  if (server.queue.current) parts.push(`queue ${server.queue.current}`);
  if (server.backup) parts.push('backup');
  if (server.address) parts.push(server.address);
  return {
    label: server.name,
    description: parts.filter(Boolean).join(' · '),
    icon: look.icon,
    color: look.color,
    contextValue: `server.${server.status}`,
    warning: server.status === 'down' || server.status === 'going-up',
  };
}

/** Markdown tooltip, built on hover only (its ages change every second: not part of the diff). */
export function serverTooltip(server: ServerSnapshot): string {
  const look = statusLooks[server.status];
  const check = server.check;
  const checkText = check.status
    ? `${check.status}${check.code !== undefined ? ` ${check.code}` : ''}${check.durationMs !== undefined ? ` in ${check.durationMs} ms` : ''}${check.description ? ` — ${check.description}` : ''}`
    : 'no health check';
  const rows: Array<[string, string | number | undefined]> = [
    ['Status', `${server.statusText || server.status} (${look.meaning})`],
    ['Address', server.address],
    ['Weight', server.weight],
    ['Last check', checkText],
    ['Failed checks / downs', check.failedChecks !== undefined ? `${check.failedChecks} / ${check.downTransitions ?? 0}` : undefined],
    ['Last change', formatSeconds(server.lastChangeSeconds, 'ago')],
    ['Downtime', formatSeconds(server.downtimeSeconds)],
    ['Sessions (cur / max / limit)', `${server.sessions.current ?? 0} / ${server.sessions.max ?? 0} / ${server.sessions.limit ?? '—'}`],
    ['Total sessions', server.sessions.total],
    ['Queue (cur / max)', `${server.queue.current ?? 0} / ${server.queue.max ?? 0}`],
    ['Last session', formatSeconds(server.lastSessionSeconds, 'ago') ?? 'never'],
    ['HTTP 2xx / 4xx / 5xx', httpCounts(server.counters)],
    ['Errors (conn / resp)', `${server.counters.connectionErrors ?? 0} / ${server.counters.responseErrors ?? 0}`],
    ['Retries / redispatches', `${server.counters.retries ?? 0} / ${server.counters.redispatches ?? 0}`],
    ['Tracks', server.tracks],
    ['Backup', server.backup ? 'yes' : undefined],
  ];
  return `**${mdCode(`${server.backend}/${server.name}`)}**\n\n${table(rows)}`;
}

export function backendPresentation(proxy: ProxySnapshot, servers: readonly ServerSnapshot[], previous: ProxySnapshot | undefined, alerts?: readonly Alert[]): Presentation {
  const { usable, queue, errorRate, reasons } = backendHealth(proxy, servers, previous, alerts);
  const parts = [`${usable}/${servers.length} up`, `${proxy.sessions.current ?? 0} sess`];
  if (queue > 0) parts.push(`queue ${queue}`);
  if (errorRate !== undefined && errorRate > 0.05) parts.push(`5xx ${(errorRate * 100).toFixed(0)}%`);
  const warning = reasons.length > 0;
  return {
    label: proxy.name,
    description: parts.join(' · '),
    icon: warning ? 'warning' : 'server-process',
    color: warning ? 'list.warningForeground' : undefined,
    contextValue: 'backend',
    warning,
  };
}

interface BackendHealth {
  usable: number;
  queue: number;
  errorRate: number | undefined;
  /** Why the backend needs attention; empty when healthy. */
  reasons: string[];
}

/**
 * Why a backend needs attention. With `alerts` (the metrics' rules over their time window and
 * thresholds: no server up, 5xx ratio, queue held), those are the reasons; without, the
 * instantaneous checks below.
 */
export function backendHealth(proxy: ProxySnapshot, servers: readonly ServerSnapshot[], previous: ProxySnapshot | undefined, alerts?: readonly Alert[]): BackendHealth {
  const usable = servers.filter(isUsable).length;
  const queue = proxy.queue.current ?? 0;
  const errorRate = recent5xxRate(proxy, previous);
  if (alerts) return { usable, queue, errorRate, reasons: [...(servers.length === 0 ? ['no servers'] : []), ...alerts.map((alert) => alert.message)] };
  const reasons: string[] = [];
  if (servers.length > 0 && usable === 0) reasons.push('no server takes traffic');
  if (servers.length === 0) reasons.push('no servers');
  if (queue > 0) reasons.push(`${queue} request(s) queued`);
  if (errorRate !== undefined && errorRate > 0.05) reasons.push(`${(errorRate * 100).toFixed(1)}% 5xx since the last refresh`);
  return { usable, queue, errorRate, reasons };
}

export function backendTooltip(proxy: ProxySnapshot, servers: readonly ServerSnapshot[], previous: ProxySnapshot | undefined, alerts?: readonly Alert[]): string {
  const { usable, queue, reasons } = backendHealth(proxy, servers, previous, alerts);
  const rows: Array<[string, string | number | undefined]> = [
    ['Status', proxy.status],
    ['Needs attention', reasons.join('; ') || undefined],
    ['Mode / balance', [proxy.mode, proxy.algorithm].filter(Boolean).join(' / ') || undefined],
    ['Servers usable', `${usable} of ${servers.length} (active ${proxy.activeServers ?? '?'}, backup ${proxy.backupServers ?? '?'})`],
    ['Sessions (cur / max / limit)', `${proxy.sessions.current ?? 0} / ${proxy.sessions.max ?? 0} / ${proxy.sessions.limit ?? '—'}`],
    ['Session rate', proxy.sessions.rate !== undefined ? `${proxy.sessions.rate}/s` : undefined],
    ['Queue (cur / max)', `${queue} / ${proxy.queue.max ?? 0}`],
    ['HTTP 2xx / 4xx / 5xx', httpCounts(proxy.counters)],
    ['Downtime', formatSeconds(proxy.downtimeSeconds)],
  ];
  return `**backend ${mdCode(proxy.name)}**\n\n${table(rows)}`;
}

/** Share of 5xx among the HTTP responses counted since the previous snapshot; undefined without traffic. */
export function recent5xxRate(proxy: ProxySnapshot, previous: ProxySnapshot | undefined): number | undefined {
  if (!previous) return undefined;
  const total = (c: ProxySnapshot['counters']): number =>
    (c.http1xx ?? 0) + (c.http2xx ?? 0) + (c.http3xx ?? 0) + (c.http4xx ?? 0) + (c.http5xx ?? 0);
  const responses = total(proxy.counters) - total(previous.counters);
  const errors = (proxy.counters.http5xx ?? 0) - (previous.counters.http5xx ?? 0);
  // Counters go back to zero after `clear counters` or a reload: no rate for that interval.
  if (responses <= 0 || errors < 0) return undefined;
  return errors / responses;
}

export function frontendPresentation(proxy: ProxySnapshot): Presentation {
  const parts = [proxy.status, `${proxy.sessions.current ?? 0} sess`];
  if (proxy.requestRate !== undefined) parts.push(`${proxy.requestRate} req/s`);
  else if (proxy.sessions.rate !== undefined) parts.push(`${proxy.sessions.rate} sess/s`);
  const stopped = proxy.status !== 'OPEN';
  return {
    label: proxy.name,
    description: parts.join(' · '),
    icon: stopped ? 'debug-disconnect' : 'plug',
    color: stopped ? 'list.warningForeground' : undefined,
    contextValue: 'frontend',
    warning: stopped,
  };
}

export function frontendTooltip(proxy: ProxySnapshot): string {
  const rows: Array<[string, string | number | undefined]> = [
    ['Status', proxy.status],
    ['Mode', proxy.mode],
    ['Sessions (cur / max / limit)', `${proxy.sessions.current ?? 0} / ${proxy.sessions.max ?? 0} / ${proxy.sessions.limit ?? '—'}`],
    ['Session rate', proxy.sessions.rate !== undefined ? `${proxy.sessions.rate}/s` : undefined],
    ['Request rate', proxy.requestRate !== undefined ? `${proxy.requestRate}/s` : undefined],
    ['Denied requests', proxy.counters.deniedRequests],
    ['Request errors', proxy.counters.requestErrors],
    ['HTTP 2xx / 4xx / 5xx', httpCounts(proxy.counters)],
  ];
  return `**frontend ${mdCode(proxy.name)}**\n\n${table(rows)}`;
}

function httpCounts(c: ProxySnapshot['counters']): string | undefined {
  if (c.http2xx === undefined && c.http5xx === undefined) return undefined;
  return `${c.http2xx ?? 0} / ${c.http4xx ?? 0} / ${c.http5xx ?? 0}`;
}

/** `93` -> `1m33s`; `suffix` appended (`ago`). Undefined stays undefined. */
export function formatSeconds(seconds: number | undefined, suffix?: string): string | undefined {
  if (seconds === undefined || seconds < 0) return undefined;
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const text = d > 0 ? `${d}d${h}h` : h > 0 ? `${h}h${m}m` : m > 0 ? `${m}m${s}s` : `${s}s`;
  return suffix ? `${text} ${suffix}` : text;
}

export function table(rows: Array<[string, string | number | undefined]>): string {
  const lines = rows.filter(([, value]) => value !== undefined && value !== '').map(([key, value]) => `| ${key} | ${escapeCell(String(value))} |`);
  return ['| | |', '|---|---|', ...lines].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[*_`<>[\]]/g, '\\$&');
}

export function mdCode(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}
