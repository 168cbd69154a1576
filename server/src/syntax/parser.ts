// Text -> ConfigTree. Two stages so that ParsedDocument can re-run only the cheap one:
//   1. per line: tokenizeLine() + buildLineNode() (cached per line by ParsedDocument);
//   2. assembleTree(): one linear, iterative pass over the cached line nodes that builds sections,
//      conditional blocks and line activity (no re-tokenizing, no recursion: 10,000 nested .if are fine).
import { evaluateCondition, parseCondition } from './conditions';
import type { ConditionProblem, Tri } from './conditions';
import { splitLines, tokenizeLine } from './tokenizer';
import type {
  Activity, ConditionalBlock, ConditionKeyword, ConditionLine, ConfigTree, Directive, EvalContext, LineNode, LineTokens,
  MessageKeyword, MessageLine, Section, SyntaxIssue, Word,
} from './tree';
import { isSectionKeyword, LineDirective } from './tree';

/** HAProxy 2.6 says "too many nested '.if', max is 100" at the 100th nested level (checked with haproxy -c). */
export const MAX_NESTED_CONDITIONS = 100;

const CONDITION_KEYWORDS: ReadonlySet<string> = new Set(['.if', '.elif', '.else', '.endif']);
const MESSAGE_KEYWORDS: ReadonlySet<string> = new Set(['.diag', '.notice', '.warning', '.alert']);

/** A cached line: its tokens, its node, and issues of the node that depend on nothing else. */
export interface LineEntry {
  tokens: LineTokens;
  node: LineNode | undefined;
  /** The `.if`/`.elif` expression's syntax issue; reported only where HAProxy evaluates it. */
  conditionIssue?: SyntaxIssue;
  /** Issues of the line's node itself (e.g. unknown preprocessor directive). */
  nodeIssues: readonly SyntaxIssue[];
}

const NO_ISSUES: readonly SyntaxIssue[] = Object.freeze([]);

// Positions are never shared between nodes: ParsedDocument shifts each one in place when lines move.
// (A word's `range` is a fresh object on each read.)
function spanOf(words: Word[]): Directive['range'] {
  return { start: words[0].range.start, end: words[words.length - 1].range.end };
}

/** Builds the node of one tokenized line (undefined for blank/comment-only lines). */
export function buildLineEntry(tokens: LineTokens, line: number): LineEntry {
  const words = tokens.words;
  const entry: LineEntry = { tokens, node: undefined, nodeIssues: NO_ISSUES };
  if (words.length === 0) return entry;
  const first = words[0];
  // Only an unquoted first word starting with '.' is a preprocessor directive (the usual line is not).
  if (first.text.charCodeAt(0) === 46 /* . */ && first.raw === first.text) return preprocessorEntry(entry, tokens, first, line);
  return directiveEntry(entry, tokens, line);
}

/** A directive line: its LineDirective is both its node and its tokens. */
function directiveEntry(entry: LineEntry, tokens: LineTokens, line: number): LineEntry {
  const words = tokens.words;
  const directive = new LineDirective(line, words[0], words.slice(1), tokens.comment, tokens.issues);
  entry.node = directive;
  entry.tokens = directive;
  return entry;
}

/** A line whose first word starts with '.': a conditional, a message, or an unknown directive (kept as a directive). */
function preprocessorEntry(entry: LineEntry, tokens: LineTokens, first: Word, line: number): LineEntry {
  const words = tokens.words;
  if (CONDITION_KEYWORDS.has(first.text)) {
    const keyword = first.text as ConditionKeyword;
    const node: ConditionLine = { kind: 'condition', keyword, line, words, range: spanOf(words), activity: 'active' };
    if (keyword === '.if' || keyword === '.elif') {
      const parsed = parseCondition(words.slice(1), first);
      if (parsed.expr) node.expr = parsed.expr;
      if (parsed.issue) entry.conditionIssue = parsed.issue;
    } else if (words.length > 1) {
      entry.nodeIssues = [{
        code: 'unexpected-argument', message: `'${keyword}' takes no argument`, severity: 'error',
        range: spanOf(words.slice(1)),
      }];
    }
    entry.node = node;
    return entry;
  }
  if (MESSAGE_KEYWORDS.has(first.text)) {
    const node: MessageLine = {
      kind: 'message', keyword: first.text as MessageKeyword, line, words, range: spanOf(words), activity: 'active',
      message: words.slice(1).map((w) => w.text).join(' '),
    };
    entry.node = node;
    return entry;
  }
  if (first.text.length > 1) {
    entry.nodeIssues = [{
      code: 'unknown-preprocessor-directive', severity: 'error', range: first.range, // a fresh object, shifted with the line
      message: `unknown directive '${first.text}' (expected .if, .elif, .else, .endif, .diag, .notice, .warning or .alert)`,
    }];
  }
  return directiveEntry(entry, tokens, line);
}

