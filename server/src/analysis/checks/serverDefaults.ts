// Server settings HAProxy only judges once a server's options are complete (default-server lines
// of the defaults section and of the proxy, then the server line). Document check, because the
// settings come from other sections. Behaviours checked with haproxy -c 2.6.12:
//
// missing-ca-file: a server that talks TLS verifies the server's certificate by default (global
// ssl-server-verify required), so it needs a `ca-file` or `verify none` ("verify is enabled by
// default but no CA file specified"):
// - TLS is used with `ssl` (also inherited: a later `no-ssl` does not undo an inherited `ssl`),
//   with `check-ssl` (undone by `no-check-ssl`), or when the proxy's checks `connect ... ssl`;
// - `verify none` (or global `ssl-server-verify none` when no `verify` is given) or any `ca-file`
//   (@system-ca too) makes it fine; `disabled` servers are checked too.
// check-without-port: a health-checked server (check, undone by no-check) whose address has no
// service port (none, 0 or an offset such as +1) needs a `port` ("server has neither service port
// nor check port"), unless the proxy's check rules connect to a port; `agent-check` needs an
// `agent-port` ("does not have agent port").
// fcgi-without-app: a server with `proto fcgi` in a proxy without `use-fcgi-app`.
// track-without-check: `track [proxy/]server` needs a server with a check, an agent check or a
// track of its own ("does not have any check nor agent enabled").
//
// Checked proxy by proxy (context.ts): a proxy depends on the defaults section it inherits from
// (exported as 'defaults#INDEX' and 'named:NAME': its default-server and check lines), on the
// global ssl-server-verify ('verify-none'), and for tracking on the tracked proxy ('proxy:NAME':
// any edit of it).
import type { Directive, Section, Word } from '../../syntax/tree';
import type { CheckContext, DocumentCheck, UnitContext } from '../context';
import { isDynamicWord, isSkipped } from './common';
import { visitOptions } from './optionWalk';

interface ServerState {
  ssl: boolean;
  checkSsl: boolean;
  verify?: string;
  caFile: boolean;
  check: boolean;
  agentCheck: boolean;
  agentPort: boolean;
  checkPort: boolean;
  proto?: string;
  track?: Word;
}

/** What a section inherits: the default-server state (undefined: unknown) and its check rules. */
interface Inherited { tls: ServerState | undefined; checks: CheckRules }
interface CheckRules { tls: boolean; port: boolean }

const EMPTY: ServerState = { ssl: false, checkSsl: false, caFile: false, check: false, agentCheck: false, agentPort: false, checkPort: false };
const NO_RULES: CheckRules = { tls: false, port: false };

/** Applies one default-server/server line's options; undefined when the line cannot be read (env refs, unknown option). */
function apply(state: ServerState, d: Directive, start: number, ctx: CheckContext): ServerState | undefined {
  const next = { ...state };
  const end = visitOptions(d.args, start, 'server', ctx.catalog, ({ option }, _word, value) => {
    switch (option.name) {
      case 'ssl': next.ssl = true; break;
      case 'check-ssl': next.checkSsl = true; break;
      case 'no-check-ssl': next.checkSsl = false; break;
      case 'verify': next.verify = value?.text; break;
      case 'ca-file': next.caFile = true; break;
      case 'check': next.check = true; break;
      case 'no-check': next.check = false; break;
      case 'agent-check': next.agentCheck = true; break;
      case 'no-agent-check': next.agentCheck = false; break;
      case 'track': next.track = value; break;
      case 'port': next.checkPort = true; break;
      case 'agent-port': next.agentPort = true; break;
      case 'proto': next.proto = value?.text; break;
      default: break;
    }
  });
  return end.dynamic || end.unknown || end.missingValue ? undefined : next;
}

/** A cheap scan of a server line: could its settings matter to the caller? (false: not read at all) */
type LineFilter = (defaults: ServerState, rules: CheckRules, d: Directive, start: number) => boolean;

/**
 * Visits the server and server-template lines of a section that may matter (`mayMatter`), each
 * with its settings: the inherited ones, then the section's default-server lines above it, then its
 * own options. Stops at the first line that cannot be read (env refs, unknown option).
 */
