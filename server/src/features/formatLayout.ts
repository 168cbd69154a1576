// The layout rules of the formatter: for each source line, the text it should have. Only blanks
// between words, the indentation and trailing blanks change; every word is re-emitted from
// `Word.raw` and every comment from its source text, so the words HAProxy reads never change.
//
// Rules (documented for users in the README):
// - Section headers at column 0; lines of a section body indented one level (`indent` spaces or a
//   tab); lines before the first section at column 0.
// - `.if/.elif/.else/.endif` lines are indented like the lines around them: at column 0 when their
//   block contains a section header, else at the body level. Lines inside a block keep the indent
//   they would have without it (no extra level), so wrapping lines in `.if` changes no other line.
// - `.diag/.notice/.warning/.alert` lines are indented like directives.
// - Words are separated by one space (server lines may be aligned in columns, see below); a trailing
//   comment is separated from the last word by one space and kept as written.
// - A full-line comment directly followed by a code line takes that line's indentation (it
//   describes it). Any other comment stays at column 0 if it starts there (banners, commented-out
//   sections), else it is indented like the body it sits in.
// - `alignServerColumns`: in each section, the name and address of `server` lines are padded so
//   their addresses and options start in the same columns.
// - Blank lines become empty; more than MAX_BLANK_LINES in a row are cut to MAX_BLANK_LINES; blank
//   lines at the end of the file are removed; the file ends with exactly one line terminator.
// - A line with a tokenizer problem (unterminated quote, bad escape, NUL...) is left as it is:
//   its words are uncertain, so respacing it could change what HAProxy reads.
import type { FormatSettings } from '../model';
import type { ConditionalBlock, ConfigTree, Directive, LineTokens, Section } from '../syntax/tree';

export const MAX_BLANK_LINES = 2;
export const MIN_INDENT = 1;
export const MAX_INDENT = 16;

/** A run of whole lines to delete, [from, to] inclusive. */
export interface LineSpan { from: number; to: number }

export interface LayoutPlan {
  /** New text of each line (without its terminator); undefined = leave the line as it is. */
  text: (string | undefined)[];
  /** Lines to delete (extra blank lines, blank lines at the end). Their `text` is undefined. */
  deletions: LineSpan[];
  /** Index of the last line with content, or -1 when the file is blank. */
  lastContentLine: number;
}

/** Plans the layout of every line. `lines` are the source lines (same count as the tree's). */
export function planLayout(tree: ConfigTree, lines: readonly string[], settings: FormatSettings): LayoutPlan {
  return new LayoutPlanner(tree, lines, settings).run();
}

/** The indentation string of one level. Out-of-range indents are clamped to MIN/MAX_INDENT. */
export function indentUnit(settings: FormatSettings): string {
  if (settings.useTabs) return '\t';
  const size = Number.isFinite(settings.indent) ? Math.round(settings.indent) : 4;
  return ' '.repeat(Math.min(MAX_INDENT, Math.max(MIN_INDENT, size)));
}

/** Removes trailing spaces and tabs only: HAProxy reads other whitespace (\v, NBSP) as word characters. */
export function trimBlanksEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(0, end);
}

function isBlankLine(tokens: LineTokens): boolean {
  return tokens.words.length === 0 && !tokens.comment && tokens.issues.length === 0;
}

function isCommentLine(tokens: LineTokens): boolean {
  return tokens.words.length === 0 && tokens.comment !== undefined;
}

/** Column widths of the `server` lines of one section (alignServerColumns). */
interface ServerColumns { name: number; address: number }

class LayoutPlanner {
  private readonly unit: string;
  /** Per line: index in tree.sections of the section it belongs to, or -1 (preamble). */
  private readonly sectionOf: Int32Array;
  private readonly headerLines: number[];
  private readonly blockOfLine = new Map<number, ConditionalBlock>();
  private readonly serverColumns = new Map<Section, ServerColumns>();

  constructor(private readonly tree: ConfigTree, private readonly lines: readonly string[], private readonly settings: FormatSettings) {
    this.unit = indentUnit(settings);
    this.sectionOf = new Int32Array(tree.lineCount).fill(-1);
    tree.sections.forEach((section, index) => this.sectionOf.fill(index, section.startLine, section.endLine + 1));
    this.headerLines = tree.sections.map((s) => s.startLine);
    for (const block of tree.conditionals) {
      for (const branch of block.branches) this.blockOfLine.set(branch.head.line, block);
      if (block.endif) this.blockOfLine.set(block.endif.line, block);
    }
    if (settings.alignServerColumns) for (const section of tree.sections) this.measureServers(section);
  }

