// Action rules (http-request, http-response, http-after-response, tcp-request connection/session/
// content, tcp-response content, quic-initial): the action must exist for the rule set and the
// target version, its arguments must be what HAProxy expects; and the if/unless condition of any
// line must be well formed. ACL names in conditions are resolved by the reference check.
import type { Directive, Section, Word } from '../../syntax/tree';
import type { CheckContext, DocumentCheck, SectionCheck } from '../context';
import type { Finding, FindingSeverity } from '../findings';
import { compareVersions, didYouMean, hasBackendCapability, hasFrontendCapability, isSkipped, spanRange } from './common';
import { conditionWords, mayHaveCondition } from './expressions';
import { statusOfMissing, suggestionsFor } from './lookups';
import { aclBlocks, ruleParts, withoutNegation } from './ruleParts';
import type { RuleParts } from './ruleParts';

const VAR_SCOPES = ['proc', 'sess', 'txn', 'req', 'res', 'check'];
/** Actions whose argument is a variable name: set-var(txn.x), set-var-fmt(...), unset-var(...). */
const VAR_ACTIONS: ReadonlySet<string> = new Set(['set-var', 'set-var-fmt', 'unset-var']);
/** Exact argument counts (before the condition) HAProxy enforces, with its wording. */
const EXACT_ARGS: Record<string, { count: number; what: string }> = {
  'set-header': { count: 2, what: '<name> <format>' }, 'add-header': { count: 2, what: '<name> <format>' },
  'early-hint': { count: 2, what: '<name> <format>' },
  'replace-header': { count: 3, what: '<name> <match-regex> <replace-format>' },
  'replace-value': { count: 3, what: '<name> <match-regex> <replace-format>' },
  'set-path': { count: 1, what: '<format>' }, 'set-pathq': { count: 1, what: '<format>' }, 'set-uri': { count: 1, what: '<format>' },
  'set-query': { count: 1, what: '<format>' }, 'set-method': { count: 1, what: '<format>' },
  'replace-path': { count: 2, what: '<match-regex> <replace-format>' }, 'replace-pathq': { count: 2, what: '<match-regex> <replace-format>' },
  'replace-uri': { count: 2, what: '<match-regex> <replace-format>' },
};
const LOG_LEVELS: ReadonlySet<string> = new Set(['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug', 'silent']);
/** First-argument values HAProxy 2.6 checks strictly (verified with haproxy -c). */
const ACTION_VALUES: Record<string, { expects: string; accepts: (v: string) => boolean; versions?: string[] }> = {
  'set-log-level': { expects: `a log level (emerg, alert, crit, err, warning, notice, info, debug) or 'silent'`, accepts: (v) => LOG_LEVELS.has(v) },
  'set-status': { expects: 'an integer status code between 100 and 999', accepts: (v) => /^\d+$/.test(v) && Number(v) >= 100 && Number(v) <= 999 },
  'strict-mode': { expects: `'on' or 'off'`, accepts: (v) => v.toLowerCase() === 'on' || v.toLowerCase() === 'off' },
  'expect-proxy': { expects: `'layer4'`, accepts: (v) => v === 'layer4' },
  'expect-netscaler-cip': { expects: `'layer4'`, accepts: (v) => v === 'layer4' },
  // later versions also take expressions here
  'set-mark': { expects: 'an integer or hex value', accepts: (v) => /^-?(?:0[xX][0-9a-fA-F]+|\d+)$/.test(v), versions: ['2.4', '2.6'] },
  'set-tos': { expects: 'an integer or hex value', accepts: (v) => /^-?(?:0[xX][0-9a-fA-F]+|\d+)$/.test(v), versions: ['2.4', '2.6'] },
};
/** Status codes HAProxy 2.6 has a default error page for (http_get_status_idx()). */
const DEFAULT_ERROR_CODES_26: ReadonlySet<number> = new Set([200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 421, 422, 425, 429, 500, 501, 502, 503, 504]);
/** deny/tarpit/return arguments that provide the reply's content (then any status is fine). */
const REPLY_CONTENT: ReadonlySet<string> = new Set(['content-type', 'string', 'lf-string', 'file', 'lf-file', 'errorfile', 'errorfiles', 'hdr', 'default-errorfiles']);
const REDIRECT_TYPES = ['location', 'prefix', 'scheme'];
/**
 * Actions that take no argument in 2.6 (verified with haproxy -c: any word before if/unless is
 * refused); applied when the target version's catalog also lists no argument (silent-drop gained
 * `rst-ttl` in 2.8).
 */
