// A real LSP client for tests: forks `node dist/server.js --stdio` and talks JSON-RPC over its
// stdio, as Neovim or any other editor would. Stops the process by pid in `close()`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { ClientCapabilities, InitializeResult, ProtocolConnection, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

export const SERVER_BUNDLE = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');

export interface LspSession {
  connection: ProtocolConnection;
  process: ChildProcess;
  stderr: () => string;
  /** The server's answer to `initialize` (capabilities, semantic token legend...). */
  initializeResult: InitializeResult;
  /** Opens a document and resolves with the first diagnostics published for that version. */
  open(uri: string, text: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Replaces the full text and resolves with the diagnostics published for it. */
  change(uri: string, version: number, changes: Array<{ range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }>): Promise<PublishDiagnosticsParams>;
  /** Next diagnostics published for `uri` (bounded wait). */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

export interface LspStartOptions {
  /** Client capabilities sent in `initialize` (default: none). */
  capabilities?: ClientCapabilities;
  /** Installs handlers (workspace/configuration, window/logMessage...) before anything is exchanged. */
  beforeInitialize?: (connection: ProtocolConnection) => void;
}

export async function startLspServer(initializationOptions: unknown = {}, env: NodeJS.ProcessEnv = process.env, options: LspStartOptions = {}): Promise<LspSession> {
  const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
  const queued = new Map<string, PublishDiagnosticsParams[]>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const waiter = waiting.get(p.uri)?.shift();
    if (waiter) waiter(p);
    else queued.set(p.uri, [...(queued.get(p.uri) ?? []), p]);
  });
  options.beforeInitialize?.(connection);
  connection.listen();
  const initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid, rootUri: null, capabilities: options.capabilities ?? {}, initializationOptions,
  });
  await connection.sendNotification('initialized', {});

  const nextDiagnostics = (uri: string, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> => {
    const ready = queued.get(uri)?.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; server stderr:\n${stderr}`)), timeoutMs);
      waiting.set(uri, [...(waiting.get(uri) ?? []), (p) => { clearTimeout(timer); resolve(p); }]);
    });
  };

  return {
    connection,
    process: child,
    stderr: () => stderr,
    initializeResult,
    nextDiagnostics,
    async open(uri, text, version = 1) {
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'haproxy', version, text } });
      return nextDiagnostics(uri);
    },
    async change(uri, version, changes) {
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      return nextDiagnostics(uri);
    },
    async close() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch { /* the process may already be gone */ }
      connection.dispose();
      if (child.exitCode === null && child.pid) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => { try { process.kill(child.pid!, 'SIGKILL'); } catch { /* gone */ } resolve(); }, 2000);
          child.once('exit', () => { clearTimeout(timer); resolve(); });
        });
      }
    },
  };
}
