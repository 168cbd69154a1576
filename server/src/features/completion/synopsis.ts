// The manual's synopsis lines as small grammars: `server <name> <address>[:[port]] [param*]`,
// `deny [ { status | deny_status } <code> ] [ content-type <type> ]`. Compiled once per line into an
// NFA over words, so completion can ask "which literal words or placeholders may come next after
// these words?" and signature help "which parameter is this word?". Unparsable synopses give
// undefined: callers then fall back to the catalog's ArgSpec list.

/** A word the grammar expects: a literal (`len`, `if`) or a placeholder (`<expr>`, `param*`). */
export type TermSpec = { kind: 'literal'; text: string } | { kind: 'placeholder'; name: string };
export type Terminal = TermSpec & { param: number };

export interface SynopsisParam {
  /** The parameter as printed in the synopsis (`[ len <length> ]`). */
  text: string;
  /** Offsets of `text` in the synopsis line (for LSP ParameterInformation labels). */
  label: [number, number];
}

export interface CompiledSynopsis {
  /** The whole synopsis line as printed. */
  line: string;
  /** Words before the parameters (`timeout connect`), as printed. */
  head: string;
  params: SynopsisParam[];
  /** Terminals expected after `words` (the words after the head); empty when the words do not fit. */
  expectedAfter(words: readonly string[]): Terminal[];
  /** Whether `words` fit the synopsis so far (more words may follow). */
  accepts(words: readonly string[]): boolean;
  /** Whether `words` are a complete use of the synopsis (nothing required is missing). */
  complete(words: readonly string[]): boolean;
}

type Token =
  | { t: '[' | ']' | '{' | '}' | '|' | '...'; at: number; end: number }
  | { t: 'word'; text: string; at: number; end: number };

type Node =
  | { n: 'term'; term: TermSpec }
  | { n: 'seq'; items: Node[] }
  | { n: 'alt'; options: Node[] }
  | { n: 'opt'; inner: Node }
  | { n: 'rep'; inner: Node };

const BLANK = /\s/;
/** Words the manual prints in synopses that are annotations, not syntax. */
const ANNOTATIONS: ReadonlySet<string> = new Set(['EXPERIMENTAL', '(deprecated)']);
/** Bare words the manual uses as placeholders (`[flags]`, `[options...]`), not literals to type. */
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set(['flags', 'operator', 'options', 'arguments', 'args', 'param', 'params', 'value', 'values']);

function matchingClose(s: string, open: number, openCh: string, closeCh: string): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === openCh) depth++;
    else if (s[i] === closeCh && --depth === 0) return i;
  }
  return -1;
}

/** Reads a word from `i`: up to a blank (or a group bracket) outside <...>, (...) and attached [...]. */
function readWord(s: string, i: number): number {
  let angle = 0;
  let paren = 0;
  let square = 0;
  for (; i < s.length; i++) {
    const ch = s[i];
    if (ch === '<') { angle++; continue; }
    if (ch === '>') { angle = Math.max(0, angle - 1); continue; }
    if (ch === '(') { paren++; continue; }
    if (ch === ')') { paren = Math.max(0, paren - 1); continue; }
    if (angle) {
      // `<key fmt>` holds a blank, but `<tos | <expr>` (a typo in the manual) must stop at it.
      if (BLANK.test(ch)) {
        const next = s.slice(i).search(/[<>]/);
        if (next < 0 || s[i + next] === '<') break;
      }
      continue;
    }
    if (paren) continue;
    if (ch === '[') { square++; continue; }
    if (ch === ']') { if (!square) break; square--; continue; }
    if (BLANK.test(ch) || ch === '{' || ch === '}' || ch === '|') break;
  }
  return i;
}

function tokenize(s: string, from: number): Token[] | undefined {
  const tokens: Token[] = [];
  let i = from;
  while (i < s.length) {
    const ch = s[i];
    if (BLANK.test(ch) || ch === '>') { i++; continue; }
    if (s.startsWith('...', i)) { tokens.push({ t: '...', at: i, end: i + 3 }); i += 3; continue; }
    if (ch === '[') {
      const close = matchingClose(s, i, '[', ']');
      const after = close >= 0 ? s[close + 1] : undefined;
      // `[<address>]:<port_range>` is one word; `[ len <length> ]` is a group.
      if (close >= 0 && after !== undefined && !BLANK.test(after) && !']}|.'.includes(after)) {
        const end = readWord(s, close + 1);
        tokens.push({ t: 'word', text: s.slice(i, end), at: i, end });
        i = end;
        continue;
      }
      tokens.push({ t: '[', at: i, end: i + 1 }); i++; continue;
    }
    if (ch === ']' || ch === '{' || ch === '}' || ch === '|') {
      tokens.push({ t: ch, at: i, end: i + 1 }); i++; continue;
    }
    const end = readWord(s, i);
    if (end === i) return undefined;
    tokens.push({ t: 'word', text: s.slice(i, end), at: i, end });
    i = end;
  }
  return tokens;
}

