// Quick fix for a reference to a backend that is not defined: add a `backend NAME` section with a
// placeholder server after the last backend (or at the end of the file), indented like the file.
// When the referencing proxy runs in a mode the new backend would not inherit, the stub sets it
// (HAProxy refuses an http frontend switching to a tcp backend).
import type { TextEdit } from 'vscode-languageserver';
import type { DocumentModel } from '../model';
import type { ConfigTree, Section } from '../syntax/tree';
import { blocksAfterLine, bodyIndentation, sectionContentEnd, sectionOfLine } from './sectionPlacement';
import { lineTerminator } from './textLines';

/** Characters HAProxy accepts in proxy names (invalid_char() in tools.c: alnum and "-_.:"). */
const PROXY_NAME = /^[A-Za-z0-9_.:-]+$/;
export const PLACEHOLDER_SERVER = 'server srv1 127.0.0.1:8080 # TODO: the real address';

export interface StubFix {
  title: string;
  edits: TextEdit[];
}

export function backendStubFix(model: DocumentModel, lines: readonly string[], referenceLine: number, name: string): StubFix | undefined {
  const tree = model.tree;
  if (!PROXY_NAME.test(name) || model.symbols.findDefinitions(['backend', 'listen'], name).length > 0) return undefined;
  const after = insertionLine(tree);
  const eol = lineTerminator(model.document.getText());
  const indent = bodyIndentation(tree, lines);
  const body = [`backend ${name}`];
  const wanted = effectiveMode(tree, sectionOfLine(tree, referenceLine));
  if (wanted !== inheritedMode(tree, after + 1)) body.push(indent + `mode ${wanted}`);
  body.push(indent + PLACEHOLDER_SERVER);
  const title = `Create backend '${name}'`;
  if (after < 0) {
    return { title, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: body.join(eol) + eol }] };
  }
  const end = { line: after, character: lines[after].length };
  return { title, edits: [{ range: { start: end, end }, newText: eol + eol + body.join(eol) }] };
}

/** After the last backend whose end is outside any conditional block; else after the last content line (-1: empty file). */
function insertionLine(tree: ConfigTree): number {
  const backends = tree.sections.filter((s) => s.type === 'backend').reverse();
  for (const backend of backends) {
    const end = sectionContentEnd(tree, backend);
    if (blocksAfterLine(tree, end).size === 0) return end;
  }
  for (let line = tree.lineCount - 1; line >= 0; line--) {
    const tokens = tree.lines[line];
    if (tokens.words.length > 0 || tokens.comment) return line;
  }
  return -1;
}

function modeOf(section: Section | undefined): string | undefined {
  const directive = section?.directives.filter((d) => d.keyword.text === 'mode' && d.args[0] && !d.inactive).at(-1);
  return directive?.args[0].text;
}

/** The defaults section a proxy starting at `line` inherits from: the last one before it. */
function defaultsBefore(tree: ConfigTree, line: number): Section | undefined {
  return tree.sections.filter((s) => s.type === 'defaults' && s.startLine < line).at(-1);
}

function inheritedMode(tree: ConfigTree, line: number): string {
  return modeOf(defaultsBefore(tree, line)) ?? 'tcp';
}

function effectiveMode(tree: ConfigTree, section: Section | undefined): string {
  if (!section) return 'tcp';
  const own = modeOf(section);
  if (own) return own;
  const named = section.from ? tree.sections.find((s) => s.type === 'defaults' && s.name?.text === section.from?.text) : undefined;
  return modeOf(named ?? defaultsBefore(tree, section.startLine)) ?? 'tcp';
}
