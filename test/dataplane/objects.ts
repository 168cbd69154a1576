// Converts between Data Plane API objects (spec field names) and haproxy.cfg lines, for the
// subset of fields the test server supports. A field it cannot write is refused with
// UnsupportedField (answered 501) instead of being silently dropped.
import { words, type ConfigText, type Section } from './configText';

export class UnsupportedField extends Error {}
export class InvalidObject extends Error {}

type Obj = Record<string, unknown>;
type ParamKind = 'flag' | 'value' | 'int' | 'time';
interface Param {
  field: string;
  keyword: string;
  kind: ParamKind;
}

const serverParams: Param[] = [
  { field: 'check', keyword: 'check', kind: 'flag' },
  { field: 'backup', keyword: 'backup', kind: 'flag' },
  { field: 'maintenance', keyword: 'disabled', kind: 'flag' },
  { field: 'ssl', keyword: 'ssl', kind: 'flag' },
  { field: 'send-proxy', keyword: 'send-proxy', kind: 'flag' },
  { field: 'weight', keyword: 'weight', kind: 'int' },
  { field: 'maxconn', keyword: 'maxconn', kind: 'int' },
  { field: 'maxqueue', keyword: 'maxqueue', kind: 'int' },
  { field: 'minconn', keyword: 'minconn', kind: 'int' },
  { field: 'rise', keyword: 'rise', kind: 'int' },
  { field: 'fall', keyword: 'fall', kind: 'int' },
  { field: 'inter', keyword: 'inter', kind: 'time' },
  { field: 'fastinter', keyword: 'fastinter', kind: 'time' },
  { field: 'downinter', keyword: 'downinter', kind: 'time' },
  { field: 'slowstart', keyword: 'slowstart', kind: 'time' },
  { field: 'verify', keyword: 'verify', kind: 'value' },
  { field: 'sni', keyword: 'sni', kind: 'value' },
  { field: 'alpn', keyword: 'alpn', kind: 'value' },
  { field: 'cookie', keyword: 'cookie', kind: 'value' },
  { field: 'ssl_cafile', keyword: 'ca-file', kind: 'value' },
  { field: 'ssl_certificate', keyword: 'crt', kind: 'value' },
  { field: 'health_check_port', keyword: 'port', kind: 'int' },
  { field: 'health_check_address', keyword: 'addr', kind: 'value' },
  { field: 'init-addr', keyword: 'init-addr', kind: 'value' },
  { field: 'resolvers', keyword: 'resolvers', kind: 'value' },
  { field: 'track', keyword: 'track', kind: 'value' },
];

const bindParams: Param[] = [
  { field: 'ssl', keyword: 'ssl', kind: 'flag' },
  { field: 'accept_proxy', keyword: 'accept-proxy', kind: 'flag' },
  { field: 'v4v6', keyword: 'v4v6', kind: 'flag' },
  { field: 'ssl_certificate', keyword: 'crt', kind: 'value' },
  { field: 'alpn', keyword: 'alpn', kind: 'value' },
];

/** HAProxy time (`2s`, `500ms`, `1m`, bare = ms) → ms. */
function parseTime(text: string): number {
  const match = /^(\d+)(us|ms|s|m|h|d)?$/.exec(text);
  if (!match) return NaN;
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  return Math.round(Number(match[1]) * factor);
}

/** `addr:port`, `[v6]:port`, `addr` → parts. */
export function splitAddress(text: string): { address: string; port?: number } {
  const match = /^(.*):(\d+)$/.exec(text);
  if (!match) return { address: text };
  return { address: match[1].replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
}

function joinAddress(address: string, port: unknown): string {
  const host = address.includes(':') && !address.startsWith('[') && !address.includes('@') ? `[${address}]` : address;
  return port === undefined || port === null ? host : `${host}:${port}`;
}

/** Flags read as `'enabled'` (server fields are enums) or `true` (bind fields are booleans). */
function readParams(params: Param[], tokens: string[], into: Obj, flagValue: 'enabled' | true): void {
  for (let i = 0; i < tokens.length; i++) {
    const param = params.find((p) => p.keyword === tokens[i]);
    if (!param) continue; // keywords the test server does not model are left out of the object
    if (param.kind === 'flag') {
      into[param.field] = flagValue;
      continue;
    }
    const value = tokens[++i];
    if (value === undefined) continue;
    into[param.field] = param.kind === 'int' ? Number(value) : param.kind === 'time' ? parseTime(value) : value;
  }
}

function writeParams(params: Param[], object: Obj, identity: string[]): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(object)) {
    if (identity.includes(field) || value === undefined || value === null) continue;
    const param = params.find((p) => p.field === field);
    if (!param) throw new UnsupportedField(`the test server cannot write field '${field}'`);
    if (param.kind === 'flag') {
      if (value === 'enabled' || value === true) out.push(param.keyword);
    } else {
      out.push(param.keyword, String(value));
    }
  }
  return out;
}

// ---- servers ----------------------------------------------------------------------------

export function serverFromWords(w: string[]): Obj {
  const [, name, addressText = ''] = w;
  const { address, port } = splitAddress(addressText);
  const server: Obj = { name, address };
  if (port !== undefined) server.port = port;
  readParams(serverParams, w.slice(3), server, 'enabled');
  return server;
}

/** `ADDR:PORT params...`: what follows the name on a `server` line (and on `add server`). */
export function serverArguments(server: Obj): string {
  const address = joinAddress(String(server.address), server.port);
  return [address, ...writeParams(serverParams, server, ['name', 'address', 'port', 'id', 'metadata'])].join(' ');
}

export function serverLine(server: Obj): string {
  return `server ${String(server.name)} ${serverArguments(server)}`;
}

