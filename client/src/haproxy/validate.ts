// Every name, address and value is checked here BEFORE it is put on a Runtime API command line.
// The CLI splits on spaces and runs a second command after `;` or a newline, so a value that is
// not a single plain token could change what HAProxy executes. Refusals are InvalidInputError.
import { isIPv4, isIPv6 } from 'node:net';
import { InvalidInputError } from './runtime/errors';

export { InvalidInputError };

/**
 * Proxy and server names: "upper and lower case letters, digits, '-' (dash), '_' (underscore),
 * '.' (dot) and ':' (colon)" (configuration manual, section 4; HAProxy's `invalid_char()`).
 */
const identifierPattern = /^[A-Za-z0-9._:-]+$/;
const maxIdentifierLength = 256;

export function validateIdentifier(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidInputError(field, 'must be a non-empty name', value);
  if (value.length > maxIdentifierLength) throw new InvalidInputError(field, `longer than ${maxIdentifierLength} characters`, value);
  if (!identifierPattern.test(value)) {
    const bad = [...value].find((ch) => !/[A-Za-z0-9._:-]/.test(ch)) ?? '';
    throw new InvalidInputError(field, `${describeChar(bad)} is not allowed; names use letters, digits, '-', '_', '.', ':'`, value);
  }
  return value;
}

export const validateBackendName = (value: unknown) => validateIdentifier('backend', value);
export const validateServerName = (value: unknown) => validateIdentifier('server', value);

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === ' ') return 'a space';
  if (ch === ';') return "';' (it would start a second command)";
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  if (code > 0x7e) return `non-ASCII character '${ch}'`;
  return `'${ch}'`;
}

/**
 * A single command-line token of any other kind (a file path, a cipher list, a sample
 * expression): printable ASCII only, and none of the characters the CLI parser treats
 * specially (space, `;`, `\`, quotes, `#`).
 */
export function validateToken(field: string, value: unknown, pattern?: RegExp, expected?: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidInputError(field, 'must not be empty', value);
  if (value.length > 4096) throw new InvalidInputError(field, 'longer than 4096 characters', value);
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0x20 || code >= 0x7f || `;\\'"#`.includes(ch)) throw new InvalidInputError(field, `${describeChar(ch)} is not allowed`, value);
  }
  if (pattern && !pattern.test(value)) throw new InvalidInputError(field, `expected ${expected ?? pattern.source}`, value);
  return value;
}

export function validateInteger(field: string, value: unknown, min: number, max: number): number {
  const number = typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw new InvalidInputError(field, `must be a whole number from ${min} to ${max}`, value);
  if (number < min || number > max) throw new InvalidInputError(field, `${number} is out of range ${min}..${max}`, value);
  return number;
}

export const validatePort = (value: unknown, field = 'port') => validateInteger(field, value, 1, 65535);

export type Weight = number | `${number}%`;

/** Relative weights are applied to the initial weight and capped at 256 by HAProxy; 25600% covers weight 1 -> 256. */
const maxRelativeWeight = 25600;

/** Absolute weight 0..256, or a relative weight `N%` (N a whole number). Returns the token to send. */
export function validateWeight(value: unknown, field = 'weight'): string {
  if (typeof value === 'string' && value.endsWith('%')) {
    const percent = value.slice(0, -1);
    if (!/^\d+$/.test(percent)) throw new InvalidInputError(field, "a relative weight is a whole number followed by '%', e.g. 50%", value);
    return `${validateInteger(field, percent, 0, maxRelativeWeight)}%`;
  }
  return String(validateInteger(field, value, 0, 256));
}

const hostnameLabel = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export function isHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.replace(/\.$/, '').split('.');
  return labels.every((label) => hostnameLabel.test(label)) && !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

export type AddressKind = 'ipv4' | 'ipv6' | 'hostname';

/** An IPv4 or IPv6 address (no brackets, no port), or a hostname when `allowHostname`. */
export function validateAddress(value: unknown, options: { allowHostname?: boolean; field?: string } = {}): { address: string; kind: AddressKind } {
  const field = options.field ?? 'address';
  if (typeof value !== 'string' || value.length === 0) throw new InvalidInputError(field, 'must not be empty', value);
  const address = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIPv4(address)) return { address, kind: 'ipv4' };
  if (isIPv6(address) && !address.includes('%')) return { address, kind: 'ipv6' };
  if (options.allowHostname && isHostname(address)) return { address, kind: 'hostname' };
  validateToken(field, value);
  throw new InvalidInputError(field, options.allowHostname ? 'not an IPv4/IPv6 address or hostname' : 'not an IPv4 or IPv6 address', value);
}

