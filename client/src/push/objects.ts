// haproxy.cfg lines -> Data Plane API objects (v3 field names of the spec's `server`, `bind`,
// `acl`, `http_request_rule`). A line that holds anything without a structured field, or a
// value the API would have to re-quote, is refused with the reason: the plan then falls back
// to pushing the raw configuration instead of silently dropping part of the line.
import type { Acl, Bind, HttpRequestRule, Server } from '../haproxy/dataplane/types';

/** A directive as plain words (quotes removed, env references kept) plus its source text. */
export interface Line {
  words: string[];
  /** True when some word holds a `${VAR}` reference (the API would write it literally). */
  hasEnvRef: boolean;
  /** The line as written (trimmed), for messages. */
  source: string;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Mapped<T> => ({ ok: true, value });
const refuse = <T>(reason: string): Mapped<T> => ({ ok: false, reason });

type Kind = 'flag' | 'int' | 'time' | 'string' | 'boolean';
interface Param {
  field: string;
  kind: Kind;
  /** For flags: the value the keyword sets (default 'enabled'). */
  value?: string;
}

const flag = (field: string, value = 'enabled'): Param => ({ field, kind: 'flag', value });
const int = (field: string): Param => ({ field, kind: 'int' });
const time = (field: string): Param => ({ field, kind: 'time' });
const str = (field: string): Param => ({ field, kind: 'string' });
const bool = (field: string): Param => ({ field, kind: 'boolean' });

/** `server` keywords with a field in the spec's `server_params`. */
export const SERVER_PARAMS: Readonly<Record<string, Param>> = {
  check: flag('check'),
  'no-check': flag('check', 'disabled'),
  backup: flag('backup'),
  'no-backup': flag('backup', 'disabled'),
  disabled: flag('maintenance'),
  enabled: flag('maintenance', 'disabled'),
  ssl: flag('ssl'),
  'no-ssl': flag('ssl', 'disabled'),
  'send-proxy': flag('send-proxy'),
  'send-proxy-v2': flag('send-proxy-v2'),
  'send-proxy-v2-ssl': flag('send_proxy_v2_ssl'),
  'send-proxy-v2-ssl-cn': flag('send_proxy_v2_ssl_cn'),
  'check-ssl': flag('check-ssl'),
  'check-send-proxy': flag('check-send-proxy'),
  'check-via-socks4': flag('check_via_socks4'),
  'agent-check': flag('agent-check'),
  tfo: flag('tfo'),
  stick: flag('stick'),
  'non-stick': flag('stick', 'disabled'),
  'no-sslv3': flag('no_sslv3'),
  'no-tlsv10': flag('no_tlsv10'),
  'no-tlsv11': flag('no_tlsv11'),
  'no-tlsv12': flag('no_tlsv12'),
  'no-tlsv13': flag('no_tlsv13'),
  'force-sslv3': flag('force_sslv3'),
  'force-tlsv10': flag('force_tlsv10'),
  'force-tlsv11': flag('force_tlsv11'),
  'force-tlsv12': flag('force_tlsv12'),
  'force-tlsv13': flag('force_tlsv13'),
  'no-ssl-reuse': flag('ssl_reuse', 'disabled'),
  'tls-tickets': flag('tls_tickets'),
  'no-tls-tickets': flag('tls_tickets', 'disabled'),
  'allow-0rtt': bool('allow_0rtt'),
  weight: int('weight'),
  maxconn: int('maxconn'),
  maxqueue: int('maxqueue'),
  minconn: int('minconn'),
  rise: int('rise'),
  fall: int('fall'),
  port: int('health_check_port'),
  'agent-port': int('agent-port'),
  'error-limit': int('error_limit'),
  'pool-low-conn': int('pool_low_conn'),
  'pool-max-conn': int('pool_max_conn'),
  id: int('id'),
  inter: time('inter'),
  fastinter: time('fastinter'),
  downinter: time('downinter'),
  slowstart: time('slowstart'),
  'agent-inter': time('agent-inter'),
  'pool-purge-delay': time('pool_purge_delay'),
  addr: str('health_check_address'),
  alpn: str('alpn'),
  npn: str('npn'),
  sni: str('sni'),
  verify: str('verify'),
  verifyhost: str('verifyhost'),
  'check-sni': str('check-sni'),
  'check-alpn': str('check_alpn'),
  'check-proto': str('check_proto'),
  ciphers: str('ciphers'),
  ciphersuites: str('ciphersuites'),
  'ca-file': str('ssl_cafile'),
  crt: str('ssl_certificate'),
  'crl-file': str('crl_file'),
  'ssl-min-ver': str('ssl_min_ver'),
  'ssl-max-ver': str('ssl_max_ver'),
  track: str('track'),
  observe: str('observe'),
  'on-error': str('on-error'),
  'on-marked-down': str('on-marked-down'),
  'on-marked-up': str('on-marked-up'),
  proto: str('proto'),
  source: str('source'),
  'agent-addr': str('agent-addr'),
  'agent-send': str('agent-send'),
  ws: str('ws'),
  cookie: str('cookie'),
  resolvers: str('resolvers'),
  'init-addr': str('init-addr'),
  'resolve-prefer': str('resolve-prefer'),
  'resolve-net': str('resolve-net'),
  'resolve-opts': str('resolve_opts'),
  namespace: str('namespace'),
};

/** `bind` keywords with a field in the spec's `bind_params` (its flags are booleans). */
export const BIND_PARAMS: Readonly<Record<string, Param>> = {
  ssl: bool('ssl'),
  'accept-proxy': bool('accept_proxy'),
  v4v6: bool('v4v6'),
  v6only: bool('v6only'),
  transparent: bool('transparent'),
  'defer-accept': bool('defer_accept'),
  tfo: bool('tfo'),
  'strict-sni': bool('strict_sni'),
  'prefer-client-ciphers': bool('prefer_client_ciphers'),
  'no-tls-tickets': bool('no_tls_tickets'),
  'allow-0rtt': bool('allow_0rtt'),
  'no-sslv3': bool('no_sslv3'),
  'no-tlsv10': bool('no_tlsv10'),
  'no-tlsv11': bool('no_tlsv11'),
  'no-tlsv12': bool('no_tlsv12'),
  'no-tlsv13': bool('no_tlsv13'),
  'generate-certificates': bool('generate_certificates'),
  crt: str('ssl_certificate'),
  'ca-file': str('ssl_cafile'),
  'crt-list': str('crt_list'),
  'crl-file': str('crl_file'),
  alpn: str('alpn'),
  npn: str('npn'),
  ciphers: str('ciphers'),
  ciphersuites: str('ciphersuites'),
  curves: str('curves'),
  ecdhe: str('ecdhe'),
  verify: str('verify'),
  'ssl-min-ver': str('ssl_min_ver'),
  'ssl-max-ver': str('ssl_max_ver'),
  interface: str('interface'),
  namespace: str('namespace'),
  thread: str('thread'),
  mss: str('mss'),
  backlog: str('backlog'),
  user: str('user'),
  group: str('group'),
  level: str('level'),
  proto: str('proto'),
  id: str('id'),
  maxconn: int('maxconn'),
  nice: int('nice'),
};

const timeUnits: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** HAProxy time (`2s`, `500ms`, bare = ms) -> ms; undefined when it is not a time. */
export function parseTimeMs(text: string): number | undefined {
  const match = /^(\d+)(us|ms|s|m|h|d)?$/.exec(text);
  return match ? Math.round(Number(match[1]) * (timeUnits[match[2] ?? 'ms'] ?? 1)) : undefined;
}

/** A value the API would write back as one bare word, unchanged. */
function isPlainWord(text: string): boolean {
  return text !== '' && !/[\s"'\\#]/.test(text);
}

/** Reads `KEYWORD [VALUE]...` pairs into fields; refuses unknown or repeated keywords. */
function readParams(what: string, words: readonly string[], table: Readonly<Record<string, Param>>, into: Record<string, unknown>): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const keyword = words[i] as string;
    const param = Object.hasOwn(table, keyword) ? table[keyword] : undefined;
    if (!param) return `${what} option '${keyword}' has no structured field`;
    if (seen.has(param.field)) return `${what} option '${keyword}' is given twice`;
    seen.add(param.field);
    if (param.kind === 'flag') {
      into[param.field] = param.value ?? 'enabled';
      continue;
    }
    if (param.kind === 'boolean') {
      into[param.field] = true;
      continue;
    }
    const value = words[++i];
    if (value === undefined) return `${what} option '${keyword}' has no value`;
    if (!isPlainWord(value)) return `${what} option '${keyword}' has a value the API would re-quote (${JSON.stringify(value)})`;
    if (param.kind === 'int') {
      if (!/^-?\d+$/.test(value)) return `${what} option '${keyword} ${value}' is not a whole number`;
      into[param.field] = Number(value);
    } else if (param.kind === 'time') {
      const ms = parseTimeMs(value);
      if (ms === undefined) return `${what} option '${keyword} ${value}' is not a time`;
      into[param.field] = ms;
    } else {
      into[param.field] = value;
    }
  }
  return undefined;
}

