// Catalog entries (sections, keywords, server/bind options, actions, fetches, converters) looked up by
// a small serialisable reference, and their documentation as Markdown: the synopsis as a code block,
// a line saying what it is and since which version (or that it is deprecated), then the manual's
// text trimmed to its useful start. Shared by hover and completionItem/resolve.
import type { Catalog, Documented } from '../../catalog/catalog';
import { availability, availabilityKey, docText, knownVersions } from '../../catalog/catalog';
import { trimmedDoc } from './docMarkdown';
import { actionSynopsisLines } from './synopsis';

export type EntryRef =
  | { type: 'section'; name: string }
  | { type: 'keyword'; section: string; name: string }
  | { type: 'server' | 'bind'; name: string }
  | { type: 'keyword-option'; section: string; keyword: string; name: string }
  | { type: 'action'; ruleset: string; name: string }
  | { type: 'fetch' | 'converter'; name: string };

export interface Entry {
  ref: EntryRef;
  data: Documented;
  /** What it is, for the reader: "keyword", "server option", "sample fetch"... */
  what: string;
  deprecated: boolean;
  successor?: string;
  availabilityKey?: string;
  /** Extra facts for the meta line (sections, output type...). */
  facts: string[];
  synopsis: string[];
}

/** The manual's introductions of the sections it documents without an entry of their own (§3, §4). */
const SECTION_INTRO: Record<string, string> = {
  global: 'Parameters in the "global" section are process-wide and often OS-specific. They are generally set once for all and do not need being changed once correct.',
  defaults: 'A "defaults" section sets default parameters for all other sections following its declaration. Those default parameters are reset by the next "defaults" section.',
  frontend: 'A "frontend" section describes a set of listening sockets accepting client connections.',
  backend: 'A "backend" section describes a set of servers to which the proxy will connect to forward incoming connections.',
  listen: 'A "listen" section defines a complete proxy with its frontend and backend parts combined in one section. It is generally useful for TCP-only traffic.',
};

