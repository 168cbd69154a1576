// The Runtime API client: typed reads and changes over a unix / TCP stats socket or the master
// CLI. Every argument is validated before a command line is built; every reply is checked
// against the command's known success shape.
import {
  formatAddressPort,
  validateAddress,
  validateBackendName,
  validateIdentifier,
  validatePort,
  validateServerName,
  validateServerOptions,
  validateToken,
  validateWeight,
  type ServerOption,
  type Weight,
} from '../validate';
import type { ServerAdminState } from '../endpoint';
import { InvalidInputError, RuntimeTransportError } from './errors';
import { parseShowStat, ShowStatParser, type StatRow } from './showStat';
import {
  parseGetWeight,
  parseServersState,
  parseShowBackend,
  parseShowErrors,
  parseShowInfo,
  parseSslCert,
  parseSslCertList,
  type ErrorsSummary,
  type Info,
  type ServerState,
  type SslCertDetails,
  type SslCertList,
} from './parsers';
import { classifyError, commandError, expectStart, expectSuccess, success } from './replies';
import { parseTarget, PromptSession, sendOnce, streamOnce, type RuntimeTarget, type TransportOptions } from './transport';

/** Which worker a master-CLI command goes to: `@<relative>` (1 = current worker) or `@!<pid>`. */
export type WorkerSelector = { relative: number } | { pid: number };

export interface RuntimeClientOptions extends TransportOptions {
  /** A socket spec (`/run/haproxy/admin.sock`, `127.0.0.1:9999`, `ipv4@127.0.0.1:9999`) or a parsed target. */
  target: RuntimeTarget | string;
  /** `oneshot` (default): a connection per command. `prompt`: one kept-open interactive session. */
  framing?: 'oneshot' | 'prompt';
  /** Set when `target` is the master CLI of `haproxy -W -S`: forward every command to this worker. */
  worker?: WorkerSelector;
}

export interface AddServerRequest {
  backend: string;
  server: string;
  address: string;
  port: number;
  options?: readonly ServerOption[];
}

export class RuntimeClient {
  readonly target: RuntimeTarget;
  private readonly prefix: string;
  private readonly session?: PromptSession;

  constructor(private readonly options: RuntimeClientOptions) {
    this.target = typeof options.target === 'string' ? parseTarget(options.target) : options.target;
    this.prefix = workerPrefix(options.worker);
    if (options.framing === 'prompt') this.session = new PromptSession(this.target, options);
  }

  /**
   * Sends a command given as words. Each word must be a single plain token (no spaces, `;`,
   * newlines, quotes...), so no caller can smuggle in a second command.
   */
  async execute(words: readonly string[]): Promise<string> {
    const line = this.commandLine(words);
    return this.session ? this.session.send(line) : sendOnce(this.target, line, this.options);
  }

  private commandLine(words: readonly string[]): string {
    if (words.length === 0) throw new InvalidInputError('command', 'no command given');
    words.forEach((word, i) => validateToken(`command word ${i + 1}`, word));
    return this.prefix + words.join(' ');
  }

  /** Closes the prompt session, if any. */
  async close(): Promise<void> {
    await this.session?.close();
  }

  // ---- reads ----

  async showInfo(): Promise<Info> {
    const reply = await this.execute(['show', 'info']);
    return parseShowInfo(expectStart('show info', reply, /^Name: /));
  }