/** `10.0.0.1:80`, `[::1]:80`, `host:80`, `10.0.0.1` -> address and port; undefined for anything fancier. */
export function splitAddressPort(text: string): { address: string; port?: number } | undefined {
  if (/[@/]/.test(text) || /\$/.test(text)) return undefined; // unix@, ipv4@, abns@, env references
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) return { address: bracketed[1] as string, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  if ((text.match(/:/g) ?? []).length > 1) return /^[0-9A-Fa-f:.]+$/.test(text) ? { address: text } : undefined; // bare IPv6
  const match = /^([A-Za-z0-9._*-]*)(?::(\d{1,5}))?$/.exec(text);
  if (!match) return undefined; // port ranges, +offsets
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { address: match[1] as string, port };
}

export function formatAddressPort(address: string, port: number | null | undefined): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return port === undefined || port === null ? host : `${host}:${port}`;
}

function refuseEnv<T>(line: Line, what: string): Mapped<T> | undefined {
  return line.hasEnvRef ? refuse(`${what} uses an environment variable, which the API would write literally`) : undefined;
}

/** `server NAME ADDR[:PORT] [options]` -> `server` object. */
export function serverFromLine(line: Line): Mapped<Server> {
  const [, name, addressText, ...options] = line.words;
  const env = refuseEnv<Server>(line, `server ${name ?? ''}`.trim());
  if (env) return env;
  if (!name || !addressText) return refuse(`'${line.source}' lacks a name or an address`);
  const split = splitAddressPort(addressText);
  if (!split || split.address === '') return refuse(`server ${name}: address '${addressText}' has no structured form (only ADDRESS[:PORT])`);
  const server: Record<string, unknown> = { name, address: split.address };
  if (split.port !== undefined) server.port = split.port;
  const error = readParams(`server ${name}:`, options, SERVER_PARAMS, server);
  return error ? refuse(error) : ok(server as Server);
}

