// server / default-server / server-template and bind lines: addresses, options (unknown, too new,
// missing value) and option values, as HAProxy parses them. After an unknown option HAProxy stops
// reading the line, and so does this check (the rest cannot be split into options reliably).
import type { OptionData } from '../../catalog/catalog';
import type { Directive, Section, Word } from '../../syntax/tree';
import type { CheckContext, SectionCheck } from '../context';
import type { FindingSeverity } from '../findings';
import { checkAddress } from './addresses';
import type { AddressProblem } from './addresses';
import { TEMPLATE_LINE, argumentDynamics, compareVersions, didYouMean, isArgumentDynamic, isPlainName, report, subRange } from './common';
import { statusOfMissing, suggestionsFor } from './lookups';
import type { OptionEntry } from './lookups';
import { visitOptions } from './optionWalk';
import { checkEntryValue } from './optionValues';
import { sampleWordProblems } from './expressions';

type OptionKind = 'server' | 'bind';

/** Sections where `server` lines are parsed as servers (peers: a peer, address optional). */
const SERVER_SECTIONS: ReadonlySet<string> = new Set(['backend', 'listen', 'defaults', 'peers', 'ring']);
/** Sections where `bind` lines are parsed (HAProxy ignores them in backends, with a warning). */
const BIND_SECTIONS: ReadonlySet<string> = new Set(['frontend', 'listen', 'peers', 'log-forward']);
/** Characters HAProxy accepts in a server name (invalid_char()): letters, digits, '-', '_', '.', ':'. */
const SERVER_NAME = /^[A-Za-z0-9_.:\u0080-\uffff-]+$/;

const DGRAM_SERVERS = { dgramServers: true };
const NO_DGRAM = { dgramServers: false };

/** Undecided lines (a branch that depends on unknown facts) are checked as warnings only. */
function severity(d: Directive, wanted: FindingSeverity): FindingSeverity {
  return wanted === 'error' && d.activity === 'undecided' ? 'warning' : wanted;
}

/** What a line reads of its section (a bit mask: facts are compared with ===, see context.ts). */
const SERVERS = 1;
const BINDS = 2;
const DEFAULT_BIND = 4;

export const checkServersAndBinds: SectionCheck<number> = {
  name: 'checkServersAndBinds',
  facts(section) {
    const binds = BIND_SECTIONS.has(section.type);
    let facts = (SERVER_SECTIONS.has(section.type) ? SERVERS : 0) | (binds ? BINDS : 0);
    // A default-bind line may carry the certificate bind lines need.
    if (binds && section.directives.some((x) => x.keyword.text === 'default-bind')) facts |= DEFAULT_BIND;
    return facts;
  },
  line(d, section, ctx, facts) {
    const kw = d.keyword.text;
    const isServer = (facts & SERVERS) !== 0 && (kw === 'server' || kw === 'default-server' || kw === 'server-template');
    const isBind = !isServer && (facts & BINDS) !== 0 && (kw === 'bind' || kw === 'default-bind');
    if ((!isServer && !isBind) || d.activity === 'inactive') return;
    const dynamic = argumentDynamics(d); // isSkipped's template test and every word's isDynamicWord in one pass
    if (dynamic === TEMPLATE_LINE) return;
    if (isServer) checkServerLine(d, section, dynamic, ctx);
    else checkBindLine(d, (facts & DEFAULT_BIND) !== 0, dynamic, ctx);
  },
};

