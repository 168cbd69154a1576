// The Transactions view as plain data (no vscode import): Data Plane endpoints, each with the
// transactions open on it (in progress, or failed and not yet deleted). A transaction left
// open by an interrupted push or another tool shows here, to be committed or rolled back.
import type { Transaction } from '../haproxy/dataplane/types';

export interface TransactionsEndpointNode {
  kind: 'endpoint';
  id: string;
  endpointName: string;
  label: string;
  description: string;
  contextValue: 'transactionsEndpoint' | 'transactionsEndpoint.error';
  icon: string;
  tooltip: string;
}

export interface TransactionNode {
  kind: 'transaction';
  id: string;
  endpointName: string;
  transactionId: string;
  status: string;
  version?: number;
  label: string;
  description: string;
  /** `transaction.in_progress`, `transaction.failed`, `transaction.outdated`. */
  contextValue: string;
  icon: string;
  tooltip: string;
}

export type TransactionsNode = TransactionsEndpointNode | TransactionNode;

const icons: Record<string, string> = { in_progress: 'git-pull-request-draft', failed: 'error', outdated: 'history', success: 'pass' };

export function endpointNode(endpointName: string, url: string, state: { transactions?: readonly Transaction[]; error?: string }): TransactionsEndpointNode {
  const count = state.transactions?.length ?? 0;
  return {
    kind: 'endpoint',
    id: `tx-endpoint:${endpointName}`,
    endpointName,
    label: endpointName,
    description: state.error !== undefined ? `unreachable: ${state.error}` : count === 0 ? 'no open transaction' : `${count} open`,
    contextValue: state.error !== undefined ? 'transactionsEndpoint.error' : 'transactionsEndpoint',
    icon: state.error !== undefined ? 'error' : 'server',
    tooltip: `${endpointName} — Data Plane API ${url}`,
  };
}

export function transactionNodes(endpointName: string, transactions: readonly Transaction[]): TransactionNode[] {
  return transactions.map((transaction) => {
    const transactionId = String(transaction.id ?? '');
    const status = transaction.status ?? 'unknown';
    const version = transaction._version ?? undefined;
    return {
      kind: 'transaction',
      id: `tx:${endpointName}:${transactionId}`,
      endpointName,
      transactionId,
      status,
      version,
      label: transactionId.length > 13 ? `${transactionId.slice(0, 8)}…` : transactionId,
      description: `${status.replace('_', ' ')}${version === undefined ? '' : ` · on version ${version}`}`,
      contextValue: `transaction.${status}`,
      icon: icons[status] ?? 'question',
      tooltip: `Transaction ${transactionId}\nStatus: ${status}${version === undefined ? '' : `\nStarted on configuration version ${version}`}`,
    };
  });
}
