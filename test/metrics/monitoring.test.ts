// "Generate Monitoring Files" from a haproxy.cfg: the scrape config passes `promtool check config`,
// the alert rules pass `promtool check rules` and fire as designed under `promtool test rules`,
// the exporter stanza passes `haproxy -c` once added to the config, and the dashboard's queries
// are the charts' PromQL for the config's backends.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_THRESHOLDS } from '../../client/src/haproxy/metrics/alerts';
import { readConfigFacts, parseBindAddress } from '../../client/src/haproxy/metrics/monitoring/configFacts';
import { generateMonitoringFiles, MONITORING_FILES } from '../../client/src/haproxy/metrics/monitoring/generate';
import { nameRegex } from '../../client/src/haproxy/metrics/monitoring/alertRules';
import { scrapeOptionErrors } from '../../client/src/haproxy/metrics/monitoring/scrapeConfig';

const fixture = readFileSync(join(__dirname, '../../../test/fixtures/workspace/metrics/haproxy.cfg'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'hwb-monitoring-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000, cwd: dir });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function writeFiles(subdir: string, files: Array<{ name: string; content: string }>): string {
  const target = mkdtempSync(join(dir, `${subdir}-`));
  for (const file of files) writeFileSync(join(target, file.name), file.content);
  return target;
}

test('reads backends, server counts, modes and exporter frontends with the product parser', () => {
  const facts = readConfigFacts(fixture);
  assert.deepEqual(
    facts.backends.map((b) => [b.name, b.section, b.servers, b.mode]),
    [['be_web', 'backend', 2, 'http'], ['be_api', 'backend', 3, 'http'], ['be.static-v2', 'backend', 1, 'http'], ['be_redirects', 'backend', 0, 'http'], ['stats_tcp', 'listen', 1, 'tcp']],
  );
  assert.deepEqual(facts.exporters, []);
  assert.deepEqual([...facts.boundPorts].sort(), [8080, 9000]);
  const withExporter = readConfigFacts(`defaults\n    mode http\nfrontend metrics\n    bind 127.0.0.1:9101,[::1]:9101\n    http-request use-service prometheus-exporter if { path /prom }\n`);
  assert.deepEqual(withExporter.exporters, [{ frontend: 'metrics', path: '/prom', binds: [{ host: '127.0.0.1', port: 9101 }, { host: '::1', port: 9101 }] }]);
  assert.deepEqual(parseBindAddress('*:8405'), { host: '', port: 8405 });
  assert.deepEqual(parseBindAddress('ipv4@0.0.0.0:80'), { host: '', port: 80 });
  assert.equal(parseBindAddress('unix@/run/x.sock'), undefined);
  assert.equal(parseBindAddress('/run/x.sock'), undefined);
});

test('the scrape config passes promtool check config, with the rules it loads', () => {
  const result = generateMonitoringFiles(fixture, { hosts: ['lb1.example.com', '10.0.0.5'], thresholds: DEFAULT_THRESHOLDS, sourceName: 'haproxy.cfg' });
  assert.deepEqual(result.files.map((f) => f.name), [MONITORING_FILES.scrapeConfig, MONITORING_FILES.rules, MONITORING_FILES.dashboard, MONITORING_FILES.stanza]);
  const target = writeFiles('check', result.files);
  const check = run('promtool', ['check', 'config', join(target, MONITORING_FILES.scrapeConfig)]);
  assert.equal(check.status, 0, check.output);
  assert.match(check.output, /SUCCESS: 3 rules found/);
  const config = parseYaml(result.files[0]?.content ?? '') as { scrape_configs: Array<{ static_configs: Array<{ targets: string[] }>; metrics_path: string }> };
  assert.deepEqual(config.scrape_configs[0]?.static_configs[0]?.targets, ['lb1.example.com:8405', '10.0.0.5:8405']);
  assert.equal(config.scrape_configs[0]?.metrics_path, '/metrics');
  assert.match(result.notes.join('\n'), /serves no Prometheus exporter yet/);
  assert.match(result.notes.join('\n'), /backends without servers get no alert: be_redirects/);
});

test('the alert rules pass promtool check rules and fire as designed (promtool test rules)', () => {
  const result = generateMonitoringFiles(fixture, { hosts: ['lb1'], thresholds: DEFAULT_THRESHOLDS, sourceName: 'haproxy.cfg' });
  const rules = result.files.find((f) => f.name === MONITORING_FILES.rules);
  assert.ok(rules);
  const target = writeFiles('rules', [rules]);
  const check = run('promtool', ['check', 'rules', join(target, MONITORING_FILES.rules)]);
  assert.equal(check.status, 0, check.output);
  assert.match(check.output, /SUCCESS: 3 rules found/);
  // 5xx ratio and queue only on HTTP backends with servers; the tcp listen gets no 5xx rule.
  const parsed = parseYaml(rules.content) as { groups: Array<{ rules: Array<{ alert: string; expr: string; for?: string }> }> };
  const byName = new Map(parsed.groups[0]?.rules.map((r) => [r.alert, r]));
  assert.match(byName.get('HAProxyBackendHigh5xxRatio')?.expr ?? '', /proxy=~"be_web\|be_api\|be\\\\.static-v2"/);
  assert.match(byName.get('HAProxyBackendNoServerUp')?.expr ?? '', /\|stats_tcp"/);
  assert.equal(byName.get('HAProxyBackendQueueing')?.for, '1m');

  // Synthetic series, one per situation; promtool evaluates the rules and compares the alerts.
  const series = (name: string, labels: string, values: string) => ({ series: `${name}{job="haproxy",instance="lb1:8405",${labels}}`, values });
  const tests = {
    rule_files: [MONITORING_FILES.rules],
    evaluation_interval: '15s',
    tests: [
      {
        interval: '15s',
        input_series: [
          series('haproxy_backend_active_servers', 'proxy="be_web"', '2 2 0 0 0 0'),
          series('haproxy_backend_backup_servers', 'proxy="be_web"', '0x5'),
          series('haproxy_backend_active_servers', 'proxy="be_redirects"', '0x5'),
          series('haproxy_backend_backup_servers', 'proxy="be_redirects"', '0x5'),
          // be_api: 100 responses per 15 s, 10 of them 5xx (10%); be_web: 1 in 100 (1%)
          series('haproxy_backend_http_responses_total', 'proxy="be_api",code="2xx"', '0+90x40'),
          series('haproxy_backend_http_responses_total', 'proxy="be_api",code="5xx"', '0+10x40'),
          series('haproxy_backend_http_responses_total', 'proxy="be_web",code="2xx"', '0+99x40'),
          series('haproxy_backend_http_responses_total', 'proxy="be_web",code="5xx"', '0+1x40'),
          // queue: be_api queues for 30 s only, stats_tcp for 2 minutes
          series('haproxy_backend_current_queue', 'proxy="be_api"', '0 3 3 0 0 0 0 0 0 0 0'),
          series('haproxy_backend_current_queue', 'proxy="stats_tcp"', '0 4 4 4 4 4 4 4 4 4 4'),
        ],
        alert_rule_test: [
          { eval_time: '15s', alertname: 'HAProxyBackendNoServerUp', exp_alerts: [] },
          {
            eval_time: '45s',
            alertname: 'HAProxyBackendNoServerUp',
            exp_alerts: [{ exp_labels: { severity: 'critical', job: 'haproxy', instance: 'lb1:8405', proxy: 'be_web' }, exp_annotations: { summary: 'HAProxy backend be_web has no server up', description: 'No server of backend be_web on lb1:8405 is UP with a non-zero weight: its requests fail (503) or wait in the queue.' } }],
          },
          {
            eval_time: '6m',
            alertname: 'HAProxyBackendHigh5xxRatio',
            exp_alerts: [{ exp_labels: { severity: 'warning', job: 'haproxy', instance: 'lb1:8405', proxy: 'be_api' }, exp_annotations: { summary: 'HAProxy backend be_api: more than 5.0% of responses are 5xx', description: '10% of the responses of backend be_api on lb1:8405 over the last 5m were 5xx.' } }],
          },
          { eval_time: '45s', alertname: 'HAProxyBackendQueueing', exp_alerts: [] },
          {
            eval_time: '2m',
            alertname: 'HAProxyBackendQueueing',
            exp_alerts: [{ exp_labels: { severity: 'warning', job: 'haproxy', instance: 'lb1:8405', proxy: 'stats_tcp' }, exp_annotations: { summary: 'HAProxy backend stats_tcp is queueing requests', description: '4 request(s) queued in backend stats_tcp on lb1:8405 for 1m: its servers are at their maxconn.' } }],
          },
        ],
      },
    ],
  };
  writeFileSync(join(target, 'tests.yml'), JSON.stringify(tests, null, 2));
  const unit = run('promtool', ['test', 'rules', join(target, 'tests.yml')]);
  assert.equal(unit.status, 0, unit.output);
  assert.match(unit.output, /SUCCESS/);
});

test('thresholds from settings reach the rules', () => {
  const result = generateMonitoringFiles(fixture, { hosts: ['lb1'], thresholds: { ...DEFAULT_THRESHOLDS, errorRatio: 0.02, errorRatioWindowSeconds: 600, queueAbove: 5, queueForSeconds: 0, noServerUp: false }, sourceName: 'haproxy.cfg' });
  const rules = parseYaml(result.files[1]?.content ?? '') as { groups: Array<{ rules: Array<{ alert: string; expr: string; for?: string }> }> };
  const list = rules.groups[0]?.rules ?? [];
  assert.deepEqual(list.map((r) => r.alert), ['HAProxyBackendHigh5xxRatio', 'HAProxyBackendQueueing']);
  assert.match(list[0]?.expr ?? '', /\[10m\]\)\) > 0\.02$/);
  assert.match(list[1]?.expr ?? '', /> 5$/);
  assert.equal(list[1]?.for, undefined);
});

