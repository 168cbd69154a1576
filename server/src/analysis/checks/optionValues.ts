// Values of server and bind options, checked the way HAProxy 2.6 parses them (src/server.c,
// src/cfgparse-ssl.c, src/listener.c): numbers go through atol() (so "weight abc" is 0 and
// accepted), delays through parse_time_err(), keywords against fixed lists. Only values HAProxy
// refuses are errors; "10sec" (unit followed by junk) is the 2.6 warning.
import type { ArgSpec, OptionData } from '../../catalog/catalog';
import type { FindingCode, FindingSeverity } from '../findings';
import { checkAddress, isNumericIPv4 } from './addresses';
import type { OptionEntry } from './lookups';
import { isPlainDelay, parseTimeMs } from './timeValues';
import { isIPv6 } from 'node:net';

export interface ValueProblem {
  code: FindingCode;
  severity: FindingSeverity;
  message: string;
}

type OptionKind = 'server' | 'bind';
type Validator = (value: string, option: string, version: string) => ValueProblem | undefined;
export type OptionValidator = Validator;

/** Validators by option name (a Map: names are looked up per server line). */
function validatorMap(validators: Record<string, Validator>): ReadonlyMap<string, Validator> {
  return new Map(Object.entries(validators));
}

const error = (code: FindingCode, message: string): ValueProblem => ({ code, severity: 'error', message });

/** C atol(): optional sign and leading digits; anything else reads as 0 (as /^\s*([+-]?\d+)/ read it, without the regex). */
export function atol(text: string): number {
  let i = 0;
  while (i < text.length && isRegexSpace(text.charCodeAt(i))) i++;
  const sign = text.charCodeAt(i);
  const signed = sign === 43 || sign === 45; // '+' '-'
  const first = signed ? i + 1 : i;
  let end = first;
  let value = 0;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  if (end === first) return 0;
  if (end - first > 15) return Number(text.slice(i, end)); // beyond exact integer sums: Number's rounding, as before
  return sign === 45 ? -value : value;
}

/** The characters of the regex class \s. */
function isRegexSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function delay(opts: { zeroInvalid?: boolean; warnTrailing?: boolean }): Validator {
  const nonZero = !!opts.zeroInvalid;
  return (value, option) => {
    if (isPlainDelay(value, nonZero)) return undefined; // the usual "2s", no result object
    const t = parseTimeMs(value);
    if (!t.ok) {
      if ('overflow' in t) return error('invalid-time', `timer overflow in '${value}' for '${option}': the maximum is 2147483647 ms (~24.8 days)`);
      return error('invalid-time', `unexpected character '${t.badChar}' in '${option}' delay '${value}' (units: us, ms, s, m, h, d)`);
    }
    if (opts.zeroInvalid && t.value === 0) return error('invalid-time', `invalid value 0 for '${option}'`);
    if (t.trailing && opts.warnTrailing) {
      return { code: 'invalid-time', severity: 'warning', message: `unexpected '${t.trailing}' after the timer value '${value}': only us, ms, s, m, h, d are units (HAProxy warns and may refuse it in later versions)` };
    }
    return undefined;
  };
}

function positive(label = ''): Validator {
  return (value, option) => (atol(value) > 0 ? undefined : error('invalid-number', `'${option}'${label} has to be > 0 (got '${value}')`));
}

function oneOf(choices: readonly string[]): Validator {
  return (value, option) => (choices.includes(value) ? undefined
    : error('invalid-choice', `'${option}' expects ${quoteList(choices)} but got '${value}'`));
}

function listOf(choices: readonly string[], accept?: (item: string) => boolean, expected?: string): Validator {
  return (value, option) => {
    for (const item of value.split(',')) {
      if (choices.includes(item) || accept?.(item)) continue;
      return error('invalid-choice', `'${option}': unknown value '${item}' (${expected ?? `supported: ${quoteList(choices)}`})`);
    }
    return undefined;
  };
}

