// Client for the HAProxy Data Plane API (v3 and v2): version detection, configuration version,
// transactions, reload tracking, raw configuration, structured configuration objects, runtime
// servers, native stats and process info. Paths and shapes follow data/dataplaneapi/ specs.
import { DataPlaneError, ReloadFailedError, TimeoutError, httpError } from './errors';
import { HttpTransport, type HttpRequest, type HttpResponse, type TransportOptions } from './http';
import { ConfigResource, IndexedConfigResource } from './resources';
import type {
  Acl,
  ApiVersion,
  Backend,
  Bind,
  CommitResult,
  Defaults,
  Frontend,
  HttpRequestRule,
  Info,
  NativeStat,
  ParentType,
  ProcessInfo,
  RawConfiguration,
  RawPushOptions,
  RawPushResult,
  Reload,
  RuntimeAddServer,
  RuntimeServer,
  RuntimeServerChange,
  Server,
  StatsFilter,
  Transaction,
  TransactionStatus,
  V2Envelope,
  V2NativeStats,
  V2ProcessInfos,
} from './types';

export interface DataPlaneClientOptions extends TransportOptions {
  /** Skip detection and use this API version. */
  api?: ApiVersion;
}

export interface WaitOptions {
  /** Give up after this long (default 30000 ms). */
  timeoutMs?: number;
  /** Poll interval (default 250 ms). */
  intervalMs?: number;
}

interface CallOptions extends HttpRequest {
  /** Statuses that are success for this call. */
  expect: number[];
}

