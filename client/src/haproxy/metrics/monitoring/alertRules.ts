// Prometheus alerting rules for the backends of a config: the same three rules the tree shows
// (no server up, 5xx ratio over a window, queue held for a duration), with the same thresholds.
import { stringify } from 'yaml';
import { durationText, type AlertThresholds } from '../alerts';
import { escapeLabelValue } from '../promql';
import type { BackendFacts } from './configFacts';

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A regex matching exactly these names, as the body of a PromQL string (`proxy=~"..."`). */
export function nameRegex(names: readonly string[]): string {
  return escapeLabelValue(names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

export function alertRules(backends: readonly BackendFacts[], thresholds: AlertThresholds, jobName: string): AlertRule[] {
  const rules: AlertRule[] = [];
  const withServers = backends.filter((b) => b.servers > 0).map((b) => b.name);
  const http = backends.filter((b) => b.servers > 0 && b.mode === 'http').map((b) => b.name);
  const job = `job="${escapeLabelValue(jobName)}"`;
  if (thresholds.noServerUp && withServers.length > 0) {
    const sel = `{${job},proxy=~"${nameRegex(withServers)}"}`;
    rules.push({
      alert: 'HAProxyBackendNoServerUp',
      expr: `haproxy_backend_active_servers${sel} + haproxy_backend_backup_servers${sel} == 0`,
      labels: { severity: 'critical' },
      annotations: {
        summary: 'HAProxy backend {{ $labels.proxy }} has no server up',
        description: 'No server of backend {{ $labels.proxy }} on {{ $labels.instance }} is UP with a non-zero weight: its requests fail (503) or wait in the queue.',
      },
    });
  }
  if (http.length > 0) {
    const window = durationText(thresholds.errorRatioWindowSeconds);
    const sel = (code?: string) => `{${job},proxy=~"${nameRegex(http)}"${code ? `,code="${code}"` : ''}}`;
    rules.push({
      alert: 'HAProxyBackendHigh5xxRatio',
      expr: `sum without (code) (rate(haproxy_backend_http_responses_total${sel('5xx')}[${window}])) / sum without (code) (rate(haproxy_backend_http_responses_total${sel()}[${window}])) > ${thresholds.errorRatio}`,
      labels: { severity: 'warning' },
      annotations: {
        summary: `HAProxy backend {{ $labels.proxy }}: more than ${(thresholds.errorRatio * 100).toFixed(1)}% of responses are 5xx`,
        description: `{{ $value | humanizePercentage }} of the responses of backend {{ $labels.proxy }} on {{ $labels.instance }} over the last ${window} were 5xx.`,
      },
    });
  }
  if (withServers.length > 0) {
    const rule: AlertRule = {
      alert: 'HAProxyBackendQueueing',
      expr: `haproxy_backend_current_queue{${job},proxy=~"${nameRegex(withServers)}"} > ${thresholds.queueAbove}`,
      labels: { severity: 'warning' },
      annotations: {
        summary: 'HAProxy backend {{ $labels.proxy }} is queueing requests',
        description: `{{ $value }} request(s) queued in backend {{ $labels.proxy }} on {{ $labels.instance }} for ${durationText(thresholds.queueForSeconds)}: its servers are at their maxconn.`,
      },
    };
    if (thresholds.queueForSeconds > 0) rule.for = durationText(thresholds.queueForSeconds);
    rules.push(rule);
  }
  return rules;
}

export function alertRulesYaml(rules: readonly AlertRule[], header: string): string {
  const groups = { groups: [{ name: 'haproxy-backends', rules: rules.map((rule) => ({ alert: rule.alert, expr: rule.expr, ...(rule.for ? { for: rule.for } : {}), labels: rule.labels, annotations: rule.annotations })) }] };
  return `${header}${stringify(groups, { lineWidth: 0 })}`;
}