const NO_ARGUMENT_ACTIONS: ReadonlySet<string> = new Set(['accept', 'allow', 'close', 'disable-l7-retry', 'reject', 'silent-drop', 'wait-for-handshake']);

function severityOf(d: Directive, wanted: FindingSeverity): FindingSeverity {
  return wanted === 'error' && d.activity === 'undecided' ? 'warning' : wanted;
}

export const checkRules: SectionCheck = {
  name: 'checkRules',
  line(d, section, ctx) {
    if (!mayHaveCondition(d.keyword.text) || isSkipped(d)) return; // neither a rule nor a condition to check
    const rule = ruleParts(d);
    if (rule) for (const f of actionProblems(d, rule, section, ctx)) ctx.report({ ...f, severity: severityOf(d, f.severity) });
    const condition = conditionWords(d, rule);
    if (condition.length) for (const f of conditionProblems(condition)) ctx.report({ ...f, severity: severityOf(d, f.severity) });
  },
};

function actionProblems(d: Directive, rule: RuleParts, section: Section, ctx: CheckContext): Finding[] {
  const action = rule.action;
  if (!action || action.text === '' || action.text === 'if' || action.text === 'unless') {
    return [{ code: 'unknown-action', severity: 'error', range: action?.range ?? d.keyword.range, message: `'${rule.ruleset}' expects an action` }];
  }
  const name = rule.actionName;
  if (name.startsWith('lua.') || action.text.includes('$')) return []; // Lua actions are registered at run time
  if (isExtraStickCounter(name)) return extraStickCounter(name, action, ctx.version);
  if (!ctx.catalog.action(rule.ruleset, name)) return [unknownAction(rule, action, ctx)];
  return argumentProblems(rule, action, section, ctx);
}

/** track-sc3 and up: 2.x needs a build with more counters (MAX_SESS_STKCTR), 3.x `tune.stick-counters`. */
function isExtraStickCounter(name: string): boolean {
  const m = /^track-sc(\d+)$/.exec(name);
  return !!m && Number(m[1]) > 2;
}

function extraStickCounter(name: string, action: Word, version: string): Finding[] {
  if (compareVersions(version, '3.0') >= 0) return []; // counted by tune.stick-counters in global
  return [{ code: 'invalid-action-argument', severity: 'warning', range: action.range,
    message: `'${name}': HAProxy ${version} has 3 stick counters (track-sc0 to track-sc2) unless built with a larger MAX_SESS_STKCTR` }];
}

function unknownAction(rule: RuleParts, action: Word, ctx: CheckContext): Finding {
  const name = rule.actionName;
  const status = statusOfMissing('action', name, ctx.version, rule.ruleset);
  if (status.status === 'too-new') {
    return { code: 'action-too-new', severity: 'error', range: action.range, message: `'${rule.ruleset} ${name}' needs HAProxy ${status.since} or later (target: ${ctx.version})` };
  }
  if (status.status === 'other-version') {
    return { code: 'unknown-action', severity: 'warning', range: action.range, message: `'${rule.ruleset} ${name}' is not documented for HAProxy ${ctx.version}` };
  }
  const elsewhere = ['http-request', 'http-response', 'http-after-response', 'tcp-request connection', 'tcp-request session',
    'tcp-request content', 'tcp-response content'].filter((r) => r !== rule.ruleset && ctx.catalog.action(r, name));
  const suggestions = suggestionsFor(ctx.catalog, 'action', name, rule.ruleset);
  const where = elsewhere.length ? ` (it exists for ${elsewhere.join(', ')})` : '';
  return {
    code: 'unknown-action', severity: 'error', range: action.range,
    message: `unknown action '${name}' for '${rule.ruleset}'${where}${didYouMean(suggestions)}`,
    ...(suggestions.length ? { data: { suggestions } } : {}),
  };
}