function forEachServerSetting(s: Section, defaults: ServerState | undefined, rules: CheckRules, ctx: CheckContext,
  mayMatter: LineFilter, visit: (d: Directive, start: number, own: ServerState) => void): void {
  const directives = s.directives;
  for (let i = 0; i < directives.length; i++) {
    if (!defaults) return;
    const d = directives[i];
    const kw = d.keyword.text;
    if (kw === 'default-server') {
      if (!isSkipped(d)) defaults = apply(defaults, d, 0, ctx);
      continue;
    }
    if (kw !== 'server' && kw !== 'server-template') continue;
    const start = kw === 'server' ? 2 : 3;
    // The word scan first: telling a skipped line reads every character of it.
    if (d.args.length < start || !mayMatter(defaults, rules, d, start) || isSkipped(d)) continue;
    const own = apply(defaults, d, start, ctx);
    if (own) visit(d, start, own);
  }
}

/**
 * Could this server line need a check here? (a cheap scan before reading its options properly: an
 * option is only set by its own word, and a line with a variable is never read). A plain health
 * check matters only when no port is known.
 */
const mayNeedCheck: LineFilter = (defaults, rules, d, start) => {
  if (defaults.ssl || defaults.checkSsl || defaults.agentCheck || defaults.track || defaults.proto || rules.tls) return true;
  let checked = defaults.check;
  const args = d.args;
  for (let i = start; i < args.length; i++) {
    const t = args[i].text;
    switch (t.length) { // most option words and values have none of these lengths
      case 3: if (t === 'ssl') return true; break;
      case 5: if (t === 'check') checked = true; else if (t === 'track' || t === 'proto') return true; break;
      case 9: if (t === 'check-ssl') return true; break;
      case 11: if (t === 'agent-check') return true; break;
      default: break;
    }
  }
  return checked && !rules.port && mayLackServicePort(args[start - 1]);
};

/** Could this server line track another server? (its own `track` word, or an inherited one) */
const mayTrack: LineFilter = (defaults, _rules, d, start) => {
  if (defaults.track) return true;
  const args = d.args;
  for (let i = start; i < args.length; i++) {
    const t = args[i].text;
    if (t.length === 5 && t === 'track') return true;
  }
  return false;
};

/** Could check-without-port fire for this address? (the port test of checkProxy) */
function mayLackServicePort(address: Word): boolean {
  return !isDynamicWord(address) && hasServicePort(address.text) === false;
}

/** The server names a server or server-template line declares (templates: PREFIX1..PREFIXN, capped). */
function serverNames(d: Directive): string[] {
  const first = d.args[0];
  if (!first || isDynamicWord(first)) return [];
  if (d.keyword.text === 'server') return [first.text];
  const m = /^(\d+)(?:-(\d+))?$/.exec(d.args[1]?.text ?? '');
  if (!m) return [];
  const low = m[2] !== undefined ? Number(m[1]) : 1;
  const high = Math.min(m[2] !== undefined ? Number(m[2]) : Number(m[1]), low + 10000);
  const names: string[] = [];
  for (let i = low; i <= high; i++) names.push(`${first.text}${i}`);
  return names;
}

/** A section's tcp-check/http-check connect rules: with TLS? with a port? (undefined: no check rules) */
function checkRules(section: Section): CheckRules | undefined {
  let hasRules = false;
  const rules = { tls: false, port: false };
  for (const d of section.directives) {
    const kw = d.keyword.text;
    if ((kw !== 'tcp-check' && kw !== 'http-check') || isSkipped(d)) continue;
    hasRules = true;
    if (d.args[0]?.text !== 'connect') continue;
    for (let i = 1; i < d.args.length; i++) {
      if (d.args[i].text === 'ssl') rules.tls = true;
      if (d.args[i].text === 'port') rules.port = true;
    }
  }
  return hasRules ? rules : undefined;
}

const NO_PORT_FAMILIES = /^(unix|uxst|abns|abnsz|fd|sockpair)@|^\//;

/** Has this server address a service port (1-65535, not an offset)? undefined when it cannot tell. */
function hasServicePort(address: string): boolean | undefined {
  if (address.includes('$')) return undefined;
  const at = address.indexOf('@');
  if (at >= 0 || address.startsWith('/')) {
    if (NO_PORT_FAMILIES.test(address)) return true; // sockets need no port
  }
  const rest = at >= 0 ? address.slice(at + 1) : address;
  if (rest.startsWith('_')) return undefined; // a DNS SRV record ("_http._tcp.example") brings the port
  let sep = -1;
  for (let i = rest.length - 1; i >= 0; i--) {
    if (rest[i] === ']') break;
    if (rest[i] === ':') { sep = i; break; }
  }
  if (sep < 0) return false;
  let port = 0;
  for (let i = sep + 1; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c < 48 || c > 57) break;
    port = port * 10 + (c - 48);
  }
  return port > 0;
}

