// Address checks for server and bind lines, following HAProxy's str2sa_range(): an optional
// family prefix ("ipv4@", "unix@", ...), then a path or host[:port]. Only what can never work is
// reported: a host name is never judged (DNS decides), an all-numeric host must be an IPv4 address
// (no name is all digits), a host with ':' must be an IPv6 address.
import { isIPv6 } from 'node:net';

export type AddressUse = 'server' | 'bind';

export interface AddressProblem {
  code: 'invalid-address' | 'invalid-port';
  message: string;
  /** Offset and length inside the checked text (the whole text when undefined). */
  at?: { offset: number; length: number };
}

/** Prefixes of the socket families, all versions 2.4-3.4 together. */
const PATH_FAMILIES: ReadonlySet<string> = new Set(['unix', 'uxst', 'uxdg', 'abns', 'abnsz']);
const FD_FAMILIES: ReadonlySet<string> = new Set(['fd', 'sockpair']);
const INET_FAMILIES: ReadonlySet<string> = new Set(['ipv4', 'ipv6', 'tcp', 'tcp4', 'tcp6', 'udp', 'udp4', 'udp6',
  'quic4', 'quic6', 'mptcp', 'mptcp4', 'mptcp6', 'rhttp']);
const DGRAM_FAMILIES: ReadonlySet<string> = new Set(['udp', 'udp4', 'udp6', 'uxdg']);

/** inet_aton() on a digits-and-dots string: 1 to 4 parts, octal when 0-led, the last part fills the rest. */
export function isNumericIPv4(host: string): boolean {
  if (isPlainDottedQuad(host)) return true;
  const parts = host.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return false;
  const values: number[] = [];
  for (const p of parts) {
    if (p.length > 1 && p.startsWith('0')) {
      if (!/^[0-7]+$/.test(p)) return false;
      values.push(parseInt(p, 8));
    } else values.push(Number(p));
  }
  const last = values[values.length - 1];
  if (values.slice(0, -1).some((v) => v > 255)) return false;
  return last < 256 ** (5 - parts.length);
}

const DIGITS_AND_DOTS = /^[0-9.]+$/;

const NO_PROBLEMS: AddressProblem[] = [];

/**
 * A plain "a.b.c.d:port": four decimal parts 0-255 without leading zeros, a decimal port without
 * leading zero, at most 5 digits. One regex test: cheaper than reading the characters one by one
 * (an address word is a slice of its line, slow to read per character).
 */
const PLAIN_IPV4_PORT = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d):(?:0|[1-9]\d{0,4})$/;

/** The port of a plain "a.b.c.d:port" (see PLAIN_IPV4_PORT), else -1. No allocation. */
export function plainIPv4Port(text: string): number {
  if (!PLAIN_IPV4_PORT.test(text)) return -1;
  let port = 0;
  let scale = 1;
  for (let i = text.length - 1; text.charCodeAt(i) !== 58; i--) { // back to the ':'
    port += (text.charCodeAt(i) - 48) * scale;
    scale *= 10;
  }
  return port;
}

/** Fast path without allocation: `host` up to `end` is four decimal parts 0-255, no leading zero (the usual case). */
export function isPlainDottedQuad(host: string, end = host.length): boolean {
  let parts = 0;
  let value = -1;
  let digits = 0;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? host.charCodeAt(i) : 46; // end counts as a dot
    if (c === 46) {
      if (digits === 0 || value > 255 || (digits > 1 && host.charCodeAt(i - digits) === 48)) return false;
      parts++;
      value = -1;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      value = (value < 0 ? 0 : value * 10) + (c - 48);
      digits++;
    } else return false;
  }
  return parts === 4;
}

/** A host HAProxy can never resolve: a bad numeric IPv4 or a bad IPv6 literal. */
export function hostProblem(host: string): string | undefined {
  if (host === '' || host === '*') return undefined;
  if (host.startsWith('[')) {
    if (!host.endsWith(']') || !isIPv6(host.slice(1, -1))) return `'${host}' is not a valid IPv6 address`;
    return undefined;
  }
  if (host.includes(':')) return isIPv6(host) ? undefined : `'${host}' is not a valid address (write IPv6 addresses as [addr]:port)`;
  if (DIGITS_AND_DOTS.test(host) && host.includes('.') && !isNumericIPv4(host)) return `'${host}' is not a valid IPv4 address`;
  return undefined;
}