export function tokenizeAll(text: string): LineEntry[] {
  return splitLines(text).map((lineText, i) => buildLineEntry(tokenizeLine(lineText, i), i));
}

function combine(outer: Activity, inner: Activity): Activity {
  if (outer === 'inactive' || inner === 'inactive') return 'inactive';
  return outer === 'undecided' || inner === 'undecided' ? 'undecided' : 'active';
}

interface OpenBlock {
  block: ConditionalBlock;
  outer: Activity; // activity of the lines around the block
  state: 'none' | 'maybe' | 'taken'; // has an earlier branch been taken?
  sawElse: boolean;
  current: Activity; // activity of the lines in the current branch (outer combined)
}

/** Branch activity given the earlier branches' state and this branch's condition value. */
function branchActivity(open: OpenBlock, value: Tri): Activity {
  if (open.state === 'taken' || value === false) return 'inactive';
  if (value === undefined) { open.state = 'maybe'; return 'undecided'; }
  const act: Activity = open.state === 'maybe' ? 'undecided' : 'active';
  open.state = 'taken';
  return act;
}

class Assembler {
  readonly tree: ConfigTree;
  private section: Section | undefined;
  private readonly stack: OpenBlock[] = [];

  activityChanges = 0;

  constructor(private readonly entries: LineEntry[], private readonly ctx: EvalContext) {
    this.tree = {
      lineCount: entries.length, lines: entries.map((e) => e.tokens), nodes: entries.map((e) => e.node),
      preamble: [], sections: [], conditionals: [], messages: [], issues: [],
    };
  }

  run(): ConfigTree {
    for (let i = 0; i < this.entries.length; i++) this.visit(i);
    this.closeSection(this.entries.length - 1);
    for (const open of this.stack) {
      const head = open.block.branches[0].head;
      this.addIssue({ code: 'unclosed-if', message: "'.if' without a matching '.endif'", range: head.range, severity: 'error' });
      this.endBranch(open, this.entries.length - 1);
    }
    this.tree.issues.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return this.tree;
  }

  private get activity(): Activity { return this.stack.length ? this.stack[this.stack.length - 1].current : 'active'; }

  private addIssue(issue: SyntaxIssue): void { this.tree.issues.push(issue); }

  private visit(i: number): void {
    const entry = this.entries[i];
    for (const issue of entry.tokens.issues) this.addIssue(issue);
    for (const issue of entry.nodeIssues) this.addIssue(issue);
    const node = entry.node;
    if (!node) return;
    const before = node.activity;
    this.visitNode(node, entry, i);
    if (node.activity !== before) this.activityChanges++;
  }

  private visitNode(node: LineNode, entry: LineEntry, i: number): void {
    if (node.kind === 'condition') { this.visitCondition(node, entry); return; }
    node.activity = this.activity;
    if (node.kind === 'message') { this.tree.messages.push(node); return; }
    node.inactive = node.activity === 'inactive';
    if (isSectionKeyword(node.keyword.text) && node.keyword.raw === node.keyword.text) { this.openSection(node, i); return; }
    if (this.section) this.section.directives.push(node);
    else this.tree.preamble.push(node);
  }

  private openSection(header: Directive, line: number): void {
    this.closeSection(line - 1);
    const section: Section = {
      kind: 'section', type: header.keyword.text as Section['type'], header, directives: [],
      range: header.range, // a fresh object (computed from the words)
      startLine: line, endLine: line, activity: header.activity,
    };
    const [name, fromKeyword, from] = header.args;
    if (name) section.name = name;
    if (fromKeyword && fromKeyword.text === 'from') {
      section.fromKeyword = fromKeyword;
      if (from) section.from = from;
    }
    this.section = section;
    this.tree.sections.push(section);
  }

  private closeSection(lastLine: number): void {
    const section = this.section;
    if (!section) return;
    section.endLine = Math.max(section.startLine, lastLine);
    const last = section.directives[section.directives.length - 1];
    if (last) section.range = { start: section.header.range.start, end: last.range.end }; // fresh objects
    this.section = undefined;
  }

