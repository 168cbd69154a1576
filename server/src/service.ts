// The language service facade: open documents, their parse trees and analysis, and the target
// version. Editor features are plain functions in features/ over the DocumentModel it builds.
// Edits are applied incrementally: the parser re-tokenizes the touched lines and IncrementalAnalysis
// redoes the symbols and checks of the touched sections only (see incremental.ts).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { getCatalog, knownVersions, resolveVersion } from './catalog/catalog';
import type { Finding, FindingSeverity } from './analysis/findings';
import { ParsedDocument } from './syntax';
import type { Range, SyntaxIssue } from './syntax';
import type { DocumentModel } from './model';
import { capDiagnostics, DOCUMENT_LIMITS, inspectDocument, type LimitVerdict } from './limits';
import { IncrementalAnalysis } from './incremental';
import { LineDocument } from './lineDocument';
import type { Analyzer, FindingsRun } from './incremental';

export const DIAGNOSTIC_SOURCE = 'haproxy-workbench';

/** A problem in editor-neutral form (the CLI prints these; the server publishes them as Diagnostics). */
export interface Problem {
  code: string;
  message: string;
  range: Range;
  severity: FindingSeverity;
  source: string;
}

export interface LanguageServiceOptions {
  /** Checks to run instead of the registry's (tests). */
  analyzer?: Analyzer;
}

interface OpenDocument {
  document: LineDocument;
  parsed: ParsedDocument;
  analysis: IncrementalAnalysis;
  model?: DocumentModel;
  /** Size/content guards (limits.ts): when `skip` is set the text is not parsed and there is no model. */
  limits: LimitVerdict;
}

export class LanguageService {
  private readonly open = new Map<string, OpenDocument>();
  private version: string;
  private readonly analyzer: Analyzer | undefined;

  constructor(version?: string, options: LanguageServiceOptions = {}) {
    this.version = this.resolve(version);
    this.analyzer = options.analyzer;
  }

  /** The catalog version in use ("2.6", "3.4"). */
  get haproxyVersion(): string { return this.version; }

  /** Sets the target version ("" or undefined: the newest known); re-analyses every document. */
  setHaproxyVersion(version: string | undefined): void {
    const resolved = this.resolve(version);
    if (resolved === this.version) return;
    this.version = resolved;
    for (const entry of this.open.values()) {
      entry.analysis.noteChange(entry.parsed.setContext({ version: resolved }), entry.parsed.tree);
      entry.model = undefined;
    }
  }

  openDocument(uri: string, languageId: string, version: number, text: string): void {
    const document = new LineDocument(uri, languageId, version, text);
    // Guarded (limits.ts): an oversized or binary document is never parsed.
    const limits = inspectDocument(text);
    const parsed = limits.skip ? new ParsedDocument('', { version: this.version }) : new ParsedDocument(text, { version: this.version }, document.linesWithEnds);
    this.open.set(uri, { document, limits, parsed, analysis: new IncrementalAnalysis(this.analyzer) });
  }

  changeDocument(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    const entry = this.open.get(uri);
    if (!entry) return;
    entry.document.update(changes, version);
    entry.model = undefined;
    const document = entry.document;
    const wasSkipped = entry.limits.skip !== undefined;
    if (mayChangeLimits(entry.limits, document.length, changes)) entry.limits = inspectDocument(document.getText());
    if (!entry.limits.skip && !wasSkipped) {
      const change = entry.parsed.applyChanges(changes);
      if (!hasLongLine(entry.parsed, change.startLine, change.endLine)) {
        entry.analysis.noteChange(change, entry.parsed.tree);
        return;
      }
      entry.limits = inspectDocument(document.getText());
    }
    // Entering or leaving the limits: parse from scratch (an empty text while skipped).
    entry.parsed = new ParsedDocument(entry.limits.skip ? '' : document.getText(), { version: this.version });
    entry.analysis.reset();
  }

  closeDocument(uri: string): void {
    this.open.delete(uri);
  }

  has(uri: string): boolean { return this.open.has(uri); }

  /** The document as last opened/changed (also while analysis is skipped by the limits). */
  document(uri: string): TextDocument | undefined { return this.open.get(uri)?.document; }

  /** The analysed model of an open document (brought up to date lazily after changes). */
  model(uri: string): DocumentModel | undefined {
    const entry = this.open.get(uri);
    if (!entry || entry.limits.skip) return undefined; // guarded (limits.ts): no features for it
    entry.model ??= this.buildModel(uri, entry);
    return entry.model;
  }

  /** What the last findings update of a document redid (benchmarks and tests). */
  lastFindingsRun(uri: string): FindingsRun | undefined {
    return this.open.get(uri)?.analysis.lastRun;
  }

  models(): DocumentModel[] {
    return [...this.open.keys()].flatMap((uri) => this.model(uri) ?? []);
  }

