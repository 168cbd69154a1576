// Values from a fixed list: proxy mode, balance algorithm, hash-type, log facility/level, health
// check "expect" matchers, cookie options, stick-table type/size/expire, compression algorithms,
// and single-argument keywords whose synopsis lists the choices ("tune.ssl.keylog { on | off }").
// Lists come from the target version's catalog; a list the catalog lacks is not checked.
import type { Catalog } from '../../catalog/catalog';
import { suggestAll } from '../../catalog/catalog';
import { didYouMean, isDynamic, reportOn, spanOf } from './keywordLines';
import { checkSize, checkTime } from './numberValues';
import { reportWord, staticWord } from './valueContext';
import type { ValueContext, ValueRule } from './valueContext';

function quoteList(values: readonly string[]): string {
  return values.map((c) => `'${c}'`).join(', ');
}

/** Error on a value outside `choices`, with did-you-mean (a case slip first: "HTTP" -> "http"). */
function refuse(v: ValueContext, index: number, choices: readonly string[], message: string): void {
  const w = v.args[index];
  const lower = w.text.toLowerCase();
  const sameLetters = choices.filter((c) => c.toLowerCase() === lower);
  const suggestions = sameLetters.length ? sameLetters : suggestAll(w.text, choices, 3);
  reportWord(v, 'invalid-choice', 'error', w, `${message}${didYouMean(suggestions)}`, suggestions.length ? { suggestions } : undefined);
}

export const modeRule: ValueRule = (v) => {
  const w = staticWord(v, 0);
  const modes = v.ctx.catalog.choices('mode');
  if (!w || !modes.length || modes.includes(w.text)) return;
  if (w.text === 'health') {
    reportWord(v, 'invalid-choice', 'error', w, "'mode health' doesn't exist anymore. Please use 'http-request return status 200' instead.");
    return;
  }
  refuse(v, 0, modes, `unknown proxy mode '${w.text}' (${quoteList(modes)})`);
};

export const balanceRule: ValueRule = (v) => {
  const w = staticWord(v, 0);
  const algorithms = v.ctx.catalog.choices('balance');
  if (!w || !algorithms.length) return;
  const paren = w.text.indexOf('(');
  const name = paren < 0 ? w.text : w.text.slice(0, paren);
  if (!algorithms.includes(name)) {
    refuse(v, 0, algorithms, `unknown balance algorithm '${w.text}' (${quoteList(algorithms)})`);
  } else if (name === 'hdr' && paren < 0) {
    reportWord(v, 'invalid-choice', 'error', w, "'balance hdr' needs the header name in parentheses: hdr(<name>)");
  }
};

export const hashTypeRule: ValueRule = (v) => {
  const parts: Array<[string, string]> = [['hash-type.method', 'method'], ['hash-type.function', 'hash function'], ['hash-type.modifier', 'modifier']];
  parts.forEach(([kind, what], index) => {
    const w = staticWord(v, index);
    const choices = v.ctx.catalog.choices(kind);
    if (w && choices.length && !choices.includes(w.text)) {
      refuse(v, index, choices, `'hash-type' does not know the ${what} '${w.text}' (${quoteList(choices)})`);
    }
  });
};

/**
 * `log <target> [len N] [format F] [sample R:S] [profile P] <facility> [<level> [<minlevel>]]`,
 * or `log global`. 'profile' exists where log-profile sections do (3.1+).
 */
export const logRule: ValueRule = (v) => {
  const catalog = v.ctx.catalog;
  if (!v.args.length) {
    reportOn(v.ctx, v.d, 'missing-argument', 'error', spanOf(v.d.keyword), `${v.keyword} : expects <address> and <facility> or global as arguments`);
    return;
  }
  const target = staticWord(v, 0);
  if (target?.text === 'global' && v.section.type === 'global') {
    reportWord(v, 'invalid-choice', 'error', target, "log : 'global' is not supported for a global syslog server (it is how proxies use these)");
  }
  if (!target || target.text === 'global') return;
  const options = catalog.sectionType('log-profile') ? ['len', 'format', 'sample', 'profile'] : ['len', 'format', 'sample'];
  let i = 1;
  while (i < v.args.length && options.includes(v.args[i].text)) i += 2;
  if (v.args.slice(0, i + 3).some(isDynamic)) return; // run-time values: anything goes
  const facilities = catalog.choices('log.facility');
  const levels = catalog.choices('log.level');
  const facility = v.args[i];
  if (!facility) {
    if (facilities.length) reportWord(v, 'missing-argument', 'error', v.args[v.args.length - 1], 'log : expects <address> and <facility> as arguments');
    return;
  }
  if (facilities.length && !facilities.includes(facility.text)) {
    refuse(v, i, facilities, `log : unknown log facility '${facility.text}'`);
    return;
  }
  for (const at of [i + 1, i + 2]) {
    const level = v.args[at];
    if (level && levels.length && !levels.includes(level.text)) {
      refuse(v, at, levels, `log : unknown optional log level '${level.text}'`);
      return;
    }
  }
  const extra = v.args[i + 3];
  if (extra && levels.length) reportWord(v, 'extra-argument', 'error', extra, `log : cannot handle unexpected argument '${extra.text}'`);
};