/** `bind ADDR:PORT [name NAME] [options]` -> `bind` object (named by `name`, else by its address). */
export function bindFromLine(line: Line): Mapped<Bind> {
  const [, addressText, ...rest] = line.words;
  const env = refuseEnv<Bind>(line, `bind ${addressText ?? ''}`.trim());
  if (env) return env;
  if (!addressText) return refuse(`'${line.source}' has no address`);
  if (addressText.includes(',')) return refuse(`bind ${addressText}: several addresses on one line have no structured form`);
  const split = splitAddressPort(addressText);
  if (!split || split.port === undefined) return refuse(`bind ${addressText}: only ADDRESS:PORT has a structured form`);
  const options = [...rest];
  let name = bindName(line);
  const nameAt = options.indexOf('name');
  if (nameAt >= 0) options.splice(nameAt, 2);
  if (name === undefined) name = addressText;
  // `bind :80` (any address) has no address field: the spec's address must not be empty.
  const bind: Record<string, unknown> = { name, port: split.port };
  if (split.address !== '') bind.address = split.address;
  const error = readParams(`bind ${addressText}:`, options, BIND_PARAMS, bind);
  return error ? refuse(error) : ok(bind as Bind);
}

/** The key a bind is known by: its `name` option, else its address as written. */
export function bindName(line: Line): string | undefined {
  const nameAt = line.words.indexOf('name', 2);
  return nameAt >= 0 ? line.words[nameAt + 1] : undefined;
}

