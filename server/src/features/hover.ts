// Hover for haproxy.cfg: the manual's text (for the target version, trimmed to its useful start)
// for the keyword, `no`-prefixed keyword, rule action, server/bind option, sample fetch, converter or
// ACL flag under the cursor, the manual's description of a fixed value (`balance roundrobin`), and for
// a name (backend, ACL, server...) where it is defined and how often it is referenced.
import type { Hover, Position, Range } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import { availability, availabilityKey, docText } from '../catalog/catalog';
import type { Catalog, Documented, KeywordMatch } from '../catalog/catalog';
import type { DocumentModel } from '../model';
import type { SymbolDefinition, SymbolReference } from '../analysis/symbols';
import { compareVersions } from '../syntax/conditions';
import { isSectionKeyword } from '../syntax/tree';
import { cursorContext, lineTextAt } from './cursor';
import { SCOPED_KINDS, sameSymbolDefinitions } from './symbolTarget';
import type { CursorContext } from './cursor';
import { argumentEntry, firstSentences, proseToMarkdown } from './completion/docMarkdown';
import { entryMarkdown, lookupEntry } from './completion/entryDoc';
import type { EntryRef } from './completion/entryDoc';
import { ACL_FLAGS, ACL_MATCH_METHODS, PREDEFINED_ACL_INFO } from './completion/values';

const MAX_LISTED_LINES = 8;

export function provideHover(model: DocumentModel, position: Position): Hover | null {
  const ctx = cursorContext(model, position);
  if (ctx.inComment || !ctx.word) return null;
  return nameHover(model, position)
    ?? expressionHover(model, ctx)
    ?? keywordHover(model, ctx)
    ?? null;
}

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

function entryHover(catalog: Catalog, ref: EntryRef, range: Range, note?: string): Hover | null {
  const entry = lookupEntry(catalog, ref);
  if (!entry) return null;
  const body = entryMarkdown(catalog, entry);
  return markdown(note ? `${note}\n\n${body}` : body, range);
}

// ---- names -------------------------------------------------------------------------------

/**
 * Entries of a document-ordered list (the index keeps definitions and references in document
 * order) whose range starts on `line`: binary search, then a short scan, instead of a pass over
 * every symbol of a 100,000-line file.
 */
function onLine<T>(list: readonly T[], line: number, rangeOf: (item: T) => Range): T[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rangeOf(list[mid]).start.line < line) lo = mid + 1; else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < list.length && rangeOf(list[i]).start.line === line; i++) out.push(list[i]);
  return out;
}

function within(range: Range, pos: Position): boolean {
  return range.start.line === pos.line && range.start.character <= pos.character && pos.character <= range.end.character;
}