function wordTerm(text: string): TermSpec | undefined {
  if (ANNOTATIONS.has(text)) return undefined;
  const angle = /<([^<>]+)>/.exec(text);
  if (angle) return { kind: 'placeholder', name: angle[1].trim() };
  if (/^[a-z][\w-]*\*$/.test(text)) return { kind: 'placeholder', name: text.slice(0, -1) };
  if (text.startsWith('<')) return { kind: 'placeholder', name: text.replace(/[<>]/g, '') };
  if (PLACEHOLDER_WORDS.has(text)) return { kind: 'placeholder', name: text };
  return { kind: 'literal', text };
}

class GrammarParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  get done(): boolean { return this.pos >= this.tokens.length; }

  /** Top level: one node per parameter, with its token span. */
  parameters(): Array<{ node: Node; at: number; end: number }> | undefined {
    const params: Array<{ node: Node; at: number; end: number }> = [];
    while (!this.done) {
      const first = this.tokens[this.pos];
      if (first.t === '|') {
        // `<int> | <epxr>` at top level: fold into one alternative parameter.
        const prev = params.pop();
        this.pos++;
        const next = this.item();
        if (!prev || !next) return undefined;
        params.push({ node: { n: 'alt', options: [prev.node, next] }, at: prev.at, end: this.tokens[this.pos - 1].end });
        continue;
      }
      const node = this.item();
      if (!node) return undefined;
      params.push({ node, at: first.at, end: this.tokens[this.pos - 1].end });
    }
    return params;
  }

  private item(): Node | undefined {
    const atom = this.atom();
    if (!atom) return undefined;
    let node = atom;
    while (this.tokens[this.pos]?.t === '...') { this.pos++; node = { n: 'rep', inner: node }; }
    return node;
  }

  private atom(): Node | undefined {
    const tok = this.tokens[this.pos++];
    if (!tok) return undefined;
    if (tok.t === 'word') {
      const term = wordTerm(tok.text);
      const node: Node = term ? { n: 'term', term } : { n: 'seq', items: [] };
      return /\*$/.test(tok.text) && term?.kind === 'placeholder' ? { n: 'opt', inner: { n: 'rep', inner: node } } : node;
    }
    if (tok.t === '[' || tok.t === '{') {
      const close = tok.t === '[' ? ']' : '}';
      const inner = this.alternatives(close);
      if (!inner || this.tokens[this.pos]?.t !== close) return undefined;
      this.pos++;
      return tok.t === '[' ? { n: 'opt', inner } : inner;
    }
    if (tok.t === '...') return { n: 'seq', items: [] }; // `[, ...]`: the repeat mark with nothing before it
    return undefined;
  }

  private alternatives(close: ']' | '}'): Node | undefined {
    const options: Node[] = [];
    let items: Node[] = [];
    while (!this.done && this.tokens[this.pos].t !== close) {
      if (this.tokens[this.pos].t === '|') {
        this.pos++;
        options.push({ n: 'seq', items });
        items = [];
        continue;
      }
      const node = this.item();
      if (!node) return undefined;
      items.push(node);
    }
    options.push({ n: 'seq', items });
    return options.length === 1 ? options[0] : { n: 'alt', options };
  }
}

interface Nfa {
  epsilon: number[][];
  edges: Array<Array<{ term: Terminal; to: number }>>;
  start: number;
  accept: number;
}

class NfaBuilder {
  readonly epsilon: number[][] = [];
  readonly edges: Array<Array<{ term: Terminal; to: number }>> = [];

  state(): number {
    this.epsilon.push([]);
    this.edges.push([]);
    return this.epsilon.length - 1;
  }

  /** Adds `node` between fresh states; returns [start, end]. */
  build(node: Node, param: number): [number, number] {
    switch (node.n) {
      case 'term': {
        const s = this.state();
        const e = this.state();
        this.edges[s].push({ term: { ...node.term, param } as Terminal, to: e });
        return [s, e];
      }
      case 'seq': {
        const s = this.state();
        let last = s;
        for (const item of node.items) {
          const [is, ie] = this.build(item, param);
          this.epsilon[last].push(is);
          last = ie;
        }
        return [s, last];
      }
      case 'alt': {
        const s = this.state();
        const e = this.state();
        for (const option of node.options) {
          const [os, oe] = this.build(option, param);
          this.epsilon[s].push(os);
          this.epsilon[oe].push(e);
        }
        return [s, e];
      }
      case 'opt': {
        const [is, ie] = this.build(node.inner, param);
        this.epsilon[is].push(ie);
        return [is, ie];
      }
      case 'rep': {
        const [is, ie] = this.build(node.inner, param);
        this.epsilon[ie].push(is);
        return [is, ie];
      }
    }
  }
}

