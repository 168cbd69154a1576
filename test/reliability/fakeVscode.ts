// A small in-memory stand-in for the `vscode` module, so Node tests can drive the sidebar's real
// code (ServersTreeProvider, EndpointRegistry, the server action commands) against a real HAProxy
// without an editor. It records what the user would see: every output channel line, every
// notification, every progress message. Import this module BEFORE any client module that imports
// `vscode` (it registers itself in Node's module cache on load).
//
// Only what the sidebar touches is implemented; anything else throws, so a new dependency on the
// editor shows up as a clear test failure instead of a silent no-op.
import Module from 'node:module';

type Listener<T> = (event: T) => unknown;

export class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Disposable {
  constructor(private readonly callback: () => void = () => undefined) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.callback();
  }
}

class TreeItem {
  id?: string;
  description?: string;
  iconPath?: unknown;
  contextValue?: string;
  tooltip?: unknown;
  command?: unknown;
  constructor(readonly label: unknown, readonly collapsibleState?: number) {}
}

class ThemeIcon {
  constructor(readonly id: string, readonly color?: unknown) {}
}
class ThemeColor {
  constructor(readonly id: string) {}
}
class MarkdownString {
  constructor(readonly value = '') {}
}

/** Everything the fake editor showed or was asked, in order. */
export interface Recorded {
  /** Output channel lines, as `level: message`. */
  output: string[];
  /** Notifications: `info|warning|error: message` (+ detail for modal warnings). */
  notifications: string[];
  /** Progress titles and messages. */
  progress: string[];
}

export const recorded: Recorded = { output: [], notifications: [], progress: [] };

/** Settings by full key (`haproxy.endpoints`), split by scope like WorkspaceConfiguration.inspect(). */
export const settings = {
  global: new Map<string, unknown>(),
  workspace: new Map<string, unknown>(),
};

const configurationEvents = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const trustEvents = new EventEmitter<void>();

export const workspaceState = { isTrusted: true };

/** Grants workspace trust and fires onDidGrantWorkspaceTrust, as the editor does. */
export function grantTrust(): void {
  workspaceState.isTrusted = true;
  trustEvents.fire();
}

/** Answers to the next modal / input prompts (FIFO); unanswered prompts resolve as "cancelled". */
export const answers: { warning: Array<string | undefined>; input: Array<string | undefined>; quickPick: Array<string | undefined> } = {
  warning: [],
  input: [],
  quickPick: [],
};

export const commands = new Map<string, (...args: unknown[]) => unknown>();

/** Changes a setting and fires onDidChangeConfiguration like VS Code does. */
export function updateSetting(key: string, value: unknown, scope: 'global' | 'workspace' = 'global'): void {
  settings[scope].set(key, value);
  configurationEvents.fire({ affectsConfiguration: (section) => key === section || key.startsWith(`${section}.`) });
}

function configuration(section: string) {
  const full = (key: string) => `${section}.${key}`;
  return {
    get<T>(key: string, fallback?: T): T | undefined {
      const k = full(key);
      if (workspaceState.isTrusted && settings.workspace.has(k)) return settings.workspace.get(k) as T;
      return settings.global.has(k) ? (settings.global.get(k) as T) : fallback;
    },
    inspect(key: string) {
      const k = full(key);
      return { key: k, globalValue: settings.global.get(k), workspaceValue: settings.workspace.get(k), workspaceFolderValue: undefined };
    },
    async update(key: string, value: unknown, target?: number): Promise<void> {
      updateSetting(full(key), value, target === 2 ? 'workspace' : 'global');
    },
  };
}

