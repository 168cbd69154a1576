// Analysis speed on generated realistic configs (bench/analysisConfig.ts) of 10,000 and 100,000 lines:
// - full parse + diagnose through the LanguageService vs `haproxy -c` on the same file (same run);
// - one-character edit to diagnostics in the 100k file (LanguageService, p50/p95): on server lines, and on
//   the rule lines of its one huge section (a 13k-line frontend, where a section's checks cost the most);
// - heap used by the open 100k document; completion latency (features/completion.ts) on it;
// - the same over stdio LSP (dist/server.js): open to first diagnostics, edit to diagnostics.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LanguageService } from '../server/src/service';
import { documentChecks, sectionChecks } from '../server/src/analysis/checks';
import { runDocumentCheck, runSectionCheck } from '../server/src/analysis/analyze';
import type { Finding } from '../server/src/analysis/findings';
import type { DocumentModel } from '../server/src/model';
import { provideCompletion } from '../server/src/features/completion';
import type { Position } from '../server/src/syntax/tree';
import { startLspServer } from '../test/lsp/lspClient';
import { generateAnalysisConfig } from './analysisConfig';

const VERSION = '2.6';
const HAPROXY = process.env.HAPROXY_BIN ?? 'haproxy';

export interface SizeResult {
  lines: number; chars: number; oursMs: number; problems: number; haproxyMs: number; haproxyExit: number; ratio: number;
  /** Ours, the first run of this size in the process (before the warm-up runs). */
  coldMs: number;
}
export interface Percentiles { count: number; p50: number; p95: number; max: number }
export interface CheckTiming { name: string; kind: 'document' | 'section'; ms: number }
/** What the document checks redid per edit (IncrementalAnalysis.lastRun), averaged over the edits. */
export interface DocumentChecksPerEdit { meanMs: number; maxMs: number; meanUnits: number }
export interface AnalysisBenchResult {
  sizes: SizeResult[];
  edit: Percentiles;
  /** The same edits on the rule lines of the one huge section (the generated frontend). */
  editInFrontend: Percentiles;
  /** Of those edits, the time in document checks (only the units an edit may have changed re-run). */
  editDocumentChecks: DocumentChecksPerEdit;
  /** The same edits with no checks registered: parse, symbols, caches, diagnostics conversion. */
  editServiceOnly: Percentiles;
  /** One full run of each check over the 100k file (what opening the file costs). */
  checks: CheckTiming[];
  heapMb: number;
  completion: Percentiles & { emptyAnswers: number };
  lsp: { openMs: number; edit: Percentiles };
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, p50: at(50), p95: at(95), max: sorted.at(-1) ?? Number.NaN };
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

function haproxyCheck(file: string): Promise<{ ms: number; exit: number; stderr: string }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(HAPROXY, ['-c', '-f', file], { timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error && typeof error.code !== 'number') { reject(new Error(`could not run ${HAPROXY} -c: ${error.message}`)); return; }
      resolve({ ms: performance.now() - start, exit: typeof error?.code === 'number' ? error.code : 0, stderr });
    });
  });
}

/** A real gc() for heap figures (the bench runs without --expose-gc). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Server lines spread over the document: where a user would type. */
function serverLines(text: string, count: number): number[] {
  return linesStartingWith(text, ['    server '], count);
}

/** `count` lines spread over the document (or over `within`, a range of lines) starting with one of `prefixes`. */
function linesStartingWith(text: string, prefixes: readonly string[], count: number, within?: { first: number; last: number }): number[] {
  const lines = text.split('\n');
  const first = within?.first ?? 0;
  const last = Math.min(lines.length - 1, within?.last ?? lines.length - 1);
  const picked: number[] = [];
  const step = Math.max(1, Math.floor((last - first + 1) / (count + 1)));
  for (let i = 1; picked.length < count && i <= count * 2; i++) {
    let line = Math.min(last, first + i * step);
    while (line <= last && !prefixes.some((prefix) => lines[line].startsWith(prefix))) line++;
    if (line <= last) picked.push(line);
  }
  return picked;
}

/** The lines of the generated config's one frontend (13,338 lines of acl/use_backend rules at 100k). */
function frontendRuleLines(text: string, count: number): number[] {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.startsWith('frontend '));
  const last = lines.findIndex((line, i) => i > first && /^\S/.test(line)) - 1;
  return linesStartingWith(text, ['    acl ', '    use_backend '], count, { first, last });
}

/** Runs of each side per size; the median is reported (the machine is shared, one run is noise). */
const SIZE_RUNS = 5;
/**
 * Before the timed runs of a size, untimed runs of ours on the same text for at least this long:
 * the comparison is of a warm server (a language server analyses again after every change; the JIT
 * warms once per process). The first of them, the cold figure, is reported too, and the stdio LSP
 * figure below is a fresh server process's first open.
 */
