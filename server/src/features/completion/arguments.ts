// Completion after a line's first word: the rest of multi-word keywords (`option ` -> httplog...,
// `no option `), rule actions, server/bind options and their values, fixed values of keyword
// arguments (from the catalog's choice lists and the synopsis grammar), `log` targets/facilities/
// levels, names defined in the document where a reference is expected, and variable names inside
// `set-var(` / `set-var-fmt(` / `unset-var(` actions.
import { CompletionItemKind } from 'vscode-languageserver';
import type { Range } from 'vscode-languageserver';
import { RULESETS, docText } from '../../catalog/catalog';
import type { Catalog, Documented, KeywordMatch, OptionData } from '../../catalog/catalog';
import type { DocumentModel } from '../../model';
import type { CursorContext } from '../cursor';
import type { Collector } from './collector';
import { argumentEntry } from './docMarkdown';
import {
  actionItems, bindOptionItems, continuationItems, keywordOptionItems, serverOptionItems,
} from './items';
import { namesDefinedIn, proxyNamed, sectionNames } from './names';
import { VARIABLE_ARGUMENT, variableItems } from './variables';
import { actionSynopsisLines, synopsesFor } from './synopsis';
import type { CompiledSynopsis, Terminal } from './synopsis';
import {
  EXTRA_OPTION_VALUES, FIRST_ARGUMENT_SECTIONS, LOG_FACILITIES, LOG_FORMATS, LOG_LEVELS, keywordChoices, optionChoices,
} from './values';

const PROXY_TYPES = ['backend', 'frontend', 'listen'];
/** Placeholders of synopses that name a section of the document. */
const PLACEHOLDER_SECTIONS: Record<string, string[]> = {
  backend: ['backend', 'listen'],
  table: [...PROXY_TYPES, 'peers'],
  log_profile: ['log-profile'],
  peersect: ['peers'],
};
/** Rule actions whose `<name>` argument is a section name. */
const ACTION_NAME_SECTIONS: Record<string, string[]> = {
  'cache-use': ['cache'],
  'cache-store': ['cache'],
};

export interface OptionList {
  family: 'server' | 'bind' | 'keyword';
  /** Argument index of the first option (after name and address). */
  first: number;
  defaultServer?: boolean;
}

/** Where the cursor is in a server/bind/default-server option list. */
export type OptionPosition =
  | { at: 'before-options' }
  | { at: 'option'; present: Set<string> }
  | { at: 'value'; option: OptionData; valueIndex: number };

export function argumentItems(model: DocumentModel, ctx: CursorContext, out: Collector): void {
  const sectionType = ctx.sectionType;
  if (!sectionType) return;
  if (unclosedParenthesis(ctx)) {
    if (VARIABLE_ARGUMENT.test(textBeforeCursor(ctx))) variableItems(model.tree, out); // `http-request set-var(`
    return;
  }
  const typed = ctx.wordsBefore;
  const prefix = typed[0] === 'no' || typed[0] === 'default' ? typed[0] : undefined;
  const keywordWords = prefix ? typed.slice(1) : typed;
  out.addAll(continuationItems(model.catalog, sectionType, keywordWords, prefix === 'no'));
  const match = ctx.keyword;
  if (!match || match.prefix || ctx.argIndex < 0) return;
  keywordArgumentItems(model, ctx, match, sectionType, out);
}

/** `http-request set-var(txn.x` : the cursor is inside an argument list (only variable names are offered there). */
function unclosedParenthesis(ctx: CursorContext): boolean {
  if (!ctx.word) return false;
  const before = textBeforeCursor(ctx);
  return before.split('(').length > before.split(')').length;
}

/** The cursor's word up to the cursor. */
function textBeforeCursor(ctx: CursorContext): string {
  return ctx.word ? ctx.lineText.slice(ctx.word.range.start.character, ctx.position.character) : '';
}

