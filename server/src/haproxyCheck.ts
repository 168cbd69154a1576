// Runs `haproxy -c` on a temporary copy of a buffer and turns its alerts and warnings into
// diagnostics: a second opinion from the real parser, kept apart from our own analysis.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic } from 'vscode-languageserver-types';
import { copyRange } from './analysis/lines';
import type { SymbolIndex, SymbolKind } from './analysis/symbols';
import type { ConfigTree, Range, Section } from './syntax/tree';

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
    await writeFile(file, redirectWrittenFiles(text, dir));
    const { code, stderr } = await execHaproxy(options, ['-c', '-f', file]);
    return { exitCode: code, messages: parseHaproxyCheckOutput(stderr, basename(file)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `haproxy -c` still maps a ring's `backing-file` (creating it, and re-initialising the ring in it):
 * checking a config on save must not touch the file a running HAProxy logs into. The copy points
 * each one at a file in the check's own temp folder; lines stay where they are, so messages too.
 */
export function redirectWrittenFiles(text: string, tempDir: string): string {
  let count = 0;
  return text.replace(/^([ \t]*backing-file[ \t]+)(?:"[^"\n]*"|'[^'\n]*'|[^\s#]+)/gm, (_line, head: string) => `${head}${join(tempDir, `ring-${++count}.bin`)}`);
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

// `[ALERT]    (1234) : config : parsing [file:12] : message`. The location comes in several shapes
// (`parsing [f:N] :`, `Parsing [f:N]:`, `[f:N] :`, twice in a row, or `(at f:N)` at the end), and
// lineless alerts such as unresolved use_backend targets have none.
const MESSAGE = /^\[(ALERT|WARNING|NOTICE)\]\s+\(\d+\)\s*:\s*(.*)$/;
const CONFIG_PREFIX = /^config\s*:\s*/i;
const LOCATION = /^(?:parsing\s*)?\[([^\]]*):(\d+)\]\s*:?\s*/i;
const TRAILING_LOCATION = /\s*\(at ([^()]*):(\d+)\)(\.?)$/;
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
    while (CONFIG_PREFIX.test(body)) body = body.replace(CONFIG_PREFIX, '');
    if (SUMMARY.some((re) => re.test(body))) continue;
    let file: string | undefined;
    let line: number | undefined;
    for (let location = LOCATION.exec(body); location; location = LOCATION.exec(body)) {
      file = location[1];
      line = Number(location[2]);
      body = body.slice(location[0].length);
    }
    const trailing = line === undefined ? TRAILING_LOCATION.exec(body) : null;
    if (trailing) {
      file = trailing[1];
      line = Number(trailing[2]);
      body = body.slice(0, trailing.index) + trailing[3];
    }
    if (file !== undefined && basename(file) !== fileName) continue;
    messages.push(line === undefined ? { level, message: body } : { level, line, message: body });
  }
  return messages;
}

/** What the mapping needs from the checked document: its tree and symbols (a DocumentModel has both). */
export interface CheckedDocument {
  tree: ConfigTree;
  symbols: SymbolIndex;
}

export const HAPROXY_SOURCE = 'haproxy';

/**
 * Turns HAProxy's messages into diagnostics (source `haproxy`, codes haproxy-alert / haproxy-warning)
 * on the right lines. Messages without a line are placed by the names they quote
 * (`Proxy 'fe': unable to find required use_backend: 'x'`). A message on a line where our own
 * analysis already reports a problem of the same severity is dropped, so the user does not read
 * the same mistake twice.
 */
export function haproxyMessagesToDiagnostics(messages: HaproxyMessage[], doc: CheckedDocument, own: readonly Diagnostic[] = []): Diagnostic[] {
  const result: Diagnostic[] = [];
  for (const message of messages) {
    if (message.level === 'notice') continue;
    const severity = message.level === 'alert' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
    const range = message.line !== undefined ? lineRange(doc.tree, message.line - 1) : locateByNames(message.message, doc);
    const line = range.start.line;
    if (own.some((d) => d.range.start.line === line && d.severity === severity)) continue;
    if (result.some((d) => d.range.start.line === line && d.severity === severity && d.message === message.message)) continue;
    result.push({
      range,
      severity,
      source: HAPROXY_SOURCE,
      code: message.level === 'alert' ? 'haproxy-alert' : 'haproxy-warning',
      message: message.message,
    });
  }
  return result;
}

/** The words of a line (its statement, else its comment; an empty range at its start otherwise). */
function lineRange(tree: ConfigTree, line: number): Range {
  const at = Math.max(0, Math.min(line, tree.lineCount - 1));
  const node = tree.nodes[at];
  if (node) return copyRange(node.range);
  const comment = tree.lines[at]?.comment;
  return comment ? copyRange(comment) : { start: { line: at, character: 0 }, end: { line: at, character: 0 } };
}

const PROXY_KINDS: SymbolKind[] = ['frontend', 'backend', 'listen', 'defaults'];
const NAMED_SECTION_KINDS: SymbolKind[] = [...PROXY_KINDS, 'userlist', 'peers', 'resolvers', 'mailers', 'cache', 'http-errors', 'ring', 'fcgi-app', 'log-forward', 'program', 'crt-store'];

/**
 * Finds what a lineless message is about: the section it names first (`Proxy 'fe': ...`), then,
 * inside that section, a reference to or a line mentioning another name it quotes (the missing
 * backend, cache, server...). Falls back to the section header, then to the first line.
 */
function locateByNames(message: string, doc: CheckedDocument): Range {
  const names = [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  const owner = names.map((name) => sectionNamed(doc.symbols, name)).find((s) => s !== undefined);
  if (!owner) return lineRange(doc.tree, 0);
  const targets = names.filter((n) => n !== owner.name?.text);
  for (const target of targets) {
    const reference = doc.symbols.references.find((r) => r.section === owner && r.name === target);
    if (reference) return copyRange(reference.range);
  }
  for (const target of targets) {
    const directive = owner.directives.find((d) => d.args.some((w) => w.text === target || w.text.split(/[\s,()/]+/).includes(target)));
    if (directive) return copyRange(directive.range);
  }
  return copyRange(owner.header.range);
}

function sectionNamed(symbols: SymbolIndex, name: string): Section | undefined {
  const proxies = symbols.findDefinitions(PROXY_KINDS, name);
  return (proxies[0] ?? symbols.findDefinitions(NAMED_SECTION_KINDS, name)[0])?.section;
}
