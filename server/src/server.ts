// Wiring only: the LSP connection, open documents and settings, forwarded to the language service,
// the feature modules, the settings (configuration.ts), diagnostics publishing (publisher.ts) and
// `haproxy -c` on save (saveCheck.ts). Started as `node dist/server.js --stdio` by other editors,
// or over IPC by the VS Code client.
import {
  createConnection, DidChangeConfigurationNotification, MessageType, ProposedFeatures, ResponseError, ErrorCodes,
  ShowMessageNotification, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { Connection } from 'vscode-languageserver/node';
import { LanguageService } from './service';
import type { DocumentModel, FormatSettings } from './model';
import { ServerConfiguration } from './configuration';
import type { ConfigurationChange } from './configuration';
import { DiagnosticsPublisher } from './publisher';
import { SaveChecker, workingDirectoryOf } from './saveCheck';
import { detectHaproxyVersion, haproxyMessagesToDiagnostics, runHaproxyCheck } from './haproxyCheck';
import type { HaproxyCheckResult } from './haproxyCheck';
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

/** Quiet time after a save before `haproxy -c` runs, and its time limit. */
const CHECK_DELAY_MS = 300;
const CHECK_TIMEOUT_MS = 15_000;
/** Longest wait for a quiet moment before diagnostics are published after edits. */
const MAX_PUBLISH_DELAY_MS = 250;

const connection: Connection = createConnection(ProposedFeatures.all);
const service = new LanguageService();
let configuration: ServerConfiguration | undefined;
let registerForConfigurationChanges = false;
let untrustedSkipLogged = false;

const publisher = new DiagnosticsPublisher(service, {
  send: (params) => void connection.sendDiagnostics(params),
  log: (level, message) => log(level, message),
}, { maxDelayMs: MAX_PUBLISH_DELAY_MS, ready: () => configuration?.ready ?? Promise.resolve() });

const saveChecker = new SaveChecker<HaproxyCheckResult>({
  delayMs: CHECK_DELAY_MS,
  snapshot: (uri) => {
    const document = service.document(uri);
    return document ? { version: document.version, text: document.getText() } : undefined;
  },
  run: (uri, snapshot) => {
    const executable = configuration?.executable;
    if (!executable) return Promise.reject(new Error('no haproxy binary may be run'));
    return runHaproxyCheck(snapshot.text, { executable, cwd: workingDirectoryOf(uri), timeoutMs: CHECK_TIMEOUT_MS });
  },
  onResult: (uri, snapshot, result) => {
    const model = service.model(uri);
    if (!model) return;
    const diagnostics = haproxyMessagesToDiagnostics(result.messages, model, service.diagnostics(uri));
    const alerts = result.messages.filter((m) => m.level === 'alert').length;
    const warnings = result.messages.filter((m) => m.level === 'warning').length;
    log('info', `haproxy -c ${uri}: exit ${result.exitCode}, ${alerts} alert(s), ${warnings} warning(s), ${diagnostics.length} shown`);
    publisher.setHaproxyResult(uri, snapshot.version, diagnostics);
  },
  onError: (uri, error) => {
    const why = error instanceof Error ? error.message : String(error);
    log('warn', `haproxy -c on save of ${uri} failed: ${why}`);
    configuration?.tellOnce(`HAProxy Workbench: haproxy -c could not run (${why}). Set haproxy.executablePath, or turn off haproxy.check.onSave.`);
  },
});

function log(level: 'info' | 'warn' | 'error', message: string): void {
  if (level === 'error') connection.console.error(message);
  else if (level === 'warn') connection.console.warn(message);
  else connection.console.info(message);
}

function applyConfiguration({ settings, previous, target }: ConfigurationChange): void {
  const before = service.haproxyVersion;
  service.setHaproxyVersion(target.version);
  if (service.haproxyVersion !== before) publisher.publishAll(openUris);
  if (previous.checkOnSave && !settings.checkOnSave) publisher.clearHaproxyResults();
}

const openUris = new Set<string>();

connection.onInitialize((params) => {
  configuration = new ServerConfiguration(params.initializationOptions, {
    pull: params.capabilities.workspace?.configuration
      ? () => connection.workspace.getConfiguration({ section: 'haproxy' }) as Promise<unknown>
      : undefined,
    log,
    // A notification (window/showMessage), not showWarningMessage's request: nothing to answer.
    tell: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
    detectVersion: (executable) => detectHaproxyVersion(executable),
  }, applyConfiguration);
  registerForConfigurationChanges = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  return {
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
  };
});

connection.onInitialized(() => {
  if (registerForConfigurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'haproxy' });
  if (configuration && !configuration.trusted) log('info', 'workspace not trusted: haproxy from PATH is not run; only a user-level haproxy.executablePath is');
  void configuration?.refresh();
});

connection.onDidChangeConfiguration(({ settings }) => {
  const pushed = typeof settings === 'object' && settings !== null ? (settings as { haproxy?: unknown }).haproxy : undefined;
  void configuration?.refresh(pushed);
});

connection.onDidOpenTextDocument(({ textDocument: d }) => {
  service.openDocument(d.uri, d.languageId, d.version, d.text);
  openUris.add(d.uri);
  publisher.opened(d.uri);
});
connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
  service.changeDocument(d.uri, d.version, contentChanges);
  publisher.changed(d.uri);
});
connection.onDidSaveTextDocument(({ textDocument: d }) => {
  if (!configuration?.settings.checkOnSave || !service.has(d.uri)) return;
  if (!configuration.executable) {
    if (!untrustedSkipLogged) log('info', 'haproxy -c on save skipped: the workspace is not trusted and no user-level haproxy.executablePath is set');
    untrustedSkipLogged = true;
    return;
  }
  saveChecker.schedule(d.uri);
});
connection.onDidCloseTextDocument(({ textDocument: d }) => {
  saveChecker.cancel(d.uri);
  service.closeDocument(d.uri);
  openUris.delete(d.uri);
  publisher.closed(d.uri);
});
connection.onShutdown(() => publisher.dispose());

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

/** haproxy.format.* with the editor's choice of tabs or spaces. */
function formatSettings(options: { tabSize: number; insertSpaces: boolean }): FormatSettings {
  const format = configuration?.settings.format ?? { indent: 4, alignServerColumns: false };
  return { indent: format.indent, useTabs: !options.insertSpaces, alignServerColumns: format.alignServerColumns };
}

connection.listen();
