// Symbol index of a configuration: named things (sections, servers, ACLs, users...) and the places
// that refer to them. Built from the syntax tree alone; which reference is unresolved or which name
// is defined twice is for the checks to decide (every definition is kept).
import type { ConfigTree, Directive, Position, Range, Section, Word } from '../syntax/tree';
import { SourceWord, containsPosition } from '../syntax/tree';

export type SymbolKind =
  | 'frontend' | 'backend' | 'listen' | 'defaults' | 'userlist' | 'peers' | 'resolvers' | 'mailers' | 'program'
  | 'http-errors' | 'ring' | 'cache' | 'fcgi-app' | 'log-forward' | 'crt-store' | 'log-profile' | 'acme' | 'healthcheck'
  | 'server' | 'acl' | 'user' | 'group' | 'nameserver' | 'peer' | 'mailer' | 'table' | 'file';

export interface SymbolDefinition {
  kind: SymbolKind;
  name: string;
  nameRange: Range;
  /** The section defining it (for a section symbol: the section itself). */
  section: Section;
  /** For servers/ACLs/users/...: the line that defines it. */
  directive?: Directive;
}

export interface SymbolReference {
  /** Kinds a definition may have to satisfy this reference (use_backend -> backend or listen). */
  kinds: SymbolKind[];
  name: string;
  range: Range;
  /** For servers/ACLs/users: the section whose definitions are searched. Undefined = global names. */
  scope?: Section;
  /** For `track proxy/srv` and `use-server`: the proxy name when it is not the scope section. */
  scopeName?: string;
  /** Kinds of the section `scopeName` names (default: backend or listen; userlist for http_auth_group). */
  scopeKinds?: SymbolKind[];
  section: Section | undefined;
  directive: Directive;
  /** Pre-defined ACL (TRUE, HTTP, METH_GET...): never defined by the user. */
  predefined?: boolean;
}

/** Pre-defined ACLs (manual §7.4). */
export const PREDEFINED_ACLS: ReadonlySet<string> = new Set([
  'FALSE', 'HTTP', 'HTTP_1.0', 'HTTP_1.1', 'HTTP_2.0', 'HTTP_3.0', 'HTTP_CONTENT', 'HTTP_URL_ABS', 'HTTP_URL_SLASH',
  'HTTP_URL_STAR', 'LOCALHOST', 'METH_CONNECT', 'METH_DELETE', 'METH_GET', 'METH_HEAD', 'METH_OPTIONS', 'METH_POST',
  'METH_PUT', 'METH_TRACE', 'RDP_COOKIE', 'REQ_CONTENT', 'TRUE', 'WAIT_END',
]);