// ---- binds ------------------------------------------------------------------------------

export function bindFromWords(w: string[]): Obj {
  const { address, port } = splitAddress(w[1] ?? '');
  const nameAt = w.indexOf('name');
  const bind: Obj = { name: nameAt > 0 ? w[nameAt + 1] : w[1], address };
  if (port !== undefined) bind.port = port;
  readParams(bindParams, w.slice(2), bind, true);
  return bind;
}

export function bindLine(bind: Obj): string {
  const address = joinAddress(String(bind.address ?? '*'), bind.port);
  const name = String(bind.name);
  const nameWords = name === address ? [] : ['name', name];
  return ['bind', address, ...nameWords, ...writeParams(bindParams, bind, ['name', 'address', 'port', 'metadata'])].join(' ');
}

// ---- ACLs -------------------------------------------------------------------------------

export function aclFromWords(w: string[]): Obj {
  const acl: Obj = { acl_name: w[1], criterion: w[2] ?? '' };
  if (w.length > 3) acl.value = w.slice(3).join(' ');
  return acl;
}

export function aclLine(acl: Obj): string {
  for (const field of Object.keys(acl)) if (!['acl_name', 'criterion', 'value', 'metadata'].includes(field)) throw new UnsupportedField(`the test server cannot write acl field '${field}'`);
  return ['acl', acl.acl_name, acl.criterion, acl.value].filter((x) => x !== undefined && x !== '').join(' ');
}

// ---- http-request rules -----------------------------------------------------------------

export function httpRequestRuleFromWords(w: string[]): Obj {
  const condAt = w.findIndex((x) => x === 'if' || x === 'unless');
  const action = condAt < 0 ? w.slice(1) : w.slice(1, condAt);
  const rule: Obj = { type: action[0] };
  const args = action.slice(1);
  if (rule.type === 'deny' && args[0] === 'deny_status') rule.deny_status = Number(args[1]);
  if (['set-header', 'add-header', 'del-header'].includes(String(rule.type))) {
    rule.hdr_name = args[0];
    if (args.length > 1) rule.hdr_format = args.slice(1).join(' ');
  }
  if (condAt >= 0) {
    rule.cond = w[condAt];
    rule.cond_test = w.slice(condAt + 1).join(' ');
  }
  return rule;
}

export function httpRequestRuleLine(rule: Obj): string {
  const type = String(rule.type);
  const parts = ['http-request', type];
  const allowed = ['type', 'cond', 'cond_test', 'metadata'];
  if (type === 'deny') {
    allowed.push('deny_status');
    if (rule.deny_status !== undefined && rule.deny_status !== null) parts.push('deny_status', String(rule.deny_status));
  } else if (['set-header', 'add-header', 'del-header'].includes(type)) {
    allowed.push('hdr_name', 'hdr_format');
    if (!rule.hdr_name) throw new InvalidObject(`${type} needs hdr_name`);
    parts.push(String(rule.hdr_name));
    if (type !== 'del-header') parts.push(String(rule.hdr_format ?? ''));
  } else if (type !== 'allow') {
    throw new UnsupportedField(`the test server cannot write http-request type '${type}'`);
  }
  for (const field of Object.keys(rule)) if (!allowed.includes(field)) throw new UnsupportedField(`the test server cannot write http_request_rule field '${field}'`);
  if (rule.cond) parts.push(String(rule.cond), String(rule.cond_test ?? ''));
  return parts.join(' ');
}

// ---- proxies (frontend, backend, defaults) ----------------------------------------------

/** The section's own settings the test server models: name, mode, balance, default_backend. */
export function proxyFromSection(config: ConfigText, section: Section): Obj {
  const proxy: Obj = { name: section.name };
  for (const { words: w } of config.directives(section)) {
    if (w[0] === 'mode') proxy.mode = w[1];
    if (w[0] === 'balance' && section.type === 'backend') proxy.balance = { algorithm: w[1] };
    if (w[0] === 'default_backend' && section.type === 'frontend') proxy.default_backend = w[1];
  }
  return proxy;
}

const proxyFields: Record<string, string[]> = {
  frontend: ['name', 'mode', 'default_backend'],
  backend: ['name', 'mode', 'balance'],
  defaults: ['name', 'mode'],
};

/** Directive lines for a proxy object (children such as servers are kept separately). */
export function proxyDirectives(type: string, proxy: Obj): Map<string, string | undefined> {
  for (const field of Object.keys(proxy)) if (!proxyFields[type].includes(field)) throw new UnsupportedField(`the test server cannot write ${type} field '${field}'`);
  const lines = new Map<string, string | undefined>();
  lines.set('mode', proxy.mode === undefined ? undefined : `mode ${proxy.mode}`);
  if (type === 'backend') {
    const balance = proxy.balance as { algorithm?: string } | undefined;
    lines.set('balance', balance?.algorithm ? `balance ${balance.algorithm}` : undefined);
  }
  if (type === 'frontend') lines.set('default_backend', proxy.default_backend ? `default_backend ${proxy.default_backend}` : undefined);
  return lines;
}

/** Sets (or removes) the modelled directives of a section, leaving all other lines alone. */
export function applyProxy(config: ConfigText, type: string, name: string, proxy: Obj): void {
  for (const [keyword, line] of proxyDirectives(type, proxy)) {
    const section = config.section(type, name);
    if (!section) throw new InvalidObject(`${type} ${name} vanished`);
    const existing = config.directives(section, keyword);
    if (existing.length && line) config.replaceLine(existing[0].line, line);
    else if (existing.length) config.removeLine(existing[0].line);
    else if (line) config.insertDirective(section, line, keyword === 'mode' ? section.header : undefined);
  }
}

export { words };