function keywordArgumentItems(model: DocumentModel, ctx: CursorContext, match: KeywordMatch, sectionType: string, out: Collector): void {
  const name = match.keyword.name;
  const args = ctx.wordsBefore.slice(match.consumed);
  if ((RULESETS as readonly string[]).includes(name)) {
    ruleItems(model, ctx, match, out);
    return;
  }
  const list = optionList(sectionType, name);
  if (list) {
    optionListItems(model, ctx, list, name, args, out);
    return;
  }
  if (name === 'log') { logItems(model, ctx, args, out); return; }
  if (name === 'email-alert level' && ctx.argIndex === 0) { for (const level of LOG_LEVELS) out.value(level, 'syslog level'); return; }
  const sections = ctx.argIndex === 0 ? FIRST_ARGUMENT_SECTIONS[name] : undefined;
  if (sections) namedSections(model, sections, out);
  if (name === 'use-server' && ctx.argIndex === 0) serverNames(ctx, out);
  if (name === 'stick-table' && args.at(-1) === 'peers') namedSections(model, ['peers'], out);
  if (name === 'filter' && args.length === 1 && args[0] === 'cache') namedSections(model, ['cache'], out);
  const synopses = synopsesFor(match.keyword.synopsis, name);
  const expected = synopses.flatMap((s) => s.expectedAfter(args));
  grammarItems(model, expected, match.keyword, `${name}`, out);
  for (const value of keywordChoices(model.catalog, sectionType, name, ctx.argIndex, match.keyword.args)) {
    valueWithDoc(out, value, name, match.keyword);
  }
}

function valueWithDoc(out: Collector, value: string, owner: string, entry: Documented): void {
  const text = argumentEntry(docText(entry), value);
  out.value(value, owner, text);
}

/** Literal words the synopsis expects next, and names for placeholders that name sections. */
function grammarItems(model: DocumentModel, expected: Terminal[], entry: Documented, owner: string, out: Collector): void {
  for (const t of expected) {
    if (t.kind === 'literal') {
      if (/^[A-Za-z][\w.-]*$/.test(t.text)) valueWithDoc(out, t.text, owner, entry);
    } else if (PLACEHOLDER_SECTIONS[t.name]) {
      namedSections(model, PLACEHOLDER_SECTIONS[t.name], out);
    } else if (t.name === 'level') {
      for (const level of LOG_LEVELS) out.value(level, 'syslog level');
    }
  }
}

function namedSections(model: DocumentModel, types: string[], out: Collector): void {
  out.names(sectionNames(model.tree, types), CompletionItemKind.Module);
}

/** Servers of the cursor's section, except one defined on the cursor's own line. */
function serverNames(ctx: CursorContext, out: Collector): void {
  out.names(namesDefinedIn(ctx.section, 'server').filter((def) => def.line !== ctx.position.line), CompletionItemKind.Field);
}

/** `http-request <action> ... [if|unless <condition>]`. */
function ruleItems(model: DocumentModel, ctx: CursorContext, match: KeywordMatch, out: Collector): void {
  const ruleset = match.keyword.name;
  if (ctx.argIndex === 0) {
    out.addAll(actionItems(model.catalog, ruleset));
    return;
  }
  const action = match.action;
  if (!action?.data) return;
  const args = ctx.wordsBefore.slice(action.consumed);
  const synopses = synopsesFor(actionSynopsisLines(action.data.synopsis), action.name);
  const expected = synopses.flatMap((s) => s.expectedAfter(args));
  grammarItems(model, expected, action.data, `${ruleset} ${action.name}`, out);
  const sections = ACTION_NAME_SECTIONS[action.name];
  if (sections && args.length === 0) namedSections(model, sections, out);
  if (action.name === 'set-log-level' && args.length === 0) {
    for (const level of [...LOG_LEVELS, 'silent']) out.value(level, 'log level');
  }
  if (synopses.length === 0 || synopses.some((s: CompiledSynopsis) => s.complete(args))) {
    out.value('if', 'condition: apply the rule when it is true', undefined, { kind: CompletionItemKind.Keyword });
    out.value('unless', 'condition: apply the rule when it is false', undefined, { kind: CompletionItemKind.Keyword });
  }
}

/** The option list a keyword takes (`server` after name and address, `bind` after the address...). */
export function optionList(sectionType: string, keyword: string): OptionList | undefined {
  switch (keyword) {
    case 'server': return { family: 'server', first: 2 };
    case 'peer': return sectionType === 'peers' ? { family: 'server', first: 2 } : undefined;
    case 'default-server': return { family: 'server', first: 0, defaultServer: true };
    case 'server-template': return { family: 'server', first: 3 };
    case 'bind':
    case 'stats socket': return { family: 'bind', first: 1 };
    case 'load': return sectionType === 'crt-store' ? { family: 'keyword', first: 0 } : undefined;
    default: return undefined;
  }
}

function lookupOption(catalog: Catalog, list: OptionList, sectionType: string, keyword: string, name: string): OptionData | undefined {
  if (list.family === 'server') return catalog.serverOption(name);
  if (list.family === 'bind') return catalog.bindOption(name);
  return catalog.keywordOptions(sectionType, keyword).find((o) => o.name === name);
}

function valueCount(o: OptionData | undefined): number {
  return (o?.args ?? []).filter((a) => !a.optional).length;
}