const PROXY_TYPES: ReadonlySet<string> = new Set(['frontend', 'backend', 'listen', 'defaults']);
const BACKEND_KINDS: SymbolKind[] = ['backend', 'listen'];
// One kinds list per kind, shared by the references of that kind (no array per reference).
const ACL_KINDS: SymbolKind[] = ['acl'];
const SERVER_KINDS: SymbolKind[] = ['server'];
const FILE_KINDS: SymbolKind[] = ['file'];
const CACHE_KINDS: SymbolKind[] = ['cache'];
const DEFAULTS_KINDS: SymbolKind[] = ['defaults'];
const GROUP_KINDS: SymbolKind[] = ['group'];
const USERLIST_KINDS: SymbolKind[] = ['userlist'];
const PEERS_KINDS: SymbolKind[] = ['peers'];
const RESOLVERS_KINDS: SymbolKind[] = ['resolvers'];
const HTTP_ERRORS_KINDS: SymbolKind[] = ['http-errors'];
/** Proxies that may hold a `stick-table`. */
const TABLE_PROXY_KINDS: SymbolKind[] = ['frontend', 'backend', 'listen'];
/** Directives whose `if`/`unless` words start an ACL condition. */
const CONDITION_KEYWORDS: ReadonlySet<string> = new Set([
  'http-request', 'http-response', 'http-after-response', 'tcp-request', 'tcp-response', 'quic-initial', 'use_backend',
  'use-server', 'redirect', 'monitor', 'stats', 'force-persist', 'ignore-persist', 'block', 'stick', 'http-check',
  'tcp-check', 'use-fcgi-app', 'set-param', 'pass-header', 'errorloc', 'reqadd', 'rspadd',
]);
/** What a line's keyword may define or name (scanDirective); CONDITION: its if/unless words start an ACL condition. */
const enum Role {
  None, BackendName, UseServer, FcgiApp, EmailAlert, ErrorFiles, ErrorFile, LuaLoad, Server, Options, Acl, UserOrGroup, Peer,
  Nameserver, Mailer, Table,
}
const ROLE = 31;
const CONDITION = 32;
const KEYWORD_ROLES: ReadonlyMap<string, number> = (() => {
  const roles = new Map<string, number>([
    ['use_backend', Role.BackendName], ['default_backend', Role.BackendName], ['use-server', Role.UseServer],
    ['use-fcgi-app', Role.FcgiApp], ['email-alert', Role.EmailAlert], ['errorfiles', Role.ErrorFiles], ['errorfile', Role.ErrorFile],
    ['lua-load', Role.LuaLoad], ['server', Role.Server], ['default-server', Role.Options], ['server-template', Role.Options],
    ['bind', Role.Options], ['acl', Role.Acl], ['user', Role.UserOrGroup], ['group', Role.UserOrGroup], ['peer', Role.Peer],
    ['nameserver', Role.Nameserver], ['mailer', Role.Mailer], ['table', Role.Table],
  ]);
  for (const kw of CONDITION_KEYWORDS) roles.set(kw, (roles.get(kw) ?? Role.None) | CONDITION);
  return roles;
})();
/** Sample fetches whose argument is a backend (`nbsrv(be)`) or a `[backend/]server` (`srv_is_up(be/srv)`). */
const BACKEND_FETCH = /\b(?:avg_queue|be_conn|be_conn_free|be_sess_rate|connslots|nbsrv|queue)\(([^),]+)\)/g;
const SERVER_FETCH = /\bsrv_(?:conn|conn_free|is_up|iweight|queue|sess_rate|uweight|weight)\(([^),]+)\)/g;
/** ACL flags that take a value (`-m str`), skipped before http_auth_group's group names. */
/** Stick-counter fetches and table converters: their last non-numeric argument names a stick-table. */
const TABLE_CALL = /\b(?:sc\d?|src|table)_[a-z0-9_]+\(([^)]*)\)/g;
/** Rule keywords where `table NAME` names a stick-table (`track-sc0 src table st`, `stick on src table st`). */
const TABLE_WORD_KEYWORDS: ReadonlySet<string> = new Set(['http-request', 'http-response', 'http-after-response', 'tcp-request', 'tcp-response', 'stick']);
const ACL_FLAGS_WITH_VALUE: ReadonlySet<string> = new Set(['-m', '-f', '-u', '-M']);
/** Server/bind options naming a file. */
const FILE_OPTIONS: ReadonlySet<string> = new Set(['crt', 'ca-file', 'crl-file', 'crt-list', 'ca-verify-file', 'ca-sign-file', 'key', 'ocsp', 'issuer']);

/** Range of `part` inside word `w` when the word is written as decoded; the whole word otherwise. */
function subRange(w: Word, offset: number, length: number): Range {
  if (w.raw !== w.text) return w.range;
  // The parser's words keep their line and column: no range made only to read its start.
  const line = w instanceof SourceWord ? w.line : w.range.start.line;
  const character = w instanceof SourceWord ? w.start : w.range.start.character;
  return { start: { line, character: character + offset }, end: { line, character: character + offset + length } };
}

function isDynamic(name: string): boolean { return name.includes('%[') || name.includes('${') || name.includes('$'); }

const DIGITS = /^\d+$/;
const DO_RESOLVE = /^do-resolve\([^,)]*,([^,)]+)/;
const HTTP_AUTH_CALL = /\bhttp_auth(?:_group)?\(([^),]+)\)/g;
const MAP_CALL = /\bmap(?:_[a-z_]+)?\(([^),]+)/g;

/**
 * The first match of a global pattern, the next ones coming from `pattern.exec(text)` (what matchAll
 * gives, without its copy of the pattern and its iterator per word). Loops over one pattern never nest.
 */
