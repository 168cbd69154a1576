// Completion items built from a version's catalog: section keywords and snippets, keywords of a
// section, server/bind options, rule actions, sample fetches, converters. Built once per catalog and
// kind (WeakMap cache) with a one-sentence summary; completionItem/resolve adds the full doc.
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind } from 'vscode-languageserver';
import type { CompletionItem } from 'vscode-languageserver';
import type { ArgSpec, Catalog, Documented, OptionData } from '../../catalog/catalog';
import { docText } from '../../catalog/catalog';
import { summary } from './docMarkdown';
import type { EntryRef } from './entryDoc';
import { sectionSnippets } from './snippets';
import { actionSynopsisLines } from './synopsis';
import { optionSuggestsValues, suggestsValues } from './values';

/** What completionItem/resolve needs to find the entry again. */
export interface ItemData {
  uri?: string;
  version: string;
  ref: EntryRef;
}

const cache = new WeakMap<Catalog, Map<string, CompletionItem[]>>();

/** Items of one kind for a catalog, built on first use. */
export function cached(catalog: Catalog, key: string, build: () => CompletionItem[]): CompletionItem[] {
  let byKey = cache.get(catalog);
  if (!byKey) { byKey = new Map(); cache.set(catalog, byKey); }
  let items = byKey.get(key);
  if (!items) { items = build(); byKey.set(key, items); }
  return items;
}

function documented(
  catalog: Catalog, label: string, kind: CompletionItemKind, entry: Documented & { deprecated?: boolean }, ref: EntryRef,
): CompletionItem {
  const item: CompletionItem = { label, kind, data: { version: catalog.version, ref } satisfies ItemData };
  if (entry.synopsis?.[0]) item.detail = entry.synopsis[0];
  const brief = summary(docText(entry));
  if (brief) item.documentation = { kind: MarkupKind.Markdown, value: brief };
  if (entry.deprecated) {
    item.tags = [CompletionItemTag.Deprecated];
    item.sortText = `~${label}`; // after the others
  }
  return item;
}

export function sectionItems(catalog: Catalog): CompletionItem[] {
  return cached(catalog, 'sections', () => {
    const items: CompletionItem[] = catalog.sectionTypes().map((name) => {
      const item = documented(catalog, name, CompletionItemKind.Module, catalog.sectionType(name) ?? {}, { type: 'section', name });
      item.sortText = `0${name}`;
      if (name !== 'global' && name !== 'traces') item.insertText = `${name} `;
      return item;
    });
    return [...items, ...sectionSnippets(catalog)];
  });
}

/** Keywords of a section (multi-word ones whole: `option httplog`, `timeout connect`). */
const SUGGEST_AGAIN = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };

export function keywordItems(catalog: Catalog, sectionType: string, namedDefaults: boolean): CompletionItem[] {
  return cached(catalog, `keywords:${sectionType}:${namedDefaults}`, () => catalog.keywordsFor(sectionType, { namedDefaults })
    .map((k) => {
      const item = documented(catalog, k.name, CompletionItemKind.Keyword, k, { type: 'keyword', section: sectionType, name: k.name });
      if (k.args?.length || (k.synopsis?.[0] ?? '').length > k.name.length) item.insertText = `${k.name} `;
      // `mode ` -> http/tcp: re-open the list (typing the space would have; inserting it does not).
      if (item.insertText && suggestsValues(catalog, sectionType, k)) item.command = SUGGEST_AGAIN;
      return item;
    }));
}

/**
 * The next words of multi-word keywords after `typed` (`option` -> `httplog`, ...; `capture` ->
 * `request header`); `negatedOnly` keeps those accepting a `no` prefix.
 */
export function continuationItems(catalog: Catalog, sectionType: string, typed: readonly string[], negatedOnly: boolean): CompletionItem[] {
  const prefix = typed.length ? `${typed.join(' ')} ` : '';
  return cached(catalog, `continuations:${sectionType}:${negatedOnly}:${prefix}`, () => catalog.keywordsFor(sectionType)
    .filter((k) => k.name.startsWith(prefix) && k.name.length > prefix.length && (!negatedOnly || k.negatable))
    .map((k) => {
      const rest = k.name.slice(prefix.length);
      const item = documented(catalog, rest, CompletionItemKind.Keyword, k, { type: 'keyword', section: sectionType, name: k.name });
      if (k.args?.length) item.insertText = `${rest} `;
      if (item.insertText && suggestsValues(catalog, sectionType, k)) item.command = SUGGEST_AGAIN;
      return item;
    }));
}

/** The options most lines use, listed first (the rest stay alphabetical after them). */
const COMMON_OPTIONS: Record<'server' | 'bind', ReadonlySet<string>> = {
  server: new Set(['check', 'weight', 'inter', 'rise', 'fall', 'backup', 'maxconn', 'ssl', 'verify', 'sni', 'resolvers', 'init-addr', 'send-proxy-v2', 'cookie', 'slowstart', 'disabled']),
  bind: new Set(['ssl', 'crt', 'alpn', 'accept-proxy', 'verify', 'ca-file', 'ssl-min-ver', 'transparent', 'v4v6', 'name', 'level', 'mode']),
};

