// "Show Details": a read-only virtual document with everything the last snapshot says about
// one server, as JSON (haproxy-server:/ENDPOINT/BACKEND/SERVER.json).
import * as vscode from 'vscode';
import type { ServersTreeProvider } from '../views/serversTree';
import type { AnyNode } from '../views/serversModel';

export const DETAILS_SCHEME = 'haproxy-server';

export function detailsUri(endpoint: string, backend: string, server: string): vscode.Uri {
  const segment = (s: string) => encodeURIComponent(s);
  return vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${segment(endpoint)}/${segment(backend)}/${segment(server)}.json` });
}

class ServerDetailsProvider implements vscode.TextDocumentContentProvider {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;

  constructor(private readonly tree: ServersTreeProvider) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [endpoint, backend, serverFile] = uri.path.split('/').slice(1).map(decodeURIComponent);
    const server = serverFile?.replace(/\.json$/, '');
    const model = endpoint ? this.tree.endpointModels.get(endpoint) : undefined;
    const node = model && backend && server ? model.server(backend, server) : undefined;
    if (!model || !node) return `// ${endpoint}: ${backend}/${server} is not in the latest snapshot (deleted, or the endpoint is unreachable).\n`;
    const header = `// ${endpoint}: server ${backend}/${server}, as of ${model.snapshot?.takenAt.toISOString() ?? '?'} (read-only; reopen to update)\n`;
    return header + JSON.stringify(node.server, null, 2) + '\n';
  }

  /** Re-reads open details documents (after a refresh). */
  update(uri: vscode.Uri): void {
    this.changes.fire(uri);
  }

  dispose(): void {
    this.changes.dispose();
  }
}

export function registerServerDetails(tree: ServersTreeProvider): vscode.Disposable[] {
  const provider = new ServerDetailsProvider(tree);
  return [
    provider,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, provider),
    vscode.commands.registerCommand('haproxy.server.showDetails', async (item?: AnyNode) => {
      const node = item?.kind === 'server' ? item : undefined;
      if (!node) {
        void vscode.window.showInformationMessage('Choose Show Details on a server in the HAProxy view.');
        return;
      }
      const uri = detailsUri(node.endpointName, node.backend, node.name);
      provider.update(uri);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(document, 'jsonc');
      await vscode.window.showTextDocument(document, { preview: true });
    }),
  ];
}
