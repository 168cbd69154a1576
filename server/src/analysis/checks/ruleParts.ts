// The parts of a rule line: rule set, action word, action arguments, condition. Shared by the
// rule checks and the expression checks so both read a line the same way.
import type { Directive, Range, Word } from '../../syntax/tree';

export interface RuleParts {
  ruleset: string; // "http-request", "tcp-request content", ...
  /** The action word ("set-var(txn.x)"), undefined when the line stops before it. */
  action: Word | undefined;
  /** Action name without its parenthesised argument ("set-var"). */
  actionName: string;
  /** Text inside the action's parentheses ("txn.x" for "set-var(txn.x)"), if any. */
  actionParam?: string;
  /** Words after the action, up to the condition. */
  actionArgs: Word[];
  /** The `if`/`unless` word and the words after it (empty when there is no condition). */
  condition: Word[];
}

const TCP_RULE_STAGES: Record<string, readonly string[] | undefined> = {
  'tcp-request': ['connection', 'session', 'content'],
  'tcp-response': ['content'],
};
const HTTP_RULESETS: ReadonlySet<string> = new Set(['http-request', 'http-response', 'http-after-response', 'quic-initial']);

/** Index of the first unquoted `if`/`unless` at or after `from`, or -1. */
export function conditionStart(args: Word[], from: number): number {
  for (let i = from; i < args.length; i++) {
    const w = args[i];
    if (!w.quoted && (w.text === 'if' || w.text === 'unless')) return i;
  }
  return -1;
}

const memo = new WeakMap<Directive, RuleParts | null>();

/** Does a line with this keyword hold an action rule (the tcp ones when their stage is known)? */
export function isRuleKeyword(kw: string): boolean {
  return HTTP_RULESETS.has(kw) || kw === 'tcp-request' || kw === 'tcp-response'; // the keys of TCP_RULE_STAGES
}

/** Every keyword isRuleKeyword() accepts. */
export const RULE_KEYWORDS: readonly string[] = [...HTTP_RULESETS, 'tcp-request', 'tcp-response'];

/**
 * Parts of an action rule line, or undefined for other lines (`tcp-request inspect-delay` too).
 * Memoised per directive: an edited line gets a new Directive object, and the parts hold only
 * words (whose ranges the document shifts in place) and strings.
 */
export function ruleParts(d: Directive): RuleParts | undefined {
  if (!isRuleKeyword(d.keyword.text)) return undefined;
  let parts = memo.get(d);
  if (parts === undefined) {
    parts = computeRuleParts(d) ?? null;
    memo.set(d, parts);
  }
  return parts ?? undefined;
}

function computeRuleParts(d: Directive): RuleParts | undefined {
  const kw = d.keyword.text;
  let ruleset: string;
  let actionIndex: number;
  if (HTTP_RULESETS.has(kw)) {
    ruleset = kw;
    actionIndex = 0;
  } else {
    const stages = TCP_RULE_STAGES[kw];
    const stage = d.args[0]?.text;
    if (!stages || !stage || !stages.includes(stage)) return undefined;
    ruleset = `${kw} ${stage}`;
    actionIndex = 1;
  }
  const action = d.args[actionIndex];
  const text = action?.text ?? '';
  const paren = text.indexOf('(');
  const actionName = paren > 0 ? text.slice(0, paren) : text;
  const cond = conditionStart(d.args, actionIndex + 1);
  const argsEnd = cond < 0 ? d.args.length : cond;
  const parts: RuleParts = {
    ruleset, action, actionName,
    actionArgs: d.args.slice(actionIndex + 1, argsEnd),
    condition: cond < 0 ? [] : d.args.slice(cond),
  };
  if (paren > 0) parts.actionParam = text.slice(paren + 1, text.endsWith(')') ? -1 : undefined);
  return parts;
}

/** An anonymous ACL `{ criterion [flags] [patterns] }` (or `!{ ... }`) inside a condition. */
export interface AclBlock {
  open: Word;
  words: Word[]; // between the braces
  closed: boolean; // false: no '}' before the end of the line
  range: Range; // from the '{' to the '}' (or the last word)
}

/** Strips HAProxy's leading negations ("!", "!!"...) from a condition word. */
export function withoutNegation(text: string): string {
  let i = 0;
  while (text[i] === '!') i++;
  return text.slice(i);
}

/**
 * The anonymous ACLs of a condition (`condition[0]` is the if/unless word), read like HAProxy's
 * acl_cond_parse(): a word that is "{" once its "!" are removed opens one, the next "}" word closes it.
 */
export function aclBlocks(condition: Word[]): AclBlock[] {
  const blocks: AclBlock[] = [];
  for (let i = 1; i < condition.length; i++) {
    if (withoutNegation(condition[i].text) !== '{') continue;
    let j = i + 1;
    while (j < condition.length && condition[j].text !== '}') j++;
    const closed = j < condition.length;
    const last = condition[closed ? j : condition.length - 1];
    blocks.push({ open: condition[i], words: condition.slice(i + 1, j), closed, range: { start: condition[i].range.start, end: last.range.end } });
    i = j;
  }
  return blocks;
}
