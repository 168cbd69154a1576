// The test server's state, with the Data Plane API's semantics: the config file (first line
// `# _version=N`), transactions, and reloads of the real HAProxy through its master socket.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HaproxyInstance } from '../harness/haproxy';
import { ConfigText } from './configText';

/** An answer with a status and the API's `{code, message}` (or text, for raw config errors). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly plainText = false,
  ) {
    super(message);
  }
}

export type TransactionStatus = 'failed' | 'outdated' | 'in_progress' | 'success';

export interface Transaction {
  id: string;
  _version: number;
  status: TransactionStatus;
  config: ConfigText;
}

export interface Reload {
  id: string;
  status: 'in_progress' | 'succeeded' | 'failed';
  reload_timestamp?: number;
  response?: string;
}

export interface StoreOptions {
  maxOpenTransactions: number;
  /** How long a queued reload waits, batching changes (the API's reload_delay). */
  reloadDelayMs: number;
  haproxyBinary: string;
}

export interface ApplyResult {
  version: number;
  /** Set when the reload was queued rather than done now. */
  reloadId?: string;
}

export class ConfigStore {
  private current: ConfigText;
  readonly transactions = new Map<string, Transaction>();
  readonly reloads = new Map<string, Reload>();
  private reloadCounter = 0;
  private pendingReload?: Reload;
  private reloadChain: Promise<void> = Promise.resolve();
  private commitChain: Promise<unknown> = Promise.resolve();
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly haproxy: HaproxyInstance,
    private readonly options: StoreOptions,
    initialText: string,
  ) {
    this.current = new ConfigText(initialText);
    writeFileSync(haproxy.configPath, this.current.toString());
  }

  get version(): number {
    return this.current.version;
  }

  /** A copy of the running configuration. */
  snapshot(): ConfigText {
    return this.current.clone();
  }

  // ---- transactions -------------------------------------------------------------------

  startTransaction(version: number): Transaction {
    this.requireVersion(version);
    const open = [...this.transactions.values()].filter((t) => t.status === 'in_progress').length;
    if (open >= this.options.maxOpenTransactions) throw new ApiFailure(429, `cannot start transaction: ${open} transactions are open (max_open_transactions ${this.options.maxOpenTransactions})`);
    const transaction: Transaction = { id: randomUUID(), _version: version, status: 'in_progress', config: this.current.clone() };
    this.transactions.set(transaction.id, transaction);
    return transaction;
  }

  transaction(id: string): Transaction {
    const transaction = this.transactions.get(id);
    if (!transaction) throw new ApiFailure(404, `transaction ${id} not found`);
    return transaction;
  }

  /** A transaction that still takes changes. */
  openTransaction(id: string): Transaction {
    const transaction = this.transaction(id);
    if (transaction.status !== 'in_progress') throw new ApiFailure(400, `transaction ${id} is ${transaction.status}, not in_progress`);
    return transaction;
  }

  /**
   * Commits one at a time, like the real API (a lock around check + apply): two commits racing on
   * the same version must not both pass the version check and the later one silently drop the
   * earlier one's changes.
   */
  commit(id: string, forceReload: boolean): Promise<{ transaction: Transaction } & ApplyResult> {
    const run = this.commitChain.then(() => this.commitNow(id, forceReload));
    this.commitChain = run.catch(() => undefined);
    return run;
  }

  private async commitNow(id: string, forceReload: boolean): Promise<{ transaction: Transaction } & ApplyResult> {
    const transaction = this.transaction(id);
    if (transaction.status === 'outdated' || transaction.status === 'failed') {
      throw new ApiFailure(406, `transaction ${id} is ${transaction.status} and cannot be committed`);
    }
    if (transaction._version !== this.version) {
      transaction.status = 'outdated';
      throw new ApiFailure(409, `version mismatch: transaction ${id} was started on version ${transaction._version}, the configuration is at version ${this.version}`);
    }
    try {
      const result = await this.apply(transaction.config, forceReload);
      transaction.status = 'success';
      this.transactions.delete(id);
      for (const other of this.transactions.values()) {
        if (other.status === 'in_progress' && other._version <= transaction._version) other.status = 'outdated';
      }
      return { transaction, ...result };
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 400) transaction.status = 'failed';
      throw error;
    }
  }

  deleteTransaction(id: string): void {
    this.transaction(id);
    this.transactions.delete(id);
  }

  // ---- writes -------------------------------------------------------------------------

  requireVersion(version: number): void {
    if (version !== this.version) throw new ApiFailure(409, `version mismatch: given version ${version}, the configuration is at version ${this.version}`);
  }

  /** Checks `candidate` with `haproxy -c`; on success makes it the running config and reloads. */
  async apply(candidate: ConfigText, forceReload: boolean, skipReload = false): Promise<ApplyResult> {
    const next = candidate.clone();
    next.version = this.version + 1;
    await this.check(next.toString());
    this.current = next;
    writeFileSync(this.haproxy.configPath, next.toString());
    if (skipReload) return { version: next.version };
    if (forceReload) {
      const reload = this.newReload();
      await this.runReload(reload);
      if (reload.status === 'failed') throw new ApiFailure(500, `reload failed: ${reload.response}`);
      return { version: next.version };
    }
    return { version: next.version, reloadId: this.queueReload().id };
  }

  /** Runs `haproxy -c` on a temp copy; refuses with HAProxy's own output. */
  async check(text: string): Promise<void> {
    const path = join(this.haproxy.dir, `candidate-${randomUUID()}.cfg`);
    writeFileSync(path, text);
    const output = await new Promise<{ ok: boolean; text: string }>((resolve) => {
      execFile(this.options.haproxyBinary, ['-c', '-f', path], { timeout: 10_000 }, (error, stdout, stderr) => {
        resolve({ ok: !error, text: `${stderr}${stdout}`.trim() });
      });
    }).finally(() => rmSync(path, { force: true }));
    if (!output.ok) throw new ApiFailure(400, output.text.split(path).join('haproxy.cfg') || 'haproxy -c failed');
  }

  // ---- reloads ------------------------------------------------------------------------

  private newReload(): Reload {
    const day = new Date().toISOString().slice(0, 10);
    const reload: Reload = { id: `${day}-${++this.reloadCounter}`, status: 'in_progress' };
    this.reloads.set(reload.id, reload);
    return reload;
  }

  /** Queues a reload after reloadDelayMs; changes made meanwhile share it (like the real API). */
  private queueReload(): Reload {
    if (this.pendingReload) return this.pendingReload;
    const reload = this.newReload();
    this.pendingReload = reload;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pendingReload = undefined;
      void this.runReload(reload);
    }, this.options.reloadDelayMs);
    this.timers.add(timer);
    return reload;
  }

  /** Reloads one at a time through the master socket. */
  private runReload(reload: Reload): Promise<void> {
    this.reloadChain = this.reloadChain.then(async () => {
      try {
        await this.haproxy.reload();
        reload.status = 'succeeded';
      } catch (error) {
        reload.status = 'failed';
        reload.response = (error as Error).message;
      }
      reload.reload_timestamp = Math.floor(Date.now() / 1000);
    });
    return this.reloadChain;
  }

  /** Waits for queued reloads and cancels nothing: used on stop. */
  async drain(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.pendingReload) {
      const reload = this.pendingReload;
      this.pendingReload = undefined;
      reload.status = 'failed';
      reload.response = 'test server stopped before the reload ran';
    }
    await this.reloadChain;
  }
}