const WARM_UP_MS = 2_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function measureSize(lines: number, dir: string, log: (line: string) => void): Promise<SizeResult> {
  const text = generateAnalysisConfig(lines);
  const file = join(dir, `generated-${lines}.cfg`);
  writeFileSync(file, text);
  const ours: number[] = [];
  const theirs: number[] = [];
  let problems = 0;
  let exit = 0;
  const analyse = (): [number, number] => {
    // A fresh service each time: the whole document is parsed, indexed and checked from nothing.
    const service = new LanguageService(VERSION);
    const uri = `file://${file}`;
    const result = timed(() => {
      service.openDocument(uri, 'haproxy', 1, text);
      return service.diagnostics(uri).length;
    });
    service.closeDocument(uri);
    return result;
  };
  const warmUpStart = performance.now();
  const coldMs = analyse()[1];
  while (performance.now() - warmUpStart < WARM_UP_MS) analyse();
  for (let run = 0; run < SIZE_RUNS; run++) {
    const [found, ms] = analyse();
    ours.push(ms);
    problems = found;
    const check = await haproxyCheck(file);
    if (check.exit !== 0) throw new Error(`haproxy -c rejected the generated ${lines}-line config (exit ${check.exit}):\n${check.stderr.slice(0, 2000)}`);
    theirs.push(check.ms);
    exit = check.exit;
  }
  const oursMs = median(ours);
  const haproxyMs = median(theirs);
  const result = { lines: text.split('\n').length, chars: text.length, oursMs, coldMs, problems, haproxyMs, haproxyExit: exit, ratio: oursMs / haproxyMs };
  const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
  log(`analysis: ${result.lines} lines: ours median ${oursMs.toFixed(0)} ms [${list(ours)}] (${problems} problems; first run of this size in the process ${coldMs.toFixed(0)} ms), haproxy -c median ${haproxyMs.toFixed(0)} ms [${list(theirs)}] (exit ${exit}), ratio ${result.ratio.toFixed(2)}`);
  return result;
}

/** One character typed then removed at the end of server lines, each followed by diagnostics. */
function measureEdits(service: LanguageService, uri: string, lines: readonly number[], perEdit?: DocumentChecksPerEdit): Percentiles {
  const samples: number[] = [];
  const documentMs: number[] = [];
  let units = 0;
  let version = 2;
  for (const line of lines) {
    const character = service.document(uri)!.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '').length;
    for (const edit of [
      { range: { start: { line, character }, end: { line, character } }, text: '7' },
      { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' },
    ]) {
      const [, ms] = timed(() => {
        service.changeDocument(uri, version++, [edit]);
        return service.diagnostics(uri);
      });
      samples.push(ms);
      const run = service.lastFindingsRun(uri);
      documentMs.push(run?.documentChecksMs ?? Number.NaN);
      units += run?.unitsChecked ?? 0;
    }
  }
  if (perEdit) {
    perEdit.meanMs = documentMs.reduce((sum, v) => sum + v, 0) / documentMs.length;
    perEdit.maxMs = Math.max(...documentMs);
    perEdit.meanUnits = units / documentMs.length;
  }
  return percentiles(samples);
}

/** Completion requests at typical places: server options, balance algorithms, use_backend targets, keywords. */
function measureCompletion(service: LanguageService, uri: string, text: string, count: number): Percentiles & { emptyAnswers: number } {
  const lines = text.split('\n');
  const positions: Position[] = [];
  for (let i = 0; positions.length < count && i < lines.length; i += Math.floor(lines.length / count)) {
    let line = i;
    while (line < lines.length - 1 && lines[line].trim() === '') line++;
    const content = lines[line];
    const kind = positions.length % 4;
    if (kind === 0) positions.push({ line, character: content.length }); // after the last word
    else if (kind === 1) positions.push({ line, character: 4 }); // keyword position
    else if (kind === 2) positions.push({ line, character: content.indexOf(' ', 5) + 1 || content.length }); // second word
    else positions.push({ line, character: Math.max(4, content.length - 2) }); // inside the last word
  }
  const samples: number[] = [];
  let emptyAnswers = 0;
  for (const position of positions) {
    const [list, ms] = timed(() => provideCompletion(service.model(uri)!, position));
    if (list.items.length === 0) emptyAnswers++;
    samples.push(ms);
  }
  return { ...percentiles(samples), emptyAnswers };
}

