// Wiring only: starts the language client. Views and commands are registered by their own modules.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient/languageClient';
import { registerSidebar } from './views/sidebar';
import { registerPush } from './commands/push';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('HAProxy Workbench', { log: true });
  context.subscriptions.push(output);
  registerPush(context, output, registerSidebar(context, output));
  client = createLanguageClient(context, output);
  // Trust granted: restart so the server learns it and may run haproxy (version detection, -c on save).
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
    output.info('Workspace trusted: restarting the HAProxy language server');
    void client?.restart();
  }));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