/** A LogOutputChannel that records every line (the hook the security tests read). */
export function createLogOutputChannel(name = 'HAProxy Workbench') {
  const log = (level: string) => (message: string, ...args: unknown[]) =>
    void recorded.output.push(`${level}: ${[message, ...args.map((a) => (a instanceof Error ? a.message : String(a)))].join(' ')}`);
  return {
    name,
    trace: log('trace'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    appendLine: log('line'),
    append: log('text'),
    show: () => undefined,
    hide: () => undefined,
    clear: () => undefined,
    dispose: () => undefined,
  };
}

/** An in-memory SecretStorage (VS Code's keychain-backed store in the real editor). */
export function createSecretStorage() {
  const values = new Map<string, string>();
  const changes = new EventEmitter<{ key: string }>();
  return {
    get: async (key: string) => values.get(key),
    store: async (key: string, value: string) => {
      values.set(key, value);
      changes.fire({ key });
    },
    delete: async (key: string) => {
      values.delete(key);
      changes.fire({ key });
    },
    keys: async () => [...values.keys()],
    onDidChange: changes.event,
  };
}

const notify = (level: string) => async (message: string, ...rest: unknown[]) => {
  const options = rest[0] as { modal?: boolean; detail?: string } | undefined;
  recorded.notifications.push(`${level}: ${message}${options?.detail ? ` — ${options.detail}` : ''}`);
  if (level === 'warning' && options?.modal) return answers.warning.shift();
  return undefined;
};

const unsupported = (what: string) => () => {
  throw new Error(`fake vscode: ${what} is not implemented (the sidebar started using it: extend test/reliability/fakeVscode.ts)`);
};

export const vscode = {
  EventEmitter,
  Disposable,
  TreeItem,
  ThemeIcon,
  ThemeColor,
  MarkdownString,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  Uri: {
    from: (parts: { scheme: string; path: string }) => ({ ...parts, toString: () => `${parts.scheme}:${parts.path}` }),
    file: (path: string) => ({ scheme: 'file', path, fsPath: path, toString: () => `file://${path}` }),
  },
  workspace: {
    getConfiguration: configuration,
    onDidChangeConfiguration: configurationEvents.event,
    onDidGrantWorkspaceTrust: trustEvents.event,
    get isTrusted() {
      return workspaceState.isTrusted;
    },
    registerTextDocumentContentProvider: () => new Disposable(),
    findFiles: async () => [],
    openTextDocument: unsupported('workspace.openTextDocument'),
    applyEdit: unsupported('workspace.applyEdit'),
    asRelativePath: (p: unknown) => String(p),
  },
  window: {
    showInformationMessage: notify('info'),
    showWarningMessage: notify('warning'),
    showErrorMessage: notify('error'),
    setStatusBarMessage: (message: string) => {
      recorded.notifications.push(`status: ${message}`);
      return new Disposable();
    },
    showInputBox: async (options: { title?: string; validateInput?: (value: string) => unknown }) => {
      const value = answers.input.shift();
      const refused = value !== undefined ? await options.validateInput?.(value) : undefined;
      if (refused) {
        recorded.notifications.push(`input refused: ${String(refused)}`);
        return undefined;
      }
      return value;
    },
    showQuickPick: async (items: unknown) => {
      const wanted = answers.quickPick.shift();
      const list = (await items) as Array<string | { label: string }>;
      return list.find((item) => (typeof item === 'string' ? item : item.label) === wanted);
    },
    withProgress: async <T>(options: { title?: string }, task: (progress: { report(v: { message?: string }): void }, token: { isCancellationRequested: boolean; onCancellationRequested: unknown }) => Promise<T>) => {
      recorded.progress.push(`title: ${options.title ?? ''}`);
      const token = { isCancellationRequested: false, onCancellationRequested: () => new Disposable() };
      return task({ report: (v) => void (v.message && recorded.progress.push(v.message)) }, token);
    },
    createTreeView: unsupported('window.createTreeView'),
    createStatusBarItem: unsupported('window.createStatusBarItem'),
    showTextDocument: unsupported('window.showTextDocument'),
    showOpenDialog: unsupported('window.showOpenDialog'),
  },
  commands: {
    registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
      commands.set(id, handler);
      return new Disposable(() => commands.delete(id));
    },
    executeCommand: async (id: string, ...args: unknown[]) => {
      const handler = commands.get(id);
      if (!handler) throw new Error(`fake vscode: command '${id}' is not registered`);
      return handler(...args);
    },
  },
  env: { clipboard: { writeText: async (text: string) => void recorded.notifications.push(`clipboard: ${text}`) } },
  languages: { setTextDocumentLanguage: unsupported('languages.setTextDocumentLanguage') },
};

/** Runs a registered command as VS Code would (errors propagate to the caller). */
export async function runCommand(id: string, ...args: unknown[]): Promise<unknown> {
  return vscode.commands.executeCommand(id, ...args);
}

export function resetRecorded(): void {
  recorded.output.length = 0;
  recorded.notifications.length = 0;
  recorded.progress.length = 0;
}

// Register as the `vscode` module: resolve the bare name to a cache key and seed the cache.
type ModuleInternals = { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const internals = Module as unknown as ModuleInternals;
const originalResolve = internals._resolveFilename;
internals._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? 'vscode' : originalResolve.call(this, request, ...rest);
};
const cached = new Module('vscode');
cached.filename = 'vscode';
cached.loaded = true;
cached.exports = vscode;
require.cache['vscode'] = cached;