  run(): LayoutPlan {
    const count = this.tree.lineCount;
    const text: (string | undefined)[] = new Array<string | undefined>(count).fill(undefined);
    let lastContentLine = -1;
    for (let line = 0; line < count; line++) if (!isBlankLine(this.tree.lines[line])) lastContentLine = line;
    for (let line = 0; line < count; line++) {
      const tokens = this.tree.lines[line];
      if (tokens.issues.length > 0) continue;
      if (isBlankLine(tokens)) text[line] = '';
      else if (isCommentLine(tokens)) text[line] = this.commentLine(line);
      else text[line] = this.codeLine(line);
    }
    const deletions = this.blankLineDeletions(lastContentLine);
    for (const span of deletions) text.fill(undefined, span.from, span.to + 1);
    return { text, deletions, lastContentLine };
  }

  /** Lines beyond MAX_BLANK_LINES in a run of blank lines, and every blank line after the content. */
  private blankLineDeletions(lastContentLine: number): LineSpan[] {
    const deletions: LineSpan[] = [];
    let runStart = -1;
    for (let line = 0; line <= lastContentLine; line++) {
      const blank = isBlankLine(this.tree.lines[line]);
      if (blank && runStart < 0) runStart = line;
      if (!blank && runStart >= 0) {
        if (line - runStart > MAX_BLANK_LINES) deletions.push({ from: runStart + MAX_BLANK_LINES, to: line - 1 });
        runStart = -1;
      }
    }
    const last = this.tree.lineCount - 1;
    if (lastContentLine < last) deletions.push({ from: lastContentLine + 1, to: last });
    return deletions;
  }

  // ---- indentation levels ----

  private sectionAt(line: number): Section | undefined {
    const index = this.sectionOf[line];
    return index >= 0 ? this.tree.sections[index] : undefined;
  }

  /** 1 inside a section body, 0 on a header or before the first section. */
  private bodyLevel(line: number): number {
    const section = this.sectionAt(line);
    return section && line > section.startLine ? 1 : 0;
  }

  private codeLevel(line: number): number {
    const node = this.tree.nodes[line];
    if (node?.kind === 'condition') {
      const block = this.blockOfLine.get(line);
      return block && this.blockHasHeader(block) ? 0 : this.bodyLevel(line);
    }
    return this.bodyLevel(line);
  }

  private blockHasHeader(block: ConditionalBlock): boolean {
    const first = block.branches[0].head.line;
    const last = block.endif?.line ?? this.tree.lineCount - 1;
    // Smallest header line > first (binary search), then is it before the block's end?
    let lo = 0;
    let hi = this.headerLines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.headerLines[mid] <= first) lo = mid + 1; else hi = mid;
    }
    return lo < this.headerLines.length && this.headerLines[lo] < last;
  }

  private indent(level: number): string {
    return level > 0 ? this.unit.repeat(level) : '';
  }

  // ---- lines ----

  private commentText(line: number): string {
    const comment = this.tree.lines[line].comment!;
    return trimBlanksEnd(this.lines[line].slice(comment.start.character));
  }

  private commentLine(line: number): string {
    return this.indent(this.commentLevel(line)) + this.commentText(line);
  }

  private commentLevel(line: number): number {
    let next = line + 1;
    while (next < this.tree.lineCount && isCommentLine(this.tree.lines[next])) next++;
    if (next < this.tree.lineCount && this.tree.nodes[next]) return this.codeLevel(next);
    const startsAtColumnZero = this.tree.lines[line].comment!.start.character === 0;
    return startsAtColumnZero ? 0 : this.bodyLevel(line);
  }

  private codeLine(line: number): string {
    const tokens = this.tree.lines[line];
    const node = this.tree.nodes[line];
    const words = tokens.words.map((w) => w.raw);
    const columns = node?.kind === 'directive' ? this.columnsFor(node, line) : undefined;
    let body = columns ? alignedServer(words, columns) : words.join(' ');
    if (tokens.comment) body += ' ' + this.commentText(line);
    return this.indent(this.codeLevel(line)) + body;
  }

  // ---- server columns ----

  private columnsFor(directive: Directive, line: number): ServerColumns | undefined {
    if (!this.settings.alignServerColumns || !isServerLine(directive)) return undefined;
    const section = this.sectionAt(line);
    return section ? this.serverColumns.get(section) : undefined;
  }

  private measureServers(section: Section): void {
    let name = 0;
    let address = 0;
    for (const directive of section.directives) {
      if (!isServerLine(directive) || this.tree.lines[directive.line].issues.length > 0) continue;
      name = Math.max(name, directive.args[0]?.raw.length ?? 0);
      address = Math.max(address, directive.args[1]?.raw.length ?? 0);
    }
    if (name > 0) this.serverColumns.set(section, { name, address });
  }
}

function isServerLine(directive: Directive): boolean {
  return directive.keyword.raw === 'server';
}

/** `server NAME ADDRESS OPTIONS...` with NAME and ADDRESS padded to the section's widths. */
function alignedServer(words: string[], columns: ServerColumns): string {
  const [keyword, name, address, ...options] = words;
  if (address === undefined) return words.join(' ');
  const head = `${keyword} ${name.padEnd(columns.name)} `;
  return options.length ? `${head}${address.padEnd(columns.address)} ${options.join(' ')}` : head + address;
}
