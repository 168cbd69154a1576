// Structure of HAProxy's configuration.txt: numbered section headings underlined with dashes,
// and keyword entries (one or more synopsis lines in column 0, then an indented body).

export interface ManualSection {
  number: string; // "4.2"
  title: string; // "Alphabetically sorted keywords reference"
  start: number; // index of the first line after the underline
  end: number; // index of the next heading of the same or higher level (exclusive)
}

export interface ManualEntry {
  synopsis: string[]; // the column-0 lines, trimmed
  body: string[]; // the indented lines, dedented by the common indent, trailing blanks removed
  line: number; // 0-based line of the first synopsis line
}

const HEADING = /^(\d+(?:\.\d+)*)\.\s+(\S.*?)\s*$/;

export function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\t/g, '        '));
}

/** Numbered headings that are underlined by dashes (the table of contents has no underline). */
export function findSections(lines: string[]): ManualSection[] {
  const found: ManualSection[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const m = HEADING.exec(lines[i]);
    if (!m || !/^-{3,}\s*$/.test(lines[i + 1])) continue;
    found.push({ number: m[1], title: m[2], start: i + 2, end: lines.length });
  }
  for (let i = 0; i < found.length; i++) {
    const depth = found[i].number.split('.').length;
    const next = found.slice(i + 1).find((s) => s.number.split('.').length <= depth);
    found[i].end = next ? next.start - 2 : lines.length;
  }
  return found;
}

export function sectionByTitle(sections: ManualSection[], title: RegExp, numberPrefix?: string): ManualSection | undefined {
  return sections.find((s) => title.test(s.title) && (!numberPrefix || s.number.startsWith(numberPrefix)));
}

const indented = (line: string): boolean => /^\s+\S/.test(line);
const blank = (line: string): boolean => line.trim() === '';
const isRule = (line: string): boolean => /^-{3,}/.test(line);
/** Synopsis lines start with something keyword-like: lower-case word, digit, or a quoted form. */
const looksLikeSynopsis = (line: string): boolean => /^[a-z0-9_.][^\s]*/.test(line) && !HEADING.test(line);

/**
 * Entries in [start, end): a run of non-blank column-0 lines followed by an indented line
 * (at most one blank line between). Prose paragraphs in column 0 are followed by blank or column-0 lines, so they
 * are not mistaken for entries.
 */
export function parseEntries(lines: string[], start: number, end: number): ManualEntry[] {
  const heads: Array<{ first: number; last: number }> = [];
  let i = start;
  while (i < end) {
    if (blank(lines[i]) || indented(lines[i]) || isRule(lines[i])) { i++; continue; }
    let j = i;
    while (j < end && !blank(lines[j]) && !indented(lines[j]) && !isRule(lines[j])) j++;
    const allSynopsis = lines.slice(i, j).every(looksLikeSynopsis);
    // Some manuals (2.4) put a blank line between the synopsis and the indented body.
    const bodyAt = j < end && blank(lines[j]) && j + 1 < end && indented(lines[j + 1]) ? j + 1 : j;
    if (bodyAt < end && indented(lines[bodyAt]) && allSynopsis && j - i <= 8) heads.push({ first: i, last: j });
    i = j;
  }
  return heads.map((h, k) => {
    const bodyEnd = k + 1 < heads.length ? heads[k + 1].first : end;
    return { synopsis: lines.slice(h.first, h.last).map((l) => l.trim()), body: dedent(lines.slice(h.last, bodyEnd)), line: h.first };
  });
}

export function dedent(body: string[]): string[] {
  const out = body.map((l) => l.replace(/\s+$/, ''));
  // The body of the last entry of a section may run into column-0 prose; keep the indented part.
  let stop = out.length;
  for (let k = 0; k < out.length; k++) if (out[k] !== '' && !/^\s/.test(out[k])) { stop = k; break; }
  const kept = out.slice(0, stop);
  while (kept.length && kept[kept.length - 1] === '') kept.pop();
  const indent = Math.min(...kept.filter((l) => l !== '').map((l) => /^ */.exec(l)![0].length));
  return kept.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
}

/** Splits a trailing "See also" paragraph out of a body; returns the quoted names it lists. */
export function splitSeeAlso(body: string[]): { body: string[]; seeAlso: string[] } {
  const at = body.findIndex((l) => /^See also\b/i.test(l.trim()));
  if (at < 0) return { body, seeAlso: [] };
  let stop = at + 1;
  while (stop < body.length && body[stop].trim() !== '') stop++;
  const text = body.slice(at, stop).join(' ');
  const seeAlso = [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const rest = [...body.slice(0, at), ...body.slice(stop)];
  while (rest.length && rest[rest.length - 1] === '') rest.pop();
  return { body: rest, seeAlso };
}

/** The "May be used in sections" table inside a 4.2 entry: which proxy sections say yes. */
export function splitUsedIn(body: string[]): { body: string[]; usedIn?: Record<string, string> } {
  const at = body.findIndex((l) => /^May be used in sections/i.test(l.trim()));
  if (at < 0 || at + 1 >= body.length) return { body };
  const names = body[at].split(':').slice(1).join(':').split('|').map((s) => s.trim());
  const values = body[at + 1].split('|').map((s) => s.trim());
  const usedIn: Record<string, string> = {};
  names.forEach((n, k) => { if (n) usedIn[n] = values[k] ?? ''; });
  return { body: [...body.slice(0, at), ...body.slice(at + 2)], usedIn };
}

/** 3.x: "May be used in the following contexts: tcp, http, log" (the proxy modes it applies to). */
export function splitContexts(body: string[]): { body: string[]; contexts?: string[] } {
  const at = body.findIndex((l) => /^May be used in the following contexts\s*:/i.test(l.trim()));
  if (at < 0) return { body };
  const contexts = body[at].split(':').slice(1).join(':').split(',').map((s) => s.trim()).filter(Boolean);
  const rest = [...body.slice(0, at), ...body.slice(at + 1)];
  if (rest[at - 1]?.trim() === '' && (rest[at] === undefined || rest[at].trim() === '')) rest.splice(at, 1);
  while (rest.length && rest[0].trim() === '') rest.shift();
  return { body: rest, contexts };
}
