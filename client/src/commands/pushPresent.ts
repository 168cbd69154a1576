// How a push shows itself: the running configuration as a read-only document (for the diff
// editor and Pull), the plan in a modal confirmation and in the output channel, and the result.
import * as vscode from 'vscode';
import type { RestoreOutcome } from '../push/applyDataplane';
import { restoreOutcomeText } from '../push/report';

export const RUNNING_SCHEME = 'haproxy-running';

/** Read-only documents holding fetched running configurations, one per endpoint (latest fetch wins). */
export class RunningConfigProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;

  /** `haproxy-running:/lb1/haproxy.cfg`: the file name makes VS Code pick the haproxy language. */
  show(endpoint: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: RUNNING_SCHEME, path: `/${endpoint}/haproxy.cfg` });
    this.texts.set(uri.toString(), text);
    this.changeEmitter.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# this running configuration is no longer available: pull it again\n';
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

/** Opens the diff editor: running (left, read-only) ↔ the local document (right, editable). */
export async function showDiff(provider: RunningConfigProvider, endpoint: string, runningText: string, version: number | undefined, document: vscode.TextDocument): Promise<void> {
  // The API's `# _version=N` first line is bookkeeping, not configuration: the title shows the version.
  const left = provider.show(endpoint, runningText.replace(/^# _version=\d+\r?\n/, ''));
  const file = vscode.workspace.asRelativePath(document.uri);
  const title = `${endpoint} (running${version === undefined ? '' : `, version ${version}`}) ↔ ${file}`;
  await vscode.commands.executeCommand('vscode.diff', left, document.uri, title, { preview: true, preserveFocus: true });
}

/**
 * The plan goes to the output channel in full and into a modal (truncated: modals do not
 * scroll). `answer` (from the command's arguments) skips the modal.
 */
export async function confirmPlan(output: vscode.LogOutputChannel, question: string, lines: readonly string[], action: string, answer?: boolean): Promise<boolean> {
  output.info(`${question}\n${lines.join('\n')}`);
  if (answer !== undefined) return answer;
  const shown = lines.length > 28 ? [...lines.slice(0, 27), `… ${lines.length - 27} more lines in the HAProxy Workbench output`] : lines;
  return (await vscode.window.showWarningMessage(question, { modal: true, detail: shown.join('\n') }, action)) === action;
}

export type Severity = 'info' | 'warning' | 'error';

/** A result notification whose first line is the message and the rest goes to the output channel. */
export function report(output: vscode.LogOutputChannel, severity: Severity, lines: readonly string[], ...actions: string[]): Thenable<string | undefined> {
  const text = lines.join('\n');
  if (severity === 'error') output.error(text);
  else if (severity === 'warning') output.warn(text);
  else output.info(text);
  const message = lines.length > 1 ? `${lines[0]} ${lines.slice(1, 3).join(' ')}`.slice(0, 600) : (lines[0] ?? '');
  const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  return show(message, ...actions, ...(lines.length > 3 ? ['Show Output'] : [])).then((choice) => {
    if (choice === 'Show Output') output.show(true);
    return choice;
  });
}

const RESTORE = 'Restore Previous Configuration';

/**
 * A commit HAProxy could not reload: it still runs the previous configuration while the endpoint's
 * file holds the new one (the next reload would fail the same way). Offers to write the previous one
 * back; `choice` (from the command's arguments) answers at once, and then the restore is awaited.
 * Otherwise the offer does not hold up the command.
 */
export async function offerRestore(output: vscode.LogOutputChannel, lines: readonly string[], endpoint: string,
  restore: () => Promise<RestoreOutcome>, choice?: 'restore' | 'keep'): Promise<RestoreOutcome | undefined> {
  const run = async (): Promise<RestoreOutcome> => {
    const outcome = await restore();
    void report(output, outcome.status === 'restored' ? 'info' : 'error', restoreOutcomeText(outcome, endpoint));
    return outcome;
  };
  if (choice === 'restore') {
    output.error(lines.join('\n'));
    return run();
  }
  if (choice === 'keep') {
    void report(output, 'error', lines);
    return undefined;
  }
  void report(output, 'error', lines, RESTORE).then((picked) => {
    if (picked === RESTORE) run().catch((error: unknown) => void report(output, 'error', [`Restore on ${endpoint} failed: ${error instanceof Error ? error.message : String(error)}`]));
  });
  return undefined;
}
