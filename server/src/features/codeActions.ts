// Quick fixes for our own diagnostics (source haproxy-workbench). They act on the data findings
// carry (FindingData: suggestions, successor, allowedIn, missing), read from the diagnostic or, when
// a client drops `data`, from the model's finding with the same code and range. Per diagnostic at most
// one action is preferred (what "Auto Fix" applies): successor > best suggestion > move > closing quote.
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, CodeActionContext, Diagnostic, Range, TextEdit } from 'vscode-languageserver';
import type { FindingData } from '../analysis/findings';
import type { DocumentModel } from '../model';
import { DIAGNOSTIC_SOURCE } from '../service';
import { tokenizeLine } from '../syntax/tokenizer';
import { backendStubFix } from './backendStub';
import { moveDirectiveFix } from './moveDirective';
import { directiveText, sectionOfLine } from './sectionPlacement';
import { documentLines, wholeLinesRange } from './textLines';

export function provideCodeActions(model: DocumentModel, _range: Range, context: CodeActionContext): CodeAction[] {
  if (context.only && !context.only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === CodeActionKind.Empty)) {
    return [];
  }
  const lines = documentLines(model.document);
  return context.diagnostics
    .filter((d) => d.source === DIAGNOSTIC_SOURCE)
    .flatMap((d) => fixesFor(model, lines, d));
}

interface Fix { title: string; edits: TextEdit[]; preferable: boolean }

function fixesFor(model: DocumentModel, lines: readonly string[], diagnostic: Diagnostic): CodeAction[] {
  const data = findingData(model, diagnostic);
  const line = diagnostic.range.start.line;
  if (line >= lines.length) return [];
  const current = textIn(lines, diagnostic.range);
  const fixes: Fix[] = [];
  if (data.successor && data.successor !== current) {
    fixes.push({ title: `Replace deprecated '${current}' with '${data.successor}'`, edits: [{ range: diagnostic.range, newText: data.successor }], preferable: true });
  }
  for (const suggestion of data.suggestions ?? []) {
    if (suggestion === current) continue;
    fixes.push({ title: `Change '${current}' to '${suggestion}'`, edits: [{ range: diagnostic.range, newText: suggestion }], preferable: true });
  }
  if (data.allowedIn?.length) {
    const move = moveDirectiveFix(model, lines, line, data.allowedIn);
    if (move) fixes.push({ ...move, preferable: true });
  }
  if (data.missing?.kind === 'backend') {
    const stub = backendStubFix(model, lines, line, data.missing.name);
    if (stub) fixes.push({ ...stub, preferable: false });
  }
  if (diagnostic.code === 'duplicate-directive') fixes.push(...removeLineFix(model, lines, line));
  if (diagnostic.code === 'unterminated-quote') fixes.push(...closeQuoteFix(lines, diagnostic.range));
  const preferred = fixes.find((f) => f.preferable);
  return fixes.map((fix) => toAction(model.uri, diagnostic, fix, fix === preferred));
}

function toAction(uri: string, diagnostic: Diagnostic, fix: Fix, preferred: boolean): CodeAction {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: fix.edits } } };
  if (preferred) action.isPreferred = true;
  return action;
}

/** The diagnostic's data, or the data of the model's finding it was made from. */
function findingData(model: DocumentModel, diagnostic: Diagnostic): FindingData {
  const fromDiagnostic = sanitize(diagnostic.data);
  if (fromDiagnostic) return fromDiagnostic;
  const finding = model.findings.find((f) => f.code === diagnostic.code && sameRange(f.range, diagnostic.range));
  return finding?.data ?? {};
}

/** Keeps only well-typed FindingData fields (diagnostic data comes back from the client as plain JSON). */
function sanitize(raw: unknown): FindingData | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = raw as Record<string, unknown>;
  const strings = (x: unknown): string[] | undefined => (Array.isArray(x) && x.every((s) => typeof s === 'string') ? x as string[] : undefined);
  const data: FindingData = {};
  const suggestions = strings(value.suggestions);
  if (suggestions) data.suggestions = suggestions;
  if (typeof value.successor === 'string' && value.successor) data.successor = value.successor;
  const allowedIn = strings(value.allowedIn);
  if (allowedIn) data.allowedIn = allowedIn;
  const missing = value.missing as Record<string, unknown> | undefined;
  if (missing && typeof missing.kind === 'string' && typeof missing.name === 'string') {
    data.missing = { kind: missing.kind as NonNullable<FindingData['missing']>['kind'], name: missing.name };
  }
  return data;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function textIn(lines: readonly string[], range: Range): string {
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return lines[range.start.line].slice(range.start.character);
}

/** Deletes the flagged line of a directive given twice (not preferred: which copy to keep is the user's call). */
function removeLineFix(model: DocumentModel, lines: readonly string[], line: number): Fix[] {
  const node = model.tree.nodes[line];
  const section = sectionOfLine(model.tree, line);
  if (node?.kind !== 'directive' || section?.startLine === line) return [];
  return [{ title: `Remove duplicate '${directiveText(model.tree, lines, node)}'`, edits: [{ range: wholeLinesRange(lines, line, line), newText: '' }], preferable: false }];
}

/** Inserts the missing quote after the last non-blank character of the line. */
function closeQuoteFix(lines: readonly string[], range: Range): Fix[] {
  const text = lines[range.start.line];
  const quote = text[range.start.character];
  if (quote !== '"' && quote !== "'") return [];
  let end = text.length;
  while (end > range.start.character + 1 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  const fixed = text.slice(0, end) + quote + text.slice(end);
  // A double quote after an odd run of backslashes would be escaped: only offer a fix that works.
  if (tokenizeLine(fixed, range.start.line).issues.some((i) => i.code === 'unterminated-quote')) return [];
  const at = { line: range.start.line, character: end };
  const name = quote === '"' ? 'double' : 'single';
  return [{ title: `Close the ${name} quote at the end of the line`, edits: [{ range: { start: at, end: at }, newText: quote }], preferable: true }];
}
