// Cuts one configuration line into words like HAProxy's parse_line() (configuration manual §2.2,
// §2.3): blanks separate words, '...' is literal, "..." honours backslash escapes and marks env
// references, backslash escapes work outside quotes, an unprotected '#' starts a comment anywhere.
import type { EnvRef, LineTokens, SyntaxIssue, SyntaxIssueCode } from './tree';
import { DecodedWord, NO_ENV_REFS, rangeOf, SourceWord } from './tree';

/** HAProxy keeps at most this many words per line (MAX_LINE_ARGS); the rest is dropped with a warning. */
export const MAX_LINE_WORDS = 64;

const SIMPLE_ESCAPES: Record<string, string> = {
  ' ': ' ', '\t': '\t', '#': '#', '\\': '\\', '"': '"', "'": "'", '$': '$', n: '\n', r: '\r', t: '\t',
};

function isBlank(ch: string): boolean { return ch === ' ' || ch === '\t'; }
function isHex(ch: string | undefined): boolean { return ch !== undefined && /^[0-9a-fA-F]$/.test(ch); }
function isEnvNameChar(ch: string | undefined): boolean { return ch !== undefined && /^[A-Za-z0-9_.]$/.test(ch); }

/**
 * The last short word seen per hash slot ("server", "check", "10s"...): words spelled alike share one
 * string instead of a copy each (~650k short words in a 100k-line file). Only strings of at most
 * 12 characters: V8 copies those when slicing, so the cache never keeps a document's text alive.
 */
const SHARED_WORD_MAX_LENGTH = 12;
const SHARED_WORD_SLOTS = 4096; // a power of two
const sharedWords: string[] = new Array<string>(SHARED_WORD_SLOTS).fill('');

