// Completion for haproxy.cfg, by what is at the cursor (see cursor.ts): section keywords and section
// snippets at column 0, the keywords of the current section, the rest of multi-word keywords,
// argument values, server/bind options, rule actions, sample fetches and converters, and names
// defined in the document. Version-aware through model.catalog. Catalog items are built once per
// catalog; a request only reads the cursor's line and the sections it needs.
import type { CompletionItem, CompletionList, Position } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver';
import { getCatalog } from '../catalog/catalog';
import type { DocumentModel } from '../model';
import { PREDICATE_SINCE, compareVersions } from '../syntax/conditions';
import { cursorContext } from './cursor';
import type { CursorContext } from './cursor';
import { argumentItems } from './completion/arguments';
import { Collector } from './completion/collector';
import { entryMarkdown, lookupEntry } from './completion/entryDoc';
import type { EntryRef } from './completion/entryDoc';
import { expressionItems } from './completion/expressions';
import type { ItemData } from './completion/items';
import { keywordItems, sectionItems } from './completion/items';
import { sectionNames } from './completion/names';

const PREPROCESSOR = ['.if', '.elif', '.else', '.endif', '.diag', '.notice', '.warning', '.alert'];
const INHERITING_SECTIONS: ReadonlySet<string> = new Set(['defaults', 'frontend', 'backend', 'listen']);

export function provideCompletion(model: DocumentModel, position: Position): CompletionList {
  const ctx = cursorContext(model, position);
  const out = new Collector(model.uri, ctx.token.range, ctx.token.prefix);
  collect(model, ctx, out);
  return { isIncomplete: out.incomplete, items: out.items };
}

function collect(model: DocumentModel, ctx: CursorContext, out: Collector): void {
  if (ctx.inComment) return;
  const first = ctx.words[0]?.text ?? '';
  if (first.startsWith('.') || (ctx.wordIndex === 0 && ctx.token.prefix.startsWith('.'))) {
    preprocessorItems(model, ctx, out);
    return;
  }
  if (ctx.expression) {
    expressionItems(model, ctx, ctx.expression, out);
    return;
  }
  if (ctx.wordIndex === 0) {
    firstWordItems(model, ctx, out);
    return;
  }
  if (ctx.onSectionHeader) {
    headerItems(model, ctx, out);
    return;
  }
  argumentItems(model, ctx, out);
}

/** Column 0: section keywords and snippets (then, unindented, the section's keywords); indented: keywords. */
function firstWordItems(model: DocumentModel, ctx: CursorContext, out: Collector): void {
  const section = ctx.section;
  const keywords = section
    ? keywordItems(model.catalog, section.type, section.type !== 'defaults' || !!section.name)
    : [];
  if (!ctx.indented || !section || ctx.onSectionHeader) {
    out.addAll(sectionItems(model.catalog));
    if (section && !ctx.onSectionHeader) out.addAll(keywords, { sortPrefix: '2' });
    return;
  }
  out.addAll(keywords);
}

/** `backend app from <defaults>`, `defaults [name] [from <defaults>]`. */
function headerItems(model: DocumentModel, ctx: CursorContext, out: Collector): void {
  const section = ctx.section;
  if (!section || !INHERITING_SECTIONS.has(section.type)) return;
  const previous = ctx.wordsBefore.at(-1);
  if (previous === 'from') {
    out.names(sectionNames(model.tree, ['defaults']).filter((def) => def.name !== section.name?.text), CompletionItemKind.Module);
    return;
  }
  const fromAllowed = !ctx.wordsBefore.includes('from') && (ctx.wordIndex === 2 || (section.type === 'defaults' && ctx.wordIndex === 1));
  if (fromAllowed && sectionNames(model.tree, ['defaults']).length) {
    out.value('from', 'inherit the settings of a named defaults section', undefined, { kind: CompletionItemKind.Keyword });
  }
}

/** `.if`/`.elif`/... at the start of a line; predicates of the target version after `.if`/`.elif`. */
function preprocessorItems(model: DocumentModel, ctx: CursorContext, out: Collector): void {
  if (ctx.wordIndex === 0) {
    for (const directive of PREPROCESSOR) out.value(directive, 'conditional block / message', undefined, { kind: CompletionItemKind.Keyword });
    return;
  }
  const first = ctx.words[0].text;
  if (first !== '.if' && first !== '.elif') return;
  for (const [predicate, since] of Object.entries(PREDICATE_SINCE)) {
    if (compareVersions(model.catalog.version, since) === -1) continue;
    const item: CompletionItem = {
      label: predicate, kind: CompletionItemKind.Function, detail: `condition predicate (since ${since})`,
      insertText: `${predicate}(\${1})`, insertTextFormat: InsertTextFormat.Snippet,
    };
    out.add(item);
  }
}

/** Fills in the full documentation of a catalog item (trimmed manual text for the target version). */
export function resolveCompletion(item: CompletionItem, model: DocumentModel | undefined): CompletionItem {
  const data = item.data as Partial<ItemData> | undefined;
  if (!data?.ref || typeof data.ref !== 'object') return item;
  let catalog;
  try {
    catalog = model?.catalog ?? (typeof data.version === 'string' ? getCatalog(data.version) : undefined);
  } catch {
    return item; // an unknown version in a stale item: keep the summary it already has
  }
  if (!catalog) return item;
  const entry = lookupEntry(catalog, data.ref as EntryRef);
  if (!entry) return item;
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: entryMarkdown(catalog, entry, { synopsis: entry.synopsis.length > 1 }) } };
}
