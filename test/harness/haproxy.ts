// Starts the real Debian HAProxy in master-worker mode for a test, and guarantees it is gone
// afterwards: every process is stopped by pid (SIGTERM, then SIGKILL), also when the test
// fails or the Node process exits early.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HaproxyConfigContext {
  /** The instance's temp dir (under os.tmpdir()); put extra files (maps, certs) here. */
  dir: string;
  /** Unix socket path the harness waits on; bind it with `stats socket <path> level admin`. */
  adminSocket: string;
  /** Master CLI socket path (`-S`). */
  masterSocket: string;
  /** `options.backendPorts`, e.g. the ports of `startBackends()`. */
  backendPorts: number[];
  /** `options.freePorts` free TCP ports on 127.0.0.1, for frontends and TCP stats sockets. */
  freePorts: number[];
}

export type HaproxyConfig = string | ((ctx: HaproxyConfigContext) => string);

export interface HaproxyOptions {
  backendPorts?: number[];
  /** How many free 127.0.0.1 ports to reserve for `ctx.freePorts` (default 2). */
  freePorts?: number;
  /** Binary to run (default /usr/sbin/haproxy, or $HAPROXY_BIN). */
  binary?: string;
  /** Startup / reload / stop timeout in ms (default 10000). */
  timeoutMs?: number;
}

export interface HaproxyInstance {
  dir: string;
  configPath: string;
  adminSocket: string;
  masterSocket: string;
  /** The free ports reserved for this instance (`ctx.freePorts`), same on every reload. */
  freePorts: number[];
  /** Pid of the master process. */
  pid: number;
  /** Pid of the worker currently answering on the admin socket. */
  workerPid(): number;
  /** Everything HAProxy wrote to stderr so far. */
  stderr(): string;
  /** Writes the new config (if given), sends `reload` to the master and waits for the new worker. */
  reload(newConfigText?: HaproxyConfig): Promise<void>;
  /** Stops master and workers by pid and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const defaultBinary = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
const liveInstances = new Set<Instance>();

/** Reserves a port by binding port 0 on 127.0.0.1 and releasing it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Sends one command on a fresh connection and returns the whole reply (HAProxy closes the
 * connection after answering). The harness's own minimal client, independent of the product's.
 */
export function rawCommand(socketPath: string, command: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete reply to '${command}' on ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.end(command + '\n'));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** Whether a process exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, failure?: () => string | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const failed = failure?.();
    if (failed) throw new Error(failed);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function infoPid(info: string): number | undefined {
  const match = /^Pid: (\d+)$/m.exec(info);
  return match ? Number(match[1]) : undefined;
}

/** Makes sure a stats socket at `adminSocket` exists: configs given as plain text get one added to `global`. */
function withAdminSocket(text: string, adminSocket: string): string {
  if (text.includes(adminSocket)) return text;
  const line = `    stats socket ${adminSocket} mode 600 level admin`;
  if (/^global\b.*$/m.test(text)) return text.replace(/^global\b.*$/m, (header) => `${header}\n${line}`);
  return `global\n${line}\n\n${text}`;
}

class Instance implements HaproxyInstance {
  readonly configPath: string;
  readonly adminSocket: string;
  readonly masterSocket: string;
  readonly freePorts: number[];
  private stderrText = '';
  private exited = false;
  private stopping?: Promise<void>;
  private readonly knownWorkers = new Set<number>();
  private currentWorker = 0;

  constructor(
    readonly dir: string,
    private readonly child: ChildProcess,
    private readonly ctx: HaproxyConfigContext,
    private readonly binary: string,
    private readonly timeoutMs: number,
  ) {
    this.configPath = join(dir, 'haproxy.cfg');
    this.adminSocket = ctx.adminSocket;
    this.masterSocket = ctx.masterSocket;
    this.freePorts = ctx.freePorts;
    child.stderr?.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString('utf8')));
    child.on('exit', () => (this.exited = true));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  workerPid(): number {
    return this.currentWorker;
  }

  stderr(): string {
    return this.stderrText;
  }

  private alerts(): string {
    const alerts = this.stderrText.split('\n').filter((line) => /\[(ALERT|WARNING)\]|^\s+\|/.test(line));
    return (alerts.length ? alerts : this.stderrText.split('\n')).join('\n').trim();
  }