function closure(nfa: Nfa, states: Iterable<number>): Set<number> {
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const next of nfa.epsilon[s]) stack.push(next);
  }
  return seen;
}

function step(nfa: Nfa, states: Set<number>, word: string): Set<number> {
  const next: number[] = [];
  for (const s of states) {
    for (const edge of nfa.edges[s]) {
      if (edge.term.kind === 'placeholder' || edge.term.text === word) next.push(edge.to);
    }
  }
  return closure(nfa, next);
}

function run(nfa: Nfa, words: readonly string[]): Set<number> {
  let states = closure(nfa, [nfa.start]);
  for (const word of words) {
    states = step(nfa, states, word);
    if (states.size === 0) break;
  }
  return states;
}

/** Where the parameters start: after the head words and anything glued to the last one (`set-var(<v>)`). */
function parametersStart(line: string, head: string): number | undefined {
  if (!line.startsWith(head)) return undefined;
  const rest = line.slice(head.length);
  if (rest !== '' && !/^[\s(]/.test(rest)) return undefined; // `tune.rcvbuf.client` documented with `tune.rcvbuf.server`
  let i = head.length;
  while (i < line.length && !BLANK.test(line[i])) {
    i = line[i] === '(' ? matchingClose(line, i, '(', ')') + 1 || line.length : i + 1;
  }
  return i;
}

const compiled = new Map<string, CompiledSynopsis | null>();

/**
 * Compiles one synopsis line whose first words are `head` (`timeout connect`, `set-var`).
 * Undefined when the line is about another keyword or cannot be parsed.
 */
export function compileSynopsis(line: string, head: string): CompiledSynopsis | undefined {
  const key = `${head}\u0000${line}`;
  const cached = compiled.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const result = compile(line, head);
  compiled.set(key, result ?? null);
  return result;
}

function compile(line: string, head: string): CompiledSynopsis | undefined {
  const start = parametersStart(line, head);
  if (start === undefined) return undefined;
  const tokens = tokenize(line, start);
  if (!tokens) return undefined;
  const parser = new GrammarParser(tokens);
  const parts = parser.parameters();
  if (!parts) return undefined;
  const builder = new NfaBuilder();
  const begin = builder.state();
  let last = begin;
  parts.forEach((part, index) => {
    const [s, e] = builder.build(part.node, index);
    builder.epsilon[last].push(s);
    last = e;
  });
  const nfa: Nfa = { epsilon: builder.epsilon, edges: builder.edges, start: begin, accept: last };
  return {
    line,
    head: line.slice(0, start).trimEnd(),
    params: parts.map((p) => ({ text: line.slice(p.at, p.end), label: [p.at, p.end] })),
    expectedAfter(words) {
      const states = run(nfa, words);
      const out: Terminal[] = [];
      for (const s of states) for (const edge of nfa.edges[s]) out.push(edge.term);
      return out;
    },
    accepts(words) {
      return run(nfa, words).size > 0;
    },
    complete(words) {
      return run(nfa, words).has(nfa.accept);
    },
  };
}

/** The synopsis lines of an entry that are about `head` (the manual groups siblings in one entry). */
export function synopsesFor(lines: readonly string[] | undefined, head: string): CompiledSynopsis[] {
  return (lines ?? []).flatMap((line) => compileSynopsis(line, head) ?? []);
}

const RULESET_PREFIX = /^(?:http-request|http-response|http-after-response|tcp-request (?:connection|session|content)|tcp-response content|quic-initial)\s+/;
const CONDITION_SUFFIX = /\s*\[\s*\{\s*if\s*\|\s*unless\s*\}\s*<cond(?:ition)?>\s*\]\s*$/;

/**
 * An action's synopsis lines without the rule set and condition some manuals print around them
 * (2.4-2.8: `http-after-response set-var(<var-name>) <expr> [ { if | unless } <condition> ]`).
 */
export function actionSynopsisLines(synopsis: readonly string[] | undefined): string[] {
  return (synopsis ?? []).map((line) => line.replace(RULESET_PREFIX, '').replace(CONDITION_SUFFIX, ''));
}

/** Placeholders whose word is a sample expression (`set-var(x) <expr>`, `track-sc0 <key>`, `stick on <pattern>`). */
export const SAMPLE_PLACEHOLDERS: ReadonlySet<string> = new Set(['expr', 'sample', 'key', 'pattern', 'epxr']);