function firstMatch(pattern: RegExp, text: string): RegExpExecArray | null {
  pattern.lastIndex = 0;
  return pattern.exec(text);
}

const OPEN_PAREN = 40; // '('
const AT_SIGN = 64; // '@'
const LOWER_C = 99;
const LOWER_E = 101;
const LOWER_I = 105;
const LOWER_K = 107;
const LOWER_O = 111;
const LOWER_P = 112;
const LOWER_R = 114;
const LOWER_T = 116;

/** Does a text hold a character? A loop the JIT inlines: this runs for every word of the file. */
function hasChar(text: string, code: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === code) return true;
  return false;
}

/** Every call scanCalls() reads takes 5 characters or more ("map(x"). */
const MIN_CALL_LENGTH = 5;
/** From this length the builtin search of a word costs less than a character loop (instruction counts on the bench file). */
export const LONG_WORD = 13;

/** Can a word hold a call scanCalls() reads (it has a '(' and is long enough)? Runs for every word of the file. */
function mayHoldCall(t: string): boolean {
  return t.length >= MIN_CALL_LENGTH && (t.length >= LONG_WORD ? t.includes('(') : hasChar(t, OPEN_PAREN));
}

/** Optional fields of a reference; every caller passes defined values only. */
type ReferenceExtra = Pick<SymbolReference, 'scope' | 'scopeName' | 'scopeKinds' | 'predefined'>;

class IndexBuilder {
  readonly definitions: SymbolDefinition[] = [];
  readonly references: SymbolReference[] = [];

  run(tree: ConfigTree): void {
    // Index loops: run() executes once per build, often before it is optimized, where for-of
    // allocates an iterator result per directive.
    const preamble = tree.preamble;
    for (let i = 0; i < preamble.length; i++) this.scanDirective(preamble[i], undefined, undefined);
    const sections = tree.sections;
    for (let k = 0; k < sections.length; k++) {
      const section = sections[k];
      if (section.name && section.type !== 'global' && section.type !== 'traces') {
        this.define(section.type as SymbolKind, section.name, section);
      }
      if (section.from) this.reference(DEFAULTS_KINDS, section.from.text, section.from.range, section, section.header);
      this.scanLines(section, section.directives);
    }
  }

  /** Some body lines of a section (each line's symbols depend on that line and its section only). */
  scanLines(section: Section, directives: readonly Directive[]): void {
    const proxy = PROXY_TYPES.has(section.type) ? section : undefined;
    for (let i = 0; i < directives.length; i++) this.scanDirective(directives[i], section, proxy);
  }

  private define(kind: SymbolKind, word: Word, section: Section, directive?: Directive): void {
    // Each shape written as one literal: a field added afterwards would cost a property store per definition.
    const def: SymbolDefinition = directive
      ? { kind, name: word.text, nameRange: word.range, section, directive }
      : { kind, name: word.text, nameRange: word.range, section };
    this.definitions.push(def);
  }

  /** Builds the reference without spreading `extra` (this runs for every reference of the file). */
  private reference(kinds: SymbolKind[], name: string, range: Range, section: Section | undefined, directive: Directive,
    extra?: ReferenceExtra): void {
    if (name === '') return;
    const ref: SymbolReference = { kinds, name, range, section, directive };
    if (extra) {
      if (extra.scope !== undefined) ref.scope = extra.scope;
      if (extra.scopeName !== undefined) ref.scopeName = extra.scopeName;
      if (extra.scopeKinds !== undefined) ref.scopeKinds = extra.scopeKinds;
      if (extra.predefined !== undefined) ref.predefined = extra.predefined;
    }
    this.references.push(ref);
  }

