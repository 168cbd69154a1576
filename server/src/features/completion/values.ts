// Fixed values HAProxy accepts at some argument positions: the catalog's choice lists (balance,
// mode, hash-type, http-check expect, global on/off settings, server/bind option values), the
// synopsis' own `{ a | b }` choices, and the few lists the manual gives in prose (syslog facilities
// and levels, log formats, ACL flags and match methods).
import { RULESETS } from '../../catalog/catalog';
import type { ArgSpec, Catalog, KeywordData } from '../../catalog/catalog';
import { synopsesFor } from './synopsis';

/** Syslog facilities (manual: "log" keyword). */
export const LOG_FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'auth2', 'ftp', 'ntp', 'audit',
  'alert', 'cron2', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
];
/** Syslog levels, most severe first. */
export const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];
/** `log ... format <format>`. */
export const LOG_FORMATS = ['local', 'rfc3164', 'rfc5424', 'priority', 'short', 'timed', 'iso', 'raw'];
/** ACL flags (manual §7.1) with what they do. */
export const ACL_FLAGS: ReadonlyArray<[string, string]> = [
  ['-i', 'ignore case during matching of all subsequent patterns'],
  ['-f', 'load patterns from a file'],
  ['-m', 'use a specific pattern matching method'],
  ['-n', 'forbid the DNS resolutions'],
  ['-M', 'load the file pointed by -f like a map'],
  ['-u', 'force the unique id of the ACL'],
  ['--', 'force end of flags (useful when a string looks like one of the flags)'],
];
/** `-m <method>` pattern matching methods (manual §7.1.3). */
export const ACL_MATCH_METHODS: ReadonlyArray<[string, string]> = [
  ['found', 'only check if the requested sample could be found'],
  ['bool', 'check the value as a boolean'],
  ['int', 'match the value as an integer'],
  ['ip', 'match the value as an IPv4 or IPv6 address'],
  ['bin', 'match the contents against a hexadecimal string'],
  ['len', 'match the sample length as an integer'],
  ['str', 'exact string match'],
  ['sub', 'substring match'],
  ['reg', 'regex match'],
  ['beg', 'prefix match'],
  ['end', 'suffix match'],
  ['dir', 'subdir match'],
  ['dom', 'domain match'],
];

/** Words the generator sometimes took for choices but that are placeholders or notes. */
const NOT_VALUES: ReadonlySet<string> = new Set(['EXPERIMENTAL', 'args', 'flags', 'operator', 'options', 'deprecated']);

/** Choice-list names of the catalog, per keyword and argument index. */
const CHOICE_KINDS: Record<string, Record<number, string>> = {
  'hash-type': { 0: 'hash-type.method', 1: 'hash-type.function', 2: 'hash-type.modifier' },
  'http-check expect': { 0: 'http-check.expect' },
  'tcp-check expect': { 0: 'tcp-check.expect' },
};
/** Choice lists named after a keyword that are not about its first argument, or not values at all. */
const NOT_FIRST_ARGUMENT: ReadonlySet<string> = new Set(['option', 'timeout', 'stats', 'http-check', 'tcp-check', 'cookie', 'server-template']);

export function cleanChoices(values: readonly string[] | undefined): string[] {
  return (values ?? []).filter((v) => !NOT_VALUES.has(v) && /^[A-Za-z0-9!][\w.+@-]*$/.test(v));
}

/** Fixed values of a keyword's argument from the catalog (choice lists, then the ArgSpec's). */
export function keywordChoices(catalog: Catalog, sectionType: string, keyword: string, argIndex: number, args: ArgSpec[] | undefined): string[] {
  const kind = CHOICE_KINDS[keyword]?.[argIndex]
    ?? (argIndex === 0 && sectionType === 'global' && catalog.choices(`global.${keyword}`).length ? `global.${keyword}` : undefined)
    ?? (argIndex === 0 && !NOT_FIRST_ARGUMENT.has(keyword) ? keyword : undefined);
  const listed = kind ? cleanChoices(catalog.choices(kind)) : [];
  if (listed.length) return keyword === 'http-check expect' || keyword === 'tcp-check expect' ? [...listed, '!'] : listed;
  return cleanChoices(args?.[argIndex]?.choices);
}

/** Fixed values of a server/bind option's argument (`verify` -> none, required). */
export function optionChoices(catalog: Catalog, family: 'server' | 'bind', option: string, args: ArgSpec[] | undefined): string[] {
  if (option === 'addr') return []; // `addr <ipv4|ipv6>` means an address of either family
  const listed = cleanChoices(catalog.choices(`${family}.${option}`));
  return listed.length ? listed : cleanChoices(args?.[0]?.choices);
}