  private evaluate(node: ConditionLine, entry: LineEntry, evaluated: boolean): Tri {
    if (!node.expr) {
      if (evaluated && entry.conditionIssue) this.addIssue(entry.conditionIssue);
      delete node.value;
      return undefined;
    }
    const problems: ConditionProblem[] = [];
    const value = evaluateCondition(node.expr, this.ctx, problems);
    if (value === undefined) delete node.value; else node.value = value;
    if (evaluated) for (const p of problems) this.addIssue({ ...p, severity: 'error' });
    return value;
  }

  private visitCondition(node: ConditionLine, entry: LineEntry): void {
    const top = this.stack[this.stack.length - 1];
    switch (node.keyword) {
      case '.if': {
        const outer = this.activity;
        node.activity = outer;
        if (this.stack.length === MAX_NESTED_CONDITIONS - 1) { // reported once, where HAProxy stops
          this.addIssue({ code: 'nesting-too-deep', message: `too many nested '.if', max is ${MAX_NESTED_CONDITIONS}`, range: node.range, severity: 'error' });
        }
        const block: ConditionalBlock = {
          branches: [], depth: this.stack.length + 1, range: { start: { ...node.range.start }, end: { ...node.range.end } },
        };
        if (top) block.parent = top.block;
        this.tree.conditionals.push(block);
        const open: OpenBlock = { block, outer, state: 'none', sawElse: false, current: outer };
        this.stack.push(open);
        this.startBranch(open, node, this.evaluate(node, entry, outer !== 'inactive'));
        return;
      }
      case '.elif': case '.else': {
        if (!top) {
          const code = node.keyword === '.elif' ? 'elif-without-if' : 'else-without-if';
          this.addIssue({ code, message: `'${node.keyword}' without a matching '.if'`, range: node.range, severity: 'error' });
          node.activity = this.activity;
          if (node.keyword === '.elif') this.evaluate(node, entry, false);
          return;
        }
        node.activity = top.outer;
        if (top.sawElse) {
          const code = node.keyword === '.elif' ? 'elif-after-else' : 'else-after-else';
          this.addIssue({ code, message: `'${node.keyword}' after '.else' in the same block`, range: node.range, severity: 'error' });
        }
        this.endBranch(top, node.line - 1);
        const value = node.keyword === '.else'
          ? true
          : this.evaluate(node, entry, top.outer !== 'inactive' && top.state !== 'taken');
        if (node.keyword === '.else') top.sawElse = true;
        this.startBranch(top, node, value);
        return;
      }
      case '.endif': {
        if (!top) {
          this.addIssue({ code: 'endif-without-if', message: "'.endif' without a matching '.if'", range: node.range, severity: 'error' });
          node.activity = this.activity;
          return;
        }
        node.activity = top.outer;
        this.endBranch(top, node.line - 1);
        top.block.endif = node;
        top.block.range = { start: top.block.range.start, end: { ...node.range.end } };
        this.stack.pop();
      }
    }
  }

  private startBranch(open: OpenBlock, head: ConditionLine, value: Tri): void {
    const taken = branchActivity(open, value);
    open.current = combine(open.outer, taken);
    open.block.branches.push({ head, startLine: head.line + 1, endLine: head.line, taken });
  }

  private endBranch(open: OpenBlock, lastLine: number): void {
    const branch = open.block.branches[open.block.branches.length - 1];
    branch.endLine = Math.max(branch.head.line, lastLine);
    if (!open.block.endif) {
      const lastLineEnd = { line: branch.endLine, character: this.entries[branch.endLine]?.tokens.words.at(-1)?.range.end.character ?? 0 };
      open.block.range = { start: open.block.range.start, end: lastLineEnd };
    }
  }
}

/** Builds the tree from cached line entries (stage 2). Node activity flags are updated in place. */
export function assembleTree(entries: LineEntry[], ctx: EvalContext = {}, stats?: { activityChanges: number }): ConfigTree {
  const assembler = new Assembler(entries, ctx);
  const tree = assembler.run();
  if (stats) stats.activityChanges = assembler.activityChanges;
  return tree;
}

/** Parses a whole configuration text. Never throws. */
export function parse(text: string, ctx: EvalContext = {}): ConfigTree {
  return assembleTree(tokenizeAll(text), ctx);
}
