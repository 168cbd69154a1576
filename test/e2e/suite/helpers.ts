// Helpers shared by the suites that run inside the VS Code extension host (code-server or
// desktop VS Code). They only talk to the public `vscode` API, as a user's editor would.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { E2E_ENV, LOG_PREFIX } from '../config';

export const EXTENSION_ID = 'haproxy-workbench.haproxy-workbench';

export { E2E_ENV, LOG_PREFIX };

export function e2eLog(message: string): void {
  console.log(`${LOG_PREFIX} ${message}`);
}

/** The folder opened by the launcher (test/fixtures/workspace). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the launcher must open test/fixtures/workspace');
  return folder.uri;
}

export function workspaceFile(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

export async function openDocument(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Activates the extension (or waits for the activation already under way) and returns it. */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repo root?)`);
  await extension.activate();
  return extension;
}

/** Resolves when `condition` holds, polling; rejects with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * Waits until the diagnostics VS Code holds for `uri` satisfy `predicate` (checked now and on
 * every onDidChangeDiagnostics for that uri) and returns them; rejects after `timeoutMs` with
 * the diagnostics last seen, so a failure says what did arrive.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 10_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!predicate(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = vscode.languages.getDiagnostics(uri).map(describeDiagnostic);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.path}; last seen: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

export function describeDiagnostic(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return `${d.range.start.line}:${d.range.start.character} ${vscode.DiagnosticSeverity[d.severity]} ${code ?? ''} ${d.message}`;
}

/** Replaces the whole of one line in the open editor (unsaved: the file on disk is untouched). */
export async function replaceLine(document: vscode.TextDocument, line: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, document.lineAt(line).range, text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit line ${line} of ${document.uri.path}`);
}

/**
 * Drops the tests' unsaved edits to workspace files and closes every editor, so each test starts
 * from the fixture files. Only workspace files: the workbench keeps its own documents (user
 * settings.json, sometimes dirty while it writes them) that a test must not touch.
 */
export async function revertAndCloseAll(): Promise<void> {
  const root = workspaceRoot().path.replace(/\/?$/, '/');
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty || document.uri.scheme !== 'file' || !document.uri.path.startsWith(root)) continue;
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Asks the launcher for a screenshot of the whole window (e.g. the sidebar after a test opened
 * it) and waits until it is written. The suite logs `[e2e] SCREENSHOT <name>`; the code-server
 * launcher takes the page screenshot and saves `<dir>/<name>.png` atomically (write + rename).
 * Returns the file path, or undefined when the launcher cannot take screenshots (desktop VS
 * Code via @vscode/test-electron), so a test can still assert what the UI state is.
 */
export async function requestScreenshot(name: string, timeoutMs = 15_000): Promise<string | undefined> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be letters, digits, '.', '_' or '-': ${JSON.stringify(name)}`);
  const dir = process.env[E2E_ENV.screenshotDir];
  if (!dir) return undefined;
  const file = path.join(dir, `${name}.png`);
  fs.rmSync(file, { force: true });
  e2eLog(`SCREENSHOT ${name}`);
  await waitFor(`screenshot ${file}`, () => fs.existsSync(file), timeoutMs, 100);
  return file;
}

/**
 * Asks a provider until it answers (the language client starts after the document opens). Until our
 * server answers, VS Code's word-based completion may: wait for what only the server gives.
 */
export async function untilAnswered<T>(what: string, ask: () => Thenable<T | undefined>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await ask();
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`no answer for ${what} within 20 s (last: ${JSON.stringify(value)?.slice(0, 500)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A completion item from a language server, not one of VS Code's words of the document (kind Text). */
export function fromServer(item: vscode.CompletionItem): boolean {
  return item.kind !== vscode.CompletionItemKind.Text;
}