/** Classifies the position after `args` (the words after the keyword) in an option list. */
export function optionPosition(catalog: Catalog, list: OptionList, sectionType: string, keyword: string, args: readonly string[]): OptionPosition {
  if (args.length < list.first) return { at: 'before-options' };
  const present = new Set<string>();
  for (let i = list.first; i < args.length;) {
    const option = lookupOption(catalog, list, sectionType, keyword, args[i]);
    const count = valueCount(option);
    if (option && i + count >= args.length) return { at: 'value', option, valueIndex: args.length - i - 1 };
    present.add(args[i]);
    i += 1 + count;
  }
  return { at: 'option', present };
}

/** Options after a server's/bind's address, or the value of the option before the cursor. */
function optionListItems(model: DocumentModel, ctx: CursorContext, list: OptionList, keyword: string, args: string[], out: Collector): void {
  const catalog = model.catalog;
  const sectionType = ctx.sectionType ?? '';
  const position = optionPosition(catalog, list, sectionType, keyword, args);
  if (position.at === 'before-options') return;
  if (position.at === 'value') {
    optionValueItems(model, ctx, list, position.option, out);
    return;
  }
  const items = list.family === 'server' ? serverOptionItems(catalog, !!list.defaultServer)
    : list.family === 'bind' ? bindOptionItems(catalog) : keywordOptionItems(catalog, sectionType, keyword);
  out.addAll(items.filter((item) => !position.present.has(item.label) || item.label === 'crt'));
}

function optionValueItems(model: DocumentModel, ctx: CursorContext, list: OptionList, option: OptionData, out: Collector): void {
  if (list.family === 'keyword') return;
  const owner = `${list.family} option ${option.name}`;
  const values = [...optionChoices(model.catalog, list.family, option.name, option.args), ...(EXTRA_OPTION_VALUES[`${list.family}.${option.name}`] ?? [])];
  for (const value of values) valueWithDoc(out, value, owner, option);
  if (list.family !== 'server') return;
  if (option.name === 'resolvers') namedSections(model, ['resolvers'], out);
  if (option.name === 'track') trackItems(model, ctx, out);
}

/** `track [<backend>/]<server>`: servers of this proxy, other proxies as `name/`, or servers of the proxy typed. */
function trackItems(model: DocumentModel, ctx: CursorContext, out: Collector): void {
  const typed = ctx.word ? ctx.lineText.slice(ctx.word.range.start.character, ctx.position.character) : '';
  const slash = typed.indexOf('/');
  if (slash >= 0) {
    const proxy = proxyNamed(model.tree, typed.slice(0, slash));
    out.names(namesDefinedIn(proxy, 'server'), CompletionItemKind.Field);
    return;
  }
  serverNames(ctx, out);
  const others = sectionNames(model.tree, ['backend', 'listen']).filter((def) => def.name !== ctx.section?.name?.text);
  out.names(others, CompletionItemKind.Module, { insert: (name) => `${name}/` });
}

/** `log <target> [len <n>] [format <fmt>] [sample <r>:<n>] <facility> [<level> [<minlevel>]]`, `log global`. */
function logItems(model: DocumentModel, ctx: CursorContext, args: string[], out: Collector): void {
  if (args.length === 0) {
    if (ctx.sectionType !== 'global') out.value('global', 'use the global log servers', undefined, { kind: CompletionItemKind.Keyword });
    for (const target of ['stdout', 'stderr']) out.value(target, 'log target');
    const word = ctx.word?.range ?? ctx.token.range;
    const range: Range = { start: word.start, end: ctx.token.range.end };
    out.names(sectionNames(model.tree, ['ring']), CompletionItemKind.Module, { insert: (name) => `ring@${name}`, range });
    return;
  }
  if (args[0] === 'global') return;
  const previous = args.at(-1);
  if (previous === 'format') { for (const f of LOG_FORMATS) out.value(f, 'log format'); return; }
  if (previous === 'profile') { namedSections(model, ['log-profile'], out); return; }
  if (previous === 'len' || previous === 'sample') return;
  const facilityAt = args.findIndex((a, i) => i >= 1 && LOG_FACILITIES.includes(a));
  if (facilityAt < 0) {
    for (const f of LOG_FACILITIES) out.value(f, 'syslog facility');
    const options = ['len', 'format', 'sample', ...(model.catalog.sectionType('log-profile') ? ['profile'] : [])];
    for (const o of options) out.value(o, 'log option', undefined, { kind: CompletionItemKind.Keyword });
    return;
  }
  if (args.length - facilityAt <= 2) for (const level of LOG_LEVELS) out.value(level, 'syslog level');
}
