// Wiring only: starts the language client. Views and commands are registered by their own modules.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerSidebar } from './views/sidebar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('HAProxy Workbench', { log: true });
  context.subscriptions.push(output);
  registerSidebar(context, output);
  client = startLanguageClient(context, output);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'haproxy' }],
    outputChannel: output,
    synchronize: { configurationSection: 'haproxy' },
  };
  return new LanguageClient('haproxy', 'HAProxy Language Server', serverOptions, clientOptions);
}
