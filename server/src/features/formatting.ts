// Document and range formatting. The layout rules live in formatLayout.ts; this module turns the
// plan into minimal edits: one TextEdit per changed line covering only what differs, plus one per
// run of deleted blank lines. Line terminators are never rewritten (CRLF files stay CRLF).
import type { Range, TextEdit } from 'vscode-languageserver';
import type { DocumentModel, FormatSettings } from '../model';
import { parse } from '../syntax/parser';
import type { ConfigTree } from '../syntax/tree';
import { planLayout } from './formatLayout';
import type { LayoutPlan } from './formatLayout';
import { documentLines, lineEdit, lineTerminator, wholeLinesRange } from './textLines';

export function formatDocument(model: DocumentModel, settings: FormatSettings): TextEdit[] {
  return formatLines(model, settings, 0, Number.MAX_SAFE_INTEGER);
}

/** Formats every whole line the range touches (a range ending at column 0 does not touch that line). */
export function formatRange(model: DocumentModel, range: Range, settings: FormatSettings): TextEdit[] {
  const first = Math.min(range.start.line, range.end.line);
  let last = Math.max(range.start.line, range.end.line);
  if (last > first && range.end.line === last && range.end.character === 0) last--;
  return formatLines(model, settings, first, last);
}

function formatLines(model: DocumentModel, settings: FormatSettings, first: number, last: number): TextEdit[] {
  const text = model.document.getText();
  const lines = documentLines(model.document);
  const plan = planLayout(treeFor(model.tree, text, lines), lines, settings);
  return [...changedLineEdits(plan, lines, lineTerminator(text), first, last), ...deletionEdits(plan, lines, first, last)]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** The model's tree, or a fresh parse if it does not describe these lines (never format a stale tree). */
function treeFor(tree: ConfigTree, text: string, lines: readonly string[]): ConfigTree {
  return tree.lineCount === lines.length ? tree : parse(text);
}

function changedLineEdits(plan: LayoutPlan, lines: readonly string[], eol: string, first: number, last: number): TextEdit[] {
  const edits: TextEdit[] = [];
  const end = Math.min(last, lines.length - 1);
  for (let line = first; line <= end; line++) {
    let wanted = plan.text[line];
    // The last line with content and no terminator after it gets one (the file ends with a newline).
    if (line === plan.lastContentLine && line === lines.length - 1) wanted = (wanted ?? lines[line]) + eol;
    if (wanted === undefined) continue;
    const edit = lineEdit(line, lines[line], wanted);
    if (edit) edits.push(edit);
  }
  return edits;
}

function deletionEdits(plan: LayoutPlan, lines: readonly string[], first: number, last: number): TextEdit[] {
  const lastLine = lines.length - 1;
  const edits: TextEdit[] = [];
  for (const span of plan.deletions) {
    const from = Math.max(span.from, first);
    const to = Math.min(span.to, last);
    if (from > to) continue;
    if (to === lastLine) {
      // Blank lines at the end: keep the terminator of the line before them (the final newline).
      const range = from === 0 ? wholeLinesRange(lines, 0, lastLine) : { start: { line: from, character: 0 }, end: { line: lastLine, character: lines[lastLine].length } };
      if (range.start.line !== range.end.line || range.start.character !== range.end.character) edits.push({ range, newText: '' });
    } else {
      edits.push({ range: wholeLinesRange(lines, from, to), newText: '' });
    }
  }
  return edits;
}