function valueTakingArgs(o: OptionData): ArgSpec[] {
  return (o.args ?? []).filter((a) => !a.optional);
}

function optionItem(catalog: Catalog, o: OptionData, ref: EntryRef): CompletionItem {
  const item = documented(catalog, o.name, CompletionItemKind.Property, o, ref);
  const family = ref.type === 'server' || ref.type === 'bind' ? ref.type : undefined;
  if (!item.sortText) item.sortText = `${family && COMMON_OPTIONS[family].has(o.name) ? '0' : '1'}${o.name}`;
  if (valueTakingArgs(o).length) {
    item.insertText = `${o.name} `;
    if (family && optionSuggestsValues(catalog, family, o)) item.command = SUGGEST_AGAIN;
  }
  return item;
}

export function serverOptionItems(catalog: Catalog, forDefaultServer: boolean): CompletionItem[] {
  return cached(catalog, `server-options:${forDefaultServer}`, () => catalog.serverOptions()
    .filter((o) => !(forDefaultServer && o.serverOnly))
    .map((o) => optionItem(catalog, o, { type: 'server', name: o.name })));
}

export function bindOptionItems(catalog: Catalog): CompletionItem[] {
  return cached(catalog, 'bind-options', () => catalog.bindOptions().map((o) => optionItem(catalog, o, { type: 'bind', name: o.name })));
}

export function keywordOptionItems(catalog: Catalog, sectionType: string, keyword: string): CompletionItem[] {
  return cached(catalog, `keyword-options:${sectionType}.${keyword}`, () => catalog.keywordOptions(sectionType, keyword)
    .map((o) => optionItem(catalog, o, { type: 'keyword-option', section: sectionType, keyword, name: o.name })));
}

/** `name(${1:arg})` for entries whose synopsis has required parenthesised arguments. */
function callSnippet(name: string, synopsis: string | undefined, args: ArgSpec[] | undefined): string | undefined {
  const call = synopsis ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\(`).exec(synopsis) : null;
  if (!call) return undefined;
  const first = args?.[0];
  if (!first || first.optional) return undefined;
  const placeholder = first.name.replace(/[<>()[\]{}$\\]/g, '').replace(/[,|].*$/, '') || 'arg';
  return `${name}(\${1:${placeholder}})`;
}

export function actionItems(catalog: Catalog, ruleset: string): CompletionItem[] {
  return cached(catalog, `actions:${ruleset}`, () => catalog.actionsFor(ruleset).map((a) => {
    const lines = actionSynopsisLines(a.synopsis);
    const item = documented(catalog, a.name, CompletionItemKind.Function, { ...a, synopsis: lines }, { type: 'action', ruleset, name: a.name });
    const synopsis = lines.find((s) => s.startsWith(a.name)) ?? lines[0] ?? '';
    const parens = new RegExp(`^${a.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\(<([^>]+)>`).exec(synopsis);
    if (parens) {
      item.insertText = `${a.name}(\${1:${parens[1].replace(/[$}\\]/g, '')}})`;
      item.insertTextFormat = InsertTextFormat.Snippet;
    } else if (synopsis.length > a.name.length) item.insertText = `${a.name} `;
    return item;
  }));
}

/** Sample fetches; in ACL criteria also their ACL derivatives (`hdr_beg`, `path_end`...). */
export function fetchItems(catalog: Catalog, acl: boolean): CompletionItem[] {
  return cached(catalog, `fetches:${acl}`, () => {
    const items: CompletionItem[] = [];
    const seen = new Set<string>();
    for (const f of catalog.fetches()) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      const item = documented(catalog, f.name, CompletionItemKind.Function, f, { type: 'fetch', name: f.name });
      if (f.output) item.labelDetails = { description: f.output };
      const snippet = callSnippet(f.name, f.synopsis?.[0], f.args);
      if (snippet) { item.insertText = snippet; item.insertTextFormat = InsertTextFormat.Snippet; }
      items.push(item);
    }
    if (!acl) return items;
    for (const f of catalog.fetches()) {
      for (const d of f.aclDerivatives ?? []) {
        if (seen.has(d.name) || catalog.aclDerivative(d.name)?.fetch !== f) continue;
        seen.add(d.name);
        const item = documented(catalog, d.name, CompletionItemKind.Function, f, { type: 'fetch', name: d.name });
        item.detail = `${f.name} (${d.match})`;
        item.labelDetails = { description: d.match };
        items.push(item);
      }
    }
    return items;
  });
}

export function converterItems(catalog: Catalog): CompletionItem[] {
  return cached(catalog, 'converters', () => catalog.converters().map((c) => {
    const item = documented(catalog, c.name, CompletionItemKind.Function, c, { type: 'converter', name: c.name });
    if (c.input || c.output) item.labelDetails = { description: `${c.input ?? 'any'} → ${c.output ?? 'any'}` };
    const snippet = callSnippet(c.name, c.synopsis?.[0], c.args);
    if (snippet) { item.insertText = snippet; item.insertTextFormat = InsertTextFormat.Snippet; }
    return item;
  }));
}