/** C atoi() on a port string (leading digits; garbage after them ignored, as HAProxy does). */
function atoi(text: string): number {
  const m = /^\d+/.exec(text);
  return m ? Number(m[0]) : 0;
}

/**
 * Checks one address. `text` has no environment references (the caller skips those).
 * server: port optional (0 = same as client), offsets +N/-N allowed, no range.
 * bind: port mandatory (1-65535), ranges allowed, no offset.
 * `dgramServers`: servers may use udp@ (log backends, "mode log", from 2.8 on).
 */
export function checkAddress(text: string, use: AddressUse, opts: { dgramServers?: boolean } = {}): AddressProblem[] {
  const fast = plainIPv4Port(text);
  if (fast >= (use === 'bind' ? 1 : 0) && fast <= 65535) return NO_PROBLEMS; // the usual "10.0.0.1:8080"
  const dgramRefused = use === 'bind' || !opts.dgramServers;
  let rest = text;
  let base = 0;
  const at = text.indexOf('@');
  if (at > 0 && /^[a-z0-9]+$/.test(text.slice(0, at))) {
    const family = text.slice(0, at);
    if (PATH_FAMILIES.has(family)) {
      if (DGRAM_FAMILIES.has(family) && dgramRefused) return [{ code: 'invalid-address', message: `dgram-type address not acceptable in '${text}'` }];
      return [];
    }
    if (FD_FAMILIES.has(family)) {
      if (family === 'fd' && use === 'server') return [{ code: 'invalid-address', message: `a file descriptor is not acceptable here in '${text}'` }];
      return [];
    }
    if (!INET_FAMILIES.has(family)) {
      return [{ code: 'invalid-address', message: `unknown address family '${family}@' in '${text}'`, at: { offset: 0, length: at + 1 } }];
    }
    if (DGRAM_FAMILIES.has(family) && dgramRefused) return [{ code: 'invalid-address', message: `dgram-type address not acceptable in '${text}'` }];
    if (family === 'rhttp') return []; // reverse-HTTP: a server name, not an address
    rest = text.slice(at + 1);
    base = at + 1;
  } else if (text.startsWith('/')) {
    return []; // UNIX socket path
  }
  return checkHostPort(rest, base, use, text);
}

function checkHostPort(rest: string, base: number, use: AddressUse, whole: string): AddressProblem[] {
  // The port separator is the last ':' after any closing bracket (str2sa_range's backward scan).
  let sep = -1;
  for (let i = rest.length - 1; i >= 0; i--) {
    if (rest[i] === ']') break;
    if (rest[i] === ':') { sep = i; break; }
  }
  const host = sep >= 0 ? rest.slice(0, sep) : rest;
  const port = sep >= 0 ? rest.slice(sep + 1) : '';
  const problems: AddressProblem[] = [];
  const bad = hostProblem(host);
  if (bad) problems.push({ code: 'invalid-address', message: bad, at: { offset: base, length: host.length } });
  const portAt = { offset: base + sep + 1, length: port.length };
  if (use === 'bind' && (sep < 0 || port === '')) {
    problems.push({ code: 'invalid-port', message: `missing port specification in '${whole}'` });
    return problems;
  }
  if (port === '') return problems;
  const first = port[0];
  if (first >= '0' && first <= '9') {
    const dash = port.indexOf('-');
    if (dash >= 0 && use === 'server') {
      problems.push({ code: 'invalid-port', message: `port range not permitted here in '${whole}'`, at: portAt });
      return problems;
    }
    const low = atoi(port);
    const high = dash >= 0 ? atoi(port.slice(dash + 1)) : low;
    const min = use === 'bind' ? 1 : 0;
    if (low < min || low > 65535) problems.push({ code: 'invalid-port', message: `invalid port '${port.slice(0, dash >= 0 ? dash : undefined)}' (${min}-65535)`, at: portAt });
    else if (high < min || high > 65535) problems.push({ code: 'invalid-port', message: `invalid port '${port.slice(dash + 1)}' (${min}-65535)`, at: portAt });
    else if (low > high) problems.push({ code: 'invalid-port', message: `invalid port range '${low}-${high}'`, at: portAt });
  } else if (first === '+' || first === '-') {
    if (use === 'bind') problems.push({ code: 'invalid-port', message: `port offset not permitted here in '${whole}'`, at: portAt });
  } else {
    problems.push({ code: 'invalid-port', message: `invalid character '${first}' in port number '${port}' in '${whole}'`, at: portAt });
  }
  return problems;
}