/** A server line that tracks another server. */
interface Tracking { d: Directive; track: Word }

const VERIFY_NONE = 'verify-none';
const defaultsKey = (index: number): string => `defaults#${index}`;
const namedKey = (name: string): string => `named:${name}`;
const proxyKey = (name: string): string => `proxy:${name}`;

function verifyLine(s: Section): Directive | undefined {
  return s.directives.find((x) => x.keyword.text === 'ssl-server-verify' && !isSkipped(x));
}

/** What a section inherits, with the keys of the sections it comes from. */
interface Inheritance { from: Inherited; keys: readonly string[] }

const NOTHING_INHERITED: Inheritance = { from: { tls: EMPTY, checks: NO_RULES }, keys: [] };

/** Document-wide lookups, computed on first need, once per run. */
class ServerFacts {
  private verifyNone?: boolean;
  private lastDefaults?: Int32Array;
  private indexes?: Map<Section, number>;
  private readonly defaultsStates = new Map<Section, Inheritance>();
  /** What proxies without `from` inherit, by the index of their defaults section: they share it. */
  private readonly byLastDefaults = new Map<number, Inheritance>();
  private proxies?: Map<string, Section>;
  private readonly monitored = new Map<Section, Map<string, boolean | undefined>>();

  constructor(readonly ctx: CheckContext) {}

  get verifyNoneByDefault(): boolean {
    this.verifyNone ??= this.ctx.tree.sections.some((s) => s.type === 'global' && verifyLine(s)?.args[0]?.text === 'none');
    return this.verifyNone;
  }

  /** What a section starts from: its `from` defaults, else (proxies only) the last active defaults before it. */
  inherited(s: Section, index?: number): Inheritance {
    const isDefaults = s.type === 'defaults';
    if (!s.from) {
      if (isDefaults) return NOTHING_INHERITED;
      const last = this.lastDefaultsBefore(index ?? this.indexOf(s));
      if (last < 0) return NOTHING_INHERITED;
      let known = this.byLastDefaults.get(last);
      if (!known) this.byLastDefaults.set(last, known = this.inheritedFrom(this.ctx.tree.sections[last], [defaultsKey(last)]));
      return known;
    }
    let keys: string[] = [];
    let base: Section | undefined;
    if (!isDefaults) {
      const last = this.lastDefaultsBefore(index ?? this.indexOf(s));
      if (last >= 0) { base = this.ctx.tree.sections[last]; keys = [defaultsKey(last)]; }
    }
    if (s.from) {
      const fromName = s.from.text;
      const named = this.ctx.tree.sections.filter((x) => x.type === 'defaults' && x.name?.text === fromName && x.startLine < s.startLine);
      keys = [namedKey(fromName)];
      base = named.length === 1 ? named[0] : undefined;
      if (named.length !== 1) return { from: { tls: undefined, checks: NO_RULES }, keys }; // unresolved: reported elsewhere
    }
    if (!base) return { from: { tls: EMPTY, checks: NO_RULES }, keys };
    return this.inheritedFrom(base, keys);
  }

  private inheritedFrom(base: Section, keys: string[]): Inheritance {
    const state = this.defaultsState(base);
    return { from: state?.from ?? { tls: undefined, checks: NO_RULES }, keys: state ? [...keys, ...state.keys] : keys };
  }

  /** A defaults section's own default-server lines and check rules, on top of what it inherits (undefined: inactive). */
  private defaultsState(d: Section): Inheritance | undefined {
    if (d.activity === 'inactive') return undefined;
    let state = this.defaultsStates.get(d);
    if (!state) {
      const from = this.inherited(d);
      let tls = from.from.tls;
      for (const line of d.directives) {
        if (!tls) break;
        if (line.keyword.text === 'default-server' && !isSkipped(line)) tls = apply(tls, line, 0, this.ctx);
      }
      state = { from: { tls, checks: checkRules(d) ?? from.from.checks }, keys: from.keys };
      this.defaultsStates.set(d, state);
    }
    return state;
  }

  /** Index of the last active defaults section before section `index` (-1: none). */
  private lastDefaultsBefore(index: number): number {
    if (!this.lastDefaults) {
      const sections = this.ctx.tree.sections;
      this.lastDefaults = new Int32Array(sections.length);
      let last = -1;
      for (let i = 0; i < sections.length; i++) {
        this.lastDefaults[i] = last;
        if (sections[i].type === 'defaults' && sections[i].activity !== 'inactive') last = i;
      }
    }
    return index >= 0 && index < this.lastDefaults.length ? this.lastDefaults[index] : -1;
  }