/** Is `word` written in `text` at `start`? (A plain loop: short, and faster than a builtin call.) */
function sameChars(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** text.slice(start, end), or an equal string seen before. */
function sliceShared(text: string, start: number, end: number): string {
  const length = end - start;
  if (length > SHARED_WORD_MAX_LENGTH) return text.slice(start, end);
  // A cheap hash of the length and four characters: a collision only costs a copy.
  const last = end - 1;
  const hash = length * 0x9e5 + text.charCodeAt(start) * 0x3b1 + text.charCodeAt(last) * 0x61
    + text.charCodeAt(start + (length >> 1)) * 0x1f + text.charCodeAt(start + (length >> 2));
  const slot = hash & (SHARED_WORD_SLOTS - 1);
  const seen = sharedWords[slot];
  if (seen.length === length && sameChars(seen, text, start)) return seen;
  const fresh = text.slice(start, end);
  sharedWords[slot] = fresh;
  return fresh;
}

/** No issue on the line (shared: nearly every line has none). */
const NO_ISSUES: readonly SyntaxIssue[] = Object.freeze([]);

/**
 * Words of the line being scanned. One buffer for all lines (tokenizing is synchronous), copied out
 * at the exact count: a growing array per line would keep ~16 slots for ~9 words on 100k lines.
 */
const wordBuffer: (SourceWord | undefined)[] = [];

class LineScanner {
  private wordCount = 0;
  private issues: SyntaxIssue[] | undefined;
  private comment: LineTokens['comment'];
  private pos = 0;

  constructor(private readonly text: string, private readonly line: number) {}

  run(): LineTokens {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text.charCodeAt(this.pos);
      if (ch === 32 || ch === 9) { this.pos++; continue; }
      if (ch === 35 /* # */) { this.comment = rangeOf(this.line, this.pos, text.length); break; }
      this.scanWord();
    }
    this.reportNul();
    const words = this.takeWords();
    if (words.length > MAX_LINE_WORDS) {
      const extra = words[MAX_LINE_WORDS];
      this.issue('too-many-words', `HAProxy keeps at most ${MAX_LINE_WORDS} words per line; the rest is ignored`,
        extra.start, words[words.length - 1].end, 'warning');
    }
    const result: LineTokens = { words, issues: this.issues ?? NO_ISSUES };
    if (this.comment) result.comment = this.comment;
    return result;
  }

  private addWord(word: SourceWord): void { wordBuffer[this.wordCount++] = word; }

  /** The line's words in an array of their exact size; the shared buffer lets go of them. */
  private takeWords(): SourceWord[] {
    const words = wordBuffer.slice(0, this.wordCount) as SourceWord[];
    for (let i = 0; i < this.wordCount; i++) wordBuffer[i] = undefined;
    return words;
  }

  private issue(code: SyntaxIssueCode, message: string, start: number, end: number, severity: 'error' | 'warning' = 'error'): void {
    (this.issues ??= []).push({ code, message, range: rangeOf(this.line, start, Math.max(end, start)), severity });
  }

  private reportNul(): void {
    const at = this.text.indexOf('\0');
    if (at >= 0) this.issue('nul-character', 'NUL character in the line (HAProxy rejects it)', at, at + 1);
  }

  /** Scans one word starting at this.pos; stops at an unquoted blank or '#', or the end. */
  private scanWord(): void {
    const text = this.text;
    const start = this.pos;
    // Fast path: most words have no quote or backslash, so text === raw.
    let end = start;
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (c === 32 || c === 9 || c === 35 /* # */) break;
      if (c === 34 || c === 39 || c === 92) { end = -1; break; } // " ' \
    }
    if (end >= 0) {
      const raw = sliceShared(text, start, end);
      this.pos = end;
      this.addWord(new SourceWord(raw, this.line, start));
      return;
    }
    let out = '';
    let quoted = false;
    let quote: '"' | "'" | undefined;
    let quoteStart = 0;
    const envRefs: EnvRef[] = [];
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (quote === "'") {
        if (ch === "'") { quote = undefined; this.pos++; continue; }
        out += ch; this.pos++; continue;
      }
      if (quote === undefined && (isBlank(ch) || ch === '#')) break;
      if (ch === '\\') { out += this.scanEscape(); continue; }
      if (ch === '"') {
        quote = quote === '"' ? undefined : '"';
        if (quote) { quoted = true; quoteStart = this.pos; }
        this.pos++;
        continue;
      }
      if (ch === "'" && quote === undefined) { quote = "'"; quoted = true; quoteStart = this.pos; this.pos++; continue; }
      if (ch === '$' && quote === '"') {
        const ref = this.scanEnvRef();
        if (ref) { envRefs.push(ref.ref); out += ref.raw; continue; }
      }
      out += ch; this.pos++;
    }
    if (quote) {
      this.issue('unterminated-quote', `missing closing ${quote === '"' ? 'double' : 'single'} quote`, quoteStart, text.length);
    }
    const raw = text.slice(start, this.pos);
    // A backslash kept verbatim ("\\d") decodes to itself: such a word is plain after all.
    if (!quoted && envRefs.length === 0 && out === raw) this.addWord(new SourceWord(raw, this.line, start));
    else this.addWord(new DecodedWord(out, raw, this.line, start, quoted, envRefs.length > 0 ? envRefs : NO_ENV_REFS));
  }

  /** At a backslash outside single quotes: returns the decoded text and advances. */
  private scanEscape(): string {
    const text = this.text;
    const next = text[this.pos + 1];
    if (next === undefined) { this.pos++; return '\\'; } // a lone trailing backslash stays as-is
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) { this.pos += 2; return simple; }
    if (next === 'x') {
      if (isHex(text[this.pos + 2]) && isHex(text[this.pos + 3])) {
        const decoded = String.fromCharCode(parseInt(text.slice(this.pos + 2, this.pos + 4), 16));
        this.pos += 4;
        return decoded;
      }
      this.issue('invalid-hex-escape', 'invalid hex escape: \\x must be followed by two hex digits', this.pos,
        Math.min(text.length, this.pos + 4));
      this.pos += 2;
      return '\\x';
    }
    // Other backslashes are kept verbatim with the next character (e.g. regex "\d").
    this.pos += 2;
    return '\\' + next;
  }

  /** At '$' inside double quotes: an env reference (kept verbatim in text) or undefined (plain '$'). */
  private scanEnvRef(): { ref: EnvRef; raw: string } | undefined {
    const text = this.text;
    const start = this.pos;
    if (text[start + 1] === '{') {
      const close = text.indexOf('}', start + 2);
      const quoteEnd = text.indexOf('"', start + 2);
      if (close < 0 || (quoteEnd >= 0 && quoteEnd < close)) {
        this.issue('unterminated-env-brace', "missing '}' after '${'", start, quoteEnd >= 0 ? quoteEnd : text.length);
        this.pos = quoteEnd >= 0 ? quoteEnd : text.length;
        return { ref: { name: '', range: rangeOf(this.line, start, this.pos) }, raw: text.slice(start, this.pos) };
      }
      const inner = text.slice(start + 2, close);
      let nameEnd = 0;
      while (nameEnd < inner.length && isEnvNameChar(inner[nameEnd])) nameEnd++;
      const ref: EnvRef = { name: inner.slice(0, nameEnd), range: rangeOf(this.line, start, close + 1) };
      const rest = inner.slice(nameEnd);
      if (rest.startsWith('-')) ref.defaultValue = rest.slice(1);
      else if (rest === '[*]') ref.split = true;
      this.pos = close + 1;
      return { ref, raw: text.slice(start, close + 1) };
    }
    if (!isEnvNameChar(text[start + 1]) || text[start + 1] === '.') return undefined;
    let end = start + 1;
    while (isEnvNameChar(text[end]) && text[end] !== '.') end++;
    this.pos = end;
    return { ref: { name: text.slice(start + 1, end), range: rangeOf(this.line, start, end) }, raw: text.slice(start, end) };
  }
}

/** Tokenizes one line (without its line terminator; a trailing "\r" is ignored). Never throws. */
export function tokenizeLine(text: string, line: number): LineTokens {
  const body = text.length > 0 && text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
  return new LineScanner(body, line).run();
}

/** Splits a document into lines the way LSP counts them ("\n", "\r\n"; a lone "\r" also ends a line). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