function quoteList(items: readonly string[]): string {
  const q = items.map((i) => `'${i}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}` : q[0] ?? '';
}

const weight: Validator = (value) => {
  const w = atol(value);
  return w < 0 || w > 256 ? error('invalid-weight', `weight ${w} is not within 0 and 256`) : undefined;
};

/**
 * Multiplexer protocols of 2.4/2.6 (haproxy -vv; "none" is refused for `proto` on a server, fine for
 * `check-proto`); later versions add more, so they are not checked.
 */
function muxProto(protocols: string[]): Validator {
  return (value, option, version) => (version !== '2.4' && version !== '2.6' ? undefined
    : protocols.includes(value) ? undefined : error('invalid-choice', `'${option}': unknown or unusable MUX protocol '${value}' (${quoteList(protocols)})`));
}

/** inet_pton(): four decimal parts 0-255 without leading zeros ("1.2.3" and "010.0.0.1" are refused). */
const STRICT_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const isIpLiteral = (item: string): boolean => isIPv6(item) || STRICT_IPV4.test(item);

/** A network for resolve-net: an address with an optional /mask (no host names). */
const isNetwork = (item: string): boolean => {
  const slash = item.indexOf('/');
  const addr = slash >= 0 ? item.slice(0, slash) : item;
  const mask = slash >= 0 ? item.slice(slash + 1) : undefined;
  if (isIPv6(addr)) return mask === undefined || (/^\d+$/.test(mask) && Number(mask) <= 128);
  if (!/^[0-9.]+$/.test(addr) || !isNumericIPv4(addr)) return false;
  return mask === undefined || (/^\d+$/.test(mask) && Number(mask) <= 32) || (/^[0-9.]+$/.test(mask) && isNumericIPv4(mask));
};

/** strtol(): an optional sign then digits, nothing after them, and here a value above 0. */
function strictPositive(label: string): Validator {
  return (value, option) => (/^[+-]?\d+$/.test(value) && Number(value) > 0 ? undefined : error('invalid-number', `'${option}' expects ${label} (got '${value}')`));
}

/** ca-ignore-err / crt-ignore-err: "all" or a comma list of OpenSSL error numbers. */
const errorIds: Validator = (value, option) => (value === 'all' || value.split(',').every((id) => /^\d+$/.test(id) && Number(id) > 0) ? undefined
  : error('invalid-choice', `'${option}' expects 'all' or a comma-separated list of error numbers (got '${value}')`));

/** mss: an integer whose absolute value is 1-65535 (atoi: anything else reads as 0). */
const mss: Validator = (value, option) => {
  const v = Math.abs(atol(value));
  return v >= 1 && v <= 65535 ? undefined : error('invalid-number', `'${option}' expects an MSS whose absolute value is between 1 and 65535 (got '${value}')`);
};

/** shards (2.6): 1-64 or "by-thread"; later versions add "by-group" and other limits. */
const shards: Validator = (value, option, version) => {
  if (version !== '2.6') return undefined;
  if (value === 'by-thread' || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 64)) return undefined;
  return error('invalid-number', `'${option}' expects 1 to 64 or 'by-thread' (got '${value}')`);
};

const serverAddr: Validator = (value, option) => {
  const problem = checkAddress(value, 'server')[0];
  return problem ? error(problem.code, `'${option}': ${problem.message}`) : undefined;
};

const mandatoryPort: Validator = (value, option) => {
  const problem = checkAddress(value, 'bind')[0];
  return problem ? error(problem.code, `'${option}': ${problem.message}`) : undefined;
};

