// `haproxy-workbench lint [--format text|json|sarif] [--haproxy-version X] FILE...`: the same analysis
// as the language server (LanguageService), printed for people, scripts or code-scanning tools.
// Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error (message on stderr).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveVersion, knownVersions } from '../catalog/catalog';
import { detectHaproxyVersion } from '../haproxyCheck';
import { LanguageService } from '../service';
import { formatJson, formatSarif, formatText, type LintedFile } from './lintFormats';

export const lintUsage = `usage: haproxy-workbench lint [--format text|json|sarif] [--haproxy-version X] FILE...

  --format text            file:line:col: severity: message [code] (default)
  --format json            a JSON array of problems (1-based lines and columns)
  --format sarif           SARIF 2.1.0, for code-scanning tools
  --haproxy-version X      validate against HAProxy X (default: the version of 'haproxy' on
                           PATH, else the newest known: ${knownVersions().join(', ')})
  FILE                     a configuration file, or - for standard input

exit status: 0 no errors, 1 errors found, 2 usage or I/O error`;

export interface LintIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Standard input, for `-` (read to the end). */
  readStdin?: () => Promise<string>;
  /** Finds the installed haproxy's version (default: `haproxy -v`); injectable for tests. */
  detectVersion?: () => Promise<string | undefined>;
}

export type LintFormat = 'text' | 'json' | 'sarif';

export interface LintOptions {
  format: LintFormat;
  haproxyVersion?: string;
  files: string[];
}

class UsageError extends Error {}

const FORMATS: readonly LintFormat[] = ['text', 'json', 'sarif'];

/** Parses the arguments after `lint`; throws UsageError with a message naming the culprit. */
export function parseLintArgs(argv: readonly string[]): LintOptions {
  const options: LintOptions = { format: 'text', files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { options.files.push(...argv.slice(i + 1)); break; }
    if (arg === '-' || !arg.startsWith('-')) { options.files.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name !== '--format' && name !== '--haproxy-version') throw new UsageError(`unknown option '${name}'`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '--format') {
      if (!FORMATS.includes(value as LintFormat)) throw new UsageError(`unknown --format '${value}' (expected text, json or sarif)`);
      options.format = value as LintFormat;
    } else {
      if (!/\d+\.\d+/.test(value)) throw new UsageError(`--haproxy-version '${value}' is not a version (expected e.g. 2.6 or 3.0.5)`);
      options.haproxyVersion = value;
    }
  }
  if (options.files.length === 0) throw new UsageError('no file to lint');
  return options;
}

export async function runLint(argv: readonly string[], io: LintIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(lintUsage + '\n');
    return 0;
  }
  let options: LintOptions;
  try {
    options = parseLintArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`haproxy-workbench lint: ${error.message}\n${lintUsage}\n`);
    return 2;
  }
  const version = await targetVersion(options.haproxyVersion, io);
  const service = new LanguageService(version);
  const linted: LintedFile[] = [];
  let ioFailed = false;
  for (const [index, file] of options.files.entries()) {
    let text: string;
    try {
      text = await readInput(file, io);
    } catch (error) {
      io.stderr.write(`haproxy-workbench lint: cannot read ${file}: ${describeIoError(error)}\n`);
      ioFailed = true;
      continue;
    }
    const uri = file === '-' ? `stdin:${index}` : pathToFileURL(resolve(file)).href;
    service.openDocument(uri, 'haproxy', 1, text);
    linted.push({ file: file === '-' ? '<stdin>' : file, problems: service.problems(uri) });
    service.closeDocument(uri);
  }
  const output = options.format === 'json' ? formatJson(linted)
    : options.format === 'sarif' ? formatSarif(linted, version)
      : formatText(linted);
  io.stdout.write(output);
  if (ioFailed) return 2;
  return linted.some((f) => f.problems.some((p) => p.severity === 'error')) ? 1 : 0;
}

/** --haproxy-version, else the installed haproxy's, else the newest known; inexact choices noted on stderr. */
async function targetVersion(requested: string | undefined, io: LintIo): Promise<string> {
  const newest = knownVersions().at(-1) ?? '3.4';
  const wanted = requested ?? await (io.detectVersion ?? (() => detectHaproxyVersion('haproxy')))();
  if (!wanted) return newest;
  const resolved = resolveVersion(wanted);
  if (resolved.note) io.stderr.write(`haproxy-workbench lint: ${requested ? '' : `haproxy on PATH is ${wanted}: `}${resolved.note}\n`);
  return resolved.version;
}

async function readInput(file: string, io: LintIo): Promise<string> {
  if (file === '-') {
    if (!io.readStdin) throw new Error('standard input is not available');
    return io.readStdin();
  }
  const bytes = await readFile(file);
  return new TextDecoder('utf-8').decode(bytes);
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