test('the exporter stanza passes haproxy -c once added to the config; a config with an exporter gets none', () => {
  const result = generateMonitoringFiles(fixture, { hosts: [], thresholds: DEFAULT_THRESHOLDS, sourceName: 'haproxy.cfg' });
  const stanza = result.files.find((f) => f.name === MONITORING_FILES.stanza);
  assert.ok(stanza);
  assert.match(stanza.content, /^frontend prometheus\n    mode http\n    bind :8405\n    http-request use-service prometheus-exporter if \{ path \/metrics \}\n    no log\n$/m);
  const config = join(dir, 'with-exporter.cfg');
  writeFileSync(config, `${fixture}\n${stanza.content}`);
  const check = run('haproxy', ['-c', '-f', config]);
  assert.equal(check.status, 0, check.output);
  assert.match(check.output, /Configuration file is valid/);

  const again = generateMonitoringFiles(readFileSync(config, 'utf8'), { hosts: ['lb1'], thresholds: DEFAULT_THRESHOLDS, sourceName: 'with-exporter.cfg', includeExporterStanza: true });
  assert.equal(again.files.some((f) => f.name === MONITORING_FILES.stanza), false);
  assert.match(again.notes.join('\n'), /frontend prometheus already serves the exporter on \/metrics/);
  const scrape = parseYaml(again.files[0]?.content ?? '') as { scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }> };
  assert.deepEqual(scrape.scrape_configs[0]?.static_configs[0]?.targets, ['lb1:8405']);
});