/** Server option validators; the same for default-server and server-template. */
const SERVER_VALIDATORS: ReadonlyMap<string, Validator> = validatorMap({
  weight,
  inter: delay({ zeroInvalid: true, warnTrailing: true }),
  fastinter: delay({ zeroInvalid: true, warnTrailing: true }),
  downinter: delay({ zeroInvalid: true, warnTrailing: true }),
  'agent-inter': delay({ zeroInvalid: true, warnTrailing: true }),
  slowstart: delay({ warnTrailing: true }),
  'pool-purge-delay': delay({ warnTrailing: true }),
  'tcp-ut': delay({ warnTrailing: true }),
  rise: positive(),
  fall: positive(),
  'error-limit': positive(),
  id: positive(' (custom id)'),
  observe: oneOf(['none', 'layer4', 'layer7']),
  'on-error': oneOf(['fastinter', 'fail-check', 'sudden-death', 'mark-down']),
  'on-marked-down': oneOf(['shutdown-sessions']),
  'on-marked-up': oneOf(['shutdown-backup-sessions']),
  'resolve-prefer': oneOf(['ipv4', 'ipv6']),
  'resolve-opts': listOf(['allow-dup-ip', 'ignore-weight', 'prevent-dup-ip']),
  'init-addr': listOf(['last', 'libc', 'none'], isIpLiteral, `supported: 'last', 'libc', 'none' or an IP address`),
  'resolve-net': listOf([], isNetwork, 'expected a network such as 10.0.0.0/8'),
  'log-proto': oneOf(['legacy', 'octet-count']),
  proto: muxProto(['h1', 'h2', 'fcgi']),
  'check-proto': muxProto(['h1', 'h2', 'fcgi', 'none']),
  addr: serverAddr,
  socks4: mandatoryPort,
});

const BIND_VALIDATORS: ReadonlyMap<string, Validator> = validatorMap({
  'tcp-ut': delay({}),
  id: strictPositive('a positive integer id'),
  'accept-netscaler-cip': positive(' (magic number)'),
  'ca-ignore-err': errorIds,
  'crt-ignore-err': errorIds,
  mss,
  shards,
  mode: (value, option) => (/^[+-]?[0-7]+$/.test(value) ? undefined : error('invalid-number', `'${option}' expects an octal permission such as 0600 (got '${value}')`)),
  level: oneOf(['user', 'operator', 'admin']),
  'severity-output': oneOf(['none', 'number', 'string']),
});

/**
 * Options whose manual synopsis lists every accepted value. Others with choices are not complete
 * ("addr <ipv4|ipv6>" takes an address, "quic-cc-algo" takes "(args)" and grows per version).
 */
const TRUSTED_CATALOG_CHOICES: ReadonlySet<string> = new Set(['verify', 'ssl-min-ver', 'ssl-max-ver', 'ws', 'expose-fd',
  'init-state', 'ktls', 'ocsp-update', 'quic-socket']);

function catalogChoices(option: OptionData): string[] | undefined {
  if (!TRUSTED_CATALOG_CHOICES.has(option.name)) return undefined;
  const first: ArgSpec | undefined = option.args?.[0];
  return first?.choices?.length && !first.optional ? first.choices : undefined;
}

/** The validator of each option, resolved once per option (own rule, else the trusted catalog choices, else none). */
const resolved = { server: new WeakMap<OptionData, Validator | null>(), bind: new WeakMap<OptionData, Validator | null>() };

function validatorOf(kind: OptionKind, option: OptionData): Validator | undefined {
  const cache = resolved[kind];
  let validator = cache.get(option);
  if (validator === undefined) {
    const own = (kind === 'server' ? SERVER_VALIDATORS : BIND_VALIDATORS).get(option.name);
    const choices = own ? undefined : catalogChoices(option);
    validator = own ?? (choices ? oneOf(choices) : null);
    cache.set(option, validator);
  }
  return validator ?? undefined;
}

/**
 * The problem with an option's value, if HAProxy would refuse (error) or warn about (warning) it. The
 * validator is kept on the table entry (asked per value of every server line: no WeakMap lookup each time).
 */
export function checkEntryValue(kind: OptionKind, entry: OptionEntry, value: string, version: string): ValueProblem | undefined {
  let validator = entry.validator;
  if (validator === undefined) validator = entry.validator = validatorOf(kind, entry.option) ?? null;
  return validator ? validator(value, entry.option.name, version) : undefined;
}
