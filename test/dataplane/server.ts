// A Data Plane API test server in front of a real HAProxy (from test/harness/haproxy.ts).
// Every request is routed and validated by openapi-backend against the copied spec (v3.4
// OpenAPI 3, or v2.9 converted from Swagger 2), and every response it sends is validated too;
// violations are recorded in `violations` (tests assert none). It stores the configuration as
// haproxy.cfg text, checks writes with the real `haproxy -c`, reloads the real HAProxy through
// its master socket, and serves runtime endpoints from the real admin socket.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ValidationContext, type OpenAPIBackend, type Operation } from 'openapi-backend';
import type { HaproxyInstance } from '../harness/haproxy';
import { ConfigText, type Section } from './configText';
import {
  InvalidObject,
  UnsupportedField,
  aclFromWords,
  aclLine,
  applyProxy,
  bindFromWords,
  bindLine,
  httpRequestRuleFromWords,
  httpRequestRuleLine,
  proxyFromSection,
  serverArguments,
  serverFromWords,
  serverLine,
} from './objects';
import * as runtime from './runtime';
import { specBackend, type ApiVersion } from './spec';
import { ApiFailure, ConfigStore } from './store';

type Obj = Record<string, unknown>;

export interface DataPlaneTestServerOptions {
  haproxy: HaproxyInstance;
  api?: ApiVersion;
  /** user → password (default `{ admin: 'adminpwd' }`). */
  users?: Record<string, string>;
  maxOpenTransactions?: number;
  reloadDelayMs?: number;
  /** Serve HTTPS with this key/cert (PEM). */
  tls?: { key: string; cert: string };
  haproxyBinary?: string;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A string body sent as JSON (v2's raw config answers are `application/json` strings). */
  json?: boolean;
}

interface Context {
  api: ApiVersion;
  method: string;
  /** Path template below the API root, e.g. `/services/haproxy/configuration/backends/{name}`. */
  template: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

type ChildKind = 'server' | 'bind' | 'acl' | 'http_request_rule';
type ProxyKind = 'frontend' | 'backend' | 'defaults';

interface ChildSpec {
  keyword: string;
  fromWords(words: string[]): Obj;
  toLine(object: Obj): string;
  /** Children keyed by name (servers, binds) rather than position. */
  named: boolean;
}

const childSpecs: Record<ChildKind, ChildSpec> = {
  server: { keyword: 'server', fromWords: serverFromWords, toLine: serverLine, named: true },
  bind: { keyword: 'bind', fromWords: bindFromWords, toLine: bindLine, named: true },
  acl: { keyword: 'acl', fromWords: aclFromWords, toLine: aclLine, named: false },
  http_request_rule: { keyword: 'http-request', fromWords: httpRequestRuleFromWords, toLine: httpRequestRuleLine, named: false },
};

const collectionKinds: Record<string, ChildKind | ProxyKind> = {
  frontends: 'frontend',
  backends: 'backend',
  defaults: 'defaults',
  servers: 'server',
  binds: 'bind',
  acls: 'acl',
  http_request_rules: 'http_request_rule',
};

const configRoute =
  /^\/services\/haproxy\/configuration\/(?:(frontends|backends)\/\{parent_name\}\/)?(frontends|backends|defaults|servers|binds|acls|http_request_rules)(?:\/\{(name|index)\})?$/;

export class DataPlaneTestServer {
  /** Spec violations seen in requests or responses: must stay empty. */
  readonly violations: string[] = [];
  /** Requests to paths the spec does not have (answered 404 unvalidated), as `METHOD path`. */
  readonly unmatched: string[] = [];
  /** Requests answered, by `METHOD template`. */
  readonly handled = new Map<string, number>();
  private constructor(
    private readonly server: http.Server | https.Server,
    private readonly spec: OpenAPIBackend,
    readonly store: ConfigStore,
    private readonly options: Required<Omit<DataPlaneTestServerOptions, 'tls'>> & Pick<DataPlaneTestServerOptions, 'tls'>,
    readonly url: string,
  ) {}

