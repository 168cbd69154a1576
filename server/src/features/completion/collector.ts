// Gathers the completion items of one request: cached catalog items are copied with this request's
// replace range (the word being typed) and document uri; values and names are made here.
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver';
import type { CompletionItem, Range } from 'vscode-languageserver';
import type { DefinedName } from './names';

export class Collector {
  readonly items: CompletionItem[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly uri: string, readonly range: Range) {}

  /** Copies catalog items with the replace range; `sortPrefix` ranks a whole group after others. */
  addAll(items: readonly CompletionItem[], options: { range?: Range; sortPrefix?: string } = {}): void {
    for (const item of items) this.add(item, options);
  }

  add(base: CompletionItem, options: { range?: Range; sortPrefix?: string } = {}): void {
    const key = `${base.kind ?? 0}\u0000${base.label}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const { insertText, ...rest } = base;
    const item: CompletionItem = { ...rest, textEdit: { range: options.range ?? this.range, newText: insertText ?? base.label } };
    if (base.data && typeof base.data === 'object') item.data = { ...(base.data as object), uri: this.uri };
    if (options.sortPrefix) item.sortText = `${options.sortPrefix}${base.sortText ?? base.label}`;
    this.items.push(item);
  }

  /** A fixed value (`roundrobin`, `none`, `-i`), with optional one-line detail and Markdown doc. */
  value(label: string, detail?: string, documentation?: string, options: { range?: Range; kind?: CompletionItemKind } = {}): void {
    const item: CompletionItem = { label, kind: options.kind ?? CompletionItemKind.EnumMember };
    if (detail) item.detail = detail;
    if (documentation) item.documentation = { kind: MarkupKind.Markdown, value: documentation };
    this.add(item, options.range ? { range: options.range } : {});
  }

  /** A name defined in the document (backend, ACL, server...). */
  name(def: DefinedName, kind: CompletionItemKind, options: { range?: Range; insert?: string } = {}): void {
    const item: CompletionItem = {
      label: def.name,
      kind,
      detail: def.detail ? `${def.kind} ${def.name} ${def.detail}` : `${def.kind} ${def.name}`,
      labelDetails: { description: `${def.kind}, line ${def.line + 1}` },
    };
    if (options.insert) item.insertText = options.insert;
    this.add(item, options.range ? { range: options.range } : {});
  }
}
