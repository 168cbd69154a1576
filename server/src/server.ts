// Wiring only: the LSP connection, open documents and settings, forwarded to the language service
// and the feature modules. Started as `node dist/server.js --stdio` by other editors, or over IPC
// by the VS Code client.
import {
  createConnection, ProposedFeatures, ResponseError, ErrorCodes, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { Connection } from 'vscode-languageserver/node';
import { LanguageService } from './service';
import type { DocumentModel, FormatSettings } from './model';
import { provideCompletion, resolveCompletion } from './features/completion';
import { provideHover } from './features/hover';
import { provideSignatureHelp, SIGNATURE_TRIGGER_CHARACTERS } from './features/signatureHelp';
import { provideDefinition, provideDocumentHighlights, provideReferences } from './features/navigation';
import { prepareRename, provideRename } from './features/rename';
import { provideDocumentSymbols, provideWorkspaceSymbols } from './features/documentSymbols';
import { provideFoldingRanges } from './features/folding';
import { formatDocument, formatRange } from './features/formatting';
import { provideCodeActions } from './features/codeActions';
import { provideSemanticTokens, SEMANTIC_TOKENS_LEGEND } from './features/semanticTokens';

const connection: Connection = createConnection(ProposedFeatures.all);
const service = new LanguageService();
const formatDefaults = { indent: 4, alignServerColumns: false };

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    completionProvider: { resolveProvider: true, triggerCharacters: [' ', '(', ',', '%', '[', '.', '!'] },
    hoverProvider: true,
    signatureHelpProvider: { triggerCharacters: SIGNATURE_TRIGGER_CHARACTERS },
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    foldingRangeProvider: true,
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    codeActionProvider: { codeActionKinds: ['quickfix'] },
    semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
  },
  serverInfo: { name: 'haproxy-workbench' },
}));

function publish(uri: string): void {
  void connection.sendDiagnostics({ uri, diagnostics: service.diagnostics(uri) });
}

connection.onDidOpenTextDocument(({ textDocument: d }) => {
  service.openDocument(d.uri, d.languageId, d.version, d.text);
  publish(d.uri);
});
connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
  service.changeDocument(d.uri, d.version, contentChanges);
  publish(d.uri);
});
connection.onDidCloseTextDocument(({ textDocument: d }) => {
  service.closeDocument(d.uri);
  void connection.sendDiagnostics({ uri: d.uri, diagnostics: [] });
});

/** Runs a feature on an open document's model; unknown documents get `fallback`. */
function withModel<T>(uri: string, fallback: T, feature: (model: DocumentModel) => T): T {
  const model = service.model(uri);
  return model ? feature(model) : fallback;
}

connection.onCompletion((p) => withModel(p.textDocument.uri, null, (m) => provideCompletion(m, p.position)));
connection.onCompletionResolve((item) => {
  const uri = (item.data as { uri?: unknown } | undefined)?.uri;
  return resolveCompletion(item, typeof uri === 'string' ? service.model(uri) : undefined);
});
connection.onHover((p) => withModel(p.textDocument.uri, null, (m) => provideHover(m, p.position)));
connection.onSignatureHelp((p) => withModel(p.textDocument.uri, null, (m) => provideSignatureHelp(m, p.position)));
connection.onDefinition((p) => withModel(p.textDocument.uri, [], (m) => provideDefinition(m, p.position)));
connection.onReferences((p) => withModel(p.textDocument.uri, [], (m) => provideReferences(m, p.position, p.context.includeDeclaration)));
connection.onDocumentHighlight((p) => withModel(p.textDocument.uri, [], (m) => provideDocumentHighlights(m, p.position)));
connection.onPrepareRename((p) => withModel(p.textDocument.uri, null, (m) => prepareRename(m, p.position)));
connection.onRenameRequest((p) => {
  const model = service.model(p.textDocument.uri);
  if (!model) throw new ResponseError(ErrorCodes.InvalidParams, `${p.textDocument.uri} is not open`);
  return provideRename(model, p.position, p.newName);
});
connection.onDocumentSymbol((p) => withModel(p.textDocument.uri, [], (m) => provideDocumentSymbols(m)));
connection.onWorkspaceSymbol((p) => provideWorkspaceSymbols(service.models(), p.query));
connection.onFoldingRanges((p) => withModel(p.textDocument.uri, [], (m) => provideFoldingRanges(m)));
connection.onDocumentFormatting((p) => withModel(p.textDocument.uri, [], (m) => formatDocument(m, formatSettings(p.options))));
connection.onDocumentRangeFormatting((p) => withModel(p.textDocument.uri, [], (m) => formatRange(m, p.range, formatSettings(p.options))));
connection.onCodeAction((p) => withModel(p.textDocument.uri, [], (m) => provideCodeActions(m, p.range, p.context)));
connection.languages.semanticTokens.on((p) => withModel(p.textDocument.uri, { data: [] }, (m) => provideSemanticTokens(m)));

function formatSettings(options: { tabSize: number; insertSpaces: boolean }): FormatSettings {
  return { indent: formatDefaults.indent, useTabs: !options.insertSpaces, alignServerColumns: formatDefaults.alignServerColumns };
}

connection.listen();
