// Gathers the completion items of one request: cached catalog items are copied with this request's
// replace range (the word being typed) and document uri; values and names are made here.
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver';
import type { CompletionItem, Range } from 'vscode-languageserver';
import type { DefinedName } from './names';

/** Above this many names, only those matching what is typed are sent, and the list is marked incomplete. */
export const MAX_NAMES = 500;

/** Does `text` contain the characters of `typed` in order (case-insensitive), as editors filter? */
export function fuzzyMatches(typed: string, text: string): boolean {
  if (!typed) return true;
  const t = typed.toLowerCase();
  const s = text.toLowerCase();
  let i = 0;
  for (let j = 0; j < s.length && i < t.length; j++) if (s[j] === t[i]) i++;
  return i === t.length;
}

export class Collector {
  readonly items: CompletionItem[] = [];
  /** Some names were left out (too many to send): the client must ask again as the user types. */
  incomplete = false;
  private readonly seen = new Set<string>();

  constructor(private readonly uri: string, readonly range: Range, private readonly typed = '') {}

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

  /**
   * Names defined in the document; a long list (thousands of backends) is cut to those matching the
   * typed prefix, at most MAX_NAMES, and the result marked incomplete.
   */
  names(defs: readonly DefinedName[], kind: CompletionItemKind, options: { range?: Range; insert?: (name: string) => string } = {}): void {
    let list = defs;
    if (list.length > MAX_NAMES) {
      const matching = list.filter((d) => fuzzyMatches(this.typed, d.name));
      this.incomplete = true;
      list = matching.slice(0, MAX_NAMES);
    }
    for (const def of list) this.name(def, kind, { ...(options.range ? { range: options.range } : {}), ...(options.insert ? { insert: options.insert(def.name) } : {}) });
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