const SECTION_SYNOPSIS: Record<string, string> = {
  global: 'global',
  defaults: 'defaults [<name>] [from <defaults>]',
  frontend: 'frontend <name> [from <defaults>]',
  backend: 'backend <name> [from <defaults>]',
  listen: 'listen <name> [from <defaults>]',
};

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** The catalog entry a reference names in this catalog's version (undefined: not in this version). */
export function lookupEntry(catalog: Catalog, ref: EntryRef): Entry | undefined {
  switch (ref.type) {
    case 'section': {
      const s = catalog.sectionType(ref.name);
      if (!s) return undefined;
      return {
        ref, data: s, what: 'section', deprecated: false, facts: [], availabilityKey: availabilityKey.section(ref.name),
        synopsis: s.synopsis ?? [SECTION_SYNOPSIS[ref.name] ?? `${ref.name} <name>`],
      };
    }
    case 'keyword': {
      const k = catalog.keywordInfo(ref.section, ref.name);
      if (!k) return undefined;
      const facts = [`in ${k.sections.map(code).join(', ')}`];
      if (k.contexts?.length) facts.push(`modes ${k.contexts.join(', ')}`);
      if (k.namedDefaultsOnly && ref.section === 'defaults') facts.push('named defaults only');
      if (k.negatable) facts.push(`accepts ${code(`no ${k.name}`)}`);
      return {
        ref, data: k, what: `${ref.section === 'global' ? 'global ' : ''}keyword`, deprecated: !!k.deprecated,
        ...(k.successor ? { successor: k.successor } : {}), facts,
        availabilityKey: availabilityKey.keyword(ref.section, ref.name), synopsis: k.synopsis ?? [k.name],
      };
    }
    case 'server':
    case 'bind': {
      const o = ref.type === 'server' ? catalog.serverOption(ref.name) : catalog.bindOption(ref.name);
      if (!o) return undefined;
      const facts = o.serverOnly ? ['not for default-server'] : [];
      return {
        ref, data: o, what: `${ref.type} option`, deprecated: !!o.deprecated, facts,
        availabilityKey: (ref.type === 'server' ? availabilityKey.server : availabilityKey.bind)(ref.name),
        synopsis: o.synopsis ?? [o.name],
      };
    }
    case 'keyword-option': {
      const o = catalog.keywordOptions(ref.section, ref.keyword).find((x) => x.name === ref.name);
      if (!o) return undefined;
      return { ref, data: o, what: `${ref.keyword} option`, deprecated: !!o.deprecated, facts: [], synopsis: o.synopsis ?? [o.name] };
    }
    case 'action': {
      const a = catalog.action(ref.ruleset, ref.name);
      if (!a) return undefined;
      return {
        ref, data: a, what: `${ref.ruleset} action`, deprecated: !!a.deprecated, facts: [],
        availabilityKey: availabilityKey.action(ref.ruleset, a.name), synopsis: (a.synopsis ? actionSynopsisLines(a.synopsis) : [a.name]).map((s) => `${ref.ruleset} ${s}`),
      };
    }
    case 'fetch': {
      const derivative = catalog.aclDerivative(ref.name);
      const f = catalog.fetch(ref.name);
      if (!f) return undefined;
      const facts: string[] = [];
      if (derivative) facts.push(`ACL derivative of ${code(f.name)}: ${derivative.match}`);
      if (f.output) facts.push(`returns ${f.output}`);
      if (f.layer) facts.push(f.layer.replace(/^Fetching /, '').replace(/^samples /, ''));
      return {
        ref, data: f, what: derivative ? 'ACL criterion' : 'sample fetch', deprecated: !!f.deprecated, facts,
        availabilityKey: availabilityKey.fetch(f.name), synopsis: f.synopsis ?? [f.name],
      };
    }
    case 'converter': {
      const c = catalog.converter(ref.name);
      if (!c) return undefined;
      const facts = c.input || c.output ? [`${c.input ?? 'any'} → ${c.output ?? 'any'}`] : [];
      return {
        ref, data: c, what: 'converter', deprecated: !!c.deprecated, facts,
        availabilityKey: availabilityKey.converter(c.name), synopsis: c.synopsis ?? [c.name],
      };
    }
  }
}

/** "since 2.8" when the entry appeared after the oldest known version, "" otherwise. */
export function sinceText(entry: Entry): string {
  const key = entry.availabilityKey;
  const a = key ? availability(key) : undefined;
  return a && a.since !== knownVersions()[0] ? `since ${a.since}` : '';
}

/** The meta line: what it is, where it is used, since when, deprecation. */
export function metaLine(entry: Entry): string {
  const parts = [`*${entry.what}*`, ...entry.facts];
  const since = sinceText(entry);
  if (since) parts.push(since);
  let line = parts.join(' · ');
  if (entry.deprecated) line += `\n\n**Deprecated**${entry.successor ? `: use ${code(entry.successor)} instead` : ''}.`;
  return line;
}

export interface EntryDocOptions {
  /** Markdown budget of the manual's text. */
  budget?: number;
  /** Show the synopsis code block (false when the caller shows it elsewhere, e.g. as detail). */
  synopsis?: boolean;
}

/** Full Markdown documentation of an entry for a target version. */
export function entryMarkdown(catalog: Catalog, entry: Entry, options: EntryDocOptions = {}): string {
  const sections: string[] = [];
  if (options.synopsis !== false && entry.synopsis.length) {
    sections.push(`\`\`\`haproxy\n${entry.synopsis.join('\n')}\n\`\`\``);
  }
  sections.push(metaLine(entry));
  const text = docText(entry.data) ?? (entry.ref.type === 'section' ? SECTION_INTRO[entry.ref.name] : undefined);
  if (text) {
    const { markdown, truncated } = trimmedDoc(text, { budget: options.budget ?? 1400 });
    sections.push(markdown);
    if (truncated) sections.push(`*Trimmed: the HAProxy ${catalog.version} configuration manual has the full text.*`);
  }
  return sections.join('\n\n');
}
