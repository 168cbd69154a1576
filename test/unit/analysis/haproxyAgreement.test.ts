// The behaviour tables of the directive checks, re-checked against the real haproxy -c (Debian
// 2.6.12, or HAPROXY_BIN): where we report an error HAProxy must refuse the line, where we warn it
// must accept it. Each configuration is checked by runHaproxyCheck (temp copy, bounded run).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runHaproxyCheck } from '../../../server/src/haproxyCheck';
import type { HaproxyMessage } from '../../../server/src/haproxyCheck';
import { getCatalog } from '../../../server/src/catalog/catalog';
import type { ArgSpec } from '../../../server/src/catalog/catalog';
import { ANY, arityEntries } from '../../../server/src/analysis/checks/arity';
import { PLACEMENT_TABLES } from '../../../server/src/analysis/checks/placement';
import type { Finding } from '../../../server/src/analysis/findings';
import { findingsOf } from './checkHelpers';

const HAPROXY = process.env.HAPROXY_BIN ?? 'haproxy';
const available = spawnSync(HAPROXY, ['-v'], { timeout: 5000 }).status === 0;
const skip = available ? false : `${HAPROXY} not found`;

const TAIL = ['backend be', '    server s1 127.0.0.1:80', 'frontend f0', '    bind :65000', '    default_backend be', ''];
const HEADERS: Record<string, string> = {
  global: 'global', proxy: 'defaults d1', userlist: 'userlist u', peers: 'peers pe', mailers: 'mailers m', program: 'program pg',
  'http-errors': 'http-errors he', ring: 'ring r', 'log-forward': 'log-forward lf', resolvers: 'resolvers rs', cache: 'cache c',
  'fcgi-app': 'fcgi-app fa', frontend: 'frontend p', backend: 'backend p',
};

interface Case { label: string; lines: string[]; line: number }
interface Outcome { level: 'alert' | 'warning' | 'none'; messages: HaproxyMessage[]; ours: Finding[] }

let scratchDir: string | undefined;
function scratch(): string {
  scratchDir ??= mkdtempSync(join(tmpdir(), 'hwb-agreement-'));
  return scratchDir;
}
after(() => { if (scratchDir) rmSync(scratchDir, { recursive: true, force: true }); });

/** haproxy -c and our analysis (2.6) on one configuration; the outcome on the line of interest. */
async function outcome(c: Case): Promise<Outcome> {
  const text = c.lines.join('\n');
  // In a scratch folder: a generated argument 'x' can be a file haproxy -c creates (ring backing-file x).
  const result = await runHaproxyCheck(text, { executable: HAPROXY, cwd: scratch(), timeoutMs: 20_000 }).catch((e: Error) => {
    throw new Error(`${c.label}: ${e.message.split('\n')[0]}`);
  });
  const messages = result.messages.filter((m) => m.line === c.line);
  const level = messages.some((m) => m.level === 'alert') ? 'alert' : messages.some((m) => m.level === 'warning') ? 'warning' : 'none';
  return { level, messages, ours: findingsOf(text, '2.6').filter((f) => f.range.start.line + 1 === c.line) };
}