function argumentProblems(rule: RuleParts, action: Word, section: Section, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const name = rule.actionName;
  const args = rule.actionArgs;
  const problem = (message: string, at: Word = action): void => {
    out.push({ code: 'invalid-action-argument', severity: 'error', range: at.range, message });
  };
  if (NO_ARGUMENT_ACTIONS.has(name) && args.length && !ctx.catalog.action(rule.ruleset, name)?.args?.length) {
    out.push({ code: 'invalid-action-argument', severity: 'error', range: spanRange(args[0], args[args.length - 1]),
      message: `'${rule.ruleset} ${name}' takes no argument: only 'if' or 'unless' may follow (got '${args[0].text}')` });
  }
  const exact = EXACT_ARGS[name];
  if (exact && args.length !== exact.count) {
    const range = args.length > exact.count ? spanRange(args[exact.count], args[args.length - 1]) : action.range;
    out.push({ code: 'invalid-action-argument', severity: 'error', range,
      message: `'${rule.ruleset} ${name}' expects exactly ${exact.count} argument${exact.count > 1 ? 's' : ''} ${exact.what} (got ${args.length})` });
  }
  if (VAR_ACTIONS.has(name)) {
    const variable = (rule.actionParam ?? '').split(',')[0];
    if (!action.text.endsWith(')')) problem(`incomplete '${action.text}': expects '${name}(<scope>.<name>)'`);
    else if (!isValidVariable(variable)) problem(`invalid variable name '${variable}': it must start with its scope (${VAR_SCOPES.join(', ')}) and a dot`);
    if (name === 'set-var' && !args.length) problem(`'${name}' expects a sample expression`);
  }
  if (name === 'redirect') {
    // Options come in any order ("redirect code 301 location /x"); one of them must be the type.
    const at = args.findIndex((w) => REDIRECT_TYPES.includes(w.text));
    if (at < 0) problem(`redirection type expected (${REDIRECT_TYPES.map((t) => `'${t}'`).join(', ')})`, args[0] ?? action);
    else if (!args[at + 1]) problem(`missing argument for '${args[at].text}'`, args[at]);
  }
  if (name === 'deny' || name === 'tarpit') out.push(...denyStatusProblems(args, rule, ctx.version));
  const value = ACTION_VALUES[name];
  if (value && (!value.versions || value.versions.includes(ctx.version))) {
    const word = args[0];
    if (!word) problem(`'${rule.ruleset} ${name}' expects ${value.expects}`);
    else if (!word.text.includes('$') && !value.accepts(word.text)) problem(`'${rule.ruleset} ${name}' expects ${value.expects} (got '${word.text}')`, word);
  }
  if (name === 'set-timeout') {
    const need = timeoutSide(args[0]?.text ?? '', ctx.version);
    if (need === 'backend' && !hasBackendCapability(section)) {
      problem(`'${rule.ruleset} set-timeout ${args[0]?.text ?? ''}' needs a proxy with backend capability (${section.type} '${section.name?.text ?? ''}' has none)`);
    } else if (need === 'frontend' && !hasFrontendCapability(section)) {
      problem(`'${rule.ruleset} set-timeout client' needs a proxy with frontend capability (${section.type} '${section.name?.text ?? ''}' has none)`);
    }
  }
  return out;
}

/**
 * The side a set-timeout needs. Before 3.0 (server, tunnel) any use needs backend capability (2.6
 * refuses even "client" in a frontend); from 3.0, client is frontend-side, tarpit either.
 */
function timeoutSide(type: string, version: string): 'backend' | 'frontend' | undefined {
  if (compareVersions(version, '3.0') < 0) return 'backend';
  if (type === 'client') return 'frontend';
  return ['server', 'tunnel', 'connect', 'queue'].includes(type) ? 'backend' : undefined;
}

export function isValidVariable(name: string): boolean {
  const dot = name.indexOf('.');
  return dot > 0 && dot < name.length - 1 && VAR_SCOPES.includes(name.slice(0, dot));
}

