// Records what the real `haproxy -c` says about every config in test/corpus/ into
// test/corpus/verdicts.json: the ground truth the language server's diagnostics are compared to.
//
// Usage: npm run corpus:record            (HAPROXY_BIN overrides /usr/sbin/haproxy)
//        npm run corpus:record -- --check (re-run and fail if verdicts.json is out of date)
//
// Each config is checked from its own directory (so relative `crt`, `-f`, map paths resolve)
// with a fixed environment: a minimal PATH/HOME plus the `# env: NAME=value` header lines of the
// file. Output is deterministic (sorted files, pids and timestamps stripped), so re-running on the
// same HAProxy build gives a byte-identical file. The run fails loudly when a file under valid/ is
// rejected or a file under invalid/ is accepted, so the corpus stays honest.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

export interface VerdictMessage {
  /** 1-based line in the checked file, or null when HAProxy names no line (or names another file). */
  line: number | null;
  message: string;
}

export type Expectation = 'valid' | 'invalid';
export type Category = 'valid' | 'valid-with-warnings' | 'invalid';

export interface Verdict {
  /** Path relative to test/corpus/, with forward slashes, e.g. "invalid/unknown-keyword-in-global.cfg". */
  file: string;
  haproxyVersion: string;
  /** Environment variables set for the check (from `# env:` header lines), sorted by name. */
  env: Record<string, string>;
  exitCode: number;
  valid: boolean;
  expected: Expectation;
  category: Category;
  alerts: VerdictMessage[];
  warnings: VerdictMessage[];
  /** Whole-run summary lines ("Fatal errors found in configuration.") that are not per-line errors. */
  summary: string[];
}

export interface VerdictsFile {
  generatedBy: string;
  haproxyVersion: string;
  verdicts: Verdict[];
}

const CHECK_TIMEOUT_MS = 20_000;
const SUMMARY_PATTERNS = [/^Fatal errors found in configuration\.?$/, /^Error\(s\) found in configuration file/];

/** Walks up from this script (run from scripts/ or bundled into out/) to the repo's test/corpus. */
function findCorpusDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'corpus');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no test/corpus above ${start}`);
  }
}

function haproxyBinary(): string {
  return process.env.HAPROXY_BIN || '/usr/sbin/haproxy';
}

function haproxyVersion(bin: string): string {
  const run = spawnSync(bin, ['-v'], { encoding: 'utf8', timeout: CHECK_TIMEOUT_MS });
  const match = /HAProxy version (\S+)/.exec(run.stdout ?? '');
  if (!match) throw new Error(`cannot read the version of ${bin}: ${run.error?.message ?? run.stderr}`);
  return match[1];
}

/** Corpus configs: every *.cfg directly under valid/ and invalid/, sorted. */
export function listCorpusFiles(corpusDir: string): string[] {
  const files: string[] = [];
  for (const group of ['valid', 'invalid']) {
    const dir = join(corpusDir, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (name.endsWith('.cfg')) files.push(`${group}/${name}`);
  }
  return files.sort();
}

/** `# env: NAME=value` lines at the top of a config (before the first non-comment line). */
export function parseEnvHeader(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('#')) break;
    const match = /^#\s*env:\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2];
  }
  return Object.fromEntries(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
}

interface ParsedOutput {
  alerts: VerdictMessage[];
  warnings: VerdictMessage[];
  summary: string[];
}

const HEADER = /^\[(ALERT|WARNING|NOTICE|DIAG)\]\s+\(\d+\)\s*:\s*(.*)$/;

/** Turns `haproxy -c` stderr into per-line alerts/warnings; `fileName` is the checked file's name as passed to -f. */
export function parseCheckOutput(stderr: string, fileName: string): ParsedOutput {
  const out: ParsedOutput = { alerts: [], warnings: [], summary: [] };
  let last: VerdictMessage | null = null;
  for (const raw of stderr.split('\n')) {
    if (raw.trim() === '') continue;
    const header = HEADER.exec(raw);
    if (!header) {
      // Indented "   | detail" lines continue the previous message; other bare lines
      // ("Warnings were found.", "Configuration file is valid") are run summaries.
      if (last && /^\s+\S/.test(raw)) last.message += '\n' + continuation(raw);
      else last = null;
      continue;
    }
    const [, level, rest] = header;
    last = null;
    if (level === 'NOTICE' || level === 'DIAG') continue;
    const body = rest.replace(/^(?:config\s*:\s*)+/, '');
    if (level === 'ALERT' && SUMMARY_PATTERNS.some((p) => p.test(body))) {
      out.summary.push(body.replace(/\s+$/, ''));
      continue;
    }
    last = locate(body, fileName);
    (level === 'ALERT' ? out.alerts : out.warnings).push(last);
  }
  return out;
}

/** A continuation line without its "   | " margin; caret lines ("    ^") keep their indent so they still point. */
function continuation(raw: string): string {
  const piped = /^\s+\|\s?(.*)$/.exec(raw);
  return (piped ? piped[1] : raw).trimEnd();
}