  /** `proxy`: the section when it is a proxy (frontend, backend, listen, defaults). */
  private scanDirective(d: Directive, section: Section | undefined, proxy: Section | undefined): void {
    const kw = d.keyword.text;
    const args = d.args;
    // One map hit per line says what its keyword may define or name (it was a chain of string tests).
    const role = KEYWORD_ROLES.get(kw) ?? 0;
    switch (role & ROLE) {
      case Role.BackendName:
        if (args[0] && !isDynamic(args[0].text)) this.reference(BACKEND_KINDS, args[0].text, args[0].range, section, d);
        break;
      case Role.UseServer:
        if (args[0] && proxy) this.reference(SERVER_KINDS, args[0].text, args[0].range, section, d, { scope: proxy });
        break;
      case Role.FcgiApp:
        if (args[0]) this.reference(['fcgi-app'], args[0].text, args[0].range, section, d);
        break;
      case Role.EmailAlert:
        if (args[0]?.text === 'mailers' && args[1]) this.reference(['mailers'], args[1].text, args[1].range, section, d);
        break;
      case Role.ErrorFiles:
        if (args[0]) this.reference(HTTP_ERRORS_KINDS, args[0].text, args[0].range, section, d);
        break;
      case Role.ErrorFile:
        if (args[1]) this.reference(FILE_KINDS, args[1].text, args[1].range, section, d);
        break;
      case Role.LuaLoad:
        if (args[0]) this.reference(FILE_KINDS, args[0].text, args[0].range, section, d);
        break;
      case Role.Server:
        if (section && args[0]) {
          const t = section.type;
          if (t === 'backend' || t === 'listen') this.define('server', args[0], section, d);
          else if (t === 'peers') this.define('peer', args[0], section, d);
        }
        this.scanOptions(d, kw, section, proxy);
        break;
      case Role.Options:
        this.scanOptions(d, kw, section, proxy);
        break;
      case Role.Acl:
        if (section && args[0] && (PROXY_TYPES.has(section.type) || section.type === 'fcgi-app')) this.define('acl', args[0], section, d);
        this.scanAclFiles(d, section);
        break;
      case Role.UserOrGroup:
        if (section?.type === 'userlist') {
          if (args[0]) this.define(kw === 'user' ? 'user' : 'group', args[0], section, d);
          this.scanUserlistMembers(d, section);
        }
        break;
      case Role.Peer:
        if (section?.type === 'peers' && args[0]) this.define('peer', args[0], section, d);
        break;
      case Role.Nameserver:
        if (section?.type === 'resolvers' && args[0]) this.define('nameserver', args[0], section, d);
        break;
      case Role.Mailer:
        if (section?.type === 'mailers' && args[0]) this.define('mailer', args[0], section, d);
        break;
      case Role.Table:
        if (section?.type === 'peers' && args[0]) this.define('table', args[0], section, d);
        break;
    }
    this.scanWords(d, kw, section);
    if (role & CONDITION) this.scanCondition(d, section);
  }

  /** server/bind options: track [proxy/]srv, resolvers X, crt/ca-file FILE. */
  private scanOptions(d: Directive, kw: string, section: Section | undefined, proxy: Section | undefined): void {
    const args = d.args;
    for (let i = 0; i < args.length - 1; i++) {
      const opt = args[i].text;
      // Every option read here (track, resolvers, FILE_OPTIONS) starts with one of these letters: a character test skips the other words.
      const first = opt.charCodeAt(0);
      if (first !== LOWER_T && first !== LOWER_R && first !== LOWER_C && first !== LOWER_K && first !== LOWER_O && first !== LOWER_I) continue;
      const value = args[i + 1];
      if (opt === 'track') {
        const slash = value.text.indexOf('/');
        if (slash >= 0) {
          const proxyName = value.text.slice(0, slash);
          this.reference(BACKEND_KINDS, proxyName, subRange(value, 0, slash), section, d);
          this.reference(SERVER_KINDS, value.text.slice(slash + 1), subRange(value, slash + 1, value.text.length - slash - 1), section, d, { scopeName: proxyName });
        } else if (proxy) {
          this.reference(SERVER_KINDS, value.text, value.range, section, d, { scope: proxy });
        }
      } else if (opt === 'resolvers') this.reference(RESOLVERS_KINDS, value.text, value.range, section, d);
      else if (FILE_OPTIONS.has(opt) && (kw === 'bind' || opt !== 'key')) this.reference(FILE_KINDS, value.text, value.range, section, d);
    }
  }

