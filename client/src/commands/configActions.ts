// Links between live servers and the workspace's haproxy configuration files:
// "Show in haproxy.cfg", and the check after Add Server that the change will survive a reload.
import * as vscode from 'vscode';
import { findProxySection, findServerLine, serverConfigLine, serverInsertionLine } from './configLocator';

const CONFIG_GLOB = '**/{haproxy*.cfg,*.haproxy,haproxy/**/*.cfg,haproxy.d/**/*.cfg}';

async function configDocuments(): Promise<vscode.TextDocument[]> {
  const uris = await vscode.workspace.findFiles(CONFIG_GLOB, '**/node_modules/**', 200);
  const sorted = uris.sort((a, b) => a.path.localeCompare(b.path));
  return Promise.all(sorted.map((uri) => vscode.workspace.openTextDocument(uri)));
}

/** Asks the language server for symbols (backend -> server), if it provides them. */
async function rangeFromSymbols(document: vscode.TextDocument, backend: string, server: string): Promise<vscode.Range | undefined> {
  let symbols: Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined;
  try {
    symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', document.uri);
  } catch {
    return undefined;
  }
  const named = (symbol: { name: string }, name: string, keyword: string): boolean =>
    symbol.name === name || symbol.name === `${keyword} ${name}`;
  for (const symbol of symbols ?? []) {
    if (!('children' in symbol)) continue;
    if (!named(symbol, backend, 'backend') && !named(symbol, backend, 'listen')) continue;
    const child = symbol.children.find((c) => named(c, server, 'server'));
    if (child) return child.selectionRange;
  }
  return undefined;
}

async function locateServer(backend: string, server: string): Promise<{ document: vscode.TextDocument; range: vscode.Range } | undefined> {
  for (const document of await configDocuments()) {
    const fromSymbols = await rangeFromSymbols(document, backend, server);
    if (fromSymbols) return { document, range: fromSymbols };
    const found = findServerLine(document.getText(), backend, server);
    if (found) {
      const start = new vscode.Position(found.line, found.column);
      return { document, range: new vscode.Range(start, start.translate(0, server.length)) };
    }
  }
  return undefined;
}

export async function revealServerInConfig(backend: string, server: string): Promise<void> {
  const found = await locateServer(backend, server);
  if (!found) {
    void vscode.window.showInformationMessage(`No 'server ${server}' in 'backend ${backend}' in this workspace's HAProxy files (${CONFIG_GLOB}).`);
    return;
  }
  await vscode.window.showTextDocument(found.document, { selection: found.range });
}

/**
 * After Add Server: a server added at run time is lost at the next reload unless the config
 * has it. Warns when the workspace's backend lacks the line and offers to add it.
 */
export async function ensureServerInConfig(backend: string, server: string, addressPort: string, optionWords: readonly string[], output: vscode.LogOutputChannel): Promise<void> {
  const documents = await configDocuments();
  const withSection = documents
    .map((document) => ({ document, section: findProxySection(document.getText(), backend) }))
    .find((entry) => entry.section !== undefined);
  if (!withSection?.section) {
    if (documents.length > 0) void vscode.window.showWarningMessage(`Server ${backend}/${server} was added to the running HAProxy only: no 'backend ${backend}' in this workspace's HAProxy files, so it will vanish at the next reload unless the real configuration gets it.`);
    return;
  }
  if (withSection.section.servers.some((s) => s.name === server)) return;
  const { document, section } = withSection;
  const file = vscode.workspace.asRelativePath(document.uri);
  const choice = await vscode.window.showWarningMessage(
    `Server ${backend}/${server} exists only in the running HAProxy: ${file} has no such line in 'backend ${backend}', so it will vanish at the next reload.`,
    'Add to ' + file,
  );
  if (!choice) return;
  const line = serverInsertionLine(section);
  const text = serverConfigLine(section.indent, server, addressPort, optionWords) + '\n';
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(line, 0), line >= document.lineCount ? `\n${text}` : text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not edit ${file}.`);
    return;
  }
  output.info(`added 'server ${server}' to backend ${backend} in ${file} (unsaved)`);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(line, 0, line, text.length - 1) });
}