  diagnostics(uri: string): Diagnostic[] {
    const limits = this.open.get(uri)?.limits; // guarded (limits.ts): the skip reason, or notes + a cap
    if (limits?.skip) return [limits.skip];
    const model = this.model(uri);
    if (!model) return [];
    return capDiagnostics([...(limits?.notes ?? []), ...model.tree.issues.map(issueToDiagnostic), ...model.findings.map((f) => findingToDiagnostic(f, uri))]);
  }

  /** Every problem of a document (not capped), in document order: syntax issues, findings, limit notes. */
  problems(uri: string): Problem[] {
    const entry = this.open.get(uri);
    if (!entry) return [];
    const fromLimits = [...(entry.limits.skip ? [entry.limits.skip] : []), ...entry.limits.notes].map(diagnosticToProblem);
    const model = this.model(uri);
    const own: Problem[] = model
      ? [...model.tree.issues, ...model.findings].map((p) => ({ code: p.code, message: p.message, range: p.range, severity: p.severity, source: DIAGNOSTIC_SOURCE }))
      : [];
    return [...fromLimits, ...own].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  /**
   * Symbols now, findings when first read: completion or hover right after a keystroke does not wait
   * for the checks. A model replaced by a newer one before its findings were read has none (its
   * positions would be out of date).
   */
  private buildModel(uri: string, entry: OpenDocument): DocumentModel {
    const tree = entry.parsed.tree;
    const catalog = getCatalog(this.version);
    const haproxyVersion = this.version;
    const symbols = entry.analysis.updateSymbols(tree);
    let findings: Finding[] | undefined;
    const model: DocumentModel = {
      uri, document: entry.document, tree, symbols, catalog, haproxyVersion,
      get findings(): Finding[] {
        findings ??= entry.model === model ? entry.analysis.updateFindings(tree, symbols, catalog, haproxyVersion) : [];
        return findings;
      },
    };
    return model;
  }

  private resolve(version: string | undefined): string {
    if (!version) return knownVersions().at(-1) ?? '3.4';
    return resolveVersion(version).version;
  }
}

/**
 * Whether an edit can change the limits verdict, so the whole text must be inspected again.
 * Inspecting costs O(text) (about 50 ms for 100,000 lines here), too much per keystroke in a big
 * file; small files are always re-inspected. A line grown past the limit is caught after parsing
 * (hasLongLine).
 */
function mayChangeLimits(previous: LimitVerdict, length: number, changes: readonly TextDocumentContentChangeEvent[]): boolean {
  if (length <= 256 * 1024 || length > DOCUMENT_LIMITS.maxChars) return true;
  if (previous.skip || previous.notes.length > 0) return true;
  return changes.some((c) => !('range' in c) || c.text.length > 4096 || SUSPICIOUS.test(c.text) || removedChars(c) > 4096);
}

// NUL, C0 controls other than tab/LF/VT/FF/CR, DEL, and U+FFFD (limits.ts counts these).
const SUSPICIOUS = /[\x00-\x08\x0e-\x1f\x7f\ufffd]/;

function removedChars(change: TextDocumentContentChangeEvent): number {
  if (!('range' in change)) return 0;
  const { start, end } = change.range;
  return end.line > start.line ? Number.POSITIVE_INFINITY : end.character - start.character;
}

function hasLongLine(parsed: ParsedDocument, startLine: number, endLine: number): boolean {
  for (let line = startLine; line <= endLine; line++) if (parsed.lineText(line).length > DOCUMENT_LIMITS.maxLineChars) return true;
  return false;
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const SEVERITY_NAME: Record<DiagnosticSeverity, FindingSeverity> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function findingToDiagnostic(f: Finding, uri?: string): Diagnostic {
  const diagnostic: Diagnostic = { range: f.range, severity: SEVERITY[f.severity], code: f.code, source: DIAGNOSTIC_SOURCE, message: f.message };
  if (f.data) diagnostic.data = f.data;
  if (f.tags) diagnostic.tags = f.tags.map((t) => (t === 'deprecated' ? DiagnosticTag.Deprecated : DiagnosticTag.Unnecessary));
  if (f.related && uri) diagnostic.relatedInformation = f.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  return diagnostic;
}

export function issueToDiagnostic(issue: SyntaxIssue): Diagnostic {
  return { range: issue.range, severity: SEVERITY[issue.severity], code: issue.code, source: DIAGNOSTIC_SOURCE, message: issue.message };
}

function diagnosticToProblem(d: Diagnostic): Problem {
  return {
    code: String(d.code ?? ''), message: typeof d.message === 'string' ? d.message : d.message.value, range: d.range,
    severity: SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error], source: d.source ?? DIAGNOSTIC_SOURCE,
  };
}
