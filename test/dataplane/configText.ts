// A small line-oriented editor of haproxy.cfg text, for the Data Plane API test server: finds
// sections and their directive lines, and adds/replaces/removes lines, keeping every other
// line (comments, unknown keywords) as it was. The first line holds `# _version=N` like the
// real Data Plane API's config file.

const sectionKeywords = new Set([
  'global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'peers', 'resolvers', 'mailers',
  'program', 'http-errors', 'ring', 'cache', 'log-forward', 'fcgi-app', 'crt-store', 'traces',
]);

export interface Section {
  type: string;
  name: string;
  /** Line index of the header. */
  header: number;
  /** Line index after the last line of the section. */
  end: number;
}

export interface Directive {
  line: number;
  words: string[];
}

/** Splits a config line into words, dropping a trailing `# comment`. Quotes are kept as written. */
export function words(line: string): string[] {
  const out: string[] = [];
  for (const word of line.trim().split(/\s+/)) {
    if (word === '' ) continue;
    if (word.startsWith('#')) break;
    out.push(word);
  }
  return out;
}

const versionLine = /^# _version\s*=\s*(\d+)\s*$/;

export class ConfigText {
  private lines: string[];

  constructor(text: string) {
    this.lines = text.replace(/\n$/, '').split('\n');
    if (!versionLine.test(this.lines[0] ?? '')) this.lines.unshift('# _version=1');
  }

  clone(): ConfigText {
    return new ConfigText(this.toString());
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }

  get version(): number {
    return Number(versionLine.exec(this.lines[0])?.[1] ?? 1);
  }

  set version(value: number) {
    this.lines[0] = `# _version=${value}`;
  }

  /** Sections in order. Unnamed `defaults` are called `unnamed_defaults_N`, as the real API does. */
  sections(type?: string): Section[] {
    const found: Section[] = [];
    let unnamedDefaults = 0;
    this.lines.forEach((line, index) => {
      let [keyword, name = ''] = /^\S/.test(line) ? words(line) : [];
      if (keyword === undefined || !sectionKeywords.has(keyword)) return;
      if (keyword === 'defaults' && name === '') name = `unnamed_defaults_${++unnamedDefaults}`;
      const previous = found[found.length - 1];
      if (previous) previous.end = index;
      found.push({ type: keyword, name, header: index, end: this.lines.length });
    });
    return type === undefined ? found : found.filter((s) => s.type === type);
  }

  section(type: string, name: string): Section | undefined {
    return this.sections(type).find((s) => s.name === name);
  }

  /** Body lines of a section whose first word is `keyword` (all directives when omitted). */
  directives(section: Section, keyword?: string): Directive[] {
    const out: Directive[] = [];
    for (let line = section.header + 1; line < section.end; line++) {
      const w = words(this.lines[line]);
      if (w.length && (keyword === undefined || w[0] === keyword)) out.push({ line, words: w });
    }
    return out;
  }

  /** Replaces the line, keeping its indentation. */
  replaceLine(line: number, text: string): void {
    const indent = /^\s*/.exec(this.lines[line])?.[0] || '    ';
    this.lines[line] = indent + text;
  }

  removeLine(line: number): void {
    this.lines.splice(line, 1);
  }

  /** Inserts a directive after `afterLine`, or at the end of the section's directives. */
  insertDirective(section: Section, text: string, afterLine?: number): void {
    let at = afterLine === undefined ? this.lastContentLine(section) + 1 : afterLine + 1;
    if (at <= section.header) at = section.header + 1;
    this.lines.splice(at, 0, '    ' + text);
  }

  private lastContentLine(section: Section): number {
    let last = section.header;
    for (let line = section.header + 1; line < section.end; line++) if (this.lines[line].trim() !== '') last = line;
    return last;
  }

  addSection(type: string, name: string, body: string[]): void {
    if (this.lines[this.lines.length - 1]?.trim() !== '') this.lines.push('');
    this.lines.push(`${type} ${name}`.trim(), ...body.map((b) => '    ' + b));
  }

  removeSection(section: Section): void {
    this.lines.splice(section.header, section.end - section.header);
  }
}
