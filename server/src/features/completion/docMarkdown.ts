// The manual's plain text (as stored in the catalog's docs.json) as Markdown for hovers and
// completion items: prose paragraphs are reflowed, `<arg>` and "keyword" mentions become inline code,
// "Arguments :" tables and examples stay preformatted (examples as haproxy code), "- " lists become
// Markdown lists. `trimmed` keeps the useful start of long entries.

type Block =
  | { kind: 'prose'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'heading'; text: string }
  | { kind: 'code'; lines: string[]; lang: 'haproxy' | 'text' | 'arguments' };

/** One row of an "Arguments" table: `<timeout> is the timeout...`, with nested values (`roundrobin  Each...`). */
interface ArgumentEntry { term: string; text: string; children: ArgumentEntry[] }

const HEADING = /^(Examples?|Arguments?|See also|Notes?|Warning)\s*:\s*$/i;
const HEADING_INLINE = /^(Examples?|Arguments?)\s*:\s*(\S.*)$/i;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Markdown-escapes prose, then marks `<arg>` and "quoted keywords" as inline code. */
export function proseToMarkdown(text: string): string {
  const parts = text.split(/("[^"\n]{1,60}"|<[\w.:\-| ]{1,40}>)/);
  return parts.map((part, i) => {
    if (i % 2 === 1) {
      const inner = part.startsWith('"') ? part.slice(1, -1) : part;
      return inner.includes('`') ? escapeMarkdown(part) : `\`${inner}\``;
    }
    return escapeMarkdown(part);
  }).join('');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, '\\$1');
}

const LIST_ITEM = /^\s{0,4}[-*] \S/;

/**
 * Lines that start a block even without a blank line before them (older manuals): a heading
 * ("Arguments :" right under the first sentence), the items of a list after prose ("...on a
 * server:" then "  - when ..."), and an indented example after prose ending with ':'.
 */
function startsParagraph(line: string, current: string[]): boolean {
  const first = current[0];
  const previous = current[current.length - 1];
  if (indentOf(line) === 0 && (HEADING.test(line.trim()) || HEADING_INLINE.test(line.trim()))) return true;
  if (indentOf(first) !== 0 || LIST_ITEM.test(first)) return false;
  if (LIST_ITEM.test(line)) return true;
  return indentOf(line) >= 4 && indentOf(previous) === 0 && /:\s*$/.test(previous);
}

function splitParagraphs(text: string): string[][] {
  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (const raw of text.replace(/\r/g, '').split('\n')) {
    const line = raw.replace(/\t/g, '        ').trimEnd();
    if (line === '') {
      if (current.length) paragraphs.push(current);
      current = [];
      continue;
    }
    if (current.length && startsParagraph(line, current)) {
      paragraphs.push(current);
      current = [];
    }
    current.push(line);
  }
  if (current.length) paragraphs.push(current);
  return paragraphs;
}

function isTableLike(lines: string[]): boolean {
  return lines.some((l) => /(^|\s)[-+]{4,}|\s\|\s|^\s*\|/.test(l));
}

function isList(lines: string[]): boolean {
  return LIST_ITEM.test(lines[0]) && lines.every((l) => LIST_ITEM.test(l) || indentOf(l) >= 2);
}