/** `dynamic`: the line's argumentDynamics() mask. */
function checkServerLine(d: Directive, section: Section, dynamic: number, ctx: CheckContext): void {
  const kw = d.keyword.text;
  const args = d.args;
  if (kw === 'default-server') {
    checkOptions(d, 'server', 0, dynamic, ctx, true);
    return;
  }
  if (kw === 'server-template') {
    if (args.length < 3) {
      report(ctx, 'missing-argument', severity(d, 'error'), d.range, `'server-template' expects <prefix> <nb | range> <addr>[:<port>] as arguments`);
      return;
    }
    if (!isArgumentDynamic(dynamic, args, 1)) checkTemplateRange(d, args[1], ctx);
    if (!isArgumentDynamic(dynamic, args, 2)) checkAddressWord(d, args[2], 'server', ctx);
    checkOptions(d, 'server', 3, dynamic, ctx, false);
    return;
  }
  const name = args[0];
  if (!name) {
    report(ctx, 'missing-argument', severity(d, 'error'), d.range, `'server' expects <name> and <addr>[:<port>] as arguments`);
    return;
  }
  if (!isArgumentDynamic(dynamic, args, 0) && !isPlainName(name.text) && !SERVER_NAME.test(name.text)) {
    const bad = [...name.text].find((c) => !SERVER_NAME.test(c)) ?? '';
    report(ctx, 'invalid-name', severity(d, 'error'), name.range, `character '${bad}' is not permitted in server name '${name.text}'`);
  }
  if (section.type === 'peers' && args.length < 2) return; // the local peer has no address
  const address = args[1];
  if (!address) {
    report(ctx, 'missing-argument', severity(d, 'error'), d.range, `'server' expects <name> and <addr>[:<port>] as arguments`);
    return;
  }
  if (!isArgumentDynamic(dynamic, args, 1)) checkAddressWord(d, address, 'server', ctx);
  checkOptions(d, 'server', 2, dynamic, ctx, false);
}

/** The word is not dynamic (the caller asked). */
function checkTemplateRange(d: Directive, w: Word, ctx: CheckContext): void {
  const m = /^(\d+)(?:-(\d+))?$/.exec(w.text);
  const low = m ? Number(m[1]) : 0;
  const high = m?.[2] !== undefined ? Number(m[2]) : low;
  if (!m || low < 1 || high < low) {
    report(ctx, 'invalid-number', severity(d, 'error'), w.range, `wrong server-template number or range '${w.text}' (a count such as 5, or a range such as 1-5)`);
  }
}

/** `defaultBind`: the section has a default-bind line (a peers section's may carry the certificate). */
function checkBindLine(d: Directive, defaultBind: boolean, dynamic: number, ctx: CheckContext): void {
  if (d.keyword.text === 'default-bind') {
    checkOptions(d, 'bind', 0, dynamic, ctx, false);
    return;
  }
  const list = d.args[0];
  if (!list) {
    report(ctx, 'missing-argument', severity(d, 'error'), d.range, `'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments`);
    return;
  }
  if (!isArgumentDynamic(dynamic, d.args, 0)) {
    let offset = 0;
    for (const item of list.text.split(',')) {
      for (const p of checkAddress(item, 'bind')) reportAddress(d, list, p, offset, ctx);
      offset += item.length + 1;
    }
  }
  checkOptions(d, 'bind', 1, dynamic, ctx, false);
  if (!defaultBind) checkBindCertificate(d, dynamic, ctx);
}

/** `ssl` on a bind line needs a certificate (`crt`, `crt-list`, 3.x `default-crt`): haproxy -c refuses it otherwise. */
function checkBindCertificate(d: Directive, dynamic: number, ctx: CheckContext): void {
  let ssl: Word | undefined;
  const args = d.args;
  for (let i = 0; i < args.length; i++) {
    if (isArgumentDynamic(dynamic, args, i)) return;
    const w = args[i];
    if (w.text === 'crt' || w.text === 'crt-list' || w.text === 'default-crt') return;
    if (w.text === 'ssl') ssl = w;
  }
  if (ssl) report(ctx, 'option-missing-value', severity(d, 'error'), ssl.range, `'ssl' on a bind line needs a certificate: add 'crt <file or directory>' (or 'crt-list <file>')`);
}

/** The word is not dynamic (the caller asked). */
function checkAddressWord(d: Directive, w: Word, use: 'server' | 'bind', ctx: CheckContext): void {
  const dgramServers = isAtLeast28(ctx.version); // log backends ("mode log") take udp@ servers
  for (const p of checkAddress(w.text, use, dgramServers ? DGRAM_SERVERS : NO_DGRAM)) reportAddress(d, w, p, 0, ctx);
}

let lastVersion = '';
let lastAtLeast28 = false;

