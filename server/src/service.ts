// The language service facade: open documents, their parse trees and analysis, and the target
// version. Editor features are plain functions in features/ over the DocumentModel it builds.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { getCatalog, knownVersions, resolveVersion } from './catalog/catalog';
import { analyze } from './analysis/analyze';
import type { Finding } from './analysis/findings';
import { buildSymbolIndex } from './analysis/symbols';
import { ParsedDocument } from './syntax';
import type { SyntaxIssue } from './syntax';
import type { DocumentModel } from './model';
import { capDiagnostics, inspectDocument, type LimitVerdict } from './limits';

export const DIAGNOSTIC_SOURCE = 'haproxy-workbench';

interface OpenDocument {
  document: TextDocument;
  parsed: ParsedDocument;
  model?: DocumentModel;
  /** Size/content guards (limits.ts): when `skip` is set the text is not parsed and there is no model. */
  limits: LimitVerdict;
}

export class LanguageService {
  private readonly open = new Map<string, OpenDocument>();
  private version: string;

  constructor(version?: string) {
    this.version = this.resolve(version);
  }

  /** The catalog version in use ("2.6", "3.4"). */
  get haproxyVersion(): string { return this.version; }

  /** Sets the target version ("" or undefined: the newest known); re-analyses every document. */
  setHaproxyVersion(version: string | undefined): void {
    const resolved = this.resolve(version);
    if (resolved === this.version) return;
    this.version = resolved;
    for (const entry of this.open.values()) {
      entry.parsed.setContext({ version: resolved });
      entry.model = undefined;
    }
  }

  openDocument(uri: string, languageId: string, version: number, text: string): void {
    const document = TextDocument.create(uri, languageId, version, text);
    // Guarded (limits.ts): an oversized or binary document is never parsed.
    const limits = inspectDocument(text);
    this.open.set(uri, { document, limits, parsed: new ParsedDocument(limits.skip ? '' : text, { version: this.version }) });
  }

  changeDocument(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    const entry = this.open.get(uri);
    if (!entry) return;
    entry.document = TextDocument.update(entry.document, changes, version);
    // Guarded (limits.ts): re-parse from scratch when the document enters or leaves the limits.
    const wasSkipped = entry.limits.skip !== undefined;
    entry.limits = inspectDocument(entry.document.getText());
    if (entry.limits.skip || wasSkipped) entry.parsed = new ParsedDocument(entry.limits.skip ? '' : entry.document.getText(), { version: this.version });
    else entry.parsed.applyChanges(changes);
    entry.model = undefined;
  }

  closeDocument(uri: string): void {
    this.open.delete(uri);
  }

  has(uri: string): boolean { return this.open.has(uri); }

  /** The analysed model of an open document (built lazily after each change). */
  model(uri: string): DocumentModel | undefined {
    const entry = this.open.get(uri);
    if (!entry || entry.limits.skip) return undefined; // guarded (limits.ts): no features for it
    entry.model ??= this.buildModel(uri, entry);
    return entry.model;
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

  private buildModel(uri: string, entry: OpenDocument): DocumentModel {
    const tree = entry.parsed.tree;
    const symbols = buildSymbolIndex(tree);
    const catalog = getCatalog(this.version);
    const findings = analyze({ tree, symbols, catalog, version: this.version });
    return { uri, document: entry.document, tree, symbols, catalog, haproxyVersion: this.version, findings };
  }

  private resolve(version: string | undefined): string {
    if (!version) return knownVersions().at(-1) ?? '3.4';
    return resolveVersion(version).version;
  }
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
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
