// The server's view of its settings over time: read from initializationOptions, then pulled with
// workspace/configuration (or taken from didChangeConfiguration for clients that push), the target
// HAProxy version chosen from them, logged, and the user told once about an inexact version.
import type { TargetVersion, WorkbenchSettings } from './settings';
import { chooseTargetVersion, DEFAULT_SETTINGS, readInitializationOptions, readSettings, runnableExecutable } from './settings';

export interface ConfigurationHost {
  /** workspace/configuration for the `haproxy` section; undefined when the client cannot answer it. */
  pull?: () => Promise<unknown>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Shows a message to the user (window/showMessage). */
  tell(message: string): void;
  detectVersion(executable: string): Promise<string | undefined>;
}

export interface ConfigurationChange {
  settings: WorkbenchSettings;
  previous: WorkbenchSettings;
  target: TargetVersion;
}

export class ServerConfiguration {
  /** Workspace trust as the client said (clients without the notion are trusted). */
  readonly trusted: boolean;
  private current: WorkbenchSettings = DEFAULT_SETTINGS;
  private readonly initial: WorkbenchSettings;
  private target: TargetVersion | undefined;
  private targetKey = '';
  private readonly told = new Set<string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(initializationOptions: unknown, private readonly host: ConfigurationHost, private readonly onChange: (change: ConfigurationChange) => void) {
    const init = readInitializationOptions(initializationOptions);
    this.trusted = init.trusted;
    const read = readSettings(init.section);
    this.initial = read.settings;
    this.current = read.settings;
    this.report(read.problems, 'initializationOptions');
  }

  get settings(): WorkbenchSettings { return this.current; }
  get targetVersion(): TargetVersion | undefined { return this.target; }

  /** The binary `haproxy -c` may run, or undefined (see runnableExecutable). */
  get executable(): string | undefined { return runnableExecutable(this.current, this.trusted); }

  /** Settles when every refresh asked for so far is done (the first one chooses the target version). */
  get ready(): Promise<void> { return this.queue; }

  /**
   * Reads the settings again: pulled when the client can answer workspace/configuration (a pushed
   * section is then ignored: VS Code's push would bypass the untrusted-workspace filter), else the
   * pushed section. Refreshes run one after the other.
   */
  refresh(pushed?: unknown): Promise<void> {
    this.queue = this.queue.then(() => this.load(pushed)).catch((error: unknown) => {
      this.host.log('error', `could not apply the haproxy settings: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.queue;
  }

  /** Shows `message` to the user unless it was already shown in this session. */
  tellOnce(message: string): void {
    if (this.told.has(message)) return;
    this.told.add(message);
    this.host.tell(message);
  }

  private async load(pushed: unknown): Promise<void> {
    let section: unknown = pushed;
    let origin = 'didChangeConfiguration';
    if (this.host.pull) {
      origin = 'workspace/configuration';
      try {
        section = await this.host.pull();
      } catch (error) {
        this.host.log('warn', `workspace/configuration failed (${error instanceof Error ? error.message : String(error)}); keeping the previous settings`);
        return;
      }
    }
    const read = section === undefined && !this.host.pull ? { settings: this.current, problems: [] } : readSettings(section, this.initial);
    this.report(read.problems, origin);
    await this.apply(read.settings);
  }

  private async apply(settings: WorkbenchSettings): Promise<void> {
    const previous = this.current;
    this.current = settings;
    const key = JSON.stringify([settings.version, settings.executablePath, this.trusted]);
    if (key !== this.targetKey || !this.target) {
      this.targetKey = key;
      this.target = await chooseTargetVersion(settings, this.trusted, (executable) => this.host.detectVersion(executable));
      this.host.log('info', `validating against HAProxy ${this.target.version}: ${this.target.reason}`);
      if (this.target.note) this.tellOnce(this.target.note);
    }
    this.onChange({ settings, previous, target: this.target });
  }

  private report(problems: string[], origin: string): void {
    for (const problem of problems) {
      this.host.log('warn', `${problem} (from ${origin}; the default is used)`);
      this.tellOnce(`HAProxy Workbench: ${problem}; the default is used.`);
    }
  }
}
