// "HAProxy: Generate Monitoring Files…": from a haproxy.cfg of the workspace, writes a Prometheus
// scrape config, alert rules for its backends, a Grafana dashboard and (optionally) the exporter
// frontend to add to the config. The generation itself is pure (haproxy/metrics/monitoring).
import * as vscode from 'vscode';
import { generateMonitoringFiles, MONITORING_FILES, type GenerateResult } from '../haproxy/metrics/monitoring/generate';
import { readConfigFacts } from '../haproxy/metrics/monitoring/configFacts';
import type { AlertThresholds } from '../haproxy/metrics/alerts';
import { errorMessage } from './errors';

/** Arguments for scripted use (tests, other extensions); any missing one is asked for. */
export interface GenerateArguments {
  hosts?: string[];
  outputFolder?: vscode.Uri;
  includeExporterStanza?: boolean;
  /** Overwrite existing files without asking. */
  overwrite?: boolean;
}

export interface GenerateOutcome {
  folder: vscode.Uri;
  written: string[];
  notes: string[];
}

const hostPattern = /^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]*:[0-9a-fA-F:.]+|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/;

export function hostsError(text: string): string | undefined {
  const hosts = splitHosts(text);
  if (hosts.length === 0) return 'give at least one host name or address';
  const bad = hosts.find((host) => !hostPattern.test(host));
  return bad ? `'${bad}' is not a host name or address (no port: the exporter's port comes from the config)` : undefined;
}

function splitHosts(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

async function pickConfig(given: unknown): Promise<vscode.Uri | undefined> {
  if (given instanceof vscode.Uri) return given;
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'haproxy') return active.uri;
  const found = await vscode.workspace.findFiles('**/{haproxy*.cfg,*.haproxy,haproxy/*.cfg}', '**/node_modules/**', 200);
  if (found.length === 0) {
    void vscode.window.showErrorMessage('No haproxy.cfg in the workspace: open one and run "HAProxy: Generate Monitoring Files…" again.');
    return undefined;
  }
  if (found.length === 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Generate monitoring files from which configuration?', matchOnDescription: true },
  );
  return picked?.uri;
}

async function askHosts(suggestion: string): Promise<string[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'HAProxy hosts for Prometheus to scrape',
    prompt: "Host names or addresses of the machines running this configuration, separated by commas (the exporter's port comes from the config).",
    value: suggestion,
    ignoreFocusOut: true,
    validateInput: hostsError,
  });
  return text === undefined ? undefined : splitHosts(text);
}

async function askStanza(): Promise<boolean | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Write the exporter frontend too', description: MONITORING_FILES.stanza, include: true },
      { label: 'Only the Prometheus and Grafana files', include: false },
    ],
    { title: 'The configuration serves no Prometheus exporter yet', placeHolder: 'Also write the frontend (http-request use-service prometheus-exporter) to add to it?' },
  );
  return choice?.include;
}

async function existing(folder: vscode.Uri, names: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, name));
      found.push(name);
    } catch {
      // absent: fine
    }
  }
  return found;
}

export async function generateMonitoringFilesCommand(thresholds: AlertThresholds, output: vscode.LogOutputChannel, configArg?: unknown, args: GenerateArguments = {}): Promise<GenerateOutcome | undefined> {
  const configUri = await pickConfig(configArg);
  if (!configUri) return undefined;
  const document = await vscode.workspace.openTextDocument(configUri);
  const text = document.getText(); // unsaved edits included
  const facts = readConfigFacts(text);
  const boundHost = facts.exporters[0]?.binds[0]?.host;
  const hosts = args.hosts ?? (await askHosts(boundHost || 'localhost'));
  if (!hosts) return undefined;
  const hostProblem = hostsError(hosts.join(','));
  if (hostProblem) throw new Error(hostProblem);
  const includeStanza = facts.exporters.length > 0 ? false : args.includeExporterStanza ?? (await askStanza());
  if (includeStanza === undefined) return undefined;
  const folder = args.outputFolder ?? vscode.Uri.joinPath(configUri, '..', 'monitoring');
  const sourceName = vscode.workspace.asRelativePath(configUri);
  let result: GenerateResult;
  try {
    result = generateMonitoringFiles(text, { hosts, thresholds, includeExporterStanza: includeStanza, sourceName });
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot generate monitoring files from ${sourceName}: ${errorMessage(error)}`);
    return undefined;
  }
  const present = await existing(folder, result.files.map((f) => f.name));
  if (present.length > 0 && !args.overwrite) {
    const answer = await vscode.window.showWarningMessage(`Replace ${present.join(', ')} in ${vscode.workspace.asRelativePath(folder)}?`, { modal: true }, 'Replace');
    if (answer !== 'Replace') return undefined;
  }
  await vscode.workspace.fs.createDirectory(folder);
  for (const file of result.files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, file.name), Buffer.from(file.content, 'utf8'));
  const written = result.files.map((f) => f.name);
  output.info(`monitoring files from ${sourceName} written to ${folder.fsPath}: ${result.files.map((f) => `${f.name} (${f.description})`).join('; ')}`);
  for (const note of result.notes) output.info(`monitoring files: ${note}`);
  const where = vscode.workspace.asRelativePath(folder);
  void vscode.window
    .showInformationMessage(`Wrote ${written.join(', ')} to ${where}${result.notes.length ? `. ${result.notes[0]}` : '.'}`, 'Open Files')
    .then(async (choice) => {
      if (choice !== 'Open Files') return;
      for (const name of written) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, name), { preview: false, preserveFocus: true });
    });
  return { folder, written, notes: result.notes };
}