function nameHover(model: DocumentModel, position: Position): Hover | null {
  const index = model.symbols;
  const definition = onLine(index.definitions, position.line, (d) => d.nameRange).find((d) => within(d.nameRange, position));
  if (definition) return markdown(definitionText(model, definition), definition.nameRange);
  const reference = onLine(index.references, position.line, (r) => r.range).find((r) => within(r.range, position));
  if (!reference) return null;
  if (reference.predefined) return predefinedAclHover(reference.name, reference.range);
  return markdown(referenceText(model, reference), reference.range);
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function linesList(lines: number[]): string {
  const shown = lines.slice(0, MAX_LISTED_LINES).map((l) => String(l + 1)).join(', ');
  return lines.length > MAX_LISTED_LINES ? `${shown}, … (${lines.length} in all)` : shown;
}

/** The defining lines as a haproxy code block (several for an ACL declared on more than one line). */
function definitionLines(model: DocumentModel, defs: SymbolDefinition[]): string {
  const lines = defs.slice(0, MAX_LISTED_LINES).map((d) => lineTextAt(model, lineOf(d)).trim());
  if (defs.length > MAX_LISTED_LINES) lines.push(`# … ${defs.length - MAX_LISTED_LINES} more`);
  return `\`\`\`haproxy\n${lines.join('\n')}\n\`\`\``;
}

/** Uses of a symbol (all its definitions together, as navigation groups them). */
function usesOf(model: DocumentModel, defs: SymbolDefinition[]): SymbolReference[] {
  return [...new Set(defs.flatMap((d) => model.symbols.referencesTo(d)))];
}

function referencesLine(refs: SymbolReference[]): string {
  if (refs.length === 0) return 'Not referenced in this file.';
  const lines = [...new Set(refs.map((r) => r.range.start.line))].sort((a, b) => a - b);
  return `Referenced ${refs.length} time${refs.length > 1 ? 's' : ''}: line${lines.length > 1 ? 's' : ''} ${linesList(lines)}.`;
}

function definitionText(model: DocumentModel, def: SymbolDefinition): string {
  const same = sameSymbolDefinitions(model.symbols, def);
  const scoped = SCOPED_KINDS.has(def.kind) && def.section.name;
  const parts = [`**${def.kind}** ${code(def.name)}${scoped ? ` in ${def.section.type} ${code(def.section.name!.text)}` : ''}`];
  parts.push(definitionLines(model, same));
  if (same.length > 1) {
    const how = def.kind === 'acl' ? 'declared on several lines (their patterns are OR-ed)' : 'defined more than once';
    parts.push(`${code(def.name)} is ${how}: lines ${linesList(same.map(lineOf))}.`);
  }
  parts.push(referencesLine(usesOf(model, same)));
  return parts.join('\n\n');
}

function referenceText(model: DocumentModel, ref: SymbolReference): string {
  const resolved = model.symbols.resolve(ref);
  if (resolved.length === 0) return `${ref.kinds.join(' or ')} ${code(ref.name)}: no definition in this file.`;
  const defs = sameSymbolDefinitions(model.symbols, resolved[0]);
  const def = defs[0];
  return [
    `**${def.kind}** ${code(def.name)}, defined on line${defs.length > 1 ? 's' : ''} ${linesList(defs.map(lineOf))}`,
    definitionLines(model, defs),
    referencesLine(usesOf(model, defs)),
  ].join('\n\n');
}

function lineOf(def: SymbolDefinition): number {
  return def.directive?.line ?? def.nameRange.start.line;
}

function predefinedAclHover(name: string, range: Range): Hover | null {
  const info = PREDEFINED_ACL_INFO.find((a) => a.name === name);
  if (!info) return null;
  const since = info.since ? ` (since ${info.since})` : '';
  return markdown(`**pre-defined ACL** ${code(name)}${since}\n\nEquivalent to ${code(info.equivalent)}: ${proseToMarkdown(info.usage)}.`, range);
}

// ---- expressions ---------------------------------------------------------------------------

/** Fetches, converters and ACL flags: classified by the expression context at the token's start. */
function expressionHover(model: DocumentModel, ctx: CursorContext): Hover | null {
  const token = ctx.token;
  if (!token.text) return null;
  const at = cursorContext(model, token.range.start);
  const expression = at.expression;
  if (!expression) return null;
  if (expression.kind === 'acl-pattern') {
    if (expression.previous === '-m') return listedHover(ACL_MATCH_METHODS, token.text, 'match method', token.range);
    return expression.flagsOnly ? listedHover(ACL_FLAGS, wordText(ctx), 'ACL flag', ctx.word!.range) : null;
  }
  if (expression.kind === 'condition') return null;
  const sample = expression.sample;
  if (sample.part === 'fetch') return entryHover(model.catalog, { type: 'fetch', name: token.text }, token.range);
  if (sample.part === 'converter') return entryHover(model.catalog, { type: 'converter', name: token.text }, token.range);
  return null;
}

function wordText(ctx: CursorContext): string {
  return ctx.word?.text ?? '';
}

function listedHover(list: ReadonlyArray<[string, string]>, name: string, what: string, range: Range): Hover | null {
  const found = list.find(([n]) => n === name);
  return found ? markdown(`**${what}** ${code(found[0])}: ${proseToMarkdown(found[1])}.`, range) : null;
}

// ---- keywords, actions, options, values -----------------------------------------------------

function keywordHover(model: DocumentModel, ctx: CursorContext): Hover | null {
  const word = ctx.word!;
  const catalog = model.catalog;
  const sectionType = ctx.sectionType;
  if (ctx.onSectionHeader && ctx.wordIndex === 0) return entryHover(catalog, { type: 'section', name: word.text }, word.range);
  if (ctx.wordIndex === 0 && !sectionType && isSectionKeyword(word.text)) return entryHover(catalog, { type: 'section', name: word.text }, word.range);
  if (!sectionType) return null;
  const match = ctx.lineKeyword;
  if (!match) return ctx.wordIndex === 0 ? unavailableHover(model, sectionType, ctx) : null;
  const keywordRange = spanRange(ctx, 0, match.consumed);
  if (ctx.wordIndex < match.consumed) {
    const note = match.prefix === 'no' ? `${code(`no ${match.keyword.name}`)} disables the option (for example one set in a defaults section).` : undefined;
    return entryHover(catalog, { type: 'keyword', section: sectionType, name: match.keyword.name }, keywordRange, note);
  }
  if (match.action && ctx.wordIndex === match.action.consumed - 1) {
    return entryHover(catalog, { type: 'action', ruleset: match.keyword.name, name: match.action.name }, word.range);
  }
  return optionHover(model, ctx, match) ?? valueHover(ctx, match);
}

function spanRange(ctx: CursorContext, from: number, to: number): Range {
  return { start: ctx.words[from].range.start, end: ctx.words[Math.max(from, to - 1)].range.end };
}

/** A keyword this version does not have but another known version does. */
function unavailableHover(model: DocumentModel, sectionType: string, ctx: CursorContext): Hover | null {
  const name = ctx.word!.text;
  const known = availability(availabilityKey.keyword(sectionType, name));
  if (!known) return null;
  const version = model.catalog.version;
  const when = compareVersions(version, known.since) === -1
    ? `it appeared in HAProxy ${known.since}`
    : known.removed ? `it was removed in HAProxy ${known.removed}` : 'see the manual';
  return markdown(`${code(name)} is not a ${sectionType} keyword in HAProxy ${version}: ${when}.`, ctx.word!.range);
}

/** Server/bind option names and their values. */
function optionHover(model: DocumentModel, ctx: CursorContext, match: KeywordMatch): Hover | null {
  const name = match.keyword.name;
  const family = name === 'server' || name === 'default-server' || name === 'server-template' || (name === 'peer' && ctx.sectionType === 'peers')
    ? 'server' : name === 'bind' || name === 'stats socket' ? 'bind' : undefined;
  if (!family) return null;
  const first = name === 'default-server' ? 0 : name === 'server-template' ? 3 : name === 'server' || name === 'peer' ? 2 : 1;
  const args = ctx.words.slice(match.consumed).map((w) => w.text);
  const target = ctx.wordIndex - match.consumed;
  const lookup = (n: string): Documented & { args?: Array<{ optional: boolean }> } | undefined =>
    family === 'server' ? model.catalog.serverOption(n) : model.catalog.bindOption(n);
  for (let i = first; i < args.length && i <= target;) {
    const option = lookup(args[i]);
    const count = (option?.args ?? []).filter((a) => !a.optional).length;
    if (i === target) return option ? entryHover(model.catalog, { type: family, name: args[i] }, ctx.word!.range) : null;
    if (option && target <= i + count) {
      const value = argumentEntry(docText(option), args[target]);
      const note = value ? `${code(`${args[i]} ${args[target]}`)}: ${proseToMarkdown(firstSentences(value, 600))}` : `Value of the ${code(args[i])} ${family} option.`;
      return entryHover(model.catalog, { type: family, name: args[i] }, ctx.word!.range, note);
    }
    i += 1 + count;
  }
  return null;
}

/** `balance roundrobin`, `mode http`, `http-request redirect scheme`: the manual's line about the value. */
function valueHover(ctx: CursorContext, match: KeywordMatch): Hover | null {
  const word = ctx.word!;
  const owner = match.action?.data ?? match.keyword;
  const ownerName = match.action ? `${match.keyword.name} ${match.action.name}` : match.keyword.name;
  const text = argumentEntry(docText(owner), word.text);
  if (!text) return null;
  return markdown(`${code(`${ownerName} ${word.text}`)}\n\n${proseToMarkdown(firstSentences(text, 600))}`, word.range);
}