  /** `user U groups G1,G2` and `group G users U1,U2`: members named inside the same userlist. */
  private scanUserlistMembers(d: Directive, section: Section): void {
    const listKeyword = d.keyword.text === 'user' ? 'groups' : 'users';
    const memberKind: SymbolKind = d.keyword.text === 'user' ? 'group' : 'user';
    const args = d.args;
    for (let i = 1; i < args.length - 1; i++) {
      if (args[i].text !== listKeyword) continue;
      const list = args[i + 1];
      let at = 0;
      for (const name of list.text.split(',')) {
        this.reference([memberKind], name, subRange(list, at, name.length), section, d, { scope: section });
        at += name.length + 1;
      }
    }
  }

  /** `http_auth_group(L) g1 g2`: the patterns (args from `from` on) are group names of userlist L (until `}` or the condition). */
  private scanAuthGroups(d: Directive, args: Word[], from: number, userlist: string, section: Section | undefined): void {
    for (let i = from; i < args.length; i++) {
      const t = args[i].text;
      if (t === '}' || t === 'if' || t === 'unless') return;
      if (ACL_FLAGS_WITH_VALUE.has(t)) { i++; continue; }
      if (t.startsWith('-') || t === '') continue;
      this.reference(GROUP_KINDS, t, args[i].range, section, d, { scopeName: userlist, scopeKinds: USERLIST_KINDS });
    }
  }

  /** Fetch arguments naming a backend, or a [backend/]server (a bare server is one of the current proxy). */
  private scanFetchArguments(w: Word, d: Directive, section: Section | undefined): void {
    const proxy = section && (section.type === 'backend' || section.type === 'listen') ? section : undefined;
    const t = w.text;
    for (let m = firstMatch(BACKEND_FETCH, t); m; m = BACKEND_FETCH.exec(t)) {
      const at = (m.index ?? 0) + m[0].indexOf('(') + 1;
      if (!isDynamic(m[1])) this.reference(BACKEND_KINDS, m[1], subRange(w, at, m[1].length), section, d);
    }
    for (let m = firstMatch(SERVER_FETCH, t); m; m = SERVER_FETCH.exec(t)) {
      const at = (m.index ?? 0) + m[0].indexOf('(') + 1;
      const slash = m[1].indexOf('/');
      if (isDynamic(m[1])) continue;
      if (slash < 0) {
        if (proxy) this.reference(SERVER_KINDS, m[1], subRange(w, at, m[1].length), section, d, { scope: proxy });
        continue;
      }
      const proxyName = m[1].slice(0, slash);
      const server = m[1].slice(slash + 1);
      this.reference(BACKEND_KINDS, proxyName, subRange(w, at, slash), section, d);
      this.reference(SERVER_KINDS, server, subRange(w, at + slash + 1, server.length), section, d, { scopeName: proxyName });
    }
  }

  /**
   * A stick-table name: a proxy's table (`st_src`), or `peers/table` for a `table` line of a peers
   * section (manual: peers sections prefix their tables' names with the section name).
   */
  private tableReference(name: string, w: Word, at: number, d: Directive, section: Section | undefined): void {
    if (isDynamic(name) || DIGITS.test(name)) return;
    const slash = name.indexOf('/');
    if (slash < 0) { this.reference(TABLE_PROXY_KINDS, name, subRange(w, at, name.length), section, d); return; }
    const peers = name.slice(0, slash);
    const table = name.slice(slash + 1);
    this.reference(PEERS_KINDS, peers, subRange(w, at, slash), section, d);
    this.reference(['table'], table, subRange(w, at + slash + 1, table.length), section, d, { scopeName: peers, scopeKinds: ['peers'] });
  }

  private scanTableCalls(w: Word, d: Directive, section: Section | undefined): void {
    const t = w.text;
    for (let m = firstMatch(TABLE_CALL, t); m; m = TABLE_CALL.exec(t)) {
      const args = m[1].split(',');
      const last = args[args.length - 1];
      if (args.length === 0 || last === '' || DIGITS.test(last)) continue;
      const at = (m.index ?? 0) + m[0].indexOf('(') + 1 + m[1].length - last.length;
      this.tableReference(last, w, at, d, section);
    }
  }

