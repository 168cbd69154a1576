// Our diagnostics against HAProxy's recorded verdicts (test/corpus/verdicts.json, Debian haproxy
// 2.6.12 -c), analysed as version 2.6 with each config's recorded environment:
//  - a config HAProxy accepts gets no error (finding or syntax issue); warnings where HAProxy
//    prints none are listed as test diagnostics;
//  - a config HAProxy rejects gets an error on every line HAProxy names, and for each alert without
//    a line, an error naming what HAProxy could not find;
//  - analysing any corpus or fixture file never makes a check throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from '../../../server/src/syntax/parser';
import { buildSymbolIndex } from '../../../server/src/analysis/symbols';
import { analyze } from '../../../server/src/analysis/analyze';
import { getCatalog } from '../../../server/src/catalog/catalog';
import type { Finding } from '../../../server/src/analysis/findings';
import type { SyntaxIssue } from '../../../server/src/syntax/tree';

interface Message { line: number | null; message: string }
interface Verdict { file: string; env: Record<string, string>; valid: boolean; alerts: Message[]; warnings: Message[] }

function repoRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'test', 'corpus', 'verdicts.json'))) return dir;
  }
  throw new Error(`test/corpus/verdicts.json not found above ${__dirname}`);
}

const root = repoRoot();
const corpus = join(root, 'test', 'corpus');
const verdicts = (JSON.parse(readFileSync(join(corpus, 'verdicts.json'), 'utf8')) as { verdicts: Verdict[] }).verdicts;

/**
 * Lines HAProxy names that we knowingly do not flag, with the reason. A line here that starts being
 * flagged is reported as a test diagnostic so the entry can go.
 */
const KNOWN_MISSES: Readonly<Record<string, string>> = {
  'invalid/unknown-user-name.cfg:4': 'the account must exist on the machine running HAProxy, not the one editing the file',
  'invalid/missing-acl-file.cfg:10': 'files named by the configuration are not opened by the analysis',
  'invalid/missing-crt-file.cfg:9': 'files named by the configuration are not opened by the analysis',
  'invalid/bad-entry-in-acl-file.cfg:11': 'the content of ACL files is not read by the analysis',
  'invalid/bad-entry-in-acl-file.cfg:12': 'cascade of the ACL whose file has a bad entry',
  'invalid/unbalanced-if-block.cfg:14': "the syntax layer reports the unclosed '.if' on its own line, HAProxy at the end of the file",
};

interface Analysis { findings: Finding[]; syntaxErrors: SyntaxIssue[] }

function analyseText(text: string, env?: Record<string, string>): Analysis {
  const tree = parse(text, { version: '2.6.12', ...(env ? { env } : {}) });
  const findings = analyze({ tree, symbols: buildSymbolIndex(tree), catalog: getCatalog('2.6'), version: '2.6' });
  return { findings, syntaxErrors: tree.issues.filter((i) => i.severity === 'error') };
}

const analysed = new Map(verdicts.map((v) => [v.file, analyseText(readFileSync(join(corpus, v.file), 'utf8'), v.env)]));

/** 1-based lines with an error (finding or syntax issue). */
function errorLines(a: Analysis): Set<number> {
  return new Set([...a.findings.filter((f) => f.severity === 'error'), ...a.syntaxErrors].map((f) => f.range.start.line + 1));
}

test('corpus: configs HAProxy accepts get no error', () => {
  const valid = verdicts.filter((v) => v.valid);
  assert.ok(valid.length > 20);
  const falseAlarms = valid.flatMap((v) => {
    const a = analysed.get(v.file)!;
    return [...a.findings.filter((f) => f.severity === 'error'), ...a.syntaxErrors]
      .map((f) => `${v.file}:${f.range.start.line + 1} ${f.code}: ${f.message}`);
  });
  assert.deepEqual(falseAlarms, []);
});

test('corpus: warnings on accepted configs where HAProxy is silent are listed', (t) => {
  const extra: string[] = [];
  for (const v of verdicts.filter((x) => x.valid)) {
    const warned = new Set(v.warnings.map((w) => w.line));
    for (const f of analysed.get(v.file)!.findings) {
      if (f.severity === 'warning' && !warned.has(f.range.start.line + 1) && !warned.has(null)) {
        extra.push(`${v.file}:${f.range.start.line + 1} ${f.code}: ${f.message}`);
      }
    }
  }
  for (const e of extra) t.diagnostic(`warning HAProxy does not print: ${e}`);
  // Each must be a deliberate lint (HAProxy accepts the line but silently misreads or ignores it).
  assert.ok(extra.every((e) => /invalid-number|invalid-choice|invalid-condition|undefined-reference|invalid-time/.test(e)), extra.join('\n'));
});

test('corpus: every line HAProxy rejects gets an error', (t) => {
  const missing: string[] = [];
  for (const v of verdicts.filter((x) => !x.valid)) {
    const lines = errorLines(analysed.get(v.file)!);
    for (const alert of v.alerts) {
      if (alert.line === null) continue;
      const key = `${v.file}:${alert.line}`;
      if (lines.has(alert.line)) {
        if (KNOWN_MISSES[key]) t.diagnostic(`${key} is now flagged: remove it from KNOWN_MISSES`);
        continue;
      }
      if (!KNOWN_MISSES[key]) missing.push(`${key} ${alert.message.split('\n')[0]}`);
    }
  }
  for (const [key, why] of Object.entries(KNOWN_MISSES)) t.diagnostic(`known miss ${key}: ${why}`);
  assert.deepEqual(missing, []);
});

/** What a lineless alert says HAProxy could not find ("unable to find required use_backend: 'x'"). */
function missingName(message: string): string | undefined {
  return /(?:unable to find|not found|unknown)[^']*'([^']+)'/.exec(message)?.[1];
}

test('corpus: every alert without a line is matched by an error naming what is missing', () => {
  const pending: string[] = [];
  for (const v of verdicts.filter((x) => !x.valid)) {
    const errors = analysed.get(v.file)!.findings.filter((f) => f.severity === 'error');
    for (const alert of v.alerts.filter((a) => a.line === null)) {
      const name = missingName(alert.message);
      const found = name ? errors.some((e) => e.message.includes(`'${name}'`)) : errors.length > 0;
      if (!found) pending.push(`${v.file}: ${alert.message} (pending: no error ${name ? `naming '${name}'` : 'at all'})`);
    }
  }
  assert.deepEqual(pending, []);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('analysis never throws on any corpus or fixture file', () => {
  const files = [...filesUnder(corpus), ...filesUnder(join(root, 'test', 'fixtures'))].filter((f) => !f.endsWith('.json'));
  assert.ok(files.length > 100);
  const failures: string[] = [];
  const original = console.error;
  // The analyzer logs (and survives) a throwing check: catch the log.
  console.error = (...args: unknown[]) => { failures.push(args.map(String).join(' ')); };
  try {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const version of ['2.4', '2.6', '3.4']) {
        const tree = parse(text, { version });
        analyze({ tree, symbols: buildSymbolIndex(tree), catalog: getCatalog(version), version });
      }
      if (failures.length) failures.push(`  while analysing ${relative(root, file)}`);
    }
  } finally {
    console.error = original;
  }
  assert.deepEqual(failures, []);
});
