// Folding ranges: sections (header to last statement), `.if` blocks and each of their branches
// (the next `.elif`/`.else`/`.endif` line stays visible, like a closing brace), and runs of two or
// more comment lines.
import { FoldingRangeKind } from 'vscode-languageserver';
import type { FoldingRange } from 'vscode-languageserver';
import type { DocumentModel } from '../model';
import type { ConditionalBlock, ConfigTree } from '../syntax/tree';

export function provideFoldingRanges(model: DocumentModel): FoldingRange[] {
  const tree = model.tree;
  return [...sectionRanges(tree), ...conditionalRanges(tree), ...commentRanges(tree)]
    .filter((r) => r.endLine > r.startLine)
    .sort((a, b) => a.startLine - b.startLine);
}

/** A section folds from its header to its last statement: trailing comments belong to what follows. */
function sectionRanges(tree: ConfigTree): FoldingRange[] {
  return tree.sections.map((section) => {
    let end = section.endLine;
    while (end > section.startLine && !tree.nodes[end]) end--;
    return { startLine: section.startLine, endLine: end };
  });
}

/**
 * Each branch first, then the whole block when it differs: VS Code keeps the first range of a start
 * line, so `.if` folds its own branch (like `if {} else {}`); other clients also get the block.
 */
function conditionalRanges(tree: ConfigTree): FoldingRange[] {
  return tree.conditionals.flatMap((block) => {
    const branches = block.branches.map((b) => ({ startLine: b.head.line, endLine: lastContentLine(tree, b.head.line, b.endLine) }));
    const first = block.branches[0].head.line;
    const whole = { startLine: first, endLine: lastContentLine(tree, first, blockEnd(block)) };
    const sameAsFirst = branches[0]?.endLine === whole.endLine;
    return sameAsFirst ? branches : [...branches, whole];
  });
}

function blockEnd(block: ConditionalBlock): number {
  if (block.endif) return block.endif.line - 1;
  return block.branches[block.branches.length - 1].endLine;
}

/** The last line in [from, to] holding a statement or a comment (blank lines before the next head do not fold). */
function lastContentLine(tree: ConfigTree, from: number, to: number): number {
  let line = Math.min(to, tree.lineCount - 1);
  while (line > from && !tree.nodes[line] && !tree.lines[line]?.comment) line--;
  return line;
}

function commentRanges(tree: ConfigTree): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  let start = -1;
  for (let line = 0; line <= tree.lineCount; line++) {
    const tokens = line < tree.lineCount ? tree.lines[line] : undefined;
    const isComment = tokens !== undefined && tokens.words.length === 0 && tokens.comment !== undefined;
    if (isComment && start < 0) start = line;
    if (!isComment && start >= 0) {
      if (line - 1 > start) ranges.push({ startLine: start, endLine: line - 1, kind: FoldingRangeKind.Comment });
      start = -1;
    }
  }
  return ranges;
}
