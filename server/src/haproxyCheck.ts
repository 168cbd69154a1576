// Runs `haproxy -c` on a temporary copy of a buffer and turns its alerts and warnings into
// diagnostics: a second opinion from the real parser, kept apart from our own analysis.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';

export type HaproxyMessageLevel = 'alert' | 'warning' | 'notice';

/** One message from `haproxy -c`, with its line when HAProxy gave one (1-based). */
export interface HaproxyMessage {
  level: HaproxyMessageLevel;
  line?: number;
  message: string;
}

export interface HaproxyCheckResult {
  /** HAProxy's exit code: 0 valid, 1 invalid. */
  exitCode: number;
  messages: HaproxyMessage[];
}

export interface HaproxyCheckOptions {
  executable: string;
  /** Directory the check runs in, so relative paths (maps, certificates, error files) resolve as on the host. */
  cwd?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export class HaproxyCheckError extends Error {}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Checks `text` with `haproxy -c -f <temp copy>`; never touches the user's file. */
export async function runHaproxyCheck(text: string, options: HaproxyCheckOptions): Promise<HaproxyCheckResult> {
  const dir = await mkdtemp(join(tmpdir(), 'haproxy-workbench-check-'));
  const file = join(dir, 'haproxy.cfg');
  try {
    await writeFile(file, text);
    const { code, stderr } = await execHaproxy(options, ['-c', '-f', file]);
    return { exitCode: code, messages: parseHaproxyCheckOutput(stderr, basename(file)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The version the binary reports, e.g. "2.6.12-1+deb12u4", or undefined if it cannot be run. */
export async function detectHaproxyVersion(executable: string, timeoutMs = 5_000): Promise<string | undefined> {
  try {
    const { stdout } = await execHaproxy({ executable, timeoutMs }, ['-v']);
    return /version (\S+)/i.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

function execHaproxy(options: HaproxyCheckOptions, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      options.executable,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          const why = error.killed ? `timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : error.message;
          reject(new HaproxyCheckError(`could not run '${options.executable}': ${why}`));
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

// `[ALERT]    (1234) : config : parsing [file:12] : message` (the "parsing" word is optional,
// and lineless alerts such as unresolved use_backend targets have no `[file:N]` part).
const MESSAGE = /^\[(ALERT|WARNING|NOTICE)\]\s+\(\d+\)\s*:\s*(?:config\s*:\s*)?(.*)$/;
const LOCATION = /^(?:parsing\s+)?\[([^\]]*):(\d+)\]\s*:\s*/;
// Summary lines that repeat what the per-line messages already said.
const SUMMARY = [/^Error\(s\) found in configuration file/, /^Fatal errors found in configuration/, /^haproxy version is /, /^path to executable is /];

/** Parses the stderr of `haproxy -c`; `fileName` is the name of the checked file (other files' lines are dropped). */
export function parseHaproxyCheckOutput(stderr: string, fileName: string): HaproxyMessage[] {
  const messages: HaproxyMessage[] = [];
  for (const rawLine of stderr.split(/\r?\n/)) {
    const continuation = /^\s+\|\s?(.*)$/.exec(rawLine);
    const last = messages[messages.length - 1];
    if (continuation && last) {
      last.message += `\n${continuation[1]}`;
      continue;
    }
    const match = MESSAGE.exec(rawLine);
    if (!match) continue;
    const level = match[1].toLowerCase() as HaproxyMessageLevel;
    let body = match[2].trim();
    if (SUMMARY.some((re) => re.test(body))) continue;
    const location = LOCATION.exec(body);
    let line: number | undefined;
    if (location) {
      if (basename(location[1]) !== fileName) continue;
      line = Number(location[2]);
      body = body.slice(location[0].length);
    }
    messages.push(line === undefined ? { level, message: body } : { level, line, message: body });
  }
  return messages;
}

/**
 * Turns HAProxy's messages into diagnostics on the right lines. Messages without a line are
 * placed by the names they quote (`Proxy 'fe': unable to find required use_backend: 'x'`).
 * A message on a line where our own analysis already reports a problem of the same severity is
 * dropped, so the user does not read the same mistake twice.
 */
export function haproxyMessagesToDiagnostics(messages: HaproxyMessage[], text: string, own: readonly Diagnostic[] = []): Diagnostic[] {
  const lines = text.split(/\r?\n/);
  const result: Diagnostic[] = [];
  for (const message of messages) {
    if (message.level === 'notice') continue;
    const severity = message.level === 'alert' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
    const line = message.line !== undefined ? message.line - 1 : locateByNames(message.message, lines);
    if (own.some((d) => d.range.start.line === line && d.severity === severity)) continue;
    const content = lines[line] ?? '';
    const start = content.length - content.trimStart().length;
    result.push({
      range: { start: { line, character: start }, end: { line, character: content.trimEnd().length } },
      severity,
      source: 'haproxy',
      message: message.message,
    });
  }
  return result;
}

/** Finds the line a lineless message is about: the proxy it names, then the other name inside it. */
function locateByNames(message: string, lines: string[]): number {
  const names = [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  const proxy = /^(?:Proxy|[a-z]+)\s+'([^']+)'/i.exec(message)?.[1] ?? names[0];
  const header = proxy === undefined ? -1 : lines.findIndex((l) => new RegExp(`^\\s*(frontend|backend|listen|defaults)\\s+${escapeRegExp(proxy)}(\\s|$)`).test(l));
  if (header < 0) return 0;
  const target = names.filter((n) => n !== proxy).pop();
  if (target === undefined) return header;
  for (let i = header + 1; i < lines.length && !/^\s*(frontend|backend|listen|defaults|global|userlist|peers|resolvers|mailers|program|http-errors|ring|cache|fcgi-app|log-forward|crt-store|traces|acme)\b/.test(lines[i]); i++) {
    if (lines[i].split(/[\s,()]+/).includes(target)) return i;
  }
  return header;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
