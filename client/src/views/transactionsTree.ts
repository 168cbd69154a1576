// The `haproxy.transactions` view (second view of the HAProxy container): Data Plane endpoints
// and the transactions open on them, with Commit and Roll Back. Read when the view is shown,
// after a push, and on Refresh; a transaction left by an interrupted push or another tool is
// where an operator finds and settles it.
import * as vscode from 'vscode';
import type { EndpointRegistry } from '../endpoints/registry';
import type { EndpointSettings } from '../endpoints/config';
import { ConfigurationChangedError, DataPlaneError, ReloadFailedError, TransactionNotAcceptableError } from '../haproxy/dataplane/errors';
import type { RawConfiguration, Transaction } from '../haproxy/dataplane/types';
import { restoreReplaced } from '../push/applyDataplane';
import { offerRestore } from '../commands/pushPresent';
import { openDataPlaneClient } from '../commands/pushTargets';
import { errorMessage } from './errors';
import { endpointNode, transactionNodes, type TransactionNode, type TransactionsNode } from './transactionsModel';

export const TRANSACTIONS_VIEW = 'haproxy.transactions';

interface EndpointState {
  transactions?: Transaction[];
  error?: string;
}

export class TransactionsTreeProvider implements vscode.TreeDataProvider<TransactionsNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TransactionsNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly states = new Map<string, EndpointState>();
  private refreshing?: Promise<void>;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly registry: EndpointRegistry,
    private readonly secrets: vscode.SecretStorage,
  ) {
    this.subscription = registry.onDidChange(() => void this.refresh());
  }

  private get endpoints(): EndpointSettings[] {
    return this.registry.endpoints.filter((e) => e.dataPlaneApi !== undefined);
  }

  /** Re-reads every Data Plane endpoint's transactions (one refresh at a time). */
  refresh(): Promise<void> {
    this.refreshing ??= this.readAll().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async readAll(): Promise<void> {
    const endpoints = this.endpoints;
    await Promise.all(endpoints.map(async (settings) => this.states.set(settings.name, await this.read(settings))));
    for (const name of [...this.states.keys()]) if (!endpoints.some((e) => e.name === name)) this.states.delete(name);
    this.changeEmitter.fire(undefined);
  }

  private async read(settings: EndpointSettings): Promise<EndpointState> {
    try {
      const client = await openDataPlaneClient(settings, this.secrets);
      try {
        return { transactions: await client.listTransactions() };
      } finally {
        client.close();
      }
    } catch (error) {
      return { error: errorMessage(error) };
    }
  }

  getTreeItem(node: TransactionsNode): vscode.TreeItem {
    const collapsible = node.kind === 'endpoint' && (this.states.get(node.endpointName)?.transactions?.length ?? 0) > 0
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(node.icon);
    return item;
  }

  getChildren(node?: TransactionsNode): TransactionsNode[] {
    if (!node) {
      return this.endpoints.map((settings) => endpointNode(settings.name, settings.dataPlaneApi?.url ?? '', this.states.get(settings.name) ?? { transactions: [] }));
    }
    if (node.kind !== 'endpoint') return [];
    return transactionNodes(node.endpointName, this.states.get(node.endpointName)?.transactions ?? []);
  }

  /** Runs `work` with a client for the node's endpoint, then refreshes. */
  async withClient<T>(endpointName: string, work: (client: Awaited<ReturnType<typeof openDataPlaneClient>>) => Promise<T>): Promise<T> {
    const settings = this.registry.settings(endpointName);
    if (!settings) throw new Error(`no endpoint named '${endpointName}' in haproxy.endpoints`);
    const client = await openDataPlaneClient(settings, this.secrets);
    try {
      return await work(client);
    } finally {
      client.close();
      await this.refresh();
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

/** Options after the clicked item, for scripted use and tests: `{ confirm: true }` skips the question. */
interface TransactionCommandOptions {
  confirm?: boolean;
  /** After a commit HAProxy could not reload: write the previous configuration back at once, or keep the new one; absent: ask. */
  onReloadFailure?: 'restore' | 'keep';
}

export function registerTransactionsView(context: vscode.ExtensionContext, registry: EndpointRegistry, output: vscode.LogOutputChannel): TransactionsTreeProvider {
  const tree = new TransactionsTreeProvider(registry, context.secrets);
  const view = vscode.window.createTreeView(TRANSACTIONS_VIEW, { treeDataProvider: tree, showCollapseAll: false });
  context.subscriptions.push(
    tree,
    view,
    view.onDidChangeVisibility((event) => void (event.visible && tree.refresh())),
    vscode.commands.registerCommand('haproxy.transactions.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('haproxy.transactions.commit', (node?: TransactionsNode, options?: TransactionCommandOptions) => commit(tree, output, node, options)),
    vscode.commands.registerCommand('haproxy.transactions.rollback', (node?: TransactionsNode, options?: TransactionCommandOptions) => rollback(tree, output, node, options)),
  );
  return tree;
}

function transactionOf(node: TransactionsNode | undefined): TransactionNode | undefined {
  if (node?.kind === 'transaction') return node;
  void vscode.window.showInformationMessage('Choose a transaction in the HAProxy Transactions view.');
  return undefined;
}

async function commit(tree: TransactionsTreeProvider, output: vscode.LogOutputChannel, node: TransactionsNode | undefined, options: TransactionCommandOptions = {}): Promise<boolean> {
  const transaction = transactionOf(node);
  if (!transaction) return false;
  const what = `transaction ${transaction.transactionId} on ${transaction.endpointName}`;
  const confirmed = options.confirm ?? (await vscode.window.showWarningMessage(`Commit ${what}?`, { modal: true, detail: 'Its staged changes are written to the configuration and HAProxy reloads. Commit only a transaction whose changes you know.' }, 'Commit')) === 'Commit';
  if (!confirmed) return false;
  // The configuration before the commit: what HAProxy keeps running if it cannot reload the new one.
  let replaced: RawConfiguration | undefined;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Committing ${what}…` }, () =>
      tree.withClient(transaction.endpointName, async (client) => {
        replaced = await client.getRawConfiguration().catch(() => undefined);
        const result = await client.commitTransaction(transaction.transactionId);
        if (result.reloadId) await client.waitForReload(result.reloadId);
      }),
    );
    output.info(`committed ${what}`);
    void vscode.window.showInformationMessage(`Committed ${what}; HAProxy reloaded.`);
    return true;
  } catch (error) {
    const why = error instanceof ConfigurationChangedError || error instanceof TransactionNotAcceptableError
      ? `the configuration changed since it started (it is outdated): roll it back and push again. ${(error as DataPlaneError).apiMessage ?? ''}`
      : error instanceof ReloadFailedError ? `committed, but the reload failed: ${error.apiMessage ?? error.message}` : errorMessage(error);
    if (error instanceof ReloadFailedError && replaced) {
      const previous = replaced;
      const lines = [`Commit of ${what} failed: ${why}`, 'The new configuration was written but HAProxy did not reload: it still runs the previous one.'];
      // A commit on version N writes N + 1: the restore overwrites nothing written after it.
      const restore = () => tree.withClient(transaction.endpointName, (client) => restoreReplaced(client, previous, previous.version + 1));
      await offerRestore(output, lines, transaction.endpointName, restore, options.onReloadFailure);
      return false;
    }
    output.error(`commit of ${what} failed: ${why}`);
    void vscode.window.showErrorMessage(`Commit of ${what} failed: ${why}`);
    return false;
  }
}

async function rollback(tree: TransactionsTreeProvider, output: vscode.LogOutputChannel, node: TransactionsNode | undefined, options: TransactionCommandOptions = {}): Promise<boolean> {
  const transaction = transactionOf(node);
  if (!transaction) return false;
  const what = `transaction ${transaction.transactionId} on ${transaction.endpointName}`;
  const confirmed = options.confirm ?? (await vscode.window.showWarningMessage(`Roll back ${what}?`, { modal: true, detail: 'Its staged changes are discarded; the running configuration is not touched.' }, 'Roll Back')) === 'Roll Back';
  if (!confirmed) return false;
  try {
    await tree.withClient(transaction.endpointName, (client) => client.deleteTransaction(transaction.transactionId));
    output.info(`rolled back ${what}`);
    return true;
  } catch (error) {
    output.error(`roll back of ${what} failed: ${errorMessage(error)}`);
    void vscode.window.showErrorMessage(`Roll back of ${what} failed: ${errorMessage(error)}`);
    return false;
  }
}