  /** Waits until a worker other than `previous` answers `show info` on the admin socket. */
  async waitForWorker(previous: number | undefined, what: string): Promise<void> {
    const pid = await waitFor(
      what,
      this.timeoutMs,
      async () => {
        const pid = infoPid(await rawCommand(this.adminSocket, 'show info', 1000));
        return pid !== undefined && pid !== previous ? pid : undefined;
      },
      () => (this.exited ? `haproxy exited during ${what}:\n${this.alerts()}` : undefined),
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.alerts()}`.trim());
    });
    this.currentWorker = pid;
    this.knownWorkers.add(pid);
  }

  async reload(newConfig?: HaproxyConfig): Promise<void> {
    if (newConfig !== undefined) {
      const text = withAdminSocket(typeof newConfig === 'function' ? newConfig(this.ctx) : newConfig, this.adminSocket);
      const candidate = join(this.dir, 'candidate.cfg');
      writeFileSync(candidate, text);
      const check = spawnSync(this.binary, ['-c', '-q', '-f', candidate], { encoding: 'utf8', timeout: this.timeoutMs });
      if (check.status !== 0) throw new Error(`new config refused by haproxy -c:\n${check.stderr}${check.stdout}`.trim());
      writeFileSync(this.configPath, text);
    }
    const previous = this.currentWorker;
    await rawCommand(this.masterSocket, 'reload', this.timeoutMs);
    await this.waitForWorker(previous, 'the new worker after reload');
    // The re-executed master binds its CLI again on its own schedule: wait until it answers too.
    await waitFor('the master CLI after reload', this.timeoutMs, async () =>
      (await this.workersFromMaster()).includes(this.currentWorker) ? true : undefined,
    );
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    if (!this.exited) for (const pid of await this.workersFromMaster()) this.knownWorkers.add(pid);
    const pids = [this.pid, ...this.knownWorkers].filter((pid) => pid > 0);
    for (const pid of pids) signal(pid, 'SIGTERM');
    const deadline = Date.now() + Math.min(this.timeoutMs, 5000);
    while (Date.now() < deadline && pids.some(processAlive)) await sleep(25);
    for (const pid of pids.filter(processAlive)) signal(pid, 'SIGKILL');
    const killDeadline = Date.now() + 2000;
    while (Date.now() < killDeadline && pids.some(processAlive)) await sleep(25);
    liveInstances.delete(this);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Every worker pid the master knows (old ones still finishing after a reload included). */
  private async workersFromMaster(): Promise<number[]> {
    const table = await rawCommand(this.masterSocket, 'show proc', 1000).catch(() => '');
    return table
      .split('\n')
      .map((line) => /^(\d+)\s+worker\b/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]));
  }

  /** Synchronous last resort for process 'exit'. */
  killNow(): void {
    for (const pid of [this.pid, ...this.knownWorkers]) if (pid > 0) signal(pid, 'SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const instance of liveInstances) instance.killNow();
  });
}

/** Starts `haproxy -W -S <dir>/master.sock -f <dir>/haproxy.cfg` and waits until the admin socket answers. */
export async function startHaproxy(config: HaproxyConfig, options: HaproxyOptions = {}): Promise<HaproxyInstance> {
  const binary = options.binary ?? defaultBinary;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'hwb-haproxy-'));
  const freePorts: number[] = [];
  for (let i = 0; i < (options.freePorts ?? 2); i++) freePorts.push(await freePort());
  const ctx: HaproxyConfigContext = {
    dir,
    adminSocket: join(dir, 'admin.sock'),
    masterSocket: join(dir, 'master.sock'),
    backendPorts: options.backendPorts ?? [],
    freePorts,
  };
  const configPath = join(dir, 'haproxy.cfg');
  writeFileSync(configPath, withAdminSocket(typeof config === 'function' ? config(ctx) : config, ctx.adminSocket));
  const child = spawn(binary, ['-W', '-S', `${ctx.masterSocket},mode,600`, '-f', configPath], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const instance = new Instance(dir, child, ctx, binary, timeoutMs);
  installExitHook();
  liveInstances.add(instance);
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  try {
    await Promise.race([instance.waitForWorker(undefined, 'haproxy to answer show info'), spawnError]);
  } catch (error) {
    await instance.stop();
    throw error;
  }
  return instance;
}

/** Anything with node:test's `after` shape: the global `after`, or a TestContext. */
export type CleanupRegistrar = ((fn: () => Promise<void>) => void) | { after(fn: () => Promise<void>): void };

export function registerCleanup(register: CleanupRegistrar, fn: () => Promise<void>): void {
  if (typeof register === 'function') register(fn);
  else register.after(fn);
}

/** `startHaproxy` whose `stop()` is registered with `after` (suite) or `t` (a test), so it runs on failure too. */
export async function startHaproxyForTest(register: CleanupRegistrar, config: HaproxyConfig, options?: HaproxyOptions): Promise<HaproxyInstance> {
  const instance = await startHaproxy(config, options);
  registerCleanup(register, () => instance.stop());
  return instance;
}
