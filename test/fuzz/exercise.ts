// Runs one fuzz case through the LanguageService and every editor feature function, timing each
// call, and checks the properties every input must keep:
// - no exception escapes (a ResponseError from rename is the documented way to refuse: allowed),
//   and no analysis check fails silently (analyze.ts logs those to console.error);
// - every call answers within a bound (hang detection; the max is reported);
// - results are well formed (ranges inside the document, semantic tokens in order, edits that
//   apply without overlapping);
// - formatting never changes the parsed meaning (words and comments of every line);
// - incremental edits give the same diagnostics as opening the final text fresh.
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ResponseError } from 'vscode-languageserver';
import type { CodeActionContext, Diagnostic, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { LanguageService } from '../../server/src/service';
import type { DocumentModel } from '../../server/src/model';
import { provideCompletion, resolveCompletion } from '../../server/src/features/completion';
import { provideHover } from '../../server/src/features/hover';
import { provideSignatureHelp } from '../../server/src/features/signatureHelp';
import { provideDefinition, provideDocumentHighlights, provideReferences } from '../../server/src/features/navigation';
import { prepareRename, provideRename } from '../../server/src/features/rename';
import { provideDocumentSymbols, provideWorkspaceSymbols } from '../../server/src/features/documentSymbols';
import { provideFoldingRanges } from '../../server/src/features/folding';
import { formatDocument, formatRange } from '../../server/src/features/formatting';
import { provideCodeActions } from '../../server/src/features/codeActions';
import { provideSemanticTokens, SEMANTIC_TOKENS_LEGEND } from '../../server/src/features/semanticTokens';
import { parse } from '../../server/src/syntax/parser';
import type { ConfigTree } from '../../server/src/syntax/tree';
import type { FuzzCase, FuzzPosition } from './inputs';

export const FUZZ_URI = 'file:///tmp/fuzz/haproxy.cfg';

/** Per-call time above which a call counts as hung (far above normal: small inputs take ms). */
export const DEFAULT_BOUND_MS = 2000;

export class FuzzFailure extends Error {
  override readonly name = 'FuzzFailure';
}

/** Counts and timings accumulated over a run. */
export class FuzzStats {
  inputs = 0;
  calls = 0;
  maxMs = 0;
  maxCall = '';
  readonly maxByFeature = new Map<string, number>();

  record(feature: string, ms: number): void {
    this.calls++;
    if (ms > (this.maxByFeature.get(feature) ?? 0)) this.maxByFeature.set(feature, ms);
    if (ms > this.maxMs) {
      this.maxMs = ms;
      this.maxCall = feature;
    }
  }

  summary(): string {
    const slowest = [...this.maxByFeature.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([f, ms]) => `${f} ${ms.toFixed(1)}`).join(', ');
    return `${this.inputs} inputs, ${this.calls} calls, max ${this.maxMs.toFixed(1)} ms (${this.maxCall}); slowest by feature (ms): ${slowest}`;
  }
}

interface Runner {
  <T>(feature: string, call: () => T): T;
}

function runner(stats: FuzzStats, boundMs: number, origin: string): Runner {
  return <T>(feature: string, call: () => T): T => {
    const start = performance.now();
    let result: T;
    try {
      result = call();
    } catch (error) {
      if (error instanceof ResponseError && feature.includes('ename')) return undefined as T; // a refusal with a reason
      throw new FuzzFailure(`${feature} threw on ${origin}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
    const ms = performance.now() - start;
    stats.record(feature, ms);
    if (ms > boundMs) throw new FuzzFailure(`${feature} took ${ms.toFixed(0)} ms (bound ${boundMs} ms) on ${origin}`);
    return result;
  };
}

/** Maps a fuzz position onto the text: mostly existing lines, sometimes one past the end / past the line end. */
function toPosition(document: TextDocument, p: FuzzPosition): Position {
  const line = p.line % (document.lineCount + 1);
  const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
  return { line, character: p.character % (lineText.length + 3) };
}

export function exerciseCase(input: FuzzCase, stats: FuzzStats, boundMs = DEFAULT_BOUND_MS): void {
  stats.inputs++;
  const failedChecks: string[] = [];
  const originalError = console.error;
  // analyze.ts catches a failing check and logs it: for the fuzzer that is a bug like any other.
  console.error = (...args: unknown[]) => void failedChecks.push(args.map(String).join(' '));
  try {
    const run = runner(stats, boundMs, `${input.origin} (version ${input.version}; text ${JSON.stringify(input.text.slice(0, 200))}...)`);
    const service = new LanguageService(input.version);
    run('open', () => service.openDocument(FUZZ_URI, 'haproxy', 1, input.text));
    const diagnostics = run('diagnostics', () => service.diagnostics(FUZZ_URI));
    const model = service.model(FUZZ_URI);
    const document = TextDocument.create(FUZZ_URI, 'haproxy', 1, input.text);
    checkRanges('diagnostics', document, diagnostics.map((d) => d.range));
    if (model) exerciseFeatures(model, document, diagnostics, input, run);
    exerciseEdits(service, input, run);
  } finally {
    console.error = originalError;
  }
  if (failedChecks.length > 0) throw new FuzzFailure(`an analysis check threw on ${input.origin}: ${failedChecks[0]}`);
}

function exerciseFeatures(model: DocumentModel, document: TextDocument, diagnostics: Diagnostic[], input: FuzzCase, run: Runner): void {
  const positions = input.positions.map((p) => toPosition(document, p));
  for (const position of positions) {
    const completion = run('completion', () => provideCompletion(model, position));
    for (const item of completion.items.slice(0, 3)) run('completionResolve', () => resolveCompletion(item, model));
    const hover = run('hover', () => provideHover(model, position));
    if (hover?.range) checkRanges('hover', document, [hover.range]);
    run('signatureHelp', () => provideSignatureHelp(model, position));
    checkRanges('definition', document, run('definition', () => provideDefinition(model, position)).map((l) => l.range));
    checkRanges('references', document, run('references', () => provideReferences(model, position, true)).map((l) => l.range));
    checkRanges('highlights', document, run('highlights', () => provideDocumentHighlights(model, position)).map((h) => h.range));
    const prepared = run('prepareRename', () => prepareRename(model, position));
    if (prepared) checkRanges('prepareRename', document, [prepared.range]);
    const rename = run('rename', () => provideRename(model, position, input.newName));
    if (rename) applyWorkspaceEdit('rename', document, rename);
  }
  const symbols = run('documentSymbols', () => provideDocumentSymbols(model));
  checkRanges('documentSymbols', document, symbols.flatMap((s) => [s.range, s.selectionRange]));
  run('workspaceSymbols', () => provideWorkspaceSymbols([model], input.newName.slice(0, 3)));
  for (const folding of run('folding', () => provideFoldingRanges(model))) {
    if (!(folding.startLine <= folding.endLine && folding.endLine < document.lineCount)) throw new FuzzFailure(`folding range ${JSON.stringify(folding)} outside ${document.lineCount} lines`);
  }
  checkSemanticTokens(run('semanticTokens', () => provideSemanticTokens(model)).data);
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: document.lineCount, character: 0 } };
  const context: CodeActionContext = { diagnostics };
  for (const action of run('codeActions', () => provideCodeActions(model, whole, context))) {
    if (action.edit) applyWorkspaceEdit(`code action '${action.title}'`, document, action.edit);
  }
  for (const diagnostic of diagnostics.slice(0, 5)) {
    for (const action of run('codeActions', () => provideCodeActions(model, diagnostic.range, { diagnostics: [diagnostic] }))) {
      if (action.edit) applyWorkspaceEdit(`code action '${action.title}'`, document, action.edit);
    }
  }
  checkFormatting(model, document, input, run);
}

function checkFormatting(model: DocumentModel, document: TextDocument, input: FuzzCase, run: Runner): void {
  const edits = run('formatting', () => formatDocument(model, input.format));
  const formatted = applyEdits('formatting', document, edits);
  const before = meaning(input.text, parse(input.text));
  const after = meaning(formatted, parse(formatted));
  if (before.join('\n') !== after.join('\n')) {
    const index = before.findIndex((line, i) => line !== after[i]);
    throw new FuzzFailure(`formatting changed the meaning of line ${index} of ${input.origin}:\n  before: ${before[index]}\n  after:  ${after[index]}`);
  }
  const [a, b] = input.positions.map((p) => toPosition(document, p));
  if (a && b) {
    const range = a.line <= b.line ? { start: a, end: b } : { start: b, end: a };
    applyEdits('range formatting', document, run('rangeFormatting', () => formatRange(model, range, input.format)));
  }
}

/** What HAProxy reads: per line with content, its words (raw and decoded) and comment text; layout ignored. */
function meaning(text: string, tree: ConfigTree): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  tree.lines.forEach((tokens, i) => {
    const comment = tokens.comment ? (lines[i] ?? '').slice(tokens.comment.start.character).trimEnd() : '';
    if (tokens.words.length === 0 && !comment) return;
    out.push(`${tokens.words.map((w) => `${JSON.stringify(w.raw)}=${JSON.stringify(w.text)}`).join(' ')} ${comment}`);
  });
  return out;
}

/** Replays the case's edits incrementally; the result must equal opening the final text fresh. */
function exerciseEdits(service: LanguageService, input: FuzzCase, run: Runner): void {
  if (input.edits.length === 0) return;
  let document = TextDocument.create(FUZZ_URI, 'haproxy', 1, input.text);
  input.edits.forEach((edit, i) => {
    const start = toPosition(document, edit.at);
    const startOffset = document.offsetAt(start);
    const range = { start: document.positionAt(startOffset), end: document.positionAt(startOffset + edit.deleteChars) };
    const change = { range, text: edit.text };
    document = TextDocument.update(document, [change], i + 2);
    run('change', () => service.changeDocument(FUZZ_URI, i + 2, [change]));
    run('diagnostics', () => service.diagnostics(FUZZ_URI));
  });
  const fresh = new LanguageService(input.version);
  fresh.openDocument(FUZZ_URI, 'haproxy', 1, document.getText());
  const incremental = JSON.stringify(service.diagnostics(FUZZ_URI));
  const full = JSON.stringify(fresh.diagnostics(FUZZ_URI));
  if (incremental !== full) {
    throw new FuzzFailure(`incremental edits ${JSON.stringify(input.edits)} on ${input.origin} gave other diagnostics than a fresh parse:\n  incremental: ${incremental.slice(0, 600)}\n  fresh:       ${full.slice(0, 600)}`);
  }
}

function checkRanges(feature: string, document: TextDocument, ranges: readonly Range[]): void {
  for (const range of ranges) {
    const { start, end } = range;
    const valid = [start.line, start.character, end.line, end.character].every((n) => Number.isInteger(n) && n >= 0);
    // A position may name the line after the last one at character 0 (end of file); never beyond.
    const inside = start.line <= document.lineCount && end.line <= document.lineCount;
    const ordered = start.line < end.line || (start.line === end.line && start.character <= end.character);
    if (!valid || !inside || !ordered) throw new FuzzFailure(`${feature} returned range ${JSON.stringify(range)} in a ${document.lineCount}-line document`);
  }
}

function checkSemanticTokens(data: readonly number[]): void {
  if (data.length % 5 !== 0) throw new FuzzFailure(`semantic tokens: ${data.length} numbers, not a multiple of 5`);
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type] = data.slice(i, i + 4) as [number, number, number, number];
    if (deltaLine < 0 || deltaStart < 0 || length <= 0 || type < 0 || type >= SEMANTIC_TOKENS_LEGEND.tokenTypes.length) {
      throw new FuzzFailure(`semantic token ${i / 5} malformed: ${JSON.stringify(data.slice(i, i + 5))}`);
    }
  }
}

function applyEdits(feature: string, document: TextDocument, edits: TextEdit[]): string {
  checkRanges(feature, document, edits.map((e) => e.range));
  try {
    return TextDocument.applyEdits(document, edits);
  } catch (error) {
    throw new FuzzFailure(`${feature} edits do not apply (${(error as Error).message}): ${JSON.stringify(edits).slice(0, 400)}`);
  }
}

function applyWorkspaceEdit(feature: string, document: TextDocument, edit: WorkspaceEdit): void {
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    if (uri !== document.uri) throw new FuzzFailure(`${feature} edits another document: ${uri}`);
    applyEdits(feature, document, edits);
  }
  for (const change of edit.documentChanges ?? []) {
    if ('edits' in change) applyEdits(feature, document, change.edits.filter((e): e is TextEdit => 'range' in e));
  }
}