function listItems(lines: string[]): string[] {
  const items: string[] = [];
  for (const line of lines) {
    const m = /^\s{0,4}[-*] (.*)$/.exec(line);
    if (m) items.push(m[1].trim());
    else if (items.length) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items;
}

function dedent(lines: string[]): string[] {
  const min = Math.min(...lines.filter((l) => l.trim()).map(indentOf));
  return lines.map((l) => l.slice(min));
}

/** Cuts the manual text into blocks. */
export function parseDoc(text: string): Block[] {
  const blocks: Block[] = [];
  let inExample = false;
  let inArguments = false;
  for (const para of splitParagraphs(text)) {
    let lines = para;
    const heading = HEADING.exec(lines[0].trim());
    const inline = HEADING_INLINE.exec(lines[0].trim());
    if (heading || (inline && indentOf(lines[0]) === 0)) {
      const name = (heading ?? inline)![1];
      blocks.push({ kind: 'heading', text: name[0].toUpperCase() + name.slice(1).toLowerCase() });
      inExample = /^examples?$/i.test(name);
      inArguments = /^arguments?$/i.test(name);
      lines = heading ? lines.slice(1) : [`  ${inline![2]}`, ...lines.slice(1)];
      if (!lines.length) continue;
    }
    if (inArguments && lines.length === 1 && lines[0].trim() === 'none') {
      // "Arguments : none": say it in the heading's place instead of a one-word table.
      if (blocks.at(-1)?.kind === 'heading') blocks.pop();
      blocks.push({ kind: 'prose', text: 'No arguments.' });
      inArguments = false;
      continue;
    }
    const prose = indentOf(lines[0]) === 0 && !isTableLike(lines);
    if (prose) {
      inExample = false;
      inArguments = false;
      blocks.push({ kind: 'prose', text: lines.map((l) => l.trim()).join(' ') });
    } else if (!inExample && isList(lines)) {
      blocks.push({ kind: 'list', items: listItems(lines) });
    } else {
      const lang = inExample ? 'haproxy' : inArguments ? 'arguments' : 'text';
      const last = blocks.at(-1);
      // Blank lines inside one example or table do not split it.
      if (last?.kind === 'code' && last.lang === lang) last.lines.push('', ...lines);
      else blocks.push({ kind: 'code', lines, lang });
    }
  }
  for (const b of blocks) if (b.kind === 'code') b.lines = dedent(b.lines);
  return blocks;
}

/** Parses a dedented "Arguments" table; undefined when it does not have that shape. */
function parseArguments(lines: string[]): ArgumentEntry[] | undefined {
  const entries: ArgumentEntry[] = [];
  let column = 0; // where the current entry's text starts
  let child: { entry: ArgumentEntry; column: number } | undefined;
  for (const line of lines) {
    if (line === '') continue;
    const indent = indentOf(line);
    const top = /^(\S+)(\s+)(\S.*)$/.exec(line);
    if (indent === 0) {
      if (!top) return undefined;
      entries.push({ term: top[1], text: top[3], children: [] });
      column = top[1].length + top[2].length;
      child = undefined;
      continue;
    }
    const current = entries.at(-1);
    if (!current) return undefined;
    const nested = /^(\s+)(\S+)(\s{2,})(\S.*)$/.exec(line);
    if (nested && indent < column && (!child || indent <= child.column - nested[3].length - nested[2].length)) {
      const entry = { term: nested[2], text: nested[4], children: [] };
      current.children.push(entry);
      child = { entry, column: indent + nested[2].length + nested[3].length };
      continue;
    }
    (child?.entry ?? current).text += ` ${line.trim()}`;
  }
  return entries.length ? entries : undefined;
}

/** First sentence(s) of `text` up to about `max` characters. */
export function firstSentences(text: string, max: number): string {
  if (text.length <= max) return text;
  const sentences = text.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [text];
  let out = '';
  for (const s of sentences) {
    if (out && out.length + s.length > max) break;
    out += s;
  }
  return out.length > max * 1.5 ? `${out.slice(0, max).replace(/\s+\S*$/, '')}…` : out.trim();
}

function renderArguments(entries: ArgumentEntry[], brief: boolean): string {
  const term = (t: string): string => `\`${t.replace(/`/g, "'")}\``;
  return entries.map((e) => {
    const head = `- ${term(e.term)} ${proseToMarkdown(brief ? firstSentences(e.text, 300) : e.text)}`;
    const children = e.children.map((c) => `  - ${term(c.term)} ${proseToMarkdown(brief ? firstSentences(c.text, 110) : c.text)}`);
    return [head, ...children].join('\n');
  }).join('\n');
}