/**
 * Splits `parsing [file:LINE] : msg` / `[file:LINE] : msg` into a line and a message. Some alerts
 * repeat the location (`[f:10] : parsing [f:10] : msg`); others only name it at the end
 * (`unknown http-errors section 'x' (at f:10).`), which is taken as the line too.
 */
function locate(body: string, fileName: string): VerdictMessage {
  const prefix = /^(?:parsing\s+)?\[([^\]]+):(\d+)\]\s*:\s*/i;
  const match = prefix.exec(body);
  if (match) {
    if (match[1] !== fileName) return { line: null, message: body.trimEnd() };
    let message = body.slice(match[0].length);
    const repeated = prefix.exec(message);
    if (repeated && repeated[1] === match[1] && repeated[2] === match[2]) message = message.slice(repeated[0].length);
    return { line: Number(match[2]), message: message.trimEnd() };
  }
  const trailing = /\(at ([^():]+):(\d+)\)\.?$/.exec(body);
  if (trailing && trailing[1] === fileName) return { line: Number(trailing[2]), message: body.trimEnd() };
  return { line: null, message: body.trimEnd() };
}

function checkEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: '/usr/sbin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C', ...extra };
}

export function recordVerdict(relFile: string, bin: string, version: string, corpusDir: string): Verdict {
  const path = join(corpusDir, relFile);
  const env = parseEnvHeader(readFileSync(path, 'utf8'));
  const run = spawnSync(bin, ['-c', '-f', basename(path)], {
    cwd: dirname(path),
    env: checkEnv(env),
    encoding: 'utf8',
    timeout: CHECK_TIMEOUT_MS,
  });
  if (run.error || run.status === null) {
    throw new Error(`${relFile}: haproxy -c did not finish (${run.error?.message ?? `signal ${run.signal}`})`);
  }
  const parsed = parseCheckOutput(run.stderr, basename(path));
  // Exit code 2 comes with a stdout-only explanation; keep it so a lineless failure is explained.
  const noListener = /^Configuration file has no error but will not start.*$/m.exec(run.stdout);
  if (noListener) parsed.summary.push(noListener[0].trim());
  const expected: Expectation = relFile.startsWith('valid/') ? 'valid' : 'invalid';
  const valid = run.status === 0;
  const category: Category = !valid ? 'invalid' : parsed.warnings.length > 0 ? 'valid-with-warnings' : 'valid';
  return { file: relFile, haproxyVersion: version, env, exitCode: run.status, valid, expected, category, ...parsed };
}

function dishonest(v: Verdict): string | null {
  if (v.expected === 'valid' && !v.valid) {
    return `${v.file}: under valid/ but haproxy -c rejected it:\n  ${v.alerts.map((a) => `${a.line ?? '-'}: ${a.message}`).join('\n  ')}`;
  }
  if (v.expected === 'invalid' && v.valid) return `${v.file}: under invalid/ but haproxy -c accepted it`;
  if (v.expected === 'invalid' && v.alerts.length === 0) {
    return `${v.file}: rejected (exit ${v.exitCode}) without any alert ${v.summary.join(' ')}`.trimEnd();
  }
  return null;
}

function main(): void {
  const checkOnly = process.argv.includes('--check');
  const bin = haproxyBinary();
  const version = haproxyVersion(bin);
  const corpusDir = findCorpusDir(__dirname);
  const output = join(corpusDir, 'verdicts.json');
  const files = listCorpusFiles(corpusDir);
  const verdicts = files.map((f) => recordVerdict(f, bin, version, corpusDir));
  const problems = verdicts.map(dishonest).filter((p): p is string => p !== null);
  const result: VerdictsFile = { generatedBy: 'scripts/record-verdicts.ts', haproxyVersion: version, verdicts };
  const json = JSON.stringify(result, null, 2) + '\n';
  if (problems.length > 0) {
    console.error(`Corpus is not honest (${problems.length} file(s)); verdicts.json NOT written:\n${problems.join('\n')}`);
    process.exit(1);
  }
  const counts = { valid: 0, 'valid-with-warnings': 0, invalid: 0 };
  for (const v of verdicts) counts[v.category]++;
  const summary = `${files.length} configs: ${counts.valid} valid, ${counts['valid-with-warnings']} valid-with-warnings, ${counts.invalid} invalid (haproxy ${version})`;
  if (checkOnly) {
    const current = existsSync(output) ? readFileSync(output, 'utf8') : '';
    if (current !== json) {
      console.error(`${relative(process.cwd(), output)} is out of date; run npm run corpus:record`);
      process.exit(1);
    }
    console.log(`verdicts.json is up to date. ${summary}`);
    return;
  }
  writeFileSync(output, json);
  console.log(`Wrote ${relative(process.cwd(), output)}. ${summary}`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(`corpus:record failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