/** `ADDR:PORT` / `[IPv6]:PORT` as written on the CLI (`server add be/s 10.0.0.1:80`). */
export function parseAddressAndPort(value: string, field = 'address'): { address: string; port: number } {
  const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(value);
  const plain = /^([^:]*):([^:]*)$/.exec(value);
  const match = bracketed ?? plain;
  if (!match) {
    throw new InvalidInputError(field, 'expected ADDRESS:PORT (write IPv6 as [ADDRESS]:PORT)', value);
  }
  const { address } = validateAddress(match[1], { allowHostname: true, field });
  return { address, port: validatePort(match[2], `${field} port`) };
}

/** How `add server` must write an address with a port: IPv6 in brackets. */
export function formatAddressPort(address: string, port: number): string {
  return isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

// ---------------------------------------------------------------------------------------------
// `add server` options: the subset of `server` keywords HAProxy 2.6 accepts at run time
// (management manual, "add server"), each with the syntax of its value.

export interface ServerOption {
  keyword: string;
  /** Absent for flags such as `check` or `backup`. */
  value?: string | number;
}

type ValueCheck = (field: string, value: unknown) => string;

const integer = (min: number, max: number): ValueCheck => (field, value) => String(validateInteger(field, value, min, max));
const time: ValueCheck = (field, value) =>
  validateToken(field, String(value), /^\d+(us|ms|s|m|h|d)?$/, 'a time such as 2000, 500ms, 2s, 1m');
const oneOf = (...words: string[]): ValueCheck => (field, value) =>
  validateToken(field, String(value), new RegExp(`^(${words.map((w) => w.replace(/\./g, '\\.')).join('|')})$`), words.join(' | '));
const ip: ValueCheck = (field, value) => validateAddress(value, { field }).address;
const host: ValueCheck = (field, value) => validateAddress(value, { field, allowHostname: true }).address;
const path: ValueCheck = (field, value) => validateToken(field, value, /^[A-Za-z0-9_./@+=,-]+$/, 'a file path');
const protocolList: ValueCheck = (field, value) =>
  validateToken(field, value, /^[A-Za-z0-9._/-]+(,[A-Za-z0-9._/-]+)*$/, 'a comma-separated protocol list such as h2,http/1.1');
const cipherList: ValueCheck = (field, value) => validateToken(field, value, /^[A-Za-z0-9_:+!@.=-]+$/, 'an OpenSSL cipher list');
const sampleExpression: ValueCheck = (field, value) => validateToken(field, value, /^[A-Za-z0-9_.,()\[\]:/-]+$/, 'a sample expression such as req.hdr(host)');
const trackTarget: ValueCheck = (field, value) => {
  const text = String(value);
  const [first, second, ...rest] = text.split('/');
  if (rest.length > 0 || first === undefined) throw new InvalidInputError(field, 'expected [BACKEND/]SERVER', value);
  validateIdentifier(field, first);
  if (second !== undefined) validateIdentifier(field, second);
  return text;
};
const sslVersion = oneOf('SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3');

/** keyword -> value check, or `null` for a flag without value. */
export const addServerKeywords: Readonly<Record<string, ValueCheck | null>> = {
  'agent-addr': host,
  'agent-check': null,
  'agent-inter': time,
  'agent-port': integer(1, 65535),
  'agent-send': (field, value) => validateToken(field, value),
  'allow-0rtt': null,
  alpn: protocolList,
  addr: ip,
  backup: null,
  'ca-file': path,
  check: null,
  'check-alpn': protocolList,
  'check-proto': (field, value) => validateToken(field, value, /^[A-Za-z0-9_-]+$/, 'a protocol name such as h2'),
  'check-send-proxy': null,
  'check-sni': host,
  'check-ssl': null,
  'check-via-socks4': null,
  ciphers: cipherList,
  ciphersuites: cipherList,
  'crl-file': path,
  crt: path,
  disabled: null,
  downinter: time,
  enabled: null,
  'error-limit': integer(0, 2147483647),
  fall: integer(1, 2147483647),
  fastinter: time,
  'force-sslv3': null,
  'force-tlsv10': null,
  'force-tlsv11': null,
  'force-tlsv12': null,
  'force-tlsv13': null,
  id: integer(1, 2147483647),
  inter: time,
  maxconn: integer(0, 2147483647),
  maxqueue: integer(0, 2147483647),
  minconn: integer(0, 2147483647),
  'no-ssl-reuse': null,
  'no-sslv3': null,
  'no-tlsv10': null,
  'no-tlsv11': null,
  'no-tlsv12': null,
  'no-tlsv13': null,
  'no-tls-tickets': null,
  npn: protocolList,
  observe: oneOf('layer4', 'layer7'),
  'on-error': oneOf('fastinter', 'fail-check', 'sudden-death', 'mark-down'),
  'on-marked-down': oneOf('shutdown-sessions'),
  'on-marked-up': oneOf('shutdown-backup-sessions'),
  'pool-low-conn': integer(0, 2147483647),
  'pool-max-conn': integer(-1, 2147483647),
  'pool-purge-delay': time,
  port: integer(1, 65535),
  proto: (field, value) => validateToken(field, value, /^[A-Za-z0-9_-]+$/, 'a protocol name such as h2'),
  'proxy-v2-options': (field, value) =>
    validateToken(field, value, /^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'a comma-separated list such as ssl,cert-cn'),
  rise: integer(1, 2147483647),
  'send-proxy': null,
  'send-proxy-v2': null,
  'send-proxy-v2-ssl': null,
  'send-proxy-v2-ssl-cn': null,
  slowstart: time,
  sni: sampleExpression,
  source: (field, value) => validateToken(field, value, /^[A-Za-z0-9.:\[\]-]+$/, 'ADDRESS[:PORT[-PORT]]'),
  ssl: null,
  'ssl-max-ver': sslVersion,
  'ssl-min-ver': sslVersion,
  tfo: null,
  'tls-tickets': null,
  track: trackTarget,
  usesrc: (field, value) => validateToken(field, value, /^[A-Za-z0-9.:\[\]-]+$/, 'an address or client / clientip'),
  verify: oneOf('none', 'required'),
  verifyhost: host,
  weight: integer(0, 256),
  ws: oneOf('auto', 'h1', 'h2'),
};

/** Validates `add server` options against the allow-list; returns the words to append to the command. */
export function validateServerOptions(options: readonly ServerOption[]): string[] {
  const words: string[] = [];
  for (const [index, option] of options.entries()) {
    const keyword = option?.keyword;
    const field = `option ${typeof keyword === 'string' && identifierPattern.test(keyword) ? keyword : `#${index + 1}`}`;
    if (typeof keyword !== 'string' || !Object.hasOwn(addServerKeywords, keyword)) {
      validateToken(field, keyword);
      throw new InvalidInputError(field, `'${keyword}' is not a server keyword accepted by 'add server'`, keyword);
    }
    const check = addServerKeywords[keyword];
    if (check === null || check === undefined) {
      if (option.value !== undefined) throw new InvalidInputError(field, `'${keyword}' takes no value`, option.value);
      words.push(keyword);
    } else {
      if (option.value === undefined || option.value === '') throw new InvalidInputError(field, `'${keyword}' needs a value`);
      words.push(keyword, check(field, option.value));
    }
  }
  return words;
}

/** Reads CLI words (`check inter 2s weight 10`) into options, using the allow-list to know which take a value. */
export function parseServerOptionWords(words: readonly string[]): ServerOption[] {
  const options: ServerOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const keyword = words[i] as string;
    if (!Object.hasOwn(addServerKeywords, keyword)) {
      validateToken('option', keyword);
      throw new InvalidInputError('option', `'${keyword}' is not a server keyword accepted by 'add server'`, keyword);
    }
    if (addServerKeywords[keyword] === null) options.push({ keyword });
    else {
      const value = words[i + 1];
      if (value === undefined) throw new InvalidInputError(`option ${keyword}`, `'${keyword}' needs a value`);
      options.push({ keyword, value });
      i++;
    }
  }
  validateServerOptions(options);
  return options;
}

/** `BACKEND/SERVER` as written on the CLI. */
export function parseServerRef(value: string): { backend: string; server: string } {
  const parts = value.split('/');
  if (parts.length !== 2) throw new InvalidInputError('server', 'expected BACKEND/SERVER', value);
  return { backend: validateBackendName(parts[0]), server: validateServerName(parts[1]) };
}