  /** `acl name crit -f file` (also -M -f). */
  private scanAclFiles(d: Directive, section: Section | undefined): void {
    const args = d.args;
    for (let i = 2; i < args.length - 1; i++) {
      if (args[i].text === '-f') this.reference(FILE_KINDS, args[i + 1].text, args[i + 1].range, section, d);
    }
  }

  /**
   * References embedded in words: ring@X, http_auth(L), map(file), peers X, cache-use X, profile X.
   * Runs for every word of the file: cheap character tests first, the regular expressions only for
   * words with a '(' (every pattern below needs one).
   */
  private scanWords(d: Directive, kw: string, section: Section | undefined): void {
    const args = d.args;
    const count = args.length + 1;
    for (let i = 0; i < count; i++) {
      const w = i === 0 ? d.keyword : args[i - 1];
      const t = w.text;
      if (t.length >= 5 && t.charCodeAt(4) === AT_SIGN && t.startsWith('ring@')) {
        this.reference(['ring'], t.slice(5), subRange(w, 5, t.length - 5), section, d);
      }
      if (t.length >= 8 && t.charCodeAt(7) === AT_SIGN && kw === 'log' && t.startsWith('backend@')) {
        this.reference(BACKEND_KINDS, t.slice(8), subRange(w, 8, t.length - 8), section, d);
      }
      if (mayHoldCall(t)) this.scanCalls(w, i, d, section);
      if (i === 0 || i >= args.length) continue;
      // The words naming the next one all start with c, e, p or t: one character test skips the others.
      const first = t.charCodeAt(0);
      if (first === LOWER_C || first === LOWER_E || first === LOWER_P || first === LOWER_T) this.scanNamingWord(t, args[i], i, kw, d, section);
    }
  }

  /** `peers X` (stick-table), `cache-use X`, `filter cache X`, `errorfiles X`, `profile X` (log), `table X` (rules). */
  private scanNamingWord(t: string, next: Word, i: number, kw: string, d: Directive, section: Section | undefined): void {
    switch (t) {
      case 'peers':
        if (kw === 'stick-table') this.reference(PEERS_KINDS, next.text, next.range, section, d);
        break;
      case 'cache-use':
      case 'cache-store':
        this.reference(CACHE_KINDS, next.text, next.range, section, d);
        break;
      case 'cache':
        if (kw === 'filter' && i === 1) this.reference(CACHE_KINDS, next.text, next.range, section, d);
        break;
      case 'errorfiles':
        if (kw !== 'errorfiles') this.reference(HTTP_ERRORS_KINDS, next.text, next.range, section, d);
        break;
      case 'profile':
        if (kw === 'log') this.reference(['log-profile'], next.text, next.range, section, d);
        break;
      case 'table':
        if (TABLE_WORD_KEYWORDS.has(kw)) this.tableReference(next.text, next, 0, d, section);
        break;
    }
  }

  /** Calls inside word `index` (0: the keyword): fetch arguments, tables, do-resolve, http_auth, map files. */
  private scanCalls(w: Word, index: number, d: Directive, section: Section | undefined): void {
    const t = w.text;
    this.scanFetchArguments(w, d, section);
    this.scanTableCalls(w, d, section);
    const resolve = t.startsWith('do-resolve(') ? DO_RESOLVE.exec(t) : null;
    if (resolve) this.reference(RESOLVERS_KINDS, resolve[1], subRange(w, resolve[0].length - resolve[1].length, resolve[1].length), section, d);
    if (t.includes('http_auth')) {
      for (let m = firstMatch(HTTP_AUTH_CALL, t); m; m = HTTP_AUTH_CALL.exec(t)) {
        const at = (m.index ?? 0) + m[0].indexOf('(') + 1;
        this.reference(USERLIST_KINDS, m[1], subRange(w, at, m[1].length), section, d);
        // The words after it: args from `index` on (word index+1 of the line).
        if (m[0].startsWith('http_auth_group') && m.index === 0) this.scanAuthGroups(d, d.args, index, m[1], section);
      }
    }
    if (t.includes('map')) {
      for (let m = firstMatch(MAP_CALL, t); m; m = MAP_CALL.exec(t)) {
        const at = (m.index ?? 0) + m[0].indexOf('(') + 1;
        if (!isDynamic(m[1])) this.reference(FILE_KINDS, m[1], subRange(w, at, m[1].length), section, d);
      }
    }
  }

