/**
 * Syntax tree of an HAProxy configuration (no keyword catalog needed).
 *
 * API (all in server/src/syntax/):
 * - `tokenizeLine(text, line)` (tokenizer.ts): one line -> words, comment, errors, as HAProxy's
 *   parse_line() cuts it (configuration manual §2.2/2.3).
 * - `parse(text, context?)` (parser.ts): whole text -> `ConfigTree`.
 * - `ParsedDocument` (document.ts): a tree kept up to date by `applyChanges(changes)` (LSP content
 *   changes); only touched lines are re-tokenized; returns a `TreeChange` telling what changed.
 * - `evaluateConditions(tree, context)` (conditions.ts): marks lines of false `.if` branches
 *   inactive; `parse()` and `ParsedDocument` call it for you.
 *
 * Conventions:
 * - Positions are LSP positions: 0-based line, UTF-16 code unit offsets (JS string indices).
 *   A range's end is exclusive. Lines end at "\n"; a "\r" before it is not part of the line.
 * - `Word.text` is the word after quote removal and escape decoding, but environment variables are
 *   NOT expanded: `"${FOO-x}"` gives text `${FOO-x}` and an `EnvRef` { name: FOO, default: x }.
 * - Sections start at any line whose first word is a section keyword (`SECTION_KEYWORDS`), whatever
 *   conditional block it sits in: the structure never depends on the evaluation context.
 * - Conditional-block policy: every line gets an `Activity`. `inactive` = in a branch that is false
 *   for the context (HAProxy skips it); `undecided` = the branch depends on something the context does
 *   not know (an env var with no env given, a feature list not given, an OpenSSL version...).
 *   Analysis should validate undecided lines leniently (syntax yes; "conflicts" between branches no),
 *   and skip inactive lines except for purely syntactic checks.
 * - Memory: a 100k-line file has ~900k words, so the parser's nodes are compact classes. `Word.range`,
 *   `Directive.range` and a directive line's `LineTokens.words` (a directive line's tokens are its
 *   LineDirective) are getters computing a fresh object on each read (keep it, change it: nothing
 *   else moves). Object spread does not copy getters: build a plain object from the fields you need
 *   instead of `{ ...word }`.
 */

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export type Activity = 'active' | 'inactive' | 'undecided';

/** A `$NAME` / `${NAME}` / `${NAME-default}` / `${NAME[*]}` inside double quotes (not expanded). */
export interface EnvRef {
  name: string;
  range: Range; // the whole reference in the source, from `$` to `}` (or the name's end)
  defaultValue?: string; // `${NAME-default}`
  split?: boolean; // `${NAME[*]}`: expands to several words
}

export interface Word {
  readonly text: string; // decoded (quotes and escapes removed, env refs kept verbatim)
  readonly raw: string; // exactly as in the source
  readonly range: Range; // the parser's words compute it on each read (a fresh object, safe to keep or change)
  readonly quoted: boolean; // any part of it was inside '...' or "..."
  readonly envRefs: readonly EnvRef[];
}

/** The env references of a word without any (shared: most words have none). */
export const NO_ENV_REFS: readonly EnvRef[] = Object.freeze([]);

/**
 * A word cut from a source line. A 100k-line document has ~900k of them, so each keeps only what
 * cannot be derived: its text, line and start column (the end is start + raw length: the raw text
 * spans exactly the word's source), no Range/Position objects. `range` is a getter: readers keep
 * `word.range.start.line`, but object spread and JSON see only the fields (`toJSON()` gives the
 * `Word` shape). This class is the common case, a word written as it reads (text === raw).
 */
export class SourceWord implements Word {
  /** `line` moves when lines are added or removed above (ParsedDocument shifts it). */
  constructor(readonly text: string, public line: number, readonly start: number) {}

  get raw(): string { return this.text; }
  get quoted(): boolean { return false; }
  get envRefs(): readonly EnvRef[] { return NO_ENV_REFS; }
  get end(): number { return this.start + this.raw.length; }
  get range(): Range { return rangeOf(this.line, this.start, this.end); }

  toJSON(): { text: string; raw: string; range: Range; quoted: boolean; envRefs: readonly EnvRef[] } {
    return { text: this.text, raw: this.raw, range: this.range, quoted: this.quoted, envRefs: this.envRefs };
  }
}