/** Options of `http-check expect` / `tcp-check expect` that come before the matcher, with their value. */
const EXPECT_OPTIONS: ReadonlySet<string> = new Set([
  'min-recv', 'comment', 'ok-status', 'error-status', 'tout-status', 'on-success', 'on-error', 'status-code',
]);

export function expectRule(kind: 'http-check' | 'tcp-check'): ValueRule {
  const choiceKind = `${kind}.expect`; // built once, not per line
  return (v) => {
    const matchers = v.ctx.catalog.choices(choiceKind);
    if (!matchers.length) return;
    let i = 0;
    while (i < v.args.length && EXPECT_OPTIONS.has(v.args[i].text)) i += 2;
    if (v.args[i]?.text === '!') i++;
    const w = staticWord(v, i);
    if (!w) {
      if (i >= v.args.length && v.args.length > 0) {
        reportWord(v, 'missing-argument', 'error', v.args[v.args.length - 1], `'${kind} expect' expects a matcher (${quoteList(matchers)}) and a pattern`);
      }
      return;
    }
    const matcher = w.text.startsWith('!') ? w.text.slice(1) : w.text;
    if (!matchers.includes(matcher)) {
      refuse(v, i, matchers, `'${kind} expect' only supports min-recv, comment, [!]${matchers.join(', [!]')} but got '${w.text}'`);
    } else if (i + 1 >= v.args.length) {
      reportWord(v, 'missing-argument', 'error', w, `'${kind} expect' : '${matcher}' expects a <pattern> as argument`);
    }
  };
}

/** `cookie <name> [options]`: options HAProxy 2.6 knows, with the ones that take a value. */
const COOKIE_FLAGS: ReadonlySet<string> = new Set(['rewrite', 'insert', 'prefix', 'indirect', 'nocache', 'postonly', 'preserve',
  'httponly', 'secure', 'dynamic']);
const COOKIE_WITH_VALUE: ReadonlySet<string> = new Set(['domain', 'maxidle', 'maxlife', 'attr']);

export const cookieRule: ValueRule = (v) => {
  const name = staticWord(v, 0);
  if (!name) return;
  if (COOKIE_FLAGS.has(name.text) || COOKIE_WITH_VALUE.has(name.text)) {
    reportWord(v, 'invalid-choice', 'warning', name,
      `'${name.text}' is taken as the cookie name: the name comes first ('cookie <name> ${name.text} ...')`);
  }
  for (let i = 1; i < v.args.length; i++) {
    const w = staticWord(v, i);
    if (!w) return;
    if (COOKIE_WITH_VALUE.has(w.text)) { i++; continue; }
    if (COOKIE_FLAGS.has(w.text)) continue;
    const known = [...COOKIE_FLAGS, ...COOKIE_WITH_VALUE];
    refuse(v, i, known, `unknown 'cookie' option '${w.text}' (${quoteList(known)})`);
    return;
  }
};

const TABLE_TYPES = ['ip', 'ipv6', 'integer', 'string', 'binary'];
/** Options HAProxy refuses without their value (a bare 'store' is accepted). */
const TABLE_OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set(['type', 'len', 'size', 'expire', 'peers']);

/** `stick-table type <t> [len <n>] size <s> [expire <t>] ...` (`table <name> type ...` in peers). */
export function stickTableRule(start: number): ValueRule {
  return (v) => {
    let sawSize = false;
    for (let i = start; i < v.args.length; i++) {
      const w = v.args[i];
      const value = staticWord(v, i + 1);
      if (!staticWord(v, i)) return;
      if (TABLE_OPTIONS_WITH_VALUE.has(w.text) && i + 1 >= v.args.length) {
        reportWord(v, 'missing-argument', 'error', w, `stick-table: missing argument after '${w.text}'`);
        return;
      }
      if (w.text === 'type' && value) {
        if (!TABLE_TYPES.includes(value.text)) refuse(v, i + 1, TABLE_TYPES, `stick-table: unknown type '${value.text}'`);
        i++;
      } else if (w.text === 'size') {
        sawSize = true;
        if (value) checkSize(v, value, "stick-table 'size'");
        i++;
      } else if (w.text === 'expire') {
        if (value) checkTime(v, value);
        i++;
      }
    }
    if (!sawSize && v.args.length > start) {
      reportWord(v, 'missing-argument', 'error', v.args[v.args.length - 1], 'stick-table: missing size (size <entries>)');
    }
  };
}

