// Conditional blocks: a hint over each branch HAProxy skips for the target (editors grey it out),
// and the message directives HAProxy would print: an active ".alert" makes the configuration fail,
// ".warning" warns, ".notice" and ".diag" only inform. Redone after every edit: it walks the blocks
// and message lines only (O(blocks)), never the configuration's lines.
import type { ConfigTree, MessageKeyword, Range } from '../../syntax/tree';
import type { DocumentCheck } from '../context';
import type { FindingSeverity } from '../findings';

export const checkConditionals: DocumentCheck = { name: 'checkConditionals', document: (ctx) => {
  const tree = ctx.tree;
  for (const block of tree.conditionals) {
    for (const branch of block.branches) {
      // Branches inside a skipped branch are covered by the outer hint.
      if (branch.taken !== 'inactive' || branch.head.activity === 'inactive' || branch.startLine > branch.endLine) continue;
      ctx.report({
        code: 'inactive-branch', severity: 'hint', tags: ['unnecessary'], range: linesRange(tree, branch.startLine, branch.endLine),
        message: `Skipped: HAProxy ${ctx.version} does not take this branch`,
      });
    }
  }
  for (const m of tree.messages) {
    if (m.activity === 'inactive') continue;
    const severity = m.activity === 'undecided' && m.keyword === '.alert' ? 'warning' : MESSAGE_SEVERITY[m.keyword];
    ctx.report({
      code: 'message-directive', severity, range: { start: { ...m.range.start }, end: { ...m.range.end } },
      message: `${MESSAGE_EFFECT[m.keyword]}: '${m.message}'${m.activity === 'undecided' ? ' (if its branch is taken)' : ''}`,
    });
  }
} };

const MESSAGE_SEVERITY: Record<MessageKeyword, FindingSeverity> = {
  '.alert': 'error', '.warning': 'warning', '.notice': 'information', '.diag': 'hint',
};

const MESSAGE_EFFECT: Record<MessageKeyword, string> = {
  '.alert': 'HAProxy stops with this alert',
  '.warning': 'HAProxy prints this warning',
  '.notice': 'HAProxy prints this notice',
  '.diag': 'HAProxy prints this diagnostic with -dD',
};

/** From the start of the first line to the end of the last one's last word or comment. */
function linesRange(tree: ConfigTree, first: number, last: number): Range {
  const tokens = tree.lines[last];
  const lastWord = tokens?.words[tokens.words.length - 1];
  const end = Math.max(lastWord?.range.end.character ?? 0, tokens?.comment?.end.character ?? 0);
  return { start: { line: first, character: 0 }, end: { line: last, character: end } };
}