  /** ACL names after `if`/`unless`, skipping operators and anonymous `{ ... }` ACLs. */
  private scanCondition(d: Directive, section: Section | undefined): void {
    const args = d.args;
    let start = -1;
    for (let i = 1; i < args.length; i++) {
      const t = args[i].text;
      if ((t === 'if' || t === 'unless') && !args[i].quoted) { start = i; break; }
    }
    if (start < 0) return;
    let braces = 0;
    for (let i = start + 1; i < args.length; i++) {
      const w = args[i];
      const t = w.text;
      if (t === '{' || t === '!{') { braces++; continue; }
      if (t === '}') { braces = Math.max(0, braces - 1); continue; }
      if (braces > 0 || t === '||' || t === 'or' || t === '!' || t === '') continue;
      const negated = t.charCodeAt(0) === 33; // '!'
      const name = negated ? t.slice(1) : t;
      if (name === '') continue;
      const range = negated ? subRange(w, 1, name.length) : w.range;
      // Built here rather than through reference(): one object per ACL name of every condition, each
      // shape one literal (a field added afterwards would cost a property store per reference).
      const ref: SymbolReference = PREDEFINED_ACLS.has(name)
        ? (section ? { kinds: ACL_KINDS, name, range, section, directive: d, scope: section, predefined: true }
          : { kinds: ACL_KINDS, name, range, section, directive: d, predefined: true })
        : (section ? { kinds: ACL_KINDS, name, range, section, directive: d, scope: section }
          : { kinds: ACL_KINDS, name, range, section, directive: d });
      this.references.push(ref);
    }
  }
}

/** Definitions of one section: all of them, and by name once the section has many. */
interface SectionDefinitions { all: SymbolDefinition[]; byName?: Map<string, SymbolDefinition[]> }

/** Up to this many definitions, a section's list is scanned rather than indexed by name. */
const SMALL_SECTION = 16;

function hasKind(kinds: SymbolKind | SymbolKind[], kind: SymbolKind): boolean {
  return typeof kinds === 'string' ? kinds === kind : kinds.includes(kind);
}

/** Definitions and references of one tree, with lookups. */
export class SymbolIndex {
  private byNameMap: Map<string, SymbolDefinition[]> | undefined;
  /** Per section: its definitions (by name only for sections with many of them), built on first use. */
  private bySection: Map<Section, SectionDefinitions> | undefined;

  /**
   * `byName` (definitions by name, each list in document order) may be passed by a caller that keeps it
   * up to date incrementally (LanguageService after an edit): building it anew costs O(definitions).
   * Otherwise it is built on first lookup (an index made only to collect a section's symbols never needs it).
   */
  constructor(readonly definitions: SymbolDefinition[], readonly references: SymbolReference[], byName?: Map<string, SymbolDefinition[]>) {
    this.byNameMap = byName;
  }

  private get byName(): Map<string, SymbolDefinition[]> {
    if (this.byNameMap) return this.byNameMap;
    const byName = new Map<string, SymbolDefinition[]>();
    for (const def of this.definitions) {
      const list = byName.get(def.name);
      if (list) list.push(def); else byName.set(def.name, [def]);
    }
    return this.byNameMap = byName;
  }

  /** Definitions of a name among some kinds; `scope` limits servers/ACLs/users to one section. */
  findDefinitions(kinds: SymbolKind | SymbolKind[], name: string, scope?: Section): SymbolDefinition[] {
    const found: SymbolDefinition[] = [];
    if (scope) {
      const own = this.sectionDefinitions(scope);
      if (!own) return found;
      const candidates = own.byName ? own.byName.get(name) : own.all;
      if (candidates) for (const d of candidates) if (d.name === name && hasKind(kinds, d.kind)) found.push(d);
      return found;
    }
    const candidates = this.byName.get(name);
    if (candidates) for (const d of candidates) if (hasKind(kinds, d.kind)) found.push(d);
    return found;
  }

