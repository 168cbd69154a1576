// Where quick fixes put new lines: the end of a section's content, the file's indentation, the
// conditional blocks a line sits in, and a directive's text re-emitted from its words.
import type { ConfigTree, Directive, Section } from '../syntax/tree';
import { trimBlanksEnd } from './formatLayout';

/** Conditional blocks (their `.if` lines) whose body contains `line`. */
export function enclosingBlocks(tree: ConfigTree, line: number): Set<number> {
  const heads = new Set<number>();
  for (const block of tree.conditionals) {
    const head = block.branches[0].head.line;
    const end = block.endif ? block.endif.line - 1 : tree.lineCount - 1;
    if (head < line && line <= end) heads.add(head);
  }
  return heads;
}

/** Conditional blocks (their `.if` lines) a line inserted right after `line` would be in. */
export function blocksAfterLine(tree: ConfigTree, line: number): Set<number> {
  const heads = new Set<number>();
  for (const block of tree.conditionals) {
    const head = block.branches[0].head.line;
    if (head <= line && (!block.endif || line < block.endif.line)) heads.add(head);
  }
  return heads;
}

/** True when `line` is under a condition its section header is not under (moving it would change when it applies). */
export function conditionalWithinSection(tree: ConfigTree, section: Section, line: number): boolean {
  const headerBlocks = enclosingBlocks(tree, section.startLine);
  return [...enclosingBlocks(tree, line)].some((head) => !headerBlocks.has(head));
}

export function sectionOfLine(tree: ConfigTree, line: number): Section | undefined {
  return tree.sections.find((s) => s.startLine <= line && line <= s.endLine);
}

/**
 * The last line of a section's content: its last code line, plus the comment lines right after it
 * unless they lead straight into the next code line (then they describe that line, not this section).
 */
export function sectionContentEnd(tree: ConfigTree, section: Section): number {
  let last = section.startLine;
  for (let line = section.endLine; line > section.startLine; line--) {
    if (tree.nodes[line]) { last = line; break; }
  }
  let next = last + 1;
  while (next < tree.lineCount && tree.lines[next].words.length === 0 && tree.lines[next].comment) next++;
  const leadsIntoCode = next < tree.lineCount && tree.nodes[next] !== undefined;
  return leadsIntoCode ? last : next - 1;
}

/** The indentation of a section's body lines, else the file's most common one, else 4 spaces. */
export function bodyIndentation(tree: ConfigTree, lines: readonly string[], section?: Section): string {
  const indentOf = (d: Directive): string => lines[d.line].slice(0, d.keyword.range.start.character);
  const own = section?.directives.find((d) => d.keyword.range.start.character > 0);
  if (own) return indentOf(own);
  const counts = new Map<string, number>();
  for (const s of tree.sections) {
    for (const d of s.directives) {
      const indent = indentOf(d);
      if (indent) counts.set(indent, (counts.get(indent) ?? 0) + 1);
    }
  }
  let best = '    ';
  let bestCount = 0;
  for (const [indent, count] of counts) if (count > bestCount) { best = indent; bestCount = count; }
  return best;
}

/** A directive's words joined by one space, with its comment (as written) after one space. */
export function directiveText(tree: ConfigTree, lines: readonly string[], directive: Directive): string {
  const tokens = tree.lines[directive.line];
  const words = tokens.words.map((w) => w.raw).join(' ');
  return tokens.comment ? `${words} ${trimBlanksEnd(lines[directive.line].slice(tokens.comment.start.character))}` : words;
}

/** "frontend fe", "defaults", "global": how titles name a section. */
export function sectionLabel(section: Section): string {
  return section.name ? `${section.type} ${section.name.text}` : section.type;
}