async function measureLsp(text: string, edits: number): Promise<{ openMs: number; edit: Percentiles }> {
  const lsp = await startLspServer({ haproxy: { version: VERSION, check: { onSave: false } } });
  try {
    const uri = 'file:///bench/generated-100k.cfg';
    let start = performance.now();
    await lsp.open(uri, text);
    const openMs = performance.now() - start;
    const samples: number[] = [];
    let version = 2;
    for (const line of serverLines(text, edits)) {
      const character = text.split('\n', line + 1)[line].length;
      // An edit after a pause (the user looks at the result), not inside a burst of keystrokes.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      start = performance.now();
      const published = await lsp.change(uri, version, [{ range: { start: { line, character }, end: { line, character } }, text: '7' }]);
      samples.push(performance.now() - start);
      if (published.version !== undefined && published.version !== version) throw new Error(`expected diagnostics for version ${version}, got ${published.version}`);
      version++;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      start = performance.now();
      await lsp.change(uri, version++, [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' }]);
      samples.push(performance.now() - start);
    }
    return { openMs, edit: percentiles(samples) };
  } finally {
    await lsp.close();
  }
}

/** Each registered check once over the whole model, slowest first. */
function timeChecks(model: DocumentModel): CheckTiming[] {
  const input = { tree: model.tree, symbols: model.symbols, catalog: model.catalog, version: model.haproxyVersion };
  const sink: Finding[] = [];
  const ctx = { ...input, report: (f: Finding) => { sink.push(f); } };
  const timings: CheckTiming[] = [
    ...documentChecks.map((check) => ({ name: check.name || 'document check', kind: 'document' as const, ms: timed(() => runDocumentCheck(check, input))[1] })),
    ...sectionChecks.map((check) => ({ name: check.name || 'section check', kind: 'section' as const, ms: timed(() => { for (const section of model.tree.sections) runSectionCheck(check, section, ctx); })[1] })),
  ];
  return timings.sort((a, b) => b.ms - a.ms);
}

export async function runAnalysisBench(options: { log?: (line: string) => void; edits?: number; completions?: number; lspEdits?: number } = {}): Promise<AnalysisBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'hwb-bench-'));
  try {
    // Warm-up: catalog loading and JIT, not part of any figure.
    const warm = new LanguageService(VERSION);
    warm.openDocument('file:///warm.cfg', 'haproxy', 1, generateAnalysisConfig(2_000));
    warm.diagnostics('file:///warm.cfg');

    const sizes = [await measureSize(10_000, dir, log), await measureSize(100_000, dir, log)];

    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const text = generateAnalysisConfig(100_000);
    const service = new LanguageService(VERSION);
    const uri = 'file:///bench/generated-100k.cfg';
    service.openDocument(uri, 'haproxy', 1, text);
    service.diagnostics(uri);
    collectGarbage();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / (1024 * 1024);
    log(`analysis: heap used by the open 100k document (text, tree, symbols, findings): ${heapMb.toFixed(0)} MB`);

    const editDocumentChecks: DocumentChecksPerEdit = { meanMs: Number.NaN, maxMs: Number.NaN, meanUnits: Number.NaN };
    const edit = measureEdits(service, uri, serverLines(text, options.edits ?? 20), editDocumentChecks);
    log(`analysis: 1-char edit -> diagnostics in 100k lines (LanguageService), ${edit.count} edits: p50 ${edit.p50.toFixed(1)} ms, p95 ${edit.p95.toFixed(1)} ms, max ${edit.max.toFixed(1)} ms`);
    log(`analysis: of which document checks: mean ${editDocumentChecks.meanMs.toFixed(1)} ms, max ${editDocumentChecks.maxMs.toFixed(1)} ms, ${editDocumentChecks.meanUnits.toFixed(1)} units re-checked per edit`);
    const editInFrontend = measureEdits(service, uri, frontendRuleLines(text, options.edits ?? 20));
    log(`analysis: the same edits on acl/use_backend lines of the one frontend (the biggest section): p50 ${editInFrontend.p50.toFixed(1)} ms, p95 ${editInFrontend.p95.toFixed(1)} ms, max ${editInFrontend.max.toFixed(1)} ms`);
    const checks = timeChecks(service.model(uri)!);
    log(`analysis: full run of each check over 100k lines (on open): ${checks.map((c) => `${c.name} ${c.ms.toFixed(0)} ms`).join(', ')}`);
    const bare = new LanguageService(VERSION, { analyzer: { analyzeSection: () => [], analyzeDocument: () => [] } });
    bare.openDocument(uri, 'haproxy', 1, text);
    bare.diagnostics(uri);
    const editServiceOnly = measureEdits(bare, uri, serverLines(text, options.edits ?? 20));
    bare.closeDocument(uri);
    log(`analysis: the same edits without checks (parse, symbols, caches, diagnostics): p50 ${editServiceOnly.p50.toFixed(1)} ms, p95 ${editServiceOnly.p95.toFixed(1)} ms`);
    const completion = measureCompletion(service, uri, text, options.completions ?? 100);
    log(`analysis: completion in 100k lines, ${completion.count} requests: p50 ${completion.p50.toFixed(2)} ms, p95 ${completion.p95.toFixed(2)} ms (${completion.emptyAnswers} empty)`);
    service.closeDocument(uri);

    const lsp = await measureLsp(text, options.lspEdits ?? 5);
    log(`analysis: stdio LSP, 100k lines: open -> diagnostics ${lsp.openMs.toFixed(0)} ms; edit -> diagnostics p50 ${lsp.edit.p50.toFixed(0)} ms, p95 ${lsp.edit.p95.toFixed(0)} ms`);
    return { sizes, edit, editInFrontend, editDocumentChecks, editServiceOnly, checks, heapMb, completion, lsp };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runAnalysisBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