/** Pre-defined ACLs (manual §7.4): what each is equivalent to, and the first version having it. */
export const PREDEFINED_ACL_INFO: ReadonlyArray<{ name: string; equivalent: string; usage: string; since?: string }> = [
  { name: 'FALSE', equivalent: 'always_false', usage: 'never match' },
  { name: 'HTTP', equivalent: 'req.proto_http', usage: 'match if request protocol is valid HTTP' },
  { name: 'HTTP_1.0', equivalent: 'req.ver 1.0', usage: 'match if HTTP request version is 1.0' },
  { name: 'HTTP_1.1', equivalent: 'req.ver 1.1', usage: 'match if HTTP request version is 1.1' },
  { name: 'HTTP_2.0', equivalent: 'req.ver 2.0', usage: 'match if HTTP request version is 2.0' },
  { name: 'HTTP_3.0', equivalent: 'req.ver 3.0', usage: 'match if HTTP request version is 3.0', since: '3.0' },
  { name: 'HTTP_CONTENT', equivalent: 'req.hdr_val(content-length) gt 0', usage: 'match an existing content-length in the HTTP request' },
  { name: 'HTTP_URL_ABS', equivalent: 'url_reg ^[^/:]*://', usage: 'match absolute URL with scheme' },
  { name: 'HTTP_URL_SLASH', equivalent: 'url_beg /', usage: 'match URL beginning with "/"' },
  { name: 'HTTP_URL_STAR', equivalent: 'url *', usage: 'match URL equal to "*"' },
  { name: 'LOCALHOST', equivalent: 'src 127.0.0.1/8 ::1', usage: 'match connection from local host' },
  { name: 'METH_CONNECT', equivalent: 'method CONNECT', usage: 'match HTTP CONNECT method' },
  { name: 'METH_DELETE', equivalent: 'method DELETE', usage: 'match HTTP DELETE method' },
  { name: 'METH_GET', equivalent: 'method GET HEAD', usage: 'match HTTP GET or HEAD method' },
  { name: 'METH_HEAD', equivalent: 'method HEAD', usage: 'match HTTP HEAD method' },
  { name: 'METH_OPTIONS', equivalent: 'method OPTIONS', usage: 'match HTTP OPTIONS method' },
  { name: 'METH_POST', equivalent: 'method POST', usage: 'match HTTP POST method' },
  { name: 'METH_PUT', equivalent: 'method PUT', usage: 'match HTTP PUT method' },
  { name: 'METH_TRACE', equivalent: 'method TRACE', usage: 'match HTTP TRACE method' },
  { name: 'RDP_COOKIE', equivalent: 'req.rdp_cookie_cnt gt 0', usage: 'match presence of an RDP cookie in the request buffer' },
  { name: 'REQ_CONTENT', equivalent: 'req.len gt 0', usage: 'match data in the request buffer' },
  { name: 'TRUE', equivalent: 'always_true', usage: 'always match' },
  { name: 'WAIT_END', equivalent: 'wait_end', usage: 'wait for end of content analysis' },
];

/** Values of server/bind options the manual lists in prose rather than in a synopsis. */
export const EXTRA_OPTION_VALUES: Record<string, string[]> = {
  'server.init-addr': ['last', 'libc', 'none'],
  'server.on-error': ['fastinter', 'fail-check', 'sudden-death', 'mark-down'],
  'server.on-marked-down': ['shutdown-sessions'],
  'server.on-marked-up': ['shutdown-backup-sessions'],
  'server.resolve-prefer': ['ipv4', 'ipv6'],
  'server.log-proto': ['legacy', 'octet-count'],
  'server.alpn': ['h2', 'http/1.1', 'h2,http/1.1'],
  'server.check-alpn': ['h2', 'http/1.1'],
  'server.proto': ['h2', 'fcgi', 'h1'],
  'bind.level': ['user', 'operator', 'admin'],
  'bind.severity-output': ['none', 'number', 'string'],
  'bind.alpn': ['h2', 'http/1.1', 'h2,http/1.1'],
};

/** Keywords whose first argument names a section: `use_backend <backend>`, `errorfiles <name>`. */
export const FIRST_ARGUMENT_SECTIONS: Record<string, string[]> = {
  use_backend: ['backend', 'listen'],
  default_backend: ['backend', 'listen'],
  errorfiles: ['http-errors'],
  'use-fcgi-app': ['fcgi-app'],
  'email-alert mailers': ['mailers'],
};

/** Does completion have something to offer right after `<keyword> ` (so accepting it may re-open the list)? */
export function suggestsValues(catalog: Catalog, sectionType: string, keyword: KeywordData): boolean {
  const name = keyword.name;
  if ((RULESETS as readonly string[]).includes(name) || name === 'log' || name === 'default-server' || FIRST_ARGUMENT_SECTIONS[name]) return true;
  if (keywordChoices(catalog, sectionType, name, 0, keyword.args).length) return true;
  return synopsesFor(keyword.synopsis, name).some((s) => s.expectedAfter([]).some((t) => t.kind === 'literal' && /^[A-Za-z]/.test(t.text)));
}

/** Options whose value completion lists (`verify ` -> none, required; `resolvers ` -> names). */
export function optionSuggestsValues(catalog: Catalog, family: 'server' | 'bind', option: { name: string; args?: ArgSpec[] }): boolean {
  if (family === 'server' && (option.name === 'resolvers' || option.name === 'track')) return true;
  return optionChoices(catalog, family, option.name, option.args).length > 0 || (EXTRA_OPTION_VALUES[`${family}.${option.name}`] ?? []).length > 0;
}