interface CallResult<T> {
  data: T;
  response: HttpResponse;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DataPlaneClient {
  private constructor(
    private readonly transport: HttpTransport,
    readonly api: ApiVersion,
  ) {}

  /** Connects and detects `/v3` vs `/v2` (unless `options.api` is given). */
  static async connect(options: DataPlaneClientOptions): Promise<DataPlaneClient> {
    const transport = new HttpTransport(options);
    try {
      const api = options.api ?? (await detectApiVersion(transport));
      return new DataPlaneClient(transport, api);
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  close(): void {
    this.transport.close();
  }

  // ---- plumbing -------------------------------------------------------------------------

  /** Sends one request under the API prefix and maps non-success answers to typed errors. */
  async call<T>(options: CallOptions): Promise<CallResult<T>> {
    const req = { ...options, path: `/${this.api}${options.path}` };
    const response = await this.transport.request(req);
    const url = this.transport.url(req.path, req.query);
    const shown = url.pathname + url.search;
    if (!options.expect.includes(response.status)) throw errorFromResponse(req.method, shown, response);
    return { data: parseBody<T>(req.method, shown, response), response };
  }

  /** `call` for config GETs: unwraps v2's `{_version, data}` envelope. */
  private async read<T>(path: string, query?: HttpRequest['query']): Promise<T> {
    const { data } = await this.call<T | V2Envelope<T>>({ method: 'GET', path, query, expect: [200] });
    return this.api === 'v2' ? (data as V2Envelope<T>).data : (data as T);
  }

  // ---- info, version --------------------------------------------------------------------

  async info(): Promise<Info> {
    return (await this.call<Info>({ method: 'GET', path: '/info', expect: [200] })).data;
  }

  async getConfigurationVersion(): Promise<number> {
    const { data } = await this.call<number>({ method: 'GET', path: '/services/haproxy/configuration/version', expect: [200] });
    return data;
  }

  // ---- transactions ---------------------------------------------------------------------

  async startTransaction(version: number): Promise<Transaction> {
    return (await this.call<Transaction>({ method: 'POST', path: '/services/haproxy/transactions', query: { version }, expect: [201] })).data;
  }

  async listTransactions(status?: Extract<TransactionStatus, 'failed' | 'in_progress'>): Promise<Transaction[]> {
    return (await this.call<Transaction[]>({ method: 'GET', path: '/services/haproxy/transactions', query: { status }, expect: [200] })).data;
  }

  async getTransaction(id: string): Promise<Transaction> {
    return (await this.call<Transaction>({ method: 'GET', path: `/services/haproxy/transactions/${enc(id)}`, expect: [200] })).data;
  }

  /** Commits; 202 + `Reload-ID` (reload queued) or 200 with `forceReload` (reloaded now). */
  async commitTransaction(id: string, options: { forceReload?: boolean } = {}): Promise<CommitResult> {
    const { data, response } = await this.call<Transaction>({
      method: 'PUT',
      path: `/services/haproxy/transactions/${enc(id)}`,
      query: { force_reload: options.forceReload || undefined },
      expect: [200, 202],
    });
    return { status: response.status, transaction: data, reloadId: header(response, 'reload-id') };
  }

  /** Rolls back (deletes) a transaction. */
  async deleteTransaction(id: string): Promise<void> {
    await this.call({ method: 'DELETE', path: `/services/haproxy/transactions/${enc(id)}`, expect: [204] });
  }

  /**
   * The push flow in one call: start a transaction on `version` (default: the current one),
   * let `stage` add its changes, commit, and follow the reload. Any failure before the commit
   * succeeds deletes the transaction (rollback) and rethrows; a commit HAProxy refuses also
   * deletes the failed transaction. A reload that then fails throws ReloadFailedError.
   */
  async runTransaction<T>(
    stage: (transactionId: string) => Promise<T>,
    options: { version?: number; forceReload?: boolean; reload?: WaitOptions } = {},
  ): Promise<{ result: T; commit: CommitResult; reload?: Reload }> {
    const version = options.version ?? (await this.getConfigurationVersion());
    const id = String((await this.startTransaction(version)).id);
    let commit: CommitResult;
    let result: T;
    let committing = false;
    try {
      result = await stage(id);
      committing = true;
      commit = await this.commitTransaction(id, { forceReload: options.forceReload });
    } catch (error) {
      await this.deleteTransaction(id).catch(() => undefined); // already gone or unreachable: the first error matters
      if (committing) await this.explainLostCommit(error, version);
      throw error;
    }
    const reload = commit.reloadId ? await this.waitForReload(commit.reloadId, options.reload) : undefined;
    return { result, commit, reload };
  }

  /**
   * A commit whose answer was lost (timeout, reset) may still have been applied: the message says
   * what the configuration version shows now, so nobody retries blindly on top of it.
   */
  private async explainLostCommit(error: unknown, version: number): Promise<void> {
    if (!(error instanceof DataPlaneError) || (error.kind !== 'timeout' && error.kind !== 'network')) return;
    const now = await this.getConfigurationVersion().catch(() => undefined);
    error.message +=
      now === undefined ? '; the commit may have been applied: the configuration version cannot be read now'
        : now === version ? `; the commit was not applied (the configuration version is still ${version})`
          : `; the commit may have been applied: the configuration version is now ${now} (was ${version}), check it before retrying`;
  }

  // ---- reloads --------------------------------------------------------------------------

  async getReload(id: string): Promise<Reload> {
    return (await this.call<Reload>({ method: 'GET', path: `/services/haproxy/reloads/${enc(id)}`, expect: [200] })).data;
  }

  async listReloads(): Promise<Reload[]> {
    return (await this.call<Reload[]>({ method: 'GET', path: '/services/haproxy/reloads', expect: [200] })).data;
  }

  /** Polls a reload until it succeeded (returned) or failed (ReloadFailedError), within a bounded wait. */
  async waitForReload(id: string, options: WaitOptions = {}): Promise<Reload> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reload = await this.getReload(id);
      if (reload.status === 'succeeded') return reload;
      if (reload.status === 'failed') {
        const url = `/${this.api}/services/haproxy/reloads/${id}`;
        throw new ReloadFailedError(`reload ${id} failed: ${reload.response ?? 'no message'}`, { kind: 'reload-failed', method: 'GET', url, apiMessage: reload.response });
      }
      if (Date.now() >= deadline) {
        const url = `/${this.api}/services/haproxy/reloads/${id}`;
        throw new TimeoutError(`reload ${id} still ${reload.status ?? 'unknown'} after ${timeoutMs} ms`, { kind: 'timeout', method: 'GET', url });
      }
      await sleep(Math.min(options.intervalMs ?? 250, Math.max(0, deadline - Date.now())));
    }
  }

  // ---- raw configuration ----------------------------------------------------------------

  async getRawConfiguration(options: { transactionId?: string; version?: number } = {}): Promise<RawConfiguration> {
    const query = { transaction_id: options.transactionId, version: options.version };
    const { data, response } = await this.call<string | V2Envelope<string>>({ method: 'GET', path: '/services/haproxy/configuration/raw', query, expect: [200] });
    const text = typeof data === 'string' ? data : data.data;
    const fromEnvelope = typeof data === 'string' ? undefined : data._version;
    const version = Number(header(response, 'configuration-version') ?? fromEnvelope ?? versionFromText(text));
    return { text, version, checksum: header(response, 'configuration-checksum') };
  }

  /** Pushes a whole haproxy.cfg. A config HAProxy refuses gives BadRequestError with its text. */
  async pushRawConfiguration(text: string, options: RawPushOptions = {}): Promise<RawPushResult> {
    const query = {
      version: options.version,
      skip_version: options.skipVersion || undefined,
      only_validate: options.onlyValidate || undefined,
      skip_reload: options.skipReload || undefined,
      force_reload: options.forceReload || undefined,
    };
    const { response } = await this.call<unknown>({ method: 'POST', path: '/services/haproxy/configuration/raw', query, body: text, expect: [200, 201, 202] });
    const version = header(response, 'configuration-version');
    return { status: response.status, version: version === undefined ? undefined : Number(version), reloadId: header(response, 'reload-id') };
  }

  // ---- structured configuration ---------------------------------------------------------

  get frontends(): ConfigResource<Frontend> {
    return new ConfigResource(this, '/services/haproxy/configuration/frontends', {});
  }

  get backends(): ConfigResource<Backend> {
    return new ConfigResource(this, '/services/haproxy/configuration/backends', {});
  }

  /** Named defaults sections (v3 only; v2's single unnamed `defaults` is reachable through the raw configuration). */
  get defaults(): ConfigResource<Defaults> {
    this.requireV3('named defaults sections');
    return new ConfigResource(this, '/services/haproxy/configuration/defaults', {});
  }

  servers(backend: string): ConfigResource<Server> {
    return this.api === 'v3'
      ? new ConfigResource(this, `/services/haproxy/configuration/backends/${enc(backend)}/servers`, {})
      : new ConfigResource(this, '/services/haproxy/configuration/servers', { backend });
  }

  binds(frontend: string): ConfigResource<Bind> {
    return this.api === 'v3'
      ? new ConfigResource(this, `/services/haproxy/configuration/frontends/${enc(frontend)}/binds`, {})
      : new ConfigResource(this, '/services/haproxy/configuration/binds', { frontend });
  }

  acls(parentType: ParentType, parent: string): IndexedConfigResource<Acl> {
    return this.indexed('acls', parentType, parent);
  }

  httpRequestRules(parentType: ParentType, parent: string): IndexedConfigResource<HttpRequestRule> {
    return this.indexed('http_request_rules', parentType, parent);
  }

  private indexed<T>(kind: string, parentType: ParentType, parent: string): IndexedConfigResource<T> {
    return this.api === 'v3'
      ? new IndexedConfigResource<T>(this, `/services/haproxy/configuration/${parentType}s/${enc(parent)}/${kind}`, {}, false)
      : new IndexedConfigResource<T>(this, `/services/haproxy/configuration/${kind}`, { parent_name: parent, parent_type: parentType }, true);
  }

  /** @internal used by resources */
  readConfig<T>(path: string, query?: HttpRequest['query']): Promise<T> {
    return this.read<T>(path, query);
  }

  // ---- runtime --------------------------------------------------------------------------

  async listRuntimeServers(backend: string): Promise<RuntimeServer[]> {
    return (await this.call<RuntimeServer[]>({ method: 'GET', ...this.runtimeServerPath(backend), expect: [200] })).data;
  }

  async getRuntimeServer(backend: string, name: string): Promise<RuntimeServer> {
    return (await this.call<RuntimeServer>({ method: 'GET', ...this.runtimeServerPath(backend, name), expect: [200] })).data;
  }

  /** Changes admin/operational state, weight (v3 only), address or port, without a reload. */
  async updateRuntimeServer(backend: string, name: string, change: RuntimeServerChange): Promise<RuntimeServer> {
    if (this.api === 'v2' && change.weight !== undefined && change.weight !== null) {
      throw new DataPlaneError('the v2 Data Plane API cannot change a server weight at runtime (runtime_server has no weight)', {
        kind: 'bad-request',
        method: 'PUT',
        url: `/v2/services/haproxy/runtime/servers/${name}`,
      });
    }
    const body = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    return (await this.call<RuntimeServer>({ method: 'PUT', ...this.runtimeServerPath(backend, name), body, expect: [200] })).data;
  }

  /** Adds a dynamic server (v3). */
  async addRuntimeServer(backend: string, server: RuntimeAddServer): Promise<RuntimeAddServer> {
    this.requireV3('adding runtime servers');
    return (await this.call<RuntimeAddServer>({ method: 'POST', ...this.runtimeServerPath(backend), body: server, expect: [201] })).data;
  }

  /** Deletes a dynamic server (v3); HAProxy requires it to be in maintenance first. */
  async deleteRuntimeServer(backend: string, name: string): Promise<void> {
    this.requireV3('deleting runtime servers');
    await this.call({ method: 'DELETE', ...this.runtimeServerPath(backend, name), expect: [204] });
  }

  private runtimeServerPath(backend: string, name?: string): Pick<HttpRequest, 'path' | 'query'> {
    const suffix = name === undefined ? '' : `/${enc(name)}`;
    return this.api === 'v3'
      ? { path: `/services/haproxy/runtime/backends/${enc(backend)}/servers${suffix}` }
      : { path: `/services/haproxy/runtime/servers${suffix}`, query: { backend } };
  }

  /** Native stats as a flat list (v2's per-process arrays are concatenated). */
  async nativeStats(filter: StatsFilter = {}): Promise<NativeStat[]> {
    const query = { type: filter.type, name: filter.name, parent: filter.parent };
    const { data } = await this.call<{ stats?: NativeStat[]; error?: string } | V2NativeStats>({ method: 'GET', path: '/services/haproxy/stats/native', query, expect: [200] });
    const collections = Array.isArray(data) ? data : [data];
    const failed = collections.find((c) => c.error);
    if (failed && collections.every((c) => !c.stats?.length)) {
      throw new DataPlaneError(`native stats: ${failed.error}`, { kind: 'server', method: 'GET', url: `/${this.api}/services/haproxy/stats/native`, apiMessage: failed.error });
    }
    return collections.flatMap((c) => (c.stats ?? []) as NativeStat[]);
  }

  /** HAProxy process info (`show info`) through the API. */
  async processInfo(): Promise<ProcessInfo> {
    const { data } = await this.call<ProcessInfo | V2ProcessInfos>({ method: 'GET', path: '/services/haproxy/runtime/info', expect: [200] });
    return Array.isArray(data) ? ((data[0] ?? {}) as ProcessInfo) : data;
  }

  private requireV3(what: string): void {
    if (this.api !== 'v3') throw new DataPlaneError(`${what} needs the v3 Data Plane API; this server speaks ${this.api}`, { kind: 'bad-request', method: '-', url: `/${this.api}` });
  }
}

/** GET /v3/info, then /v2/info: the first that answers 200 names the API. */
async function detectApiVersion(transport: HttpTransport): Promise<ApiVersion> {
  for (const api of ['v3', 'v2'] as const) {
    const path = `/${api}/info`;
    const response = await transport.request({ method: 'GET', path });
    if (response.status === 200) return api;
    if (response.status !== 404) throw errorFromResponse('GET', path, response);
  }
  throw new DataPlaneError('neither /v3/info nor /v2/info exists: is this a Data Plane API?', { kind: 'not-found', method: 'GET', url: '/v3/info', status: 404 });
}

function errorFromResponse(method: string, url: string, response: HttpResponse): DataPlaneError {
  let code: number | undefined;
  let message = response.text.trim();
  if (isJson(response)) {
    try {
      const parsed = JSON.parse(response.text) as { code?: number | null; message?: string | null };
      code = parsed.code ?? undefined;
      message = parsed.message ?? message;
    } catch {
      // keep the text
    }
  }
  return httpError(method, url, response.status, code, message);
}

function parseBody<T>(method: string, url: string, response: HttpResponse): T {
  if (response.status === 204 || response.text === '') return undefined as T;
  if (!isJson(response)) return response.text as T;
  try {
    return JSON.parse(response.text) as T;
  } catch (error) {
    throw new DataPlaneError(`${method} ${url}: invalid JSON in the answer`, { kind: 'protocol', method, url, status: response.status, cause: error });
  }
}

function isJson(response: HttpResponse): boolean {
  return /\bjson\b/i.test(String(response.headers['content-type'] ?? ''));
}

function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function versionFromText(text: string): number {
  const match = /^# _version\s*=\s*(\d+)/.exec(text);
  return match ? Number(match[1]) : NaN;
}

const enc = encodeURIComponent;
