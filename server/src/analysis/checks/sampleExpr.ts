// Sample expressions as HAProxy's sample_parse_expr() reads them: a fetch name, optional
// "(args)", then ",converter(args)" terms. Argument lists end at the first unquoted ')' (no
// nesting: "regsub(^(a|b),x)" ends after "^(a|b"); quotes protect characters (see closingParen()).
// Also the `%[expr]` parts of log-format strings.

export interface SampleTerm {
  name: string;
  offset: number; // of the name in the parsed text
  /** Raw argument text between the parentheses (undefined when there are none). */
  args?: string;
  argsOffset?: number;
}

export interface SampleProblem {
  kind: 'missing-fetch' | 'unclosed-args' | 'missing-comma';
  message: string;
  offset: number;
  length: number;
}

export interface ParsedSample {
  fetch: SampleTerm;
  converters: SampleTerm[];
  /** Offset of the first character after the expression. */
  end: number;
  problem?: SampleProblem;
}

/** HAProxy's is_idchar(): the characters of fetch and converter names (by code: read for every ACL criterion). */
function isIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) // a-z A-Z 0-9 ':'
    || c === 46 || c === 95 || c === 45 || c === 43 || c === 36; // . _ - + $
}

function readName(text: string, at: number): number {
  let i = at;
  while (i < text.length && isIdChar(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Index of the ')' closing an argument list opened before `at`, or -1. Like make_arg_list(): quotes
 * protect characters; a backslash protects the next character inside double quotes, and outside
 * quotes only before a quote or a backslash (str(\'x\')); single quotes protect everything.
 */
function closingParen(text: string, at: number): number {
  let quote = '';
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (quote === '\'') { if (c === quote) quote = ''; continue; }
    if (c === '\\' && (quote === '"' || text[i + 1] === '\'' || text[i + 1] === '"' || text[i + 1] === '\\')) { i++; continue; }
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === '\'') { quote = c; continue; }
    if (c === ')') return i;
  }
  return -1;
}

function readTerm(text: string, at: number, what: string): { term: SampleTerm; end: number; problem?: SampleProblem } {
  const nameEnd = readName(text, at);
  const term: SampleTerm = { name: text.slice(at, nameEnd), offset: at };
  if (text[nameEnd] !== '(') return { term, end: nameEnd };
  const close = closingParen(text, nameEnd + 1);
  if (close < 0) {
    return {
      term, end: text.length,
      problem: { kind: 'unclosed-args', message: `${what} '${term.name}': expected ')' to close its arguments`, offset: nameEnd, length: text.length - nameEnd },
    };
  }
  term.args = text.slice(nameEnd + 1, close);
  term.argsOffset = nameEnd + 1;
  return { term, end: close + 1 };
}

/**
 * Parses an expression starting at `start`. `stop` is the character that may end it (']' inside
 * `%[...]`); without it the expression must run to the end of the text.
 */
export function parseSampleExpr(text: string, start = 0, stop?: string): ParsedSample {
  const first = readTerm(text, start, 'fetch method');
  const parsed: ParsedSample = { fetch: first.term, converters: [], end: first.end };
  if (first.term.name === '') {
    parsed.problem = { kind: 'missing-fetch', message: 'missing fetch method', offset: start, length: 0 };
    return parsed;
  }
  if (first.problem) { parsed.problem = first.problem; return parsed; }
  let i = first.end;
  while (i < text.length && text[i] !== stop) {
    if (text[i] !== ',') {
      const after = parsed.converters.length ? `converter '${parsed.converters[parsed.converters.length - 1].name}'` : `fetch method '${first.term.name}'`;
      parsed.problem = { kind: 'missing-comma', message: `missing comma after ${after}`, offset: i, length: 1 };
      break;
    }
    const conv = readTerm(text, i + 1, 'converter');
    if (conv.term.name !== '') parsed.converters.push(conv.term); // "path,,lower" and "path,lower," are accepted
    i = conv.end;
    if (conv.problem) { parsed.problem = conv.problem; break; }
    if (conv.term.name === '' && i < text.length && text[i] !== ',' && text[i] !== stop) {
      parsed.problem = { kind: 'missing-comma', message: `unexpected '${text[i]}' in converter list`, offset: i, length: 1 };
      break;
    }
  }
  parsed.end = i;
  return parsed;
}

/** A `%[expr]` in a log-format string, with the offset of the expression's first character. */
export interface EmbeddedSample { start: number; parsed: ParsedSample; closed: boolean }

/** Every `%[...]` / `%{flags}[...]` of a log-format string ("%%" is a literal percent sign). */
export function embeddedSamples(text: string): EmbeddedSample[] {
  const found: EmbeddedSample[] = [];
  for (let i = text.indexOf('%'); i >= 0 && i < text.length; i = text.indexOf('%', i + 1)) {
    if (text[i + 1] === '%') { i++; continue; }
    let j = i + 1;
    if (text[j] === '{') {
      const close = text.indexOf('}', j);
      if (close < 0) break;
      j = close + 1;
    }
    if (text[j] !== '[') continue;
    const parsed = parseSampleExpr(text, j + 1, ']');
    const closed = text[parsed.end] === ']';
    found.push({ start: j + 1, parsed, closed });
    i = parsed.end;
  }
  return found;
}

/** Structure errors PCRE would also report: unbalanced parentheses, an unterminated [class]. */
export function regexStructureError(re: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      if (re[i + 1] === 'Q') { // \Q...\E quotes everything
        const e = re.indexOf('\\E', i + 2);
        if (e < 0) return undefined;
        i = e + 1;
      } else i++;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (re[j] === '^') j++;
      if (re[j] === ']') j++; // a leading ']' is a literal
      while (j < re.length && re[j] !== ']') j += re[j] === '\\' ? 2 : 1;
      if (j >= re.length) return 'missing terminating ] for character class';
      i = j;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return 'unmatched closing parenthesis';
  }
  return depth > 0 ? 'missing closing parenthesis' : undefined;
}
