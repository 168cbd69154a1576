// A server that talks TLS verifies the server's certificate by default (global ssl-server-verify
// required), so it needs a `ca-file` or `verify none`: HAProxy refuses it otherwise ("verify is
// enabled by default but no CA file specified"). Document check: the settings come from the
// defaults section (default-server lines), the proxy's default-server lines, the global section and
// the proxy's tcp-check/http-check rules. Behaviour checked with haproxy -c 2.6.12:
// - TLS is used with `ssl` (also inherited: a later `no-ssl` does not undo an inherited `ssl`),
//   with `check-ssl` (undone by `no-check-ssl`), or when the proxy's checks `connect ... ssl`;
// - `verify none` (or global `ssl-server-verify none` when no `verify` is given) or any `ca-file`
//   (@system-ca too) makes it fine; `disabled` servers are checked too.
import type { Directive, Section } from '../../syntax/tree';
import type { CheckContext, DocumentCheck } from '../context';
import { isSkipped } from './common';
import { walkOptions } from './optionWalk';

interface TlsState {
  ssl: boolean;
  checkSsl: boolean;
  verify?: string;
  caFile: boolean;
}

const EMPTY: TlsState = { ssl: false, checkSsl: false, caFile: false };

/** Applies one default-server/server line's options; undefined when the line cannot be read (env refs, unknown option). */
function apply(state: TlsState, d: Directive, start: number, ctx: CheckContext): TlsState | undefined {
  const walk = walkOptions(d.args, start, 'server', ctx.catalog);
  if (walk.dynamic.length || walk.unknown || walk.missingValue) return undefined;
  const next = { ...state };
  for (const { option, value } of walk.uses) {
    switch (option.name) {
      case 'ssl': next.ssl = true; break;
      case 'check-ssl': next.checkSsl = true; break;
      case 'no-check-ssl': next.checkSsl = false; break;
      case 'verify': next.verify = value?.text; break;
      case 'ca-file': next.caFile = true; break;
      default: break;
    }
  }
  return next;
}

/** Could this line enable TLS? (a cheap scan before reading its options properly) */
function mentionsTls(d: Directive, start: number): boolean {
  for (let i = start; i < d.args.length; i++) {
    const t = d.args[i].text;
    if (t === 'ssl' || t === 'check-ssl' || t.includes('$')) return true;
  }
  return false;
}

/** Does a section's tcp-check/http-check rule set connect with TLS? (undefined: the section has no such rules) */
function checksUseTls(section: Section): boolean | undefined {
  let hasRules = false;
  for (const d of section.directives) {
    const kw = d.keyword.text;
    if (isSkipped(d) || (kw !== 'tcp-check' && kw !== 'http-check')) continue;
    hasRules = true;
    if (d.args[0]?.text === 'connect' && d.args.slice(1).some((w) => w.text === 'ssl')) return true;
  }
  return hasRules ? false : undefined;
}

class ServerTlsChecker {
  private readonly defaultsState = new Map<Section, { tls: TlsState | undefined; checksTls: boolean }>();
  private verifyNoneByDefault = false;

  constructor(private readonly ctx: CheckContext) {}

  run(): void {
    for (const s of this.ctx.tree.sections) {
      if (s.type === 'global') {
        const d = s.directives.find((x) => x.keyword.text === 'ssl-server-verify' && !isSkipped(x));
        if (d?.args[0]?.text === 'none') this.verifyNoneByDefault = true;
      }
    }
    let lastDefaults: Section | undefined;
    for (const s of this.ctx.tree.sections) {
      if (s.activity === 'inactive') continue;
      if (s.type === 'defaults') {
        this.defaultsState.set(s, this.sectionState(s, this.inherited(s, lastDefaults, true)));
        lastDefaults = s;
      } else if (s.type === 'backend' || s.type === 'listen') {
        this.checkProxy(s, this.inherited(s, lastDefaults, false));
      } else if (s.type === 'ring' || s.type === 'peers') {
        this.checkProxy(s, { tls: EMPTY, checksTls: false });
      }
    }
  }

  /** What a section starts from: its `from` defaults, else (proxies only) the last defaults before it. */
  private inherited(s: Section, lastDefaults: Section | undefined, isDefaults: boolean): { tls: TlsState | undefined; checksTls: boolean } {
    let base: Section | undefined = isDefaults ? undefined : lastDefaults;
    if (s.from) {
      const named = this.ctx.tree.sections.filter((x) => x.type === 'defaults' && x.name?.text === s.from?.text && x.startLine < s.startLine);
      base = named.length === 1 ? named[0] : undefined;
      if (named.length !== 1) return { tls: undefined, checksTls: false }; // unresolved: reported elsewhere
    }
    return base ? this.defaultsState.get(base) ?? { tls: undefined, checksTls: false } : { tls: EMPTY, checksTls: false };
  }

  /** A defaults section's own default-server lines and check rules, on top of what it inherits. */
  private sectionState(s: Section, from: { tls: TlsState | undefined; checksTls: boolean }): { tls: TlsState | undefined; checksTls: boolean } {
    let tls = from.tls;
    for (const d of s.directives) {
      if (!tls) break;
      if (d.keyword.text === 'default-server' && !isSkipped(d)) tls = apply(tls, d, 0, this.ctx);
    }
    return { tls, checksTls: checksUseTls(s) ?? from.checksTls };
  }

  private checkProxy(s: Section, from: { tls: TlsState | undefined; checksTls: boolean }): void {
    let defaults = from.tls;
    const checksTls = checksUseTls(s) ?? from.checksTls;
    for (const d of s.directives) {
      if (isSkipped(d) || !defaults) continue;
      const kw = d.keyword.text;
      if (kw === 'default-server') { defaults = apply(defaults, d, 0, this.ctx); continue; }
      if (kw !== 'server' && kw !== 'server-template') continue;
      const start = kw === 'server' ? 2 : 3;
      if (d.args.length < start) continue;
      if (!defaults.ssl && !defaults.checkSsl && !checksTls && !mentionsTls(d, start)) continue; // fast path: no TLS at all
      const own = apply(defaults, d, start, this.ctx);
      if (!own || !(own.ssl || own.checkSsl || checksTls)) continue;
      const verify = own.verify ?? (this.verifyNoneByDefault ? 'none' : 'required-by-default');
      if (verify === 'none' || own.caFile) continue;
      const byDefault = verify === 'required-by-default';
      this.ctx.report({
        code: 'missing-ca-file', severity: d.activity === 'undecided' ? 'warning' : 'error', range: d.args[0].range,
        message: byDefault
          ? `server '${d.args[0].text}' uses TLS and verifies the certificate by default, but has no CA file: add 'ca-file <file>' (or '@system-ca'), or 'verify none' if the network is trusted`
          : `server '${d.args[0].text}' has 'verify ${verify}' but no CA file: add 'ca-file <file>' (or '@system-ca')`,
      });
    }
  }
}

export const checkServerTls: DocumentCheck = (ctx) => new ServerTlsChecker(ctx).run();