test('the Grafana dashboard charts the same PromQL for the config backends', () => {
  const result = generateMonitoringFiles(fixture, { hosts: ['lb1'], thresholds: DEFAULT_THRESHOLDS, sourceName: 'haproxy.cfg' });
  const dashboard = JSON.parse(result.files[2]?.content ?? '') as { uid: string; panels: Array<{ title: string; targets: Array<{ expr: string }> }>; templating: { list: Array<{ name: string; query: unknown }> } };
  assert.equal(dashboard.templating.list.find((v) => v.name === 'backend')?.query, 'be_web,be_api,be.static-v2,be_redirects,stats_tcp');
  assert.deepEqual(dashboard.panels.map((p) => p.title), ['Requests', 'Responses by class', '5xx ratio', 'Response time', 'Queue', 'Sessions', 'Traffic', 'Health checks', 'Responses per server']);
  for (const panel of dashboard.panels) for (const target of panel.targets) assert.match(target.expr, /proxy="\$backend"/, `${panel.title}: ${target.expr}`);
  assert.equal(dashboard.panels[0]?.targets[0]?.expr, 'rate(haproxy_backend_http_requests_total{proxy="$backend",job="haproxy",instance="$instance"}[$__rate_interval])');
  const again = JSON.parse(generateMonitoringFiles(fixture, { hosts: ['x'], thresholds: DEFAULT_THRESHOLDS, sourceName: 'other' }).files[2]?.content ?? '') as { uid: string };
  assert.equal(again.uid, dashboard.uid, 'same backends, same uid: a regenerated dashboard replaces the imported one');
});

test('bad input is refused with the reason', () => {
  assert.deepEqual(scrapeOptionErrors({ targets: ['lb1', 'a b:1'], metricsPath: 'metrics', jobName: '1 job', scrapeInterval: 'soon', rulesFile: 'r.yml' }), [
    "'lb1' is not host:port (e.g. lb1.example.com:8405)",
    "'a b:1' is not host:port (e.g. lb1.example.com:8405)",
    "'soon' is not a Prometheus duration (e.g. 15s)",
    "'1 job' is not a usable job name",
    "metrics path 'metrics' must start with /",
  ]);
  assert.throws(() => generateMonitoringFiles(fixture, { hosts: ['bad host'], thresholds: DEFAULT_THRESHOLDS, sourceName: 'x' }), /cannot write the scrape config: 'bad host:8405' is not host:port/);
  assert.equal(nameRegex(['a.b', 'c|d']), 'a\\\\.b|c\\\\|d');
});