  async showStatRaw(): Promise<string> {
    return expectStart('show stat', await this.execute(['show', 'stat']), /^# pxname,/);
  }

  /**
   * Every FRONTEND, BACKEND, server (and listener) row. With one-shot framing the rows are
   * parsed while HAProxy is still writing them, so a large reply costs little more than reading it.
   */
  async showStat(): Promise<StatRow[]> {
    if (this.session) return parseShowStat(await this.showStatRaw());
    const parser = new ShowStatParser();
    await streamOnce(this.target, this.commandLine(['show', 'stat']), (text) => parser.push(text), this.options);
    if (parser.isErrorReply) throw commandError('show stat', parser.errorText);
    const rows = parser.end();
    if (!parser.complete) {
      // Cut at a line boundary (HAProxy killed mid-reply): never show part of the list as the whole.
      throw new RuntimeTransportError('closed', `reply to 'show stat' was cut off after ${rows.length} rows (HAProxy's final empty line never came)`, 'show stat');
    }
    return rows;
  }

  async showServersState(backend?: string): Promise<ServerState[]> {
    const words = ['show', 'servers', 'state'];
    if (backend !== undefined) words.push(validateBackendName(backend));
    const reply = await this.execute(words);
    return parseServersState(expectStart(words.join(' '), reply, /^1\n#/));
  }

  async showBackends(): Promise<string[]> {
    return parseShowBackend(expectStart('show backend', await this.execute(['show', 'backend']), /^# name\n/));
  }

  async getWeight(backend: string, server: string): Promise<{ current: number; initial: number }> {
    const command = ['get', 'weight', serverRef(backend, server)];
    return parseGetWeight(expectStart(command.join(' '), await this.execute(command), /^\d+ \(initial \d+\)/));
  }

  async showSslCerts(): Promise<SslCertList> {
    const reply = await this.execute(['show', 'ssl', 'cert']);
    // A list has no fixed first line (it may even be empty), so refuse only recognised error texts.
    if (classifyError(reply) !== 'unexpected-reply') throw commandError('show ssl cert', reply);
    return parseSslCertList(reply);
  }

  async showSslCert(filename: string): Promise<SslCertDetails> {
    const command = ['show', 'ssl', 'cert', validateToken('certificate', filename, /^\*?[A-Za-z0-9_./@+=,-]+$/, 'a certificate file name')];
    return parseSslCert(expectStart(command.join(' '), await this.execute(command), /^Filename: /));
  }

  async showErrors(): Promise<ErrorsSummary> {
    return parseShowErrors(expectStart('show errors', await this.execute(['show', 'errors']), /^Total events captured/));
  }

  // ---- changes ----

  /** `set server B/S state ready|drain|maint`. */
  async setServerState(backend: string, server: string, state: ServerAdminState): Promise<void> {
    if (state !== 'ready' && state !== 'drain' && state !== 'maint') throw new InvalidInputError('state', "expected 'ready', 'drain' or 'maint'", state);
    await this.change(['set', 'server', serverRef(backend, server), 'state', state], success.empty);
  }

  /** `set server B/S weight N|N%` (the non-deprecated form of `set weight`). */
  async setWeight(backend: string, server: string, weight: Weight): Promise<void> {
    await this.change(['set', 'server', serverRef(backend, server), 'weight', validateWeight(weight)], success.empty);
  }

  /** `enable|disable health B/S`. HAProxy refuses `enable` when no check is configured. */
  async setHealthChecks(backend: string, server: string, enabled: boolean): Promise<void> {
    await this.change([enabled ? 'enable' : 'disable', 'health', serverRef(backend, server)], success.empty);
  }

  /** `enable|disable agent B/S`. */
  async setAgentChecks(backend: string, server: string, enabled: boolean): Promise<void> {
    await this.change([enabled ? 'enable' : 'disable', 'agent', serverRef(backend, server)], success.empty);
  }

  /** `set server B/S addr IP [port P]`; returns HAProxy's change report. */
  async setServerAddress(backend: string, server: string, address: string, port?: number): Promise<string> {
    const words = ['set', 'server', serverRef(backend, server), 'addr', validateAddress(address).address];
    if (port !== undefined) words.push('port', String(validatePort(port)));
    return this.change(words, success.addressChanged);
  }

  /** `add server B/S ADDR:PORT [options]`. The new server starts in MAINT (HAProxy's rule). */
  async addServer(request: AddServerRequest): Promise<void> {
    const { address } = validateAddress(request.address, { allowHostname: true });
    const words = ['add', 'server', serverRef(request.backend, request.server), formatAddressPort(address, validatePort(request.port))];
    words.push(...validateServerOptions(request.options ?? []));
    await this.change(words, success.added);
  }

  /** `del server B/S`: HAProxy only deletes servers in MAINT without connections. */
  async deleteServer(backend: string, server: string): Promise<void> {
    await this.change(['del', 'server', serverRef(backend, server)], success.deleted);
  }

  /** `clear counters` (max values) or `clear counters all` (every counter). */
  async clearCounters(all = false): Promise<void> {
    await this.change(all ? ['clear', 'counters', 'all'] : ['clear', 'counters'], success.empty);
  }

  private async change(words: string[], isSuccess: (reply: string) => boolean): Promise<string> {
    const reply = await this.execute(words);
    return expectSuccess(words.join(' '), reply, isSuccess);
  }
}

function serverRef(backend: string, server: string): string {
  return `${validateBackendName(backend)}/${validateServerName(server)}`;
}

function workerPrefix(worker: WorkerSelector | undefined): string {
  if (worker === undefined) return '';
  if ('pid' in worker) return `@!${validateIdentifierNumber('worker pid', worker.pid)} `;
  return `@${validateIdentifierNumber('worker', worker.relative)} `;
}

function validateIdentifierNumber(field: string, value: number): string {
  if (!Number.isInteger(value) || value < 0) throw new InvalidInputError(field, 'must be a whole number ≥ 0', value);
  return validateIdentifier(field, String(value));
}
