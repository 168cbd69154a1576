// Whole-section snippets offered with the section keywords at column 0. Each line is kept only when
// its keyword exists in the target version (e.g. `http-check send` / `http-check expect`), so a
// snippet never inserts something the version would reject. Indentation is a tab, which editors
// turn into their own indentation unit.
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver';
import type { CompletionItem } from 'vscode-languageserver';
import type { Catalog } from '../../catalog/catalog';

interface SnippetLine { keyword?: string; text: string }

interface SectionSnippet { section: string; label: string; description: string; lines: SnippetLine[] }

function choice(catalog: Catalog, kind: string, preferred: string[]): string {
  const known = catalog.choices(kind);
  const values = preferred.filter((v) => known.length === 0 || known.includes(v));
  return values.join(',');
}

function snippets(catalog: Catalog): SectionSnippet[] {
  const modes = choice(catalog, 'mode', ['http', 'tcp']);
  const algorithms = choice(catalog, 'balance', ['roundrobin', 'leastconn', 'source', 'first', 'random']);
  return [
    {
      section: 'global', label: 'global (process settings)', description: 'Process-wide settings: logging, connection limit, admin socket.',
      lines: [
        { text: 'global' },
        { keyword: 'log', text: '\tlog ${1:stdout} format raw local0' },
        { keyword: 'maxconn', text: '\tmaxconn ${2:20000}' },
        { keyword: 'stats socket', text: '\tstats socket ${3:/run/haproxy/admin.sock} mode 660 level admin' },
      ],
    },
    {
      section: 'defaults', label: 'defaults (mode, logging, timeouts)', description: 'Defaults for the proxies below: mode, logging and the usual timeouts.',
      lines: [
        { text: 'defaults' },
        { keyword: 'mode', text: `\tmode \${1|${modes}|}` },
        { keyword: 'log', text: '\tlog global' },
        { keyword: 'option httplog', text: '\toption httplog' },
        { keyword: 'timeout connect', text: '\ttimeout connect ${2:5s}' },
        { keyword: 'timeout client', text: '\ttimeout client ${3:30s}' },
        { keyword: 'timeout server', text: '\ttimeout server ${4:30s}' },
      ],
    },
    {
      section: 'frontend', label: 'frontend (bind, mode, default_backend)', description: 'A frontend listening on an address and sending traffic to a backend.',
      lines: [
        { text: 'frontend ${1:name}' },
        { keyword: 'bind', text: '\tbind ${2:*:80}' },
        { keyword: 'mode', text: `\tmode \${3|${modes}|}` },
        { keyword: 'default_backend', text: '\tdefault_backend ${4:backend}' },
      ],
    },
    {
      section: 'backend', label: 'backend (balance, HTTP health check, servers)', description: 'A backend with a load-balancing algorithm, an HTTP health check and servers checked by it.',
      lines: [
        { text: 'backend ${1:name}' },
        { keyword: 'mode', text: `\tmode \${2|${modes}|}` },
        { keyword: 'balance', text: `\tbalance \${3|${algorithms}|}` },
        { keyword: 'option httpchk', text: '\toption httpchk' },
        { keyword: 'http-check send', text: '\thttp-check send meth GET uri ${4:/health}' },
        { keyword: 'http-check expect', text: '\thttp-check expect status ${5:200}' },
        { keyword: 'server', text: '\tserver ${6:s1} ${7:10.0.0.1:80} check' },
        { keyword: 'server', text: '\tserver ${8:s2} ${9:10.0.0.2:80} check' },
      ],
    },
    {
      section: 'listen', label: 'listen (bind and servers in one)', description: 'A frontend and a backend in one section.',
      lines: [
        { text: 'listen ${1:name}' },
        { keyword: 'bind', text: '\tbind ${2:*:8080}' },
        { keyword: 'mode', text: `\tmode \${3|${modes}|}` },
        { keyword: 'balance', text: `\tbalance \${4|${algorithms}|}` },
        { keyword: 'server', text: '\tserver ${5:s1} ${6:10.0.0.1:80} check' },
      ],
    },
  ];
}

/** Snippet items for whole sections, with only the lines the catalog's version accepts. */
export function sectionSnippets(catalog: Catalog): CompletionItem[] {
  return snippets(catalog)
    .filter((s) => catalog.sectionType(s.section))
    .map((s) => {
      const lines = s.lines.filter((l) => !l.keyword || catalog.keywordInfo(s.section, l.keyword));
      const body = lines.map((l) => l.text).join('\n');
      const preview = body.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1');
      return {
        label: s.label,
        filterText: s.section,
        kind: CompletionItemKind.Snippet,
        insertText: body,
        insertTextFormat: InsertTextFormat.Snippet,
        sortText: `1${s.section}`,
        detail: s.description,
        documentation: { kind: MarkupKind.Markdown, value: `\`\`\`haproxy\n${preview.replace(/\t/g, '    ')}\n\`\`\`` },
      };
    });
}
