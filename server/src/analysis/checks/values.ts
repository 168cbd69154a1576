// Argument values of directives: times, sizes, integers and fixed choices, keyword by keyword as
// HAProxy's parser reads them (server/bind options and rule actions have checks of their own).
// Words holding environment references are never value-checked.
import type { Catalog, KeywordMatch } from '../../catalog/catalog';
import type { Directive, Section } from '../../syntax/tree';
import type { CheckContext } from '../context';
import {
  balanceRule, compressionRule, cookieRule, expectRule, genericChoiceRule, hashTypeRule, listedAt, logRule, modeRule, mysqlCheckRule,
  resolversTimeoutRule, sslDefaultOptionsRule, stickTableRule,
} from './choiceValues';
import { PROXY_TYPES, argumentsAfter } from './keywordLines';
import { addressAt, leadingIntegerAt, strictIntegerAt, timeAt } from './numberValues';
import { keywordFact } from './keywordTables';
import type { ValueRule } from './valueContext';

const time0 = timeAt(0);
const time1 = timeAt(1);
const strict = strictIntegerAt(0);
const lenient = leadingIntegerAt(0);

const PROXY_TIMEOUTS = ['check', 'client', 'client-fin', 'client-hs', 'connect', 'http-keep-alive', 'http-request', 'queue', 'server',
  'server-fin', 'tarpit', 'tunnel'];

/** Rules by "kind:keyword", kind being "proxy" for defaults/frontend/listen/backend or the section type. */
const RULES: ReadonlyMap<string, ValueRule> = new Map<string, ValueRule>([
  // proxies
  ...PROXY_TIMEOUTS.map((t): [string, ValueRule] => [`proxy:timeout ${t}`, time0]),
  ...['tcp-request inspect-delay', 'tcp-response inspect-delay', 'clitcpka-idle', 'clitcpka-intvl', 'srvtcpka-idle', 'srvtcpka-intvl',
    'stats refresh'].map((k): [string, ValueRule] => [`proxy:${k}`, time0]),
  ...['clitcpka-cnt', 'srvtcpka-cnt', 'max-keep-alive-queue', 'rate-limit sessions'].map((k): [string, ValueRule] => [`proxy:${k}`, strict]),
  ...['maxconn', 'retries', 'fullconn', 'backlog'].map((k): [string, ValueRule] => [`proxy:${k}`, lenient]),
  ['proxy:mode', modeRule],
  ['proxy:balance', balanceRule],
  ['proxy:hash-type', hashTypeRule],
  ['proxy:log', logRule],
  ['proxy:http-check expect', expectRule('http-check')],
  ['proxy:tcp-check expect', expectRule('tcp-check')],
  ['proxy:cookie', cookieRule],
  ['proxy:stick-table', stickTableRule(0)],
  ['proxy:compression', compressionRule],
  ['proxy:dispatch', addressAt(0, true)],
  ['proxy:email-alert level', listedAt(0, 'log.level', 'log level')],
  ['proxy:option mysql-check', mysqlCheckRule],
  // global
  ...['hard-stop-after', 'grace', 'close-spread-time', 'stats timeout', 'tune.ssl.lifetime', 'tune.lua.session-timeout',
    'tune.lua.task-timeout', 'tune.lua.service-timeout', 'max-spread-checks'].map((k): [string, ValueRule] => [`global:${k}`, time0]),
  ['global:tune.idletimer', timeAt(0, 65535)],
  ...['nbthread', 'thread-groups', 'tune.lua.forced-yield'].map((k): [string, ValueRule] => [`global:${k}`, strict]),
  ...['maxconn', 'maxconnrate', 'maxsessrate', 'maxsslconn', 'maxsslrate', 'maxpipes', 'maxcomprate', 'maxzlibmem', 'maxcompcpuusage',
    'ulimit-n', 'fd-hard-limit', 'mworker-max-reloads', 'tune.buffers.limit', 'tune.buffers.reserve', 'tune.h2.initial-window-size',
    'tune.h2.max-concurrent-streams', 'tune.http.cookielen', 'tune.http.logurilen', 'tune.maxaccept', 'tune.maxpollevents',
    'tune.maxrewrite', 'tune.pattern.cache-size', 'tune.pipesize', 'tune.rcvbuf.client', 'tune.rcvbuf.server', 'tune.recv_enough',
    'tune.runqueue-depth', 'tune.sndbuf.client', 'tune.sndbuf.server', 'tune.ssl.cachesize', 'tune.ssl.capture-buffer-size',
    'tune.ssl.hard-maxrecord', 'tune.ssl.maxrecord', 'tune.ssl.ssl-ctx-cache-size'].map((k): [string, ValueRule] => [`global:${k}`, lenient]),
  ['global:spread-checks', leadingIntegerAt(0, { range: { min: 0, max: 50 } })],
  // "tune.bufsize 64kb" is read as 64 bytes: HAProxy then fails on its own error pages, without naming the
  // line (2.6.12 needs at least 337 bytes; below 256 no version can start).
  ['global:tune.bufsize', leadingIntegerAt(0, {
    floor: { value: 256, why: 'buffers that small cannot hold the default error pages and HAProxy refuses to start' },
  })],
  ['global:log', logRule],
  ['global:ssl-default-bind-options', sslDefaultOptionsRule('bind')],
  ['global:ssl-default-server-options', sslDefaultOptionsRule('server')],
  // other sections
  ['peers:log', logRule],
  ['fcgi-app:log-stderr', logRule],
  ['peers:table', stickTableRule(1)],
  ['log-forward:log', logRule],
  ['log-forward:maxconn', lenient],
  ['log-forward:backlog', lenient],
  ['resolvers:timeout', resolversTimeoutRule],
  ['resolvers:hold', time1],
  ['resolvers:resolve_retries', lenient],
  ['resolvers:accepted_payload_size', leadingIntegerAt(0, { range: { min: 12, max: 65535 } })],
  ['mailers:timeout', time1],
  ['mailers:mailer', addressAt(1, true)],
  ['resolvers:nameserver', addressAt(1, true)],
  ['peers:peer', addressAt(1, false)],
  ['ring:timeout', time1],
]);

const ruleCache = new WeakMap<Catalog, Map<string, Map<string, ValueRule | null>>>();

/** The value rule of a keyword in a section type, looked up once per catalog (no string building per line). */
function ruleFor(catalog: Catalog, sectionType: string, keyword: string): ValueRule | undefined {
  let bySection = ruleCache.get(catalog);
  if (!bySection) ruleCache.set(catalog, bySection = new Map());
  let byKeyword = bySection.get(sectionType);
  if (!byKeyword) bySection.set(sectionType, byKeyword = new Map());
  let rule = byKeyword.get(keyword);
  if (rule === undefined) {
    const kind = PROXY_TYPES.has(sectionType) ? 'proxy' : sectionType;
    rule = RULES.get(`${kind}:${keyword}`) ?? genericChoiceRule(catalog, sectionType, keyword) ?? null;
    byKeyword.set(keyword, rule);
  }
  return rule ?? undefined;
}

/** A line's argument values (no/default lines have none to check). */
export function checkDirectiveValues(section: Section, d: Directive, match: KeywordMatch, ctx: CheckContext): void {
  if (match.prefix) return;
  const keyword = match.keyword.name;
  const rule = keywordFact(match, 'valueRule', () => ruleFor(ctx.catalog, section.type, keyword));
  if (rule) rule({ ctx, section, d, keyword, args: argumentsAfter(d, match) });
}