/** A word with quotes, escapes or env references: its decoded text differs from its source. */
export class DecodedWord extends SourceWord {
  constructor(text: string, private readonly source: string, line: number, start: number,
    private readonly isQuoted: boolean, private readonly refs: readonly EnvRef[]) {
    super(text, line, start);
  }

  override get raw(): string { return this.source; }
  override get quoted(): boolean { return this.isQuoted; }
  override get envRefs(): readonly EnvRef[] { return this.refs; }
}

export type Severity = 'error' | 'warning';

/** A problem found without a catalog. `code` is stable (tests and code actions key on it). */
export interface SyntaxIssue {
  code: SyntaxIssueCode;
  message: string;
  range: Range;
  severity: Severity;
}

export type SyntaxIssueCode =
  | 'unterminated-quote' | 'invalid-hex-escape' | 'unterminated-env-brace' | 'nul-character'
  | 'too-many-words'
  | 'endif-without-if' | 'else-without-if' | 'elif-without-if' | 'else-after-else' | 'elif-after-else'
  | 'unclosed-if' | 'nesting-too-deep' | 'unexpected-argument' | 'unknown-preprocessor-directive'
  | 'condition-syntax' | 'unknown-predicate' | 'predicate-not-in-version';

/** One source line after tokenization (cached per line by ParsedDocument). */
export interface LineTokens {
  words: Word[];
  comment?: Range; // from the unprotected '#' to the end of the line
  issues: readonly SyntaxIssue[]; // often a shared empty array
}

/** Section keywords of HAProxy 2.4 to 3.4 (each always starts a line and a new section). */
export const SECTION_KEYWORDS = [
  'global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'peers', 'resolvers', 'mailers',
  'program', 'http-errors', 'ring', 'cache', 'fcgi-app', 'log-forward', 'crt-store', 'traces', 'acme',
  'log-profile', 'healthcheck', 'namespace_list',
] as const;
export type SectionKeyword = (typeof SECTION_KEYWORDS)[number];
const sectionKeywordSet: ReadonlySet<string> = new Set(SECTION_KEYWORDS);
export function isSectionKeyword(word: string): word is SectionKeyword { return sectionKeywordSet.has(word); }

/** A configuration statement: keyword (first word) + arguments. Multi-word keywords are not resolved. */
export interface Directive {
  kind: 'directive';
  line: number;
  keyword: Word;
  args: Word[];
  readonly range: Range; // first word start .. last word end (the parser's directives compute it on each read)
  comment?: Range;
  activity: Activity;
  inactive: boolean; // activity === 'inactive'
}

/**
 * The parser's directive. It is also its line's tokens (`tree.lines[i]`): a 100k-line file has ~100k of
 * them, so the line keeps one object, not two, and no Range: its range is derived from its words and
 * its `words` (keyword + arguments) are read on demand (a fresh array each time).
 */
export class LineDirective implements Directive, LineTokens {
  readonly kind = 'directive';
  activity: Activity = 'active';
  inactive = false;

  constructor(public line: number, readonly keyword: Word, readonly args: Word[], readonly comment: Range | undefined,
    readonly issues: readonly SyntaxIssue[]) {}

  get range(): Range {
    const last = this.args.length > 0 ? this.args[this.args.length - 1] : this.keyword;
    return { start: startOf(this.keyword), end: endOf(last) };
  }

  get words(): Word[] { return [this.keyword, ...this.args]; }
}

function startOf(word: Word): Position {
  return word instanceof SourceWord ? { line: word.line, character: word.start } : { ...word.range.start };
}

function endOf(word: Word): Position {
  return word instanceof SourceWord ? { line: word.line, character: word.end } : { ...word.range.end };
}

export interface Section {
  kind: 'section';
  type: SectionKeyword;
  header: Directive; // the section line itself (keyword = type word)
  name?: Word; // `frontend NAME`, `defaults NAME`
  fromKeyword?: Word; // the `from` word
  from?: Word; // `... from OTHER`
  directives: Directive[]; // body lines, preprocessor lines excluded
  range: Range; // header start .. last body line end (blank/comment lines at the end excluded)
  startLine: number;
  endLine: number; // last line that belongs to it (up to the line before the next section)
  activity: Activity; // of the header line
}

