// Status bar item: how many endpoints answer and how many servers take traffic.
import * as vscode from 'vscode';
import type { ServersTreeProvider } from './serversTree';
import { countStatuses, escapeMarkdown } from './serversModel';

export function createStatusBar(tree: ServersTreeProvider): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('haproxy.endpoints', vscode.StatusBarAlignment.Left, 20);
  item.name = 'HAProxy endpoints';
  item.command = 'haproxy.servers.focus';
  const update = (): void => {
    const models = [...tree.endpointModels.values()];
    if (models.length === 0) {
      item.hide();
      return;
    }
    const failing = models.filter((m) => m.error !== undefined);
    const down = models.reduce((sum, m) => {
      const counts = m.snapshot && m.error === undefined ? countStatuses(m.snapshot.servers) : undefined;
      return sum + (counts ? counts.down + counts['going-up'] : 0);
    }, 0);
    item.text = failing.length > 0 ? `$(error) HAProxy ${models.length - failing.length}/${models.length}` : `$(server) HAProxy${down > 0 ? ` $(warning) ${down} down` : ''}`;
    item.backgroundColor = failing.length > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : down > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const lines = models.map((m) => `- **${escapeMarkdown(m.name)}**: ${escapeMarkdown(m.error !== undefined ? `unreachable: ${m.error}` : m.node.presentation.description)}`);
    item.tooltip = new vscode.MarkdownString(`HAProxy endpoints\n\n${lines.join('\n')}`);
    item.show();
  };
  const subscription = tree.onDidRefresh(update);
  update();
  return vscode.Disposable.from(item, subscription);
}