function denyStatusProblems(args: Word[], rule: RuleParts, version: string): Finding[] {
  const at = args.findIndex((w) => w.text === 'deny_status');
  if (at < 0 || !args[at + 1]) return [];
  const word = args[at + 1];
  if (!/^\d+$/.test(word.text)) return [];
  const status = Number(word.text);
  if (status < 200 || status > 599) {
    return [{ code: 'invalid-action-argument', severity: 'error', range: word.range, message: `unexpected status code '${status}' (200-599)` }];
  }
  const hasContent = args.some((w) => REPLY_CONTENT.has(w.text));
  if (version === '2.6' && !hasContent && !DEFAULT_ERROR_CODES_26.has(status)) {
    return [{
      code: 'invalid-action-argument', severity: 'error', range: word.range,
      message: `'${rule.ruleset} ${rule.actionName}': status code '${status}' has no default error page in HAProxy 2.6 (use one of ${[...DEFAULT_ERROR_CODES_26].join(', ')}, or give the reply's content)`,
    }];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Conditions

/** Fast path: ACL names and complete operators only (no braces, no "!" alone, no operator at an end). */
function isPlainCondition(condition: Word[]): boolean {
  if (condition.length < 2) return false;
  for (let i = 1; i < condition.length; i++) {
    const t = condition[i].text;
    const c = t.charCodeAt(0);
    if (t === '' || c === 123 /* { */ || c === 125 /* } */ || t === '!' || t.endsWith('{')) return false;
    if ((t === '||' || (t.length === 2 && t.toLowerCase() === 'or')) && (i === 1 || i === condition.length - 1)) return false;
  }
  return true;
}

/**
 * Structure of `if`/`unless` conditions. HAProxy refuses an unclosed `{` and a stray `}`; it
 * accepts an empty condition, a dangling `||` or a lone `!`, which are reported as warnings.
 */
export function conditionProblems(condition: Word[]): Finding[] {
  if (!condition.length || isPlainCondition(condition)) return [];
  const head = condition[0];
  const out: Finding[] = [];
  const terms = condition.slice(1).filter((w) => w.text !== '');
  if (!terms.length) {
    return [{ code: 'invalid-condition', severity: 'warning', range: head.range, message: `empty condition after '${head.text}' (HAProxy accepts it, but it is most likely a mistake)` }];
  }
  const blocks = aclBlocks(condition);
  for (const b of blocks) {
    if (!b.closed) out.push({ code: 'invalid-condition', severity: 'error', range: b.range, message: `missing closing '}' in condition` });
  }
  const inBlock = new Set<Word>(blocks.flatMap((b) => [b.open, ...b.words]));
  for (const b of blocks) {
    const close = condition[condition.indexOf(b.open) + b.words.length + 1];
    if (close) inBlock.add(close);
  }
  let expectTerm = true; // at the start, or after an operator
  let previous: Word = head;
  for (const w of terms) {
    if (inBlock.has(w)) { expectTerm = false; previous = w; continue; }
    const t = w.text;
    if (t === '}') {
      out.push({ code: 'invalid-condition', severity: 'error', range: w.range, message: `'}' without a matching '{' (HAProxy reads it as an ACL name)` });
    } else if (t === '||' || t.toLowerCase() === 'or') {
      if (expectTerm) out.push({ code: 'invalid-condition', severity: 'warning', range: w.range, message: `'${t}' with no condition before it` });
      expectTerm = true;
    } else if (withoutNegation(t) === '') {
      expectTerm = true; // a lone "!" negates the next term
    } else {
      expectTerm = false;
    }
    previous = w;
  }
  if (expectTerm) {
    out.push({ code: 'invalid-condition', severity: 'warning', range: previous.range, message: `condition ends with '${previous.text}': nothing follows it` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Experimental actions need `expose-experimental-directives` in global, before the rule. A rule is
// reported when it comes before the first such line: which side of it a section's lines are on
// does not change when lines move, so a unit depends only on whether a global section has one.

const EXPERIMENTAL_ACTIONS: ReadonlySet<string> = new Set(['normalize-uri']);
const EXPOSED = 'expose-experimental-directives';

/** The line of the first active expose-experimental-directives (Infinity: none), computed on first need. */
interface ExposedAt { line(): number }

function isExperimentalRule(d: Directive): boolean {
  // Only http-request has them, and its action is the first argument.
  return d.keyword.text === 'http-request' && EXPERIMENTAL_ACTIONS.has(d.args[0]?.text ?? '') && !isSkipped(d);
}

function exposingLine(section: Section): Directive | undefined {
  return section.directives.find((x) => x.keyword.text === EXPOSED && !isSkipped(x));
}

export const checkExperimentalActions: DocumentCheck<ExposedAt> = {
  name: 'checkExperimentalActions',
  facts(ctx) {
    let exposedAt: number | undefined;
    return {
      line() {
        if (exposedAt === undefined) {
          exposedAt = Infinity;
          for (const section of ctx.tree.sections) {
            const d = section.type === 'global' ? exposingLine(section) : undefined;
            if (d) exposedAt = Math.min(exposedAt, d.line);
          }
        }
        return exposedAt;
      },
    };
  },
  unit({ section }, ctx, exposed) {
    if (!section || section.type === 'global') return;
    for (const d of section.directives) {
      if (!isExperimentalRule(d)) continue;
      ctx.dependOn(EXPOSED);
      if (d.line > exposed.line()) continue;
      const rule = ruleParts(d);
      if (!rule?.action) continue;
      ctx.report({
        code: 'invalid-action-argument', severity: severityOf(d, 'error'), range: rule.action.range,
        message: `'${rule.actionName}' is experimental: it needs 'expose-experimental-directives' in the global section (before this line)`,
      });
    }
  },
  *exports(section) {
    if (section.type === 'global') yield [EXPOSED, exposingLine(section) ? 'yes' : 'no'];
  },
};
