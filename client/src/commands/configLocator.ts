// Finds `server NAME` inside `backend NAME` / `listen NAME` in haproxy.cfg text, and where a new
// server line belongs. A line scan (no vscode import): used when the language server offers no
// document symbols, and to place the line that Add Server offers to write.

const sectionKeywords = new Set([
  'global', 'defaults', 'frontend', 'backend', 'listen', 'peers', 'resolvers', 'userlist', 'mailers',
  'program', 'http-errors', 'ring', 'cache', 'fcgi-app', 'log-forward', 'crt-store', 'traces',
]);

export interface ProxySection {
  /** 0-based line of `backend NAME`. */
  headerLine: number;
  /** Last line that belongs to the section and is not blank or a comment. */
  lastContentLine: number;
  /** Line of the last `server` line, if any. */
  lastServerLine?: number;
  /** Indentation used by the section's lines. */
  indent: string;
  servers: Array<{ name: string; line: number; column: number }>;
}

function words(line: string): string[] {
  const hash = line.indexOf('#');
  return (hash >= 0 ? line.slice(0, hash) : line).trim().split(/\s+/).filter(Boolean);
}

/** The `backend NAME` or `listen NAME` section of `text`, if any. */
export function findProxySection(text: string, backend: string): ProxySection | undefined {
  const lines = text.split(/\r?\n/);
  let section: ProxySection | undefined;
  let indentSeen = false;
  for (const [index, line] of lines.entries()) {
    const [keyword, name] = words(line);
    if (keyword && sectionKeywords.has(keyword)) {
      if (section) return section;
      if ((keyword === 'backend' || keyword === 'listen') && name === backend) {
        section = { headerLine: index, lastContentLine: index, indent: '    ', servers: [] };
      }
      continue;
    }
    if (!section || keyword === undefined) continue;
    section.lastContentLine = index;
    const indent = /^\s*/.exec(line)?.[0];
    // The first indented line sets the style; server lines, when present, win.
    if (indent && section.lastContentLine === index && !indentSeen) {
      section.indent = indent;
      indentSeen = true;
    }
    if (keyword === 'server' && name) {
      section.servers.push({ name, line: index, column: line.indexOf(name, line.indexOf('server') + 6) });
      section.lastServerLine = index;
      if (indent) section.indent = indent;
    }
  }
  return section;
}

/** Position of `server NAME` inside `backend BACKEND` (or `listen BACKEND`), if the text has it. */
export function findServerLine(text: string, backend: string, server: string): { line: number; column: number } | undefined {
  const found = findProxySection(text, backend)?.servers.find((s) => s.name === server);
  return found ? { line: found.line, column: found.column } : undefined;
}

/** Where to insert a new server line: after the last server, else at the section's end. */
export function serverInsertionLine(section: ProxySection): number {
  return (section.lastServerLine ?? section.lastContentLine) + 1;
}

/** The config line for a server added at run time. */
export function serverConfigLine(indent: string, name: string, addressPort: string, optionWords: readonly string[]): string {
  return `${indent}${['server', name, addressPort, ...optionWords].join(' ')}`;
}
