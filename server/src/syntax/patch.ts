// Fast path for ParsedDocument: an edit that touches no section header, conditional or message line
// keeps the tree's structure, so the previous tree is patched in place (O(sections + blocks + region))
// instead of re-assembled over every line. Returns undefined when the fast path does not apply.
import type { LineEntry } from './parser';
import type { Activity, ConfigTree, Directive, Section, SyntaxIssue } from './tree';
import { SECTION_KEYWORDS } from './tree';

const SECTION_WORDS: ReadonlySet<string> = new Set(SECTION_KEYWORDS);
const MAX_PATCH_LINES = 2000;

export interface PatchRegion {
  first: number; // first line of the region (same in old and new numbering)
  lastOld: number; // last line of the region in the old numbering
  delta: number; // new line count - old line count of the region
  removed: LineEntry[];
  added: LineEntry[];
}

function isPlain(entry: LineEntry): boolean {
  const node = entry.node;
  return !node || (node.kind === 'directive' && !SECTION_WORDS.has(node.keyword.raw));
}

/** The activity of lines right after `line` (no structural line in between), from the old tree. */
function activityAfter(tree: ConfigTree, line: number): Activity {
  for (let i = line; i >= 0; i--) {
    const node = tree.nodes[i];
    if (!node) continue;
    if (node.kind !== 'condition' || node.keyword === '.endif') return node.activity;
    for (const block of tree.conditionals) {
      const branch = block.branches.find((b) => b.head === node);
      if (branch) return node.activity === 'inactive' || branch.taken === 'inactive' ? 'inactive'
        : node.activity === 'undecided' || branch.taken === 'undecided' ? 'undecided' : 'active';
    }
    return node.activity;
  }
  return 'active';
}

/** Index of the section containing `line` (-1: preamble). Sections are sorted by startLine. */
function sectionAt(sections: Section[], line: number): number {
  let lo = 0;
  let hi = sections.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid].startLine <= line) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

function shiftIfAfter(pos: { line: number }, lastOld: number, delta: number): void {
  if (pos.line > lastOld) pos.line += delta;
}

function replaceDirectives(list: Directive[], removed: Set<Directive>, added: Directive[], first: number): void {
  let at = 0;
  while (at < list.length && list[at].line < first && !removed.has(list[at])) at++;
  let count = 0;
  while (at + count < list.length && removed.has(list[at + count])) count++;
  list.splice(at, count, ...added);
}

export function patchTree(tree: ConfigTree, region: PatchRegion): ConfigTree | undefined {
  const { first, lastOld, delta, removed, added } = region;
  if (removed.length > MAX_PATCH_LINES || added.length > MAX_PATCH_LINES) return undefined;
  if (!removed.every(isPlain) || !added.every(isPlain)) return undefined;
  if (tree.conditionals.some((b) => !b.endif)) return undefined;

  const activity = activityAfter(tree, first - 1);
  const addedDirectives: Directive[] = [];
  for (const entry of added) {
    const node = entry.node as Directive | undefined;
    if (!node) continue;
    node.activity = activity;
    node.inactive = activity === 'inactive';
    addedDirectives.push(node);
  }
  const removedDirectives = new Set(removed.map((e) => e.node).filter((n): n is Directive => n !== undefined));

  const index = sectionAt(tree.sections, first);
  const owner = index >= 0 ? tree.sections[index] : undefined;
  replaceDirectives(owner ? owner.directives : tree.preamble, removedDirectives, addedDirectives, first);
  // Without a line added or removed, only the edited section can change (its last directive).
  const lastSection = delta === 0 ? Math.max(0, index) + 1 : tree.sections.length;
  for (let i = Math.max(0, index); i < Math.min(lastSection, tree.sections.length); i++) {
    const section = tree.sections[i];
    if (section !== owner) {
      section.startLine += delta;
      shiftIfAfter(section.range.start, lastOld, delta);
    }
    if (section.endLine >= lastOld || section === owner) section.endLine += delta;
    const last = section.directives[section.directives.length - 1];
    section.range.end = (last ?? section.header).range.end; // a fresh object (computed from the words)
  }
  if (delta !== 0) for (const block of tree.conditionals) {
    shiftIfAfter(block.range.start, lastOld, delta);
    shiftIfAfter(block.range.end, lastOld, delta);
    for (const branch of block.branches) {
      if (branch.startLine > lastOld) branch.startLine += delta;
      if (branch.endLine >= lastOld) branch.endLine += delta;
    }
  }

  tree.lines.splice(first, removed.length, ...added.map((e) => e.tokens));
  tree.nodes.splice(first, removed.length, ...added.map((e) => e.node));
  tree.lineCount += delta;
  let issues = tree.issues;
  const removedIssues = new Set<SyntaxIssue>(removed.flatMap((e) => [...e.tokens.issues, ...e.nodeIssues]));
  if (removedIssues.size > 0) issues = issues.filter((i) => !removedIssues.has(i));
  const addedIssues = added.flatMap((e) => [...e.tokens.issues, ...e.nodeIssues]);
  if (addedIssues.length > 0) {
    issues = issues.concat(addedIssues);
    issues.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
  return { ...tree, issues };
}
