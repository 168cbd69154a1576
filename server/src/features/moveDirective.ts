// Quick fix for a keyword in a section that does not accept it (or before any section): move the
// line to the one section it belongs in, when there is exactly one candidate. Candidates are first
// the sections related to this one (the frontends using this backend, the backends this frontend
// uses, the defaults it inherits from); when none of those accepts the keyword, every section of an
// accepted type in the file. A line in a proxy only moves to a proxy when the keyword has proxy
// sections among its places (`server` also exists in peers and ring, with another meaning).
// Two or more candidates: no fix (guessing would change the config in a way nobody asked for).
import type { TextEdit } from 'vscode-languageserver';
import type { DocumentModel } from '../model';
import type { ConfigTree, Directive, Section } from '../syntax/tree';
import {
  blocksAfterLine, bodyIndentation, conditionalWithinSection, directiveText, enclosingBlocks, sectionContentEnd, sectionLabel,
  sectionOfLine,
} from './sectionPlacement';
import { lineTerminator, wholeLinesRange } from './textLines';

export interface MoveFix {
  title: string;
  edits: TextEdit[];
}

export function moveDirectiveFix(model: DocumentModel, lines: readonly string[], line: number, allowedIn: readonly string[]): MoveFix | undefined {
  const tree = model.tree;
  const node = tree.nodes[line];
  const source = sectionOfLine(tree, line);
  if (node?.kind !== 'directive' || source?.startLine === line || tree.lines[line].issues.length > 0) return undefined;
  const conditional = source ? conditionalWithinSection(tree, source, line) : enclosingBlocks(tree, line).size > 0;
  if (conditional) return undefined;
  const target = targetSection(model, source, allowedIn);
  if (!target) return undefined;
  const text = directiveText(tree, lines, node);
  const label = sectionLabel(target);
  const removal: TextEdit = { range: wholeLinesRange(lines, line, line), newText: '' };
  if (target.directives.some((d) => sameWords(d, node))) {
    return { title: `Remove '${text}' (${label} already has it)`, edits: [removal] };
  }
  const after = insertionPoint(tree, target);
  const eol = lineTerminator(model.document.getText());
  const insertion: TextEdit = {
    range: { start: { line: after, character: lines[after].length }, end: { line: after, character: lines[after].length } },
    newText: eol + bodyIndentation(tree, lines, target) + text,
  };
  return { title: `Move '${text}' to ${label}`, edits: [insertion, removal] };
}

const PROXY_TYPES: ReadonlySet<string> = new Set(['defaults', 'frontend', 'backend', 'listen']);

function targetSection(model: DocumentModel, source: Section | undefined, allowedIn: readonly string[]): Section | undefined {
  const proxyPlaces = allowedIn.filter((type) => PROXY_TYPES.has(type));
  const places = source && PROXY_TYPES.has(source.type) && proxyPlaces.length > 0 ? proxyPlaces : allowedIn;
  const accepts = (s: Section): boolean => s !== source && places.includes(s.type);
  const related = source ? [...relatedSections(model, source)].filter(accepts) : [];
  if (related.length > 0) return related.length === 1 ? related[0] : undefined;
  const anywhere = model.tree.sections.filter(accepts);
  return anywhere.length === 1 ? anywhere[0] : undefined;
}

/** Sections that reference `section` (use_backend, default_backend, from) and those it references. */
function relatedSections(model: DocumentModel, section: Section): Set<Section> {
  const related = new Set<Section>();
  for (const def of model.symbols.definitions) {
    if (def.section !== section || def.directive) continue;
    for (const ref of model.symbols.referencesTo(def)) if (ref.section) related.add(ref.section);
  }
  for (const ref of model.symbols.references) {
    if (ref.section !== section) continue;
    if (!ref.kinds.some((k) => k === 'backend' || k === 'listen' || k === 'defaults')) continue;
    for (const def of model.symbols.resolve(ref)) if (!def.directive) related.add(def.section);
  }
  return related;
}

/**
 * Where the moved line goes: after the last line of the target's content where a new line is under
 * exactly the conditions the target's header is under (so it applies whenever the section exists).
 * The header line itself always qualifies.
 */
function insertionPoint(tree: ConfigTree, target: Section): number {
  const header = enclosingBlocks(tree, target.startLine);
  for (let line = sectionContentEnd(tree, target); line > target.startLine; line--) {
    const blocks = blocksAfterLine(tree, line);
    if (blocks.size === header.size && [...blocks].every((b) => header.has(b))) return line;
  }
  return target.startLine;
}

function sameWords(a: Directive, b: Directive): boolean {
  const wa = [a.keyword, ...a.args].map((w) => w.text);
  const wb = [b.keyword, ...b.args].map((w) => w.text);
  return wa.length === wb.length && wa.every((w, i) => w === wb[i]);
}