  static async start(options: DataPlaneTestServerOptions): Promise<DataPlaneTestServer> {
    const full = {
      api: 'v3' as ApiVersion,
      users: { admin: 'adminpwd' },
      maxOpenTransactions: 20,
      reloadDelayMs: 100,
      haproxyBinary: process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy',
      ...options,
    };
    const spec = await specBackend(full.api);
    const store = new ConfigStore(full.haproxy, full, readFileSync(full.haproxy.configPath, 'utf8'));
    let instance: DataPlaneTestServer | undefined;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void instance?.handle(req, res);
    const server = full.tls ? https.createServer({ key: full.tls.key, cert: full.tls.cert }, handler) : http.createServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    instance = new DataPlaneTestServer(server, spec, store, full, `${full.tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    return instance;
  }

  get api(): ApiVersion {
    return this.options.api;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.store.drain();
  }

  // ---- HTTP, auth, validation -----------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const contentType = String(req.headers['content-type'] ?? '');
    const request = {
      method: String(req.method).toLowerCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers as Record<string, string>,
      body: rawBody === '' ? undefined : (rawBody as unknown),
    };
    const operation = this.spec.router.matchOperation(request);
    if (!operation) {
      this.unmatched.push(`${req.method} ${url.pathname}`);
      return this.send(res, undefined, { status: 404, body: { code: 404, message: `no route ${req.method} ${url.pathname}` } });
    }
    if (rawBody && contentType.includes('json')) {
      try {
        request.body = JSON.parse(rawBody);
      } catch {
        return this.send(res, operation, { status: 400, body: { code: 400, message: 'request body is not valid JSON' } });
      }
    }
    if (!this.authorized(req.headers.authorization)) {
      return this.send(res, operation, { status: 401, body: { code: 401, message: 'unauthorized' }, headers: { 'www-authenticate': 'Basic realm="API"' } });
    }
    const validation = this.spec.validator.validateRequest(request, operation);
    if (!validation.valid) {
      const detail = JSON.stringify(validation.errors);
      this.violations.push(`request ${req.method} ${url.pathname}${url.search}: ${detail}`);
      return this.send(res, operation, { status: 400, body: { code: 400, message: `request does not match the spec: ${detail}` } });
    }
    const template = operation.path;
    const key = `${req.method} ${template}`;
    this.handled.set(key, (this.handled.get(key) ?? 0) + 1);
    const params = this.spec.router.parseRequest(request, operation).params as Record<string, string>;
    const context: Context = { api: this.options.api, method: String(req.method), template, params, query: url.searchParams, body: request.body };
    let reply: Reply;
    try {
      reply = await this.route(context);
    } catch (error) {
      reply = failureReply(error);
    }
    reply.headers = { 'configuration-version': String(this.store.version), ...reply.headers };
    this.send(res, operation, reply);
  }

  private authorized(header: string | undefined): boolean {
    const match = /^Basic (.+)$/.exec(header ?? '');
    if (!match) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    return colon > 0 && Object.hasOwn(this.options.users, user) && this.options.users[user] === decoded.slice(colon + 1);
  }

  /** Validates the answer against the operation's declared response, then sends it. */
  private send(res: http.ServerResponse, operation: Operation | undefined, reply: Reply): void {
    const isText = typeof reply.body === 'string' && !reply.json;
    if (operation) this.validateResponse(operation, reply, isText ? 'text/plain' : 'application/json');
    const headers: Record<string, string> = { ...reply.headers };
    let payload = '';
    if (reply.body !== undefined && reply.status !== 204) {
      payload = isText ? String(reply.body) : JSON.stringify(reply.body);
      headers['content-type'] = isText ? 'text/plain' : 'application/json';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  /**
   * openapi-backend validates JSON bodies only (it falls back to `default` for a text/plain
   * status), so text bodies and empty bodies are checked here against the declared response.
   */
  private validateResponse(operation: Operation, reply: Reply, contentType: string): void {
    const where = `response ${reply.status} to ${operation.method.toUpperCase()} ${operation.path}`;
    const exact = operation.responses?.[String(reply.status)];
    const declared = exact ?? operation.responses?.default;
    if (!declared) return void this.violations.push(`${where}: status not declared`);
    if (reply.status < 300 && !exact) this.violations.push(`${where}: success status not declared by the spec`);
    const content = (this.resolveResponse(declared) as { content?: Record<string, { schema?: object }> }).content;
    const hasBody = reply.body !== undefined && reply.status !== 204;
    if (!hasBody) {
      if (content && reply.status !== 204) this.violations.push(`${where}: the spec declares a body (${Object.keys(content).join(', ')}), none sent`);
    } else if (!content || !Object.hasOwn(content, contentType)) {
      this.violations.push(`${where}: content type ${contentType} not declared (${Object.keys(content ?? {}).join(', ') || 'no body'})`);
    } else if (contentType === 'application/json') {
      const result = this.spec.validator.validateResponse(reply.body, operation, reply.status);
      if (!result.valid) this.violations.push(`${where}: ${JSON.stringify(result.errors)}`);
    } else {
      const schema = content[contentType].schema ?? {};
      const validate = this.spec.validator.getAjv(ValidationContext.Response).compile(schema);
      if (!validate(reply.body)) this.violations.push(`${where}: ${JSON.stringify(validate.errors)}`);
    }
    const headers = this.spec.validator.validateResponseHeaders(reply.headers ?? {}, operation, { statusCode: reply.status });
    if (!headers.valid) this.violations.push(`${where} headers: ${JSON.stringify(headers.errors)}`);
  }

  private resolveResponse(response: unknown): unknown {
    const ref = (response as { $ref?: string }).$ref;
    if (!ref) return response;
    return ref.split('/').slice(1).reduce<unknown>((node, part) => (node as Obj)[part], this.spec.definition);
  }

  // ---- routing ------------------------------------------------------------------------

  private async route(c: Context): Promise<Reply> {
    const t = c.template;
    if (t === '/info') return { status: 200, body: { api: { version: c.api === 'v3' ? '3.4-test' : '2.9-test', build_date: '2026-01-01T00:00:00Z' }, system: {} } };
    if (t === '/health') return { status: 200, body: { haproxy: 'up' } };
    if (t === '/services/haproxy/configuration/version') return { status: 200, body: this.store.version };
    if (t.startsWith('/services/haproxy/transactions')) return this.transactions(c);
    if (t.startsWith('/services/haproxy/reloads')) return this.reloads(c);
    if (t === '/services/haproxy/configuration/raw') return c.method === 'GET' ? this.getRaw(c) : this.postRaw(c);
    if (t.startsWith('/services/haproxy/runtime/') || t === '/services/haproxy/stats/native') return this.runtime(c);
    const match = configRoute.exec(t);
    if (match) return this.configuration(c, match);
    throw new ApiFailure(501, `the test server does not implement ${c.method} ${t}`);
  }

  private transactions(c: Context): Reply | Promise<Reply> {
    const id = c.params.id;
    if (id === undefined && c.method === 'GET') {
      const status = c.query.get('status');
      const list = [...this.store.transactions.values()].filter((t) => !status || t.status === status).map(transactionBody);
      return { status: 200, body: list };
    }
    if (id === undefined) return { status: 201, body: transactionBody(this.store.startTransaction(Number(c.query.get('version')))) };
    if (c.method === 'GET') return { status: 200, body: transactionBody(this.store.transaction(id)) };
    if (c.method === 'DELETE') {
      this.store.deleteTransaction(id);
      return { status: 204 };
    }
    return this.commit(id, c.query.get('force_reload') === 'true');
  }

  private async commit(id: string, forceReload: boolean): Promise<Reply> {
    const result = await this.store.commit(id, forceReload);
    const body = transactionBody(result.transaction);
    return result.reloadId ? { status: 202, body, headers: { 'reload-id': result.reloadId } } : { status: 200, body };
  }

  private reloads(c: Context): Reply {
    const id = c.params.id;
    if (id === undefined) return { status: 200, body: [...this.store.reloads.values()] };
    const reload = this.store.reloads.get(id);
    if (!reload) throw new ApiFailure(404, `reload ${id} not found`);
    return { status: 200, body: reload };
  }

  // ---- raw configuration ----------------------------------------------------------------

  private getRaw(c: Context): Reply {
    const transactionId = c.query.get('transaction_id');
    const version = c.query.get('version');
    if (transactionId && version) throw new ApiFailure(400, 'transaction_id and version cannot be used together');
    if (version) this.store.requireVersion(Number(version));
    const config = transactionId ? this.store.transaction(transactionId).config : this.store.snapshot();
    const text = config.toString();
    const headers = { 'configuration-version': String(config.version), 'configuration-checksum': createHash('md5').update(text).digest('hex') };
    return { status: 200, body: c.api === 'v3' ? text : { _version: config.version, data: text }, headers };
  }

  private async postRaw(c: Context): Promise<Reply> {
    const text = typeof c.body === 'string' ? c.body : '';
    if (text.trim() === '') throw new ApiFailure(400, 'empty configuration');
    const candidate = new ConfigText(text);
    const flag = (name: string) => c.query.get(name) === 'true';
    const plain = (failure: () => Promise<unknown>) => failure().catch(asPlainText(c.api));
    if (flag('only_validate')) {
      await plain(() => this.store.check(candidate.toString()));
      return { status: 202, body: c.api === 'v3' ? text : 'configuration is valid', json: c.api === 'v2' };
    }
    if (!flag('skip_version')) {
      const given = c.query.get('version') ?? (/^# _version\s*=/.test(text) ? String(candidate.version) : undefined);
      if (given === undefined) throw new ApiFailure(400, 'version or skip_version is required');
      this.store.requireVersion(Number(given));
    }
    let result: Awaited<ReturnType<ConfigStore['apply']>> | undefined;
    await plain(async () => (result = await this.store.apply(candidate, flag('force_reload'), flag('skip_reload'))));
    const applied = this.store.snapshot().toString();
    const headers: Record<string, string> = { 'configuration-version': String(result?.version), 'configuration-checksum': createHash('md5').update(applied).digest('hex') };
    const json = c.api === 'v2'; // v2 `produces: application/json` for this operation
    if (result?.reloadId) return { status: 202, body: applied, headers: { ...headers, 'reload-id': result.reloadId }, json };
    return { status: 201, body: applied, headers, json };
  }

  // ---- structured configuration ---------------------------------------------------------

  private async configuration(c: Context, match: RegExpExecArray): Promise<Reply> {
    const [, parentCollection, collection, keyName] = match;
    const kind = collectionKinds[collection];
    const key = keyName ? c.params[keyName] : undefined;
    if (kind === 'frontend' || kind === 'backend' || kind === 'defaults') return this.proxy(c, kind, key);
    const parent = this.parentOf(c, kind, parentCollection);
    return this.child(c, kind, parent, key);
  }

  /** v3 nests children under their parent; v2 names it in the query. */
  private parentOf(c: Context, kind: ChildKind, parentCollection: string | undefined): { type: string; name: string } {
    if (parentCollection) return { type: collectionKinds[parentCollection], name: c.params.parent_name };
    const byKind = kind === 'server' ? c.query.get('backend') : kind === 'bind' ? c.query.get('frontend') : null;
    const name = byKind ?? c.query.get('parent_name');
    const type = byKind ? (kind === 'server' ? 'backend' : 'frontend') : c.query.get('parent_type');
    if (!name || !type) throw new ApiFailure(400, `the parent of ${kind} is missing: give ${kind === 'server' ? 'backend' : kind === 'bind' ? 'frontend' : 'parent_name and parent_type'}`);
    return { type, name };
  }

  /** Reads from the running config or a transaction; v2 wraps GETs in `{_version, data}`. */
  private read(c: Context, produce: (config: ConfigText) => unknown): Reply {
    const transactionId = c.query.get('transaction_id');
    const config = transactionId ? this.store.transaction(transactionId).config : this.store.snapshot();
    const data = produce(config);
    return { status: 200, body: c.api === 'v3' ? data : { _version: config.version, data } };
  }

  /** Applies an edit in a transaction, or directly against `?version=`, with the API's rules. */
  private async write(c: Context, successStatus: number, edit: (config: ConfigText) => unknown): Promise<Reply> {
    const transactionId = c.query.get('transaction_id');
    const version = c.query.get('version');
    const forceReload = c.query.get('force_reload') === 'true';
    if (transactionId && version) throw new ApiFailure(400, 'transaction_id and version cannot be used together');
    if (!transactionId && !version) throw new ApiFailure(400, 'either transaction_id or version is required');
    if (transactionId && forceReload) throw new ApiFailure(400, 'force_reload cannot be used with transaction_id');
    if (transactionId) {
      const transaction = this.store.openTransaction(transactionId);
      const staged = transaction.config.clone();
      const body = edit(staged);
      transaction.config = staged;
      return { status: 202, body };
    }
    this.store.requireVersion(Number(version));
    const candidate = this.store.snapshot();
    const body = edit(candidate);
    const result = await this.store.apply(candidate, forceReload);
    if (result.reloadId) return { status: 202, body, headers: { 'reload-id': result.reloadId } };
    return { status: successStatus, body: successStatus === 204 ? undefined : body };
  }

  private proxy(c: Context, type: ProxyKind, name: string | undefined): Reply | Promise<Reply> {
    const find = (config: ConfigText, sectionName: string): Section => {
      const section = config.section(type, sectionName);
      if (!section) throw new ApiFailure(404, `${type} ${sectionName} not found`);
      return section;
    };
    if (c.method === 'GET') {
      return this.read(c, (config) => (name === undefined ? config.sections(type).map((s) => proxyFromSection(config, s)) : proxyFromSection(config, find(config, name))));
    }
    const object = c.body as Obj;
    if (c.method === 'POST' || (c.method === 'PUT' && name === undefined)) {
      return this.write(c, 201, (config) => {
        if (config.section(type, String(object.name))) throw new ApiFailure(409, `${type} ${String(object.name)} already exists`);
        config.addSection(type, String(object.name), []);
        applyProxy(config, type, String(object.name), object);
        return object;
      });
    }
    const key = name as string;
    if (c.method === 'PUT') {
      return this.write(c, 200, (config) => {
        find(config, key);
        if (object.name !== key) throw new ApiFailure(400, `renaming ${type} ${key} to ${String(object.name)} is not supported by the test server`);
        applyProxy(config, type, key, object);
        return object;
      });
    }
    return this.write(c, 204, (config) => void config.removeSection(find(config, key)));
  }

  private child(c: Context, kind: ChildKind, parent: { type: string; name: string }, key: string | undefined): Reply | Promise<Reply> {
    const spec = childSpecs[kind];
    const section = (config: ConfigText): Section => {
      const found = config.section(parent.type, parent.name);
      if (!found) throw new ApiFailure(404, `${parent.type} ${parent.name} not found`);
      return found;
    };
    const items = (config: ConfigText) => config.directives(section(config), spec.keyword).map((d) => ({ line: d.line, object: spec.fromWords(d.words) }));
    const findItem = (config: ConfigText, itemKey: string) => {
      const list = items(config);
      const found = spec.named ? list.find((i) => i.object.name === itemKey) : list[Number(itemKey)];
      if (!found) throw new ApiFailure(404, `${kind} ${itemKey} not found in ${parent.type} ${parent.name}`);
      return found;
    };
    const withIndex = (object: Obj, index: number) => (c.api === 'v2' && !spec.named ? { ...object, index } : object);
    if (c.method === 'GET') {
      return this.read(c, (config) => (key === undefined ? items(config).map((i, index) => withIndex(i.object, index)) : withIndex(findItem(config, key).object, Number(key))));
    }
    const object = { ...(c.body as Obj) };
    const v2Index = object.index;
    delete object.index;
    if (c.method === 'POST') {
      return this.write(c, 201, (config) => {
        const list = items(config);
        const line = spec.toLine(object);
        if (spec.named) {
          if (list.some((i) => i.object.name === object.name)) throw new ApiFailure(409, `${kind} ${String(object.name)} already exists in ${parent.type} ${parent.name}`);
          config.insertDirective(section(config), line, list[list.length - 1]?.line);
        } else {
          const index = Number(key ?? v2Index ?? list.length);
          if (index > list.length) throw new ApiFailure(400, `index ${index} is past the end (${list.length} ${kind}s)`);
          const before = list[index];
          config.insertDirective(section(config), line, before ? before.line - 1 : list[list.length - 1]?.line);
        }
        return c.body;
      });
    }
    const itemKey = key as string;
    if (c.method === 'PUT') {
      return this.write(c, 200, (config) => {
        const item = findItem(config, itemKey);
        config.replaceLine(item.line, spec.toLine(spec.named ? { ...object, name: itemKey } : object));
        return c.body;
      });
    }
    return this.write(c, 204, (config) => void config.removeLine(findItem(config, itemKey).line));
  }

  // ---- runtime ------------------------------------------------------------------------

  private async runtime(c: Context): Promise<Reply> {
    const socket = this.options.haproxy.adminSocket;
    const t = c.template;
    if (t === '/services/haproxy/stats/native') {
      const filter = { type: c.query.get('type') ?? undefined, name: c.query.get('name') ?? undefined, parent: c.query.get('parent') ?? undefined };
      const stats = await runtime.nativeStats(socket, this.fieldKinds('native_stat_stats'), filter);
      const collection = { runtimeAPI: socket, stats };
      return { status: 200, body: c.api === 'v3' ? collection : [collection] };
    }
    if (t === '/services/haproxy/runtime/info') {
      const item = { runtimeAPI: socket, info: await runtime.processInfo(socket, this.fieldKinds('process_info_item')) };
      return { status: 200, body: c.api === 'v3' ? item : [item] };
    }
    const backend = c.params.parent_name ?? c.query.get('backend');
    if (!backend) throw new ApiFailure(400, 'backend is required');
    const name = c.params.name;
    const shape = (server: Obj): Obj => (c.api === 'v3' ? server : pick(server, ['address', 'admin_state', 'id', 'name', 'operational_state', 'port']));
    if (c.method === 'GET' && name === undefined) return { status: 200, body: (await runtime.runtimeServers(socket, backend)).map(shape) };
    if (c.method === 'GET') return { status: 200, body: shape(await runtime.runtimeServer(socket, backend, name)) };
    if (c.method === 'PUT') return { status: 200, body: shape(await runtime.updateRuntimeServer(socket, backend, name, c.body as Obj)) };
    if (c.method === 'POST') {
      const server = c.body as Obj;
      await runtime.addRuntimeServer(socket, backend, server, serverArguments(server));
      return { status: 201, body: server };
    }
    await runtime.deleteRuntimeServer(socket, backend, name);
    return { status: 204 };
  }

  /** Field kinds of a schema in the spec (so stats carry only the fields the spec has). */
  private fieldKinds(schemaName: string): runtime.StatsSchema {
    const definition = this.spec.definition as unknown as { components: { schemas: Record<string, { properties?: Record<string, { type?: string; enum?: string[] }> }> } };
    const properties = definition.components.schemas[schemaName]?.properties ?? {};
    const fields = new Map<string, 'integer' | 'string' | string[]>();
    for (const [field, schema] of Object.entries(properties)) {
      if (schema.enum) fields.set(field, schema.enum);
      else if (schema.type === 'integer') fields.set(field, 'integer');
      else if (schema.type === 'string') fields.set(field, 'string');
    }
    return { fields };
  }
}

function transactionBody(t: { id: string; _version: number; status: string }): Obj {
  return { _version: t._version, id: t.id, status: t.status };
}

function pick(object: Obj, fields: string[]): Obj {
  return Object.fromEntries(fields.filter((f) => object[f] !== undefined).map((f) => [f, object[f]]));
}

/** v3 answers raw-config 400s in text/plain; v2 as the usual JSON error. */
function asPlainText(api: ApiVersion) {
  return (error: unknown): never => {
    if (error instanceof ApiFailure && error.status === 400 && api === 'v3') throw new ApiFailure(400, error.message, true);
    if (error instanceof ApiFailure) throw new ApiFailure(error.status, error.message, false);
    throw error;
  };
}

function failureReply(error: unknown): Reply {
  if (error instanceof ApiFailure) {
    return error.plainText ? { status: error.status, body: error.message } : { status: error.status, body: { code: error.status, message: error.message } };
  }
  if (error instanceof UnsupportedField) return { status: 501, body: { code: 501, message: error.message } };
  if (error instanceof InvalidObject) return { status: 400, body: { code: 400, message: error.message } };
  return { status: 500, body: { code: 500, message: (error as Error).message } };
}
