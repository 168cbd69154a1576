// The language client: starts dist/server.js over IPC, answers the server's configuration pulls
// under workspace trust, and restarts a crashed server as RestartPolicy decides.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { ErrorHandler } from 'vscode-languageclient/node';
import { RestartPolicy } from './restartPolicy';
import { languageServerInitializationOptions, restrictConfigurationValue } from './trust';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'haproxy' }],
    outputChannel: output,
    // After a crash: restart, tell the user once, give up (saying so) if it keeps crashing.
    errorHandler: crashHandler(output),
    // The server pulls `haproxy.*` with workspace/configuration (answered through the middleware
    // below); a change notification only tells it to pull again.
    synchronize: { configurationSection: 'haproxy' },
    // A function: evaluated again at each (re)start, e.g. after trust is granted.
    initializationOptions: () => languageServerInitializationOptions(vscode.workspace.isTrusted),
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (vscode.workspace.isTrusted || !Array.isArray(answers)) return answers;
          const userPath = vscode.workspace.getConfiguration('haproxy').inspect<string>('executablePath')?.globalValue;
          return answers.map((value, i) => restrictConfigurationValue(params.items[i]?.section, value, false, userPath));
        },
      },
    },
  };
  return new LanguageClient('haproxy', 'HAProxy Language Server', serverOptions, clientOptions);
}

/** The language client's reaction to a dying server process (policy in languageClient/restartPolicy.ts). */
function crashHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const policy = new RestartPolicy();
  return {
    // Like the default: tolerate a few bad messages, then shut the connection down.
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
    closed: () => {
      const decision = policy.onServerExit();
      output.warn(decision.log);
      if (decision.notify) void (decision.restart ? vscode.window.showWarningMessage(decision.notify) : vscode.window.showErrorMessage(decision.notify));
      return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    },
  };
}