/** compareVersions(version, '2.8') >= 0, remembered for the last version asked (asked per server line). */
function isAtLeast28(version: string): boolean {
  if (version !== lastVersion) {
    lastAtLeast28 = compareVersions(version, '2.8') >= 0;
    lastVersion = version;
  }
  return lastAtLeast28;
}

function reportAddress(d: Directive, w: Word, p: AddressProblem, base: number, ctx: CheckContext): void {
  const range = p.at && p.at.length > 0 ? subRange(w, base + p.at.offset, p.at.length) : w.range;
  report(ctx, p.code, severity(d, 'error'), range, p.message);
}

/** Checks the options from args[start]; stops at the first unknown one, like HAProxy. `dynamic`: the line's argumentDynamics() mask. */
function checkOptions(d: Directive, kind: OptionKind, start: number, dynamic: number, ctx: CheckContext, isDefaultServer: boolean): void {
  const args = d.args;
  if (start >= args.length) return; // no option: no table lookup
  const end = visitOptions(args, start, kind, ctx.catalog, (entry, word, value, at) => {
    const option = entry.option;
    if (kind === 'server' && option.name === 'usesrc') {
      report(ctx, 'unknown-server-option', severity(d, 'error'), word.range, `'usesrc' is only allowed after a 'source' address`);
      return false; // HAProxy stops there
    }
    if (isDefaultServer && option.serverOnly) {
      report(ctx, 'unknown-server-option', severity(d, 'error'), word.range, `'${option.name}' is not accepted on default-server lines (only on server lines)`);
    }
    if (value && !isArgumentDynamic(dynamic, args, at + 1)) checkValue(d, kind, entry, value, ctx);
    return true;
  }, (i) => isArgumentDynamic(dynamic, args, i));
  if (end.unknown) reportUnknownOption(d, end.unknown, kind, ctx);
  if (end.missingValue) {
    const { option, word } = end.missingValue;
    report(ctx, 'option-missing-value', severity(d, 'error'), word.range, `'${word.text}' expects ${describeValue(option)} as argument`);
  }
}

function describeValue(option: OptionData): string {
  const spec = option.args?.[0];
  return spec ? (spec.choices ? spec.choices.map((c) => `'${c}'`).join(' | ') : `<${spec.name}>`) : 'a value';
}

/** Server options whose value is a sample expression. */
const EXPRESSION_OPTIONS: ReadonlySet<string> = new Set(['sni', 'pool-conn-name']);

/** The value word is not dynamic (the caller asked). */
function checkValue(d: Directive, kind: OptionKind, entry: OptionEntry, value: Word, ctx: CheckContext): void {
  const option = entry.option;
  if (kind === 'server' && EXPRESSION_OPTIONS.has(option.name)) {
    for (const f of sampleWordProblems(value, ctx)) ctx.report({ ...f, severity: severity(d, f.severity), message: `'${option.name}' expression: ${f.message}` });
    return;
  }
  const problem = checkEntryValue(kind, entry, value.text, ctx.version);
  if (problem) report(ctx, problem.code, severity(d, problem.severity), value.range, problem.message);
}

function reportUnknownOption(d: Directive, w: Word, kind: OptionKind, ctx: CheckContext): void {
  const code = kind === 'server' ? 'unknown-server-option' : 'unknown-bind-option';
  const what = kind === 'server' ? 'server' : 'bind';
  const name = w.text;
  const status = statusOfMissing(kind, name.replace(/\(.*$/, ''), ctx.version);
  if (status.status === 'too-new') {
    report(ctx, 'option-too-new', severity(d, 'error'), w.range, `${what} option '${name}' needs HAProxy ${status.since} or later (target: ${ctx.version})`);
    return;
  }
  if (status.status === 'other-version') {
    report(ctx, code, 'warning', w.range, `${what} option '${name}' is not documented for HAProxy ${ctx.version}`
      + (status.removed ? ` (documented from ${status.since} until before ${status.removed})` : ''));
    return;
  }
  const suggestions = suggestionsFor(ctx.catalog, kind, name);
  report(ctx, code, severity(d, 'error'), w.range, `unknown ${what} option '${name}'${didYouMean(suggestions)}`, suggestions.length ? { suggestions } : undefined);
}
