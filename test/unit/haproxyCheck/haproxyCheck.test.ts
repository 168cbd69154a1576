import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { detectHaproxyVersion, haproxyMessagesToDiagnostics, parseHaproxyCheckOutput, runHaproxyCheck } from '../../../server/src/haproxyCheck';

const HAPROXY = process.env.HAPROXY_BIN ?? 'haproxy';

const broken = `global
    balance roundrobin

defaults
    mode http
    timeout client 5s
    timeout server 5s
    timeout connect 5s

backend be1
    option httplog
    server s1 127.0.0.1:9000 weight 300
    server
`;

test('parses alerts and warnings with their lines from the real haproxy -c', async () => {
  const result = await runHaproxyCheck(broken, { executable: HAPROXY });
  assert.equal(result.exitCode, 1);
  const byLine = new Map(result.messages.map((m) => [m.line, m]));
  assert.match(byLine.get(2)?.message ?? '', /unknown keyword 'balance' in 'global' section/);
  assert.equal(byLine.get(2)?.level, 'alert');
  assert.equal(byLine.get(11)?.level, 'warning');
  assert.match(byLine.get(12)?.message ?? '', /weight of server s1 is not within 0 and 256/);
  assert.match(byLine.get(13)?.message ?? '', /'server' expects <name> and <addr>/);
  assert.ok(result.messages.every((m) => !/Fatal errors|Error\(s\) found/.test(m.message)), 'summary lines are dropped');
});

test('places a lineless reference alert on the line that names the missing backend', async () => {
  const text = `defaults
    mode http
    timeout client 5s
    timeout server 5s
    timeout connect 5s

frontend fe
    bind 127.0.0.1:8080
    use_backend be_missing if { path_beg /x }
    default_backend be1

backend be1
    server s1 127.0.0.1:9000
`;
  const result = await runHaproxyCheck(text, { executable: HAPROXY });
  assert.equal(result.exitCode, 1);
  const diagnostics = haproxyMessagesToDiagnostics(result.messages, text);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].range.start.line, 8);
  assert.equal(diagnostics[0].range.start.character, 4);
  assert.equal(diagnostics[0].source, 'haproxy');
  assert.equal(typeof diagnostics[0].message, 'string');
  assert.match(String(diagnostics[0].message), /unable to find required use_backend: 'be_missing'/);
});

test('a valid config yields no messages and exit code 0', async () => {
  const result = await runHaproxyCheck('defaults\n    timeout client 1s\n    timeout server 1s\n    timeout connect 1s\nlisten l\n    bind 127.0.0.1:8080\n    server s 127.0.0.1:1\n', { executable: HAPROXY });
  assert.deepEqual(result, { exitCode: 0, messages: [] });
});

test('drops messages on lines our analysis already reports with the same severity', () => {
  const messages = parseHaproxyCheckOutput(
    "[ALERT]    (1) : config : parsing [haproxy.cfg:2] : unknown keyword 'x' in 'global' section\n" +
      "[WARNING]  (1) : config : parsing [haproxy.cfg:2] : something else\n",
    'haproxy.cfg',
  );
  const own = [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, severity: DiagnosticSeverity.Error, message: 'ours' }];
  const diagnostics = haproxyMessagesToDiagnostics(messages, 'global\n  x\n', own);
  assert.deepEqual(diagnostics.map((d) => d.severity), [DiagnosticSeverity.Warning]);
});

test('joins multi-line continuations and ignores other files', () => {
  const stderr = [
    "[WARNING]  (9) : config : parsing [haproxy.cfg:4] : first part",
    '   | second part',
    "[ALERT]    (9) : config : parsing [/etc/other.cfg:1] : not ours",
  ].join('\n');
  assert.deepEqual(parseHaproxyCheckOutput(stderr, 'haproxy.cfg'), [{ level: 'warning', line: 4, message: 'first part\nsecond part' }]);
});

test('a binary that cannot be run is a clear error, and version detection reports it as unknown', async () => {
  await assert.rejects(runHaproxyCheck('global\n', { executable: '/nonexistent/haproxy' }), /could not run '\/nonexistent\/haproxy'/);
  assert.equal(await detectHaproxyVersion('/nonexistent/haproxy'), undefined);
  assert.match((await detectHaproxyVersion(HAPROXY)) ?? '', /^2\.6\.\d+/);
});