const COMPRESSION_ALGORITHMS = ['identity', 'gzip', 'deflate', 'raw-deflate'];

export const compressionRule: ValueRule = (v) => {
  const head = staticWord(v, 0);
  if (!head || !['algo', 'algo-req', 'algo-res'].includes(head.text)) return;
  for (let i = 1; i < v.args.length; i++) {
    const w = staticWord(v, i);
    if (w && !COMPRESSION_ALGORITHMS.includes(w.text)) {
      refuse(v, i, COMPRESSION_ALGORITHMS, `'compression' : '${w.text}' is not a supported algorithm`);
    }
  }
};

/** Keywords with one optional argument from a list whose check was confirmed with haproxy -c. */
const OPTIONAL_CHOICE: ReadonlySet<string> = new Set(['option httplog', 'master-worker', 'ssl-server-verify', 'httpclient.ssl.verify']);
/** Handled by their own rules, or with other forms than the synopsis shows ("log <target> ..."). */
const NOT_GENERIC: ReadonlySet<string> = new Set(['log', 'log-stderr', 'mode']);

const genericCache = new WeakMap<Catalog, Map<string, string[]>>();

/** Single-argument keywords whose synopsis lists the values, by "section:keyword". */
function genericChoices(catalog: Catalog): Map<string, string[]> {
  let table = genericCache.get(catalog);
  if (table) return table;
  table = new Map();
  for (const k of catalog.data.keywords) {
    const args = (k.args ?? []).filter((a) => !a.name.startsWith('('));
    const spec = args[0];
    if (args.length !== 1 || !spec.choices?.length || spec.repeat || NOT_GENERIC.has(k.name)) continue;
    if (spec.optional ? !OPTIONAL_CHOICE.has(k.name) : spec.choices.length < 2) continue;
    for (const s of k.sections) table.set(`${s}:${k.name}`, spec.choices);
  }
  genericCache.set(catalog, table);
  return table;
}

/** The rule for a keyword whose synopsis gives its values, or undefined. */
export function genericChoiceRule(catalog: Catalog, sectionType: string, keyword: string): ValueRule | undefined {
  const choices = genericChoices(catalog).get(`${sectionType}:${keyword}`);
  if (!choices) return undefined;
  return (v) => {
    const w = staticWord(v, 0);
    if (w && !choices.includes(w.text)) refuse(v, 0, choices, `'${keyword}' expects ${quoteList(choices)}, not '${w.text}'`);
  };
}

/** `timeout <event> <time>` in a resolvers section. */
export const resolversTimeoutRule: ValueRule = (v) => {
  const event = staticWord(v, 0);
  if (event && !['resolve', 'retry'].includes(event.text)) {
    refuse(v, 0, ['resolve', 'retry'], `'timeout' expects 'retry' or 'resolve' and <time> as arguments, got '${event.text}'`);
    return;
  }
  const time = staticWord(v, 1);
  if (time) checkTime(v, time);
};

/** A value from a catalog list at args[index] ("email-alert level notice" -> log.level). */
export function listedAt(index: number, kind: string, what: string): ValueRule {
  return (v) => {
    const w = staticWord(v, index);
    const choices = v.ctx.catalog.choices(kind);
    if (w && choices.length && !choices.includes(w.text)) refuse(v, index, choices, `unknown ${what} '${w.text}'`);
  };
}

/** `option mysql-check [user <name> [post-41|pre-41]]`. */
export const mysqlCheckRule: ValueRule = (v) => {
  const w = staticWord(v, 2);
  if (staticWord(v, 0)?.text === 'user' && w && !['post-41', 'pre-41'].includes(w.text)) {
    refuse(v, 2, ['post-41', 'pre-41'], `keyword 'user' only supports 'post-41' and 'pre-41' (got '${w.text}')`);
  }
};

/** `ssl-default-bind-options` / `ssl-default-server-options`: the versions after ssl-min-ver / ssl-max-ver. */
export function sslDefaultOptionsRule(side: 'bind' | 'server'): ValueRule {
  return (v) => {
    for (let i = 0; i < v.args.length; i++) {
      const w = staticWord(v, i);
      if (!w) return;
      if (w.text !== 'ssl-min-ver' && w.text !== 'ssl-max-ver') continue;
      const versions = v.ctx.catalog.choices(`${side}.${w.text}`);
      const value = staticWord(v, i + 1);
      if (i + 1 >= v.args.length) {
        reportWord(v, 'missing-argument', 'error', w, `'${w.text}' : missing the ssl/tls version on global statement '${v.keyword}'`);
      } else if (value && versions.length && !versions.includes(value.text)) {
        refuse(v, i + 1, versions, `'${value.text}' : unknown ssl/tls version on global statement '${v.keyword}'`);
      }
      i++;
    }
  };
}