  /** Only for tracked proxies (units know their index). */
  private indexOf(s: Section): number {
    this.indexes ??= new Map(this.ctx.tree.sections.map((x, i) => [x, i]));
    return this.indexes.get(s) ?? -1;
  }

  /** The first active backend or listen of each name (what `track NAME/srv` finds). */
  proxyNamed(name: string): Section | undefined {
    if (!this.proxies) {
      this.proxies = new Map();
      for (const s of this.ctx.tree.sections) {
        if ((s.type === 'backend' || s.type === 'listen') && s.activity !== 'inactive' && s.name && !this.proxies.has(s.name.text)) this.proxies.set(s.name.text, s);
      }
    }
    return this.proxies.get(name);
  }

  /** Has a server of a proxy a check, an agent check or a track? undefined: no such server, or unknown. */
  isMonitored(s: Section, server: string, start: Inherited): boolean | undefined {
    let servers = this.monitored.get(s);
    if (!servers) {
      servers = new Map();
      let state = start.tls;
      for (const d of s.directives) {
        if (isSkipped(d) || !state) continue;
        const kw = d.keyword.text;
        if (kw === 'default-server') { state = apply(state, d, 0, this.ctx); continue; }
        if (kw !== 'server' && kw !== 'server-template') continue;
        const own = apply(state, d, kw === 'server' ? 2 : 3, this.ctx);
        for (const name of serverNames(d)) if (!servers.has(name)) servers.set(name, own ? own.check || own.agentCheck || !!own.track : undefined);
      }
      this.monitored.set(s, servers);
    }
    return servers.get(server);
  }
}

function dependOnInheritance(ctx: UnitContext, facts: ServerFacts, s: Section, index?: number): Inherited {
  const { from, keys } = facts.inherited(s, index);
  for (const key of keys) ctx.dependOn(key);
  return from;
}

/** The settings of each server line of a backend/listen/ring/peers, reported as HAProxy would. */
function checkProxy(s: Section, from: Inherited, ctx: CheckContext, verifyNoneByDefault: boolean): void {
  const rules = checkRules(s) ?? from.checks;
  const checksTls = rules.tls;
  const isProxy = s.type === 'backend' || s.type === 'listen';
  let fcgiApp: boolean | undefined; // only FCGI servers need it
  forEachServerSetting(s, from.tls, rules, ctx, mayNeedCheck, (d, start, own) => {
    const address = d.args[start - 1];
    if (isProxy && own.check && !own.checkPort && !rules.port && mayLackServicePort(address)) {
      ctx.report({
        code: 'check-without-port', severity: d.activity === 'undecided' ? 'warning' : 'error', range: address.range,
        message: `server '${d.args[0].text}' has health checks but neither a service port nor a check port: add ':<port>' to its address or 'port <port>'`,
      });
    }
    if (isProxy && own.agentCheck && !own.agentPort) {
      ctx.report({
        code: 'check-without-port', severity: d.activity === 'undecided' ? 'warning' : 'error', range: d.args[0].range,
        message: `server '${d.args[0].text}' has 'agent-check' but no 'agent-port': HAProxy refuses it`,
      });
    }
    if (isProxy && own.proto === 'fcgi' && !(fcgiApp ??= s.directives.some((x) => x.keyword.text === 'use-fcgi-app' && !isSkipped(x)))) {
      ctx.report({
        code: 'fcgi-without-app', severity: d.activity === 'undecided' ? 'warning' : 'error', range: d.args[0].range,
        message: `FCGI server '${d.args[0].text}' has no FCGI application: add 'use-fcgi-app <name>' to ${s.type} '${s.name?.text ?? ''}'`,
      });
    }
    if (!(own.ssl || own.checkSsl || checksTls)) return;
    const verify = own.verify ?? (verifyNoneByDefault ? 'none' : 'required-by-default');
    if (verify === 'none' || own.caFile) return;
    const byDefault = verify === 'required-by-default';
    ctx.report({
      code: 'missing-ca-file', severity: d.activity === 'undecided' ? 'warning' : 'error', range: d.args[0].range,
      message: byDefault
        ? `server '${d.args[0].text}' uses TLS and verifies the certificate by default, but has no CA file: add 'ca-file <file>' (or '@system-ca'), or 'verify none' if the network is trusted`
        : `server '${d.args[0].text}' has 'verify ${verify}' but no CA file: add 'ca-file <file>' (or '@system-ca')`,
    });
  });
}