  /**
   * Definitions inside one section, indexed per section on first use: common server names (web1,
   * s1) exist in thousands of backends, and filtering them all for every `track` made resolving a
   * 55k-line file's references take seconds. Sections with few definitions keep a plain list (a
   * map per backend cost more to build than the scans it saves); within a name, the order is the
   * byName order (document order).
   */
  private sectionDefinitions(scope: Section): SectionDefinitions | undefined {
    if (!this.bySection) {
      const bySection = new Map<Section, SectionDefinitions>();
      this.byName.forEach((list) => { // forEach: no iterator result per name
        for (const def of list) {
          const own = bySection.get(def.section);
          if (own) own.all.push(def); else bySection.set(def.section, { all: [def] });
        }
      });
      this.bySection = bySection;
    }
    const own = this.bySection.get(scope);
    if (own && !own.byName && own.all.length > SMALL_SECTION) {
      const byName = new Map<string, SymbolDefinition[]>();
      for (const def of own.all) {
        const same = byName.get(def.name);
        if (same) same.push(def); else byName.set(def.name, [def]);
      }
      own.byName = byName;
    }
    return own;
  }

  /** The definitions a reference points to (empty: unresolved; several: duplicates). */
  resolve(ref: SymbolReference): SymbolDefinition[] {
    if (ref.predefined) return [];
    if (ref.scopeName !== undefined) {
      const proxies = this.findDefinitions(ref.scopeKinds ?? BACKEND_KINDS, ref.scopeName);
      return proxies.flatMap((p) => this.findDefinitions(ref.kinds, ref.name, p.section));
    }
    return this.findDefinitions(ref.kinds, ref.name, ref.scope);
  }

  /** References that resolve to a definition. */
  referencesTo(def: SymbolDefinition): SymbolReference[] {
    return this.references.filter((r) => r.name === def.name && r.kinds.includes(def.kind) && this.resolve(r).includes(def));
  }

  /** The definition or reference under a position (word end included, like an editor cursor). */
  symbolAt(pos: Position): { definition?: SymbolDefinition; reference?: SymbolReference } | undefined {
    const def = findOnLine(this.definitions, pos, (d) => d.nameRange);
    if (def) return { definition: def };
    const ref = findOnLine(this.references, pos, (r) => r.range);
    return ref ? { reference: ref } : undefined;
  }
}

/**
 * The first item whose range contains `pos`. Both lists are built in line order, so a binary search
 * finds the cursor's line (a linear scan of a 100k-line file's ~95k definitions took ~17 ms per
 * request); a list found out of order falls back to the scan.
 */
function findOnLine<T>(list: readonly T[], pos: Position, rangeOf: (item: T) => Range): T | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rangeOf(list[mid]).start.line < pos.line) lo = mid + 1; else hi = mid;
  }
  for (let i = lo; i < list.length && rangeOf(list[i]).start.line === pos.line; i++) {
    if (containsPosition(rangeOf(list[i]), pos)) return list[i];
  }
  if (isLineOrdered(list, rangeOf)) return undefined;
  return list.find((item) => containsPosition(rangeOf(item), pos));
}

const lineOrdered = new WeakMap<readonly unknown[], boolean>();

function isLineOrdered<T>(list: readonly T[], rangeOf: (item: T) => Range): boolean {
  let ordered = lineOrdered.get(list);
  if (ordered === undefined) {
    ordered = list.every((item, i) => i === 0 || rangeOf(list[i - 1]).start.line <= rangeOf(item).start.line);
    lineOrdered.set(list, ordered);
  }
  return ordered;
}

export function buildSymbolIndex(tree: ConfigTree): SymbolIndex {
  const builder = new IndexBuilder();
  builder.run(tree);
  return new SymbolIndex(builder.definitions, builder.references);
}

/**
 * The definitions and references some body lines of `section` make, in the order a full build lists
 * them (the section's own name and `from` are not included): an edit in a long section re-scans
 * only its new lines.
 */
export function scanSectionLines(section: Section, directives: readonly Directive[]): { definitions: SymbolDefinition[]; references: SymbolReference[] } {
  const builder = new IndexBuilder();
  builder.scanLines(section, directives);
  return { definitions: builder.definitions, references: builder.references };
}