/** Runs cases a few at a time (the machine is shared); returns outcomes in order. */
async function runAll(cases: Case[]): Promise<Outcome[]> {
  const results: Outcome[] = new Array(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await outcome(cases[i]);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return results;
}

function describe(c: Case, o: Outcome): string {
  return `${c.label}: haproxy ${o.level} [${o.messages.map((m) => m.message).join(' | ')}], ours [${o.ours.map((f) => `${f.severity} ${f.code}`).join(', ')}]`;
}

// --- keywords in a proxy without the capability -------------------------------------------------

const PLACEMENT_LINES: Array<{ section: 'frontend' | 'backend' | 'defaults'; line: string }> = [
  { section: 'frontend', line: 'server s9 127.0.0.1:81' },
  { section: 'frontend', line: 'default-server check' },
  { section: 'frontend', line: 'server-template w 2 127.0.0.1:81' },
  { section: 'frontend', line: 'use-fcgi-app php' },
  { section: 'frontend', line: 'retry-on all-retryable-errors' },
  { section: 'frontend', line: 'tcp-response content accept' },
  { section: 'frontend', line: 'tcp-response inspect-delay 1s' },
  { section: 'frontend', line: 'external-check path /usr/bin' },
  { section: 'frontend', line: 'external-check command /bin/true' },
  { section: 'frontend', line: 'option external-check' },
  { section: 'frontend', line: 'persist rdp-cookie' },
  { section: 'frontend', line: 'hash-balance-factor 150' },
  { section: 'frontend', line: 'transparent' },
  { section: 'frontend', line: 'balance roundrobin' },
  { section: 'frontend', line: 'cookie SRV insert' },
  { section: 'frontend', line: 'timeout server 1s' },
  { section: 'frontend', line: 'option redispatch' },
  { section: 'frontend', line: 'http-check expect status 200' },
  { section: 'backend', line: 'declare capture request len 10' },
  { section: 'backend', line: 'tcp-request connection accept' },
  { section: 'backend', line: 'tcp-request session accept' },
  { section: 'backend', line: 'unique-id-format %ci' },
  { section: 'backend', line: 'unique-id-header X-ID' },
  { section: 'backend', line: 'option httplog' },
  { section: 'backend', line: 'log-format %ci' },
  { section: 'backend', line: 'log-format-sd %{+Q}o' },
  { section: 'backend', line: 'option httpslog' },
  { section: 'backend', line: 'error-log-format %ci' },
  { section: 'backend', line: 'bind :65001' },
  { section: 'backend', line: 'maxconn 10' },
  { section: 'backend', line: 'timeout client 1s' },
  { section: 'backend', line: 'monitor-uri /up' },
  { section: 'defaults', line: 'use_backend be' },
  { section: 'defaults', line: 'server s9 127.0.0.1:81' },
  { section: 'defaults', line: 'stick-table type ip size 1m' },
];

test('every entry of the placement tables has a line in the agreement test', () => {
  const tested = PLACEMENT_LINES.map((p) => p.line);
  const untested = Object.values(PLACEMENT_TABLES).flatMap((table) => [...table])
    .filter((keyword) => !tested.some((line) => line === keyword || line.startsWith(`${keyword} `)));
  assert.deepEqual(untested, []);
});

const SEVERITY_TO_LEVEL: Record<string, Outcome['level']> = { error: 'alert', warning: 'warning', information: 'none', hint: 'none' };

test('keywords misplaced between proxy kinds: our severity is what haproxy -c does', { skip }, async () => {
  const cases = PLACEMENT_LINES.map(({ section, line }): Case => ({
    label: `${section}: ${line}`, line: 2,
    lines: [section === 'defaults' ? 'defaults d1' : `${section} p`, `    ${line}`, ...TAIL],
  }));
  const results = await runAll(cases);
  const disagreements = cases.flatMap((c, i) => {
    const o = results[i];
    const mine = o.ours.filter((f) => f.code === 'keyword-wrong-section' || f.code === 'keyword-ignored-in-section');
    const expected = mine.length ? SEVERITY_TO_LEVEL[mine[0].severity] : 'none';
    return mine.length === 1 && expected === o.level ? [] : [describe(c, o)];
  });
  assert.deepEqual(disagreements, []);
});

// --- argument counts ---------------------------------------------------------------------------

/** Plausible values by argument name, as used when the table was built. */
function sampleValue(spec: ArgSpec, keyword: string): string {
  if (keyword === 'user' || keyword === 'group') return 'root';
  if (keyword === 'tune.bufsize') return '16384'; // 10 bytes makes haproxy 2.6 abort
  if (keyword === 'tune.ssl.default-dh-param') return '2048';
  if (spec.name === 'file') return '/dev/null';
  if (spec.name === 'pattern') return 'src';
  if (spec.choices?.length) return spec.choices[0];
  const n = spec.name;
  if (/time|delay|period/.test(n)) return '1s';
  if (['number', 'conns', 'value', 'count', 'rate', 'length', 'nb', 'reqs', 'factor', 'connections', 'megabytes', 'bytes', 'seconds', 'size']
    .includes(n)) return '10';
  if (/address|<ip>|addr/.test(n)) return '127.0.0.1:9999';
  const named: Record<string, string> = { code: '503', backend: 'be', level: 'alert', status: 'nx', event: 'resolve' };
  return named[n] ?? 'x';
}

test('argument counts: fewer or more arguments than the table allows are refused, the exact count accepted', { skip }, async () => {
  const catalog = getCatalog('2.6');
  const cases: Case[] = [];
  for (const { sectionKind, keyword, arity: [min, max] } of arityEntries()) {
    const sectionType = sectionKind === 'proxy' ? 'defaults' : sectionKind;
    const data = catalog.keywordInfo(sectionType, keyword);
    if (!data) continue;
    const values = (data.args ?? []).filter((a) => !a.optional).map((a) => sampleValue(a, keyword)).slice(0, Math.max(min, 0));
    while (values.length < min) values.push('x');
    const header = HEADERS[sectionKind];
    const at = (args: string[], what: string): Case => ({ label: `${sectionKind} ${keyword} (${what})`, line: 2,
      lines: [header, `    ${[keyword, ...args].join(' ')}`, ...TAIL] });
    cases.push(at(values, 'exact'));
    if (min > 0) cases.push(at(values.slice(0, min - 1), 'too few'));
    if (max !== ANY) cases.push(at([...values, ...Array(max - values.length + 1).fill('extraarg')], 'too many'));
  }
  assert.ok(cases.length > 300);
  const results = await runAll(cases);
  const disagreements = cases.flatMap((c, i) => {
    const o = results[i];
    const counted = o.ours.filter((f) => f.code === 'missing-argument' || f.code === 'extra-argument');
    // The exact count may still be refused for its sample value ("errorfiles x": no such section): then we must say so too.
    const exactOk = counted.length === 0 && (o.level !== 'alert' || o.ours.some((f) => f.severity === 'error'));
    const ok = c.label.endsWith('(exact)') ? exactOk : o.level === 'alert' && counted.length === 1 && counted[0].severity === 'error';
    return ok ? [] : [describe(c, o)];
  });
  assert.deepEqual(disagreements, []);
});

// --- values ------------------------------------------------------------------------------------

const VALUE_LINES: Array<{ section: string; line: string }> = [
  { section: 'global', line: 'nbthread 2x' },
  { section: 'global', line: 'thread-groups 1x' },
  { section: 'global', line: 'tune.lua.forced-yield 5x' },
  { section: 'global', line: 'maxconn 10k' },
  { section: 'global', line: 'maxconnrate 10x' },
  { section: 'global', line: 'tune.maxrewrite 1k' },
  { section: 'global', line: 'spread-checks 60' },
  { section: 'global', line: 'tune.bufsize 16384x' },
  { section: 'global', line: 'hard-stop-after 10x' },
  { section: 'global', line: 'tune.idletimer 70000' },
  { section: 'global', line: 'log 127.0.0.1:514 local9' },
  { section: 'global', line: 'log 127.0.0.1:514 local0 verbose' },
  { section: 'global', line: 'log global' },
  { section: 'global', line: 'tune.ssl.keylog maybe' },
  { section: 'defaults d1', line: 'timeout client 10x' },
  { section: 'defaults d1', line: 'timeout client 25d' },
  { section: 'defaults d1', line: 'timeout client 5sec' },
  { section: 'defaults d1', line: 'clitcpka-cnt 3x' },
  { section: 'defaults d1', line: 'retries 3x' },
  { section: 'defaults d1', line: 'mode HTTP' },
  { section: 'defaults d1', line: 'balance least-conn' },
  { section: 'defaults d1', line: 'balance hdr' },
  { section: 'defaults d1', line: 'hash-type consistent md5' },
  { section: 'defaults d1', line: 'http-reuse sometimes' },
  { section: 'defaults d1', line: 'cookie SRV insert sometimes' },
  { section: 'defaults d1', line: 'cookie insert indirect' },
  { section: 'defaults d1', line: 'compression algo brotli' },
  { section: 'defaults d1', line: 'http-check expect header name x' },
  { section: 'defaults d1', line: 'tcp-check expect strin x' },
  { section: 'backend p', line: 'stick-table type ipv4 size 1m' },
  { section: 'backend p', line: 'stick-table type ip size 10x' },
  { section: 'backend p', line: 'stick-table type ip size 1m expire 10x' },
  { section: 'backend p', line: 'stick-table type ip expire 30s' },
  { section: 'frontend p', line: 'mode health' },
  { section: 'resolvers rs', line: 'timeout mail 1s' },
  { section: 'resolvers rs', line: 'accepted_payload_size 8' },
  { section: 'resolvers rs', line: 'accepted_payload_size 8192x' },
  { section: 'resolvers rs', line: 'nameserver n1 10.0.0.1' },
  { section: 'mailers m', line: 'mailer m1 10.0.0.1:0' },
  { section: 'backend p', line: 'dispatch 10.0.0.1' },
  { section: 'backend p', line: 'default_backend' },
  { section: 'defaults d1', line: 'email-alert level noticex' },
  { section: 'defaults d1', line: 'option mysql-check user haproxy post-41x' },
  { section: 'global', line: 'ssl-default-bind-options ssl-min-ver TLSv1.2x' },
  { section: 'global', line: 'ssl-default-server-options ssl-max-ver' },
  { section: 'defaults d1', line: 'log' },
  { section: 'defaults d1', line: 'tcp-check expect string' },
  { section: 'backend p', line: 'stick-table type ip size 10k expire 1h peers' },
  { section: 'fcgi-app fa', line: 'log-stderr globalx' },
];

/** Lines HAProxy accepts silently: no finding of ours either. */
const NEAR_MISSES: Array<{ section: string; line: string }> = [
  { section: 'global', line: 'log 127.0.0.1:514 local0 info notice' },
  { section: 'global', line: 'hard-stop-after 10m' },
  { section: 'global', line: 'maxconn 10000' },
  { section: 'defaults d1', line: 'timeout client 1d' },
  { section: 'defaults d1', line: 'balance hdr(host)' },
  { section: 'defaults d1', line: 'balance url_param userid check_post' },
  { section: 'defaults d1', line: 'hash-type consistent sdbm avalanche' },
  { section: 'defaults d1', line: 'cookie SRV insert indirect nocache httponly secure' },
  { section: 'defaults d1', line: 'http-check expect ! status 500' },
  { section: 'defaults d1', line: 'http-check set-var(check.port) int(1234)' },
  { section: 'defaults d1', line: 'option redispatch 1' },
  { section: 'defaults d1', line: 'no option redispatch' },
  { section: 'backend p', line: 'stick-table type string len 32 size 1M expire 1h' },
  { section: 'resolvers rs', line: 'nameserver n3 udp@10.0.0.1:53' },
  { section: 'resolvers rs', line: 'timeout retry 1s' },
  { section: 'mailers m', line: 'mailer m2 10.0.0.2:587' },
  { section: 'global', line: 'ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets' },
  { section: 'backend p', line: 'stick-table type ip size 1m store' },
  { section: 'defaults d1', line: 'email-alert level notice' },
  { section: 'defaults d1', line: 'option mysql-check user haproxy pre-41' },
];

test('values: errors where haproxy -c refuses the line, warnings where it accepts it', { skip }, async () => {
  const cases = VALUE_LINES.map(({ section, line }): Case => ({ label: `${section}: ${line}`, line: 2, lines: [section, `    ${line}`, ...TAIL] }));
  const results = await runAll(cases);
  const disagreements = cases.flatMap((c, i) => {
    const o = results[i];
    const mine = o.ours.filter((f) => f.severity === 'error' || f.severity === 'warning');
    if (!mine.length) return [`${describe(c, o)} (no finding)`];
    const refused = mine.some((f) => f.severity === 'error');
    return refused === (o.level === 'alert') ? [] : [describe(c, o)];
  });
  assert.deepEqual(disagreements, []);
});

test('near misses: lines haproxy -c accepts without a word get no finding', { skip }, async () => {
  const cases = NEAR_MISSES.map(({ section, line }): Case => ({ label: `${section}: ${line}`, line: 2, lines: [section, `    ${line}`, ...TAIL] }));
  const results = await runAll(cases);
  const disagreements = cases.flatMap((c, i) => {
    const o = results[i];
    const mine = o.ours.filter((f) => f.severity === 'error' || f.severity === 'warning');
    return o.level === 'none' && mine.length === 0 ? [] : [describe(c, o)];
  });
  assert.deepEqual(disagreements, []);
});

// --- mutations of the valid corpus ----------------------------------------------------------------

/** Line edits that often break a line: drop the last word, add one, glue junk to a word, swap two. */
const MUTATIONS: Array<(words: string[]) => string[] | undefined> = [
  (w) => (w.length > 1 ? w.slice(0, -1) : undefined),
  (w) => [...w, 'extra'],
  (w) => (w.length > 1 ? [...w.slice(0, -1), `${w[w.length - 1]}x`] : undefined),
  (w) => (w.length > 1 ? [...w.slice(0, -1), '10x'] : undefined),
  (w) => [`${w[0]}s`, ...w.slice(1)],
  (w) => (w.length > 2 ? [w[0], w[2], w[1], ...w.slice(3)] : undefined),
];

test('mutated corpus lines: no error of ours on a configuration haproxy -c accepts', { skip }, async () => {
  let root = __dirname;
  while (!existsSync(join(root, 'test', 'corpus', 'verdicts.json')) && root !== dirname(root)) root = dirname(root);
  const corpus = join(root, 'test', 'corpus');
  const verdicts = (JSON.parse(readFileSync(join(corpus, 'verdicts.json'), 'utf8')) as {
    verdicts: Array<{ file: string; valid: boolean; env: Record<string, string> }>;
  }).verdicts.filter((v) => v.valid);
  let seed = 20_261_127;
  const random = (n: number): number => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed % n; };
  const cases: Array<{ label: string; text: string; line: number; cwd: string; env: Record<string, string> }> = [];
  for (let tries = 0; cases.length < 150 && tries < 10_000; tries++) {
    const v = verdicts[random(verdicts.length)];
    const lines = readFileSync(join(corpus, v.file), 'utf8').split('\n');
    const at = random(lines.length);
    if (!/^\s+[a-z]/.test(lines[at]) || /["'#\\]/.test(lines[at])) continue;
    const words = lines[at].trim().split(/\s+/);
    const mutated = MUTATIONS[random(MUTATIONS.length)](words);
    if (!mutated) continue;
    const copy = [...lines];
    copy[at] = `    ${mutated.join(' ')}`;
    cases.push({ label: `${v.file}:${at + 1} '${mutated.join(' ')}'`, text: copy.join('\n'), line: at + 1, cwd: dirname(join(corpus, v.file)), env: v.env });
  }
  const falseErrors: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++];
      const result = await runHaproxyCheck(c.text, { executable: HAPROXY, cwd: c.cwd, timeoutMs: 20_000,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', LANG: 'C', ...c.env } });
      if (result.exitCode !== 0) continue;
      const errors = findingsOf(c.text, '2.6', c.env).filter((f) => f.severity === 'error' && f.range.start.line + 1 === c.line);
      if (errors.length) falseErrors.push(`${c.label}: ${errors.map((f) => `${f.code} ${f.message}`).join(' | ')}`);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  assert.ok(cases.length >= 100);
  assert.deepEqual(falseErrors, []);
});