export type ConditionKeyword = '.if' | '.elif' | '.else' | '.endif';
export type MessageKeyword = '.diag' | '.notice' | '.warning' | '.alert';

/** A condition expression of `.if`/`.elif` (manual §2.4). */
export type CondExpr =
  | { kind: 'empty'; range: Range }
  | { kind: 'number'; value: number; range: Range }
  | { kind: 'env'; text: string; range: Range } // a term that is an env reference: "${A}" (decided once expanded)
  | { kind: 'predicate'; name: string; args: string[]; hasParens: boolean; nameRange: Range; range: Range }
  | { kind: 'not'; operand: CondExpr; range: Range }
  | { kind: 'and' | 'or'; left: CondExpr; right: CondExpr; range: Range }
  | { kind: 'group'; inner: CondExpr; range: Range };

/** A `.if`/`.elif`/`.else`/`.endif` line. */
export interface ConditionLine {
  kind: 'condition';
  keyword: ConditionKeyword;
  line: number;
  words: Word[];
  range: Range;
  expr?: CondExpr; // `.if` / `.elif` only (undefined when the expression has a syntax error)
  value?: boolean; // the expression's value for the context; undefined = undecidable
  activity: Activity; // of the directive line itself (from the enclosing blocks)
}

/** A `.diag`/`.notice`/`.warning`/`.alert` line. */
export interface MessageLine {
  kind: 'message';
  keyword: MessageKeyword;
  line: number;
  words: Word[];
  message: string; // arguments joined by one space, like HAProxy does
  range: Range;
  activity: Activity;
}

export interface ConditionalBranch {
  head: ConditionLine; // the .if / .elif / .else line
  startLine: number; // first line after head
  endLine: number; // last line before the next head / .endif
  taken: Activity; // active = this branch is used, inactive = skipped, undecided = unknown
}

export interface ConditionalBlock {
  branches: ConditionalBranch[];
  endif?: ConditionLine; // undefined when unclosed
  depth: number; // 1 for an outermost block
  parent?: ConditionalBlock;
  range: Range;
}

export type LineNode = Directive | ConditionLine | MessageLine;

export interface ConfigTree {
  lineCount: number;
  /** Per source line: its node (undefined for blank/comment-only lines) and tokens. */
  lines: LineTokens[];
  nodes: (LineNode | undefined)[];
  /** Directives before the first section. */
  preamble: Directive[];
  sections: Section[];
  /** All conditional blocks, in order of their `.if` line (nested ones included; see depth/parent). */
  conditionals: ConditionalBlock[];
  messages: MessageLine[];
  /** Tokenizer + structure + condition issues, sorted by line. */
  issues: SyntaxIssue[];
}

/** Evaluation context for conditional blocks. Unknown facts make predicates undecidable. */
export interface EvalContext {
  version?: string; // "2.6" (a branch: patch level unknown) or "2.6.12"
  env?: Record<string, string>; // when given, it is the complete environment
  features?: string[]; // names from `haproxy -vv` "Feature list" with a '+' (OPENSSL, LUA, ...)
}

/** What an edit changed, so analysis can re-check only that. */
export interface TreeChange {
  /** Lines [startLine, endLine] of the NEW text that were re-tokenized. */
  startLine: number;
  endLine: number;
  lineDelta: number; // lines added (+) or removed (-); later lines shifted by it
  /** Sections (of the new tree) containing a touched line or whose extent changed. */
  affectedSections: Section[];
  /** True when section boundaries or conditional structure changed (re-check everything). */
  structureChanged: boolean;
  /** True when some line's activity changed (conditional evaluation differs). */
  activityChanged: boolean;
}

export function rangeOf(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Is a position inside a range (end exclusive, but a position at the end of a word counts)? */
export function containsPosition(range: Range, pos: Position, endInclusive = true): boolean {
  const afterStart = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line
    || (pos.line === range.end.line && (endInclusive ? pos.character <= range.end.character : pos.character < range.end.character));
  return afterStart && beforeEnd;
}