function renderBlock(block: Block, maxCodeLines: number, brief = true): string {
  switch (block.kind) {
    case 'prose': return proseToMarkdown(block.text);
    case 'list': return block.items.map((i) => `- ${proseToMarkdown(i)}`).join('\n');
    case 'heading': return `**${block.text}**`;
    case 'code': {
      if (block.lang === 'arguments') {
        const entries = parseArguments(block.lines);
        if (entries) return renderArguments(entries, brief);
      }
      const cut = block.lines.length > maxCodeLines;
      const lines = cut ? [...block.lines.slice(0, maxCodeLines), '...'] : block.lines;
      const lang = block.lang === 'arguments' ? 'text' : block.lang;
      return `\`\`\`${lang}\n${lines.join('\n').replace(/```/g, "'''")}\n\`\`\``;
    }
  }
}

export interface TrimOptions {
  /** Markdown characters after which no more prose/argument blocks are added. */
  budget?: number;
  /** Longest code block kept (lines). */
  maxCodeLines?: number;
}

/**
 * The useful start of a manual entry: its first paragraphs (always the first), argument tables and
 * lists while under `budget`, then the first example if not already there. `truncated` tells whether
 * something was left out.
 */
export function trimmedDoc(text: string, options: TrimOptions = {}): { markdown: string; truncated: boolean } {
  const budget = options.budget ?? 1400;
  const maxCodeLines = options.maxCodeLines ?? 16;
  const blocks = parseDoc(text);
  const out: string[] = [];
  let size = 0;
  let truncated = false;
  let exampleShown = false;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (block.kind === 'heading' && /^Example/.test(block.text) && blocks[i + 1]?.kind === 'code') {
      if (exampleShown) { truncated = true; break; }
      out.push(renderBlock(block, maxCodeLines), renderBlock(blocks[i + 1], maxCodeLines));
      exampleShown = true;
      i++;
      continue;
    }
    const rendered = renderBlock(block, maxCodeLines);
    if (out.length && size + rendered.length > budget) {
      truncated = true;
      const example = firstExample(blocks, i);
      if (example && !exampleShown) out.push(renderBlock(example[0], maxCodeLines), renderBlock(example[1], maxCodeLines));
      break;
    }
    // A heading with nothing after it would dangle.
    if (block.kind === 'heading' && i === blocks.length - 1) break;
    out.push(rendered);
    size += rendered.length;
  }
  return { markdown: out.join('\n\n'), truncated };
}

function firstExample(blocks: Block[], from: number): [Block, Block] | undefined {
  for (let i = from; i < blocks.length - 1; i++) {
    const b = blocks[i];
    if (b.kind === 'heading' && /^Example/.test(b.text) && blocks[i + 1].kind === 'code') return [b, blocks[i + 1]];
  }
  return undefined;
}

/** The manual text's first sentence (for completion lists), Markdown. */
export function summary(text: string | undefined, maxLength = 200): string | undefined {
  if (!text) return undefined;
  const first = splitParagraphs(text)[0];
  if (!first) return undefined;
  const joined = first.map((l) => l.trim()).join(' ');
  const sentence = /^(.+?[.:])(\s|$)/.exec(joined)?.[1] ?? joined;
  const cut = sentence.length > maxLength ? `${sentence.slice(0, maxLength - 1).replace(/\s+\S*$/, '')}…` : sentence;
  return proseToMarkdown(cut);
}

/**
 * The paragraph of an "Arguments" table that describes one value (`roundrobin  Each server is used
 * in turns...`), as plain text; undefined when the manual has no such entry.
 */
export function argumentEntry(text: string | undefined, value: string): string | undefined {
  if (!text) return undefined;
  const lines = text.replace(/\r/g, '').split('\n');
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const head = new RegExp(`^(\\s+)(?:"${escaped}"|${escaped}|<${escaped}>)(?:\\s{2,}|\\s*:\\s+|\\s+(?=[a-z]))(\\S.*)$`);
  for (let i = 0; i < lines.length; i++) {
    const m = head.exec(lines[i]);
    if (!m) continue;
    const indent = m[1].length;
    const parts = [m[2].trim()];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() === '' || indentOf(line) <= indent) break;
      parts.push(line.trim());
    }
    return parts.join(' ');
  }
  return undefined;
}
