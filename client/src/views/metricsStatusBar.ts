// Status bar item for the metrics' alerts: hidden while none fires; lists them in its tooltip.
import * as vscode from 'vscode';
import type { MetricsStore } from '../haproxy/metrics/store';
import type { ServersTreeProvider } from './serversTree';
import { escapeMarkdown } from './serversModel';

export interface AlertsStatusBar extends vscode.Disposable {
  /** The item's text while shown, undefined while hidden (tests). */
  readonly text: string | undefined;
}

export function createAlertsStatusBar(tree: ServersTreeProvider, store: MetricsStore): AlertsStatusBar {
  const item = vscode.window.createStatusBarItem('haproxy.alerts', vscode.StatusBarAlignment.Left, 19);
  item.name = 'HAProxy alerts';
  item.command = 'haproxy.servers.focus';
  item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  const update = (): void => {
    const configured = new Set(tree.endpointModels.keys());
    const alerts = store.alerts().filter((entry) => configured.has(entry.endpoint) && tree.endpointModels.get(entry.endpoint)?.error === undefined);
    if (alerts.length === 0) {
      item.hide();
      shown = undefined;
      return;
    }
    item.text = `$(warning) ${alerts.length} HAProxy alert${alerts.length === 1 ? '' : 's'}`;
    const lines = alerts.map(({ endpoint, alert }) => `- **${escapeMarkdown(endpoint)}** backend ${escapeMarkdown(alert.backend)}: ${escapeMarkdown(alert.message)}`);
    item.tooltip = new vscode.MarkdownString(`HAProxy alerts\n\n${lines.join('\n')}`);
    item.accessibilityInformation = { label: `${alerts.length} HAProxy alerts: ${alerts.map(({ alert }) => `${alert.backend} ${alert.message}`).join('; ')}` };
    item.show();
    shown = item.text;
  };
  let shown: string | undefined;
  const subscription = tree.onDidRefresh(update);
  update();
  const disposable = vscode.Disposable.from(item, subscription);
  return { get text() { return shown; }, dispose: () => disposable.dispose() };
}
