import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { detectHaproxyVersion, haproxyMessagesToDiagnostics, parseHaproxyCheckOutput, runHaproxyCheck } from '../../../server/src/haproxyCheck';
import type { CheckedDocument } from '../../../server/src/haproxyCheck';
import { parse } from '../../../server/src/syntax';
import { buildSymbolIndex } from '../../../server/src/analysis/symbols';

const HAPROXY = process.env.HAPROXY_BIN ?? 'haproxy';

function checked(text: string): CheckedDocument {
  const tree = parse(text);
  return { tree, symbols: buildSymbolIndex(tree) };
}

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
  const diagnostics = haproxyMessagesToDiagnostics(result.messages, checked(text));
  assert.equal(diagnostics.length, 1);
  assert.deepEqual(diagnostics[0].range, { start: { line: 8, character: 16 }, end: { line: 8, character: 26 } }, 'the missing backend name itself');
  assert.equal(diagnostics[0].source, 'haproxy');
  assert.equal(diagnostics[0].code, 'haproxy-alert');
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
  const diagnostics = haproxyMessagesToDiagnostics(messages, checked('global\n  x\n'), own);
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

test('location shapes of haproxy 2.6: Parsing [f:N]:, [f:N] : twice, (at f:N), a repeated config: prefix', () => {
  const stderr = [
    "[ALERT]    (1) : config : Parsing [haproxy.cfg:16]: backend 'be1' has the same name as backend 'be1' declared at haproxy.cfg:14.",
    "[ALERT]    (1) : config : [haproxy.cfg:10] : parsing [haproxy.cfg:10] : 'server' not allowed because frontend 'fe' has no backend capability.",
    "[ALERT]    (1) : config : proxy 'fe': unknown http-errors section 'site_errors' (at haproxy.cfg:12).",
    "[ALERT]    (1) : config : config: frontend 'fe': unable to find the cache 'nocache' referenced by the filter 'cache'.",
  ].join('\n');
  assert.deepEqual(parseHaproxyCheckOutput(stderr, 'haproxy.cfg'), [
    { level: 'alert', line: 16, message: "backend 'be1' has the same name as backend 'be1' declared at haproxy.cfg:14." },
    { level: 'alert', line: 10, message: "'server' not allowed because frontend 'fe' has no backend capability." },
    { level: 'alert', line: 12, message: "proxy 'fe': unknown http-errors section 'site_errors'." },
    { level: 'alert', message: "frontend 'fe': unable to find the cache 'nocache' referenced by the filter 'cache'." },
  ]);
});

test('lineless messages land on the reference they name, inside the section they name (real haproxy -c)', async () => {
  const text = [
    'defaults', '    mode http', '    timeout client 5s', '    timeout server 5s', '    timeout connect 5s',
    'backend be_missing_cache', '    server s1 127.0.0.1:9000',
    'frontend fe', '    bind 127.0.0.1:18080', '    filter cache nocache', '    default_backend be1',
    'backend be1', '    server s1 127.0.0.1:9000', '',
  ].join('\n');
  const result = await runHaproxyCheck(text, { executable: HAPROXY });
  assert.equal(result.exitCode, 1);
  const diagnostics = haproxyMessagesToDiagnostics(result.messages, checked(text));
  const cache = diagnostics.find((d) => /cache 'nocache'/.test(String(d.message)));
  assert.ok(cache, JSON.stringify(result.messages));
  assert.equal(cache.range.start.line, 9, 'the filter line of frontend fe, not the backend whose name contains a quoted word');
  assert.equal(cache.range.start.character, 17);
});

test('a message naming nothing known goes to the first line; an out-of-range line is clamped to the last', () => {
  const doc = checked('global\n    daemon\n');
  const [first, clamped] = haproxyMessagesToDiagnostics([
    { level: 'warning', message: "something about 'nobody'" },
    { level: 'alert', line: 99, message: 'past the end' },
  ], doc);
  assert.equal(first.range.start.line, 0);
  assert.equal(first.code, 'haproxy-warning');
  assert.equal(clamped.range.start.line, 2);
});

test('a ring backing-file is never created or touched by the check: the copy writes into its own temp folder (real haproxy -c)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hwb-ring-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const live = join(dir, 'live-ring.bin');
  const text = `global\n    log stdout format raw local0\nring r1\n    size 32768\n    backing-file ${live}\nring r2\n    size 32768\n    backing-file "${join(dir, 'second ring.bin')}"\ndefaults\n    mode http\n    timeout client 5s\nfrontend fe\n    bind 127.0.0.1:0\n    bogus-keyword\n`;
  const result = await runHaproxyCheck(text, { executable: HAPROXY, cwd: dir, timeoutMs: 20_000 });
  assert.deepEqual(readdirSync(dir), [], 'no file written beside the config');
  assert.equal(result.exitCode, 1);
  assert.ok(result.messages.some((m) => m.level === 'alert' && m.line === 14 && /bogus-keyword/.test(m.message)), JSON.stringify(result.messages));
  assert.ok(!result.messages.some((m) => m.line === 5 || m.line === 8), 'the backing-file lines themselves are accepted');
});