export function bindKey(line: Line): string {
  return bindName(line) ?? line.words[1] ?? '';
}

/** `acl NAME CRITERION [flags] [values]` -> `acl` object. */
export function aclFromLine(line: Line): Mapped<Acl> {
  const [, name, criterion, ...values] = line.words;
  const env = refuseEnv<Acl>(line, `acl ${name ?? ''}`.trim());
  if (env) return env;
  if (!name || !criterion) return refuse(`'${line.source}' lacks a name or a criterion`);
  const bad = [criterion, ...values].find((w) => !isPlainWord(w));
  if (bad !== undefined) return refuse(`acl ${name}: ${JSON.stringify(bad)} would need quoting, which the API does not keep`);
  const acl: Acl = { acl_name: name, criterion };
  if (values.length > 0) acl.value = values.join(' ');
  return ok(acl);
}

const ruleTypes = new Set(['allow', 'deny', 'set-header', 'add-header', 'del-header']);

/** `http-request ACTION [args] [if|unless COND]` -> `http_request_rule`, for the actions listed in ruleTypes. */
export function httpRequestRuleFromLine(line: Line): Mapped<HttpRequestRule> {
  const words = line.words.slice(1);
  const env = refuseEnv<HttpRequestRule>(line, `'${line.source}'`);
  if (env) return env;
  const bad = words.find((w) => !isPlainWord(w));
  if (bad !== undefined) return refuse(`'${line.source}': ${JSON.stringify(bad)} would need quoting, which the API does not keep`);
  const condAt = words.findIndex((w) => w === 'if' || w === 'unless');
  const action = condAt < 0 ? words : words.slice(0, condAt);
  const [type, ...args] = action;
  if (!type || !ruleTypes.has(type)) return refuse(`http-request ${type ?? ''} rules are pushed as raw configuration (structured: ${[...ruleTypes].join(', ')})`.replace('  ', ' '));
  const rule: Record<string, unknown> = { type };
  if (type === 'deny') {
    if (args.length === 2 && args[0] === 'deny_status' && /^\d{3}$/.test(args[1] as string)) rule.deny_status = Number(args[1]);
    else if (args.length > 0) return refuse(`'${line.source}': deny arguments other than deny_status have no structured form here`);
  } else if (type === 'set-header' || type === 'add-header') {
    if (args.length !== 2) return refuse(`'${line.source}': ${type} takes a header name and one format word`);
    rule.hdr_name = args[0];
    rule.hdr_format = args[1];
  } else if (type === 'del-header') {
    if (args.length !== 1) return refuse(`'${line.source}': only 'del-header NAME' has a structured form here`);
    rule.hdr_name = args[0];
  } else if (args.length > 0) {
    return refuse(`'${line.source}': ${type} takes no argument`);
  }
  if (condAt >= 0) {
    const test = words.slice(condAt + 1);
    if (test.length === 0) return refuse(`'${line.source}': empty condition`);
    rule.cond = words[condAt];
    rule.cond_test = test.join(' ');
  }
  return ok(rule as HttpRequestRule);
}

/** Balance algorithms that take no argument (the spec's `balance.algorithm` alone). */
export const SIMPLE_BALANCE = new Set(['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'random', 'uri', 'rdp-cookie']);
