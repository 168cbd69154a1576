// Values of server and bind options, checked the way HAProxy 2.6 parses them (src/server.c,
// src/cfgparse-ssl.c, src/listener.c): numbers go through atol() (so "weight abc" is 0 and
// accepted), delays through parse_time_err(), keywords against fixed lists. Only values HAProxy
// refuses are errors; "10sec" (unit followed by junk) is the 2.6 warning.
import type { ArgSpec, OptionData } from '../../catalog/catalog';
import type { FindingCode, FindingSeverity } from '../findings';
import { checkAddress, isNumericIPv4 } from './addresses';
import { parseTimeMs } from './timeValues';
import { isIPv6 } from 'node:net';

export interface ValueProblem {
  code: FindingCode;
  severity: FindingSeverity;
  message: string;
}

type OptionKind = 'server' | 'bind';
type Validator = (value: string, option: string, version: string) => ValueProblem | undefined;

const error = (code: FindingCode, message: string): ValueProblem => ({ code, severity: 'error', message });

/** C atol(): optional sign and leading digits; anything else reads as 0. */
function atol(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

function delay(opts: { zeroInvalid?: boolean; warnTrailing?: boolean }): Validator {
  return (value, option) => {
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

function listOf(choices: readonly string[], accept?: (item: string) => boolean): Validator {
  return (value, option) => {
    for (const item of value.split(',')) {
      if (!choices.includes(item) && !accept?.(item)) return error('invalid-choice', `'${option}': unknown value '${item}' (supported: ${quoteList(choices)})`);
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

/** Multiplexer protocols of 2.4/2.6 (haproxy -vv); later versions add more, so they are not checked. */
const MUX_PROTOCOLS = ['h1', 'h2', 'fcgi', 'none'];
const muxProto: Validator = (value, option, version) => (version !== '2.4' && version !== '2.6' ? undefined
  : MUX_PROTOCOLS.includes(value) ? undefined : error('invalid-choice', `'${option}': unknown MUX protocol '${value}' (${quoteList(MUX_PROTOCOLS)})`));

const isIpLiteral = (item: string): boolean => isIPv6(item) || (/^[0-9.]+$/.test(item) && isNumericIPv4(item));

const serverAddr: Validator = (value, option) => {
  const problem = checkAddress(value, 'server')[0];
  return problem ? error(problem.code, `'${option}': ${problem.message}`) : undefined;
};

const mandatoryPort: Validator = (value, option) => {
  const problem = checkAddress(value, 'bind')[0];
  return problem ? error(problem.code, `'${option}': ${problem.message}`) : undefined;
};

/** Server option validators; the same for default-server and server-template. */
const SERVER_VALIDATORS: Record<string, Validator> = {
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
  'init-addr': listOf(['last', 'libc', 'none'], isIpLiteral),
  'log-proto': oneOf(['legacy', 'octet-count']),
  proto: muxProto,
  'check-proto': muxProto,
  addr: serverAddr,
  socks4: mandatoryPort,
};

const BIND_VALIDATORS: Record<string, Validator> = {
  'tcp-ut': delay({}),
  id: positive(' (custom id)'),
  level: oneOf(['user', 'operator', 'admin']),
  'severity-output': oneOf(['none', 'number', 'string']),
};

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

/** The problem with an option's value, if HAProxy would refuse (error) or warn about (warning) it. */
export function checkOptionValue(kind: OptionKind, option: OptionData, value: string, version: string): ValueProblem | undefined {
  const own = (kind === 'server' ? SERVER_VALIDATORS : BIND_VALIDATORS)[option.name];
  if (own) return own(value, option.name, version);
  const choices = catalogChoices(option);
  return choices ? oneOf(choices)(value, option.name, version) : undefined;
}