/** The server lines of a proxy that track another server (only lines with a `track` word, or inheriting one, are read). */
function trackings(s: Section, from: Inherited, ctx: CheckContext): Tracking[] {
  let found: Tracking[] | undefined;
  forEachServerSetting(s, from.tls, from.checks, ctx, mayTrack, (d, _start, own) => {
    if (own.track) (found ??= []).push({ d, track: own.track });
  });
  return found ?? NO_TRACKINGS;
}

const NO_TRACKINGS: Tracking[] = [];

/** The lines of a section other proxies' servers inherit or read, as one flat string (it is kept). */
function linesFingerprint(s: Section, keywords: ReadonlySet<string>): string {
  const parts: Array<string | number> = [s.type, s.activity, s.name?.text ?? '', s.from?.text ?? ''];
  for (const d of s.directives) {
    if (!keywords.has(d.keyword.text)) continue;
    parts.push(isSkipped(d) ? '#' : '', d.keyword.text, d.args.length);
    for (const w of d.args) parts.push(w.text, isDynamicWord(w) ? '$' : '');
  }
  return parts.join('\n');
}

const DEFAULTS_LINES: ReadonlySet<string> = new Set(['default-server', 'tcp-check', 'http-check']);

export const checkServerDefaults: DocumentCheck<ServerFacts> = {
  name: 'checkServerDefaults',
  facts: (ctx) => new ServerFacts(ctx),
  unit({ section: s, index }, ctx, facts) {
    if (!s || s.activity === 'inactive') return;
    if (s.type === 'backend' || s.type === 'listen') {
      ctx.dependOn(VERIFY_NONE);
      checkProxy(s, dependOnInheritance(ctx, facts, s, index), ctx, facts.verifyNoneByDefault);
    } else if (s.type === 'ring' || s.type === 'peers') {
      ctx.dependOn(VERIFY_NONE);
      checkProxy(s, { tls: EMPTY, checks: NO_RULES }, ctx, facts.verifyNoneByDefault);
    }
  },
  exports(s, unit) {
    if (s.type === 'global') return [[VERIFY_NONE, verifyLine(s)?.args[0]?.text === 'none' ? 'none' : '-']];
    return defaultsExports(s, unit.index);
  },
};

const NO_EXPORTS: Array<[string, string | null]> = [];

/** What proxies inherit from a defaults section, under its position and its name. */
function defaultsExports(s: Section, index: number): Array<[string, string | null]> {
  if (s.type !== 'defaults') return NO_EXPORTS;
  const fingerprint = linesFingerprint(s, DEFAULTS_LINES);
  const list: Array<[string, string | null]> = [[defaultsKey(index), fingerprint]];
  if (s.name) list.push([namedKey(s.name.text), fingerprint]);
  return list;
}

/** Tracked servers are re-read only when some server tracks (rare), so plain files pay nothing. */
export const checkServerTracking: DocumentCheck<ServerFacts> = {
  name: 'checkServerTracking',
  facts: (ctx) => new ServerFacts(ctx),
  unit({ section: s, index }, ctx, facts) {
    if (!s || s.activity === 'inactive' || (s.type !== 'backend' && s.type !== 'listen')) return;
    const from = dependOnInheritance(ctx, facts, s, index);
    for (const { d, track } of trackings(s, from, ctx)) {
      if (isDynamicWord(track)) continue;
      const slash = track.text.indexOf('/');
      if (slash >= 0) ctx.dependOn(proxyKey(track.text.slice(0, slash)));
      const target = slash >= 0 ? facts.proxyNamed(track.text.slice(0, slash)) : s;
      const server = slash >= 0 ? track.text.slice(slash + 1) : track.text;
      const proxyName = target?.name?.text ?? track.text.slice(0, slash);
      if (!target) continue; // unknown (reported elsewhere)
      const targetFrom = target === s ? from : dependOnInheritance(ctx, facts, target);
      if (facts.isMonitored(target, server, targetFrom) !== false) continue; // monitored, or unknown
      ctx.report({
        code: 'track-without-check', severity: d.activity === 'undecided' ? 'warning' : 'error', range: track.range,
        message: `unable to use ${proxyName}/${server} for tracking: it has no 'check', 'agent-check' or 'track' of its own`,
      });
    }
  },
  exports(s, unit) {
    // Few units track a server: any edit of the tracked proxy redoes them (null), no fingerprint to keep.
    if ((s.type === 'backend' || s.type === 'listen') && s.name) return [[proxyKey(s.name.text), null]];
    return defaultsExports(s, unit.index);
  },
};
