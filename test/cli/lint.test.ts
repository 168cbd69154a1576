// `haproxy-workbench lint` as users run it: `node dist/cli.js lint ...` (run `npm run build` first).
// Text, JSON and SARIF outputs (SARIF validated against the SARIF 2.1.0 schema), exit codes, and
// clear errors for bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const SCHEMA = resolve(__dirname, '..', '..', '..', 'test', 'cli', 'sarif', 'sarif-2.1.0-rtm.5.json');

const BROKEN = `global
    daemon

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend fe_main
    bind :80
    acl is_api path_beg /api
    use_backend be_api if is_api
    use_backend be_statics if is_api
    default_backend be_api

backend be_api
    balanse roundrobin
    server api1 10.0.0.11:8080 check weight 300
    http-request set-header X-Env "prod
`;

const CLEAN = `global
    daemon
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind 127.0.0.1:18080
    default_backend be
backend be
    server s1 127.0.0.1:9000 check
`;

const WARNING_ONLY = CLEAN.replace('\nbackend be\n', '\nbackend be\n    option httplog\n');
const TOO_NEW = 'defaults\n    mode http\n    option http-restrict-req-hdr-names reject\n    timeout client-hs 5s\n';

let dir: string;
const file = (name: string) => join(dir, name);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hwb-lint-'));
  writeFileSync(file('broken.cfg'), BROKEN);
  writeFileSync(file('clean.cfg'), CLEAN);
  writeFileSync(file('warning.cfg'), WARNING_ONLY);
  writeFileSync(file('too-new.cfg'), TOO_NEW);
  mkdirSync(file('a-directory'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function lint(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd: dir, input, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('lint output', () => {
  test('text: file:line:col: severity: message [code], errors give exit 1', () => {
    const { status, stdout, stderr } = lint(['--haproxy-version', '2.6', 'broken.cfg']);
    assert.equal(status, 1, stderr);
    const lines = stdout.trimEnd().split('\n');
    for (const line of lines) assert.match(line, /^broken\.cfg:\d+:\d+: (error|warning|information|hint): .+ \[[a-z0-9-]+\]$/);
    assert.ok(lines.includes("broken.cfg:14:17: error: unable to find required use_backend: 'be_statics'; did you mean 'be_api'? [undefined-reference]"), stdout);
    assert.ok(lines.some((l) => l.startsWith('broken.cfg:18:5: error: ') && l.endsWith('[unknown-keyword]')), stdout);
    assert.ok(lines.some((l) => l.startsWith('broken.cfg:19:45: error: ') && l.endsWith('[invalid-weight]')), stdout);
    assert.ok(lines.includes('broken.cfg:20:35: error: missing closing double quote [unterminated-quote]'), stdout);
    assert.equal(stderr, '');
  });

  test('a clean file prints nothing and exits 0; warnings alone exit 0', () => {
    assert.deepEqual(lint(['--haproxy-version', '2.6', 'clean.cfg']), { status: 0, stdout: '', stderr: '' });
    const warned = lint(['--haproxy-version=2.6', 'warning.cfg']);
    assert.equal(warned.status, 0);
    assert.match(warned.stdout, /^warning\.cfg:12:5: warning: .*option httplog.* \[keyword-ignored-in-section\]\n$/);
  });

  test('json: one object per problem, 1-based, same problems as the text output', () => {
    const json = lint(['--format', 'json', '--haproxy-version', '2.6', 'broken.cfg', 'clean.cfg']);
    assert.equal(json.status, 1);
    const problems = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(problems) && problems.length >= 4);
    for (const p of problems) {
      assert.deepEqual(Object.keys(p).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity', 'source']);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(p.severity as string));
      for (const key of ['line', 'column', 'endLine', 'endColumn']) assert.ok(Number.isInteger(p[key]) && (p[key] as number) >= 1, `${key} is 1-based`);
      assert.equal(p.file, 'broken.cfg');
      assert.equal(p.source, 'haproxy-workbench');
    }
    assert.deepEqual(problems.find((p) => p.code === 'unknown-keyword'),
      { file: 'broken.cfg', line: 18, column: 5, endLine: 18, endColumn: 12, severity: 'error', code: 'unknown-keyword', message: problems.find((p) => p.code === 'unknown-keyword')?.message, source: 'haproxy-workbench' });
    const text = lint(['--haproxy-version', '2.6', 'broken.cfg']).stdout.trimEnd().split('\n');
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message} [${p.code}]`), text);
  });

  test('sarif: valid against the SARIF 2.1.0 schema, with rules, regions and the tool', () => {
    const { status, stdout } = lint(['--format', 'sarif', '--haproxy-version', '2.6', 'broken.cfg', 'warning.cfg']);
    assert.equal(status, 1);
    const log = JSON.parse(stdout);
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    // Draft-04 -> draft-07: the schema's only draft-04 construct is the top-level `id`.
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    // unicodeRegExp off: one pattern of rtm.5 (language codes) has a stray ']' that only unicode mode rejects.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(JSON.parse(stdout)), JSON.stringify(validate.errors, null, 2));

    assert.equal(log.version, '2.1.0');
    const [run] = log.runs;
    assert.equal(run.tool.driver.name, 'haproxy-workbench');
    assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
    assert.match(run.tool.driver.informationUri, /^https:\/\//);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.artifacts.map((a: { location: { uri: string } }) => a.location.uri), ['broken.cfg', 'warning.cfg']);
    const ruleIds: string[] = run.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const id of ['unterminated-quote', 'unknown-keyword', 'undefined-reference', 'haproxy-alert', 'document-too-large']) assert.ok(ruleIds.includes(id), id);
    assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
    const json = JSON.parse(lint(['--format', 'json', '--haproxy-version', '2.6', 'broken.cfg', 'warning.cfg']).stdout) as Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; code: string; severity: string }>;
    assert.equal(run.results.length, json.length);
    run.results.forEach((result: { ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; index: number }; region: Record<string, number> } }> }, i: number) => {
      const expected = json[i];
      assert.equal(result.ruleId, expected.code);
      assert.equal(ruleIds[result.ruleIndex], result.ruleId);
      assert.equal(result.level, expected.severity === 'error' ? 'error' : expected.severity === 'warning' ? 'warning' : 'note');
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.equal(artifactLocation.uri, expected.file);
      assert.deepEqual(region, { startLine: expected.line, startColumn: expected.column, endLine: expected.endLine, endColumn: expected.endColumn });
    });
    assert.ok(run.results.some((r: { level: string }) => r.level === 'warning'));
  });

  test('the target version changes the verdict; standard input with -', () => {
    const old = lint(['--format', 'json', '--haproxy-version', '2.4', 'too-new.cfg']);
    assert.deepEqual((JSON.parse(old.stdout) as Array<{ code: string; line: number }>).filter((p) => p.code === 'keyword-too-new').map((p) => p.line), [3, 4]);
    const current = lint(['--format', 'json', '--haproxy-version', '3.4', 'too-new.cfg']);
    assert.deepEqual((JSON.parse(current.stdout) as Array<{ code: string }>).filter((p) => p.code === 'keyword-too-new'), []);
    const piped = lint(['--haproxy-version', '2.6', '-'], BROKEN);
    assert.equal(piped.status, 1);
    assert.match(piped.stdout, /^<stdin>:14:17: error: .*\[undefined-reference\]$/m);
  });

  test('an inexact version is noted on stderr and the closest older one is used', () => {
    const { status, stderr } = lint(['--haproxy-version', '2.9', 'clean.cfg']);
    assert.equal(status, 0);
    assert.equal(stderr, 'haproxy-workbench lint: no manual for HAProxy 2.9; using the closest older one, 2.8\n');
  });
});

describe('lint errors: exit 2 with a clear message', () => {
  test('a missing file or a directory: named on stderr; the other files are still linted', () => {
    const { status, stdout, stderr } = lint(['--haproxy-version', '2.6', 'missing.cfg', 'broken.cfg', 'a-directory']);
    assert.equal(status, 2);
    assert.match(stderr, /^haproxy-workbench lint: cannot read missing\.cfg: no such file$/m);
    assert.match(stderr, /^haproxy-workbench lint: cannot read a-directory: it is a directory$/m);
    assert.match(stdout, /broken\.cfg:18:5: error: .*\[unknown-keyword\]/);
  });

  test('usage errors: unknown option, unknown format, missing value, no file, not a version', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--verbose', 'clean.cfg'], /unknown option '--verbose'/],
      [['--format', 'xml', 'clean.cfg'], /unknown --format 'xml' \(expected text, json or sarif\)/],
      [['clean.cfg', '--format'], /--format needs a value/],
      [[], /no file to lint/],
      [['--haproxy-version', 'latest', 'clean.cfg'], /--haproxy-version 'latest' is not a version/],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = lint(args);
      assert.equal(status, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.match(stderr, /usage: haproxy-workbench lint/);
    }
  });

  test('--help prints the usage and exits 0', () => {
    const { status, stdout } = lint(['--help']);
    assert.equal(status, 0);
    assert.match(stdout, /--format sarif\s+SARIF 2\.1\.0/);
  });
});
