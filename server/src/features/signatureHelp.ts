// Signature help from the manual's synopses: `server <name> <address>[:[port]] [param*]`,
// `timeout connect <timeout>`, `balance <algorithm> [ <arguments> ]`, rule actions
// (`http-request set-header <name> <fmt> [ { if | unless } <condition> ]`), section headers, and the
// arguments of sample fetches and converters inside their parentheses (`req.hdr([<name>[,<occ>]])`).
// The active parameter follows the word under the cursor through the synopsis grammar.
import type { ParameterInformation, Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import { RULESETS, docText } from '../catalog/catalog';
import type { ArgSpec, Catalog, Documented, KeywordMatch } from '../catalog/catalog';
import type { DocumentModel } from '../model';
import { cursorContext } from './cursor';
import type { CursorContext, SampleCursor } from './cursor';
import { argumentEntry, summary } from './completion/docMarkdown';
import { lookupEntry } from './completion/entryDoc';
import { optionList, optionPosition } from './completion/arguments';
import { actionSynopsisLines, compileSynopsis, synopsesFor } from './completion/synopsis';
import type { CompiledSynopsis } from './completion/synopsis';

export const SIGNATURE_TRIGGER_CHARACTERS = [' ', '(', ','];

const CONDITION_SUFFIX = ' [ { if | unless } <condition> ]';

export function provideSignatureHelp(model: DocumentModel, position: Position): SignatureHelp | null {
  const ctx = cursorContext(model, position);
  if (ctx.inComment || ctx.words.length === 0) return null;
  const expression = ctx.expression;
  if (expression && (expression.kind === 'sample' || expression.kind === 'acl-criterion') && expression.sample.callee) {
    return callSignature(model.catalog, expression.sample.callee);
  }
  if (ctx.onSectionHeader) return headerSignature(model.catalog, ctx);
  const match = ctx.keyword;
  if (!match || match.prefix || ctx.argIndex < 0) return null;
  if ((RULESETS as readonly string[]).includes(match.keyword.name)) return ruleSignature(ctx, match, model.catalog);
  return keywordSignature(ctx, match, model.catalog);
}

// ---- building blocks -------------------------------------------------------------------------

/** The text of the cursor's word up to the cursor ("" in blanks). */
function typedPrefix(ctx: CursorContext): string {
  if (!ctx.word) return '';
  return ctx.lineText.slice(ctx.word.range.start.character, ctx.position.character);
}

/**
 * The parameter the cursor's word fills: the terminal the grammar expects after the previous words
 * (a literal the prefix starts, else a placeholder); when those words no longer fit (a condition of
 * several words), the parameter of the longest prefix that does.
 */
function activeParameter(synopsis: CompiledSynopsis, before: readonly string[], prefix: string): number | undefined {
  for (let k = before.length; k >= 0; k--) {
    const expected = synopsis.expectedAfter(before.slice(0, k));
    if (!expected.length) continue;
    const word = k === before.length ? prefix : before[k];
    const literal = word ? expected.find((t) => t.kind === 'literal' && t.text.startsWith(word)) : undefined;
    if (literal) return literal.param;
    const placeholders = expected.filter((t) => t.kind === 'placeholder').map((t) => t.param);
    return placeholders.length ? Math.min(...placeholders) : Math.min(...expected.map((t) => t.param));
  }
  return undefined;
}

function parameterName(text: string): string | undefined {
  return /<([^<>]+)>/.exec(text)?.[1] ?? (/^[\w-]+$/.test(text) ? text : undefined);
}

function parameters(synopsis: CompiledSynopsis, doc: string | undefined, offset = 0): ParameterInformation[] {
  return synopsis.params.map((p) => {
    const info: ParameterInformation = { label: [p.label[0] + offset, p.label[1] + offset] };
    const name = parameterName(p.text);
    const described = name ? argumentEntry(doc, name) : undefined;
    if (described) info.documentation = { kind: MarkupKind.Markdown, value: described };
    return info;
  });
}

function signatureDoc(entry: Documented): SignatureInformation['documentation'] {
  const brief = summary(docText(entry), 300);
  return brief ? { kind: MarkupKind.Markdown, value: brief } : undefined;
}

/** One signature per synopsis line; the active one is the first the typed words fit. */
function fromSynopses(synopses: CompiledSynopsis[], entry: Documented, before: string[], prefix: string,
  labelPrefix = '', labelSuffix = ''): SignatureHelp | null {
  if (!synopses.length) return null;
  const doc = docText(entry);
  const documentation = signatureDoc(entry);
  const signatures: SignatureInformation[] = synopses.map((s) => {
    const sig: SignatureInformation = { label: `${labelPrefix}${s.line}${labelSuffix}`, parameters: parameters(s, doc, labelPrefix.length) };
    if (documentation) sig.documentation = documentation;
    return sig;
  });
  const activeSignature = bestSynopsis(synopses, before);
  const help: SignatureHelp = { signatures, activeSignature };
  const active = activeParameter(synopses[activeSignature], before, prefix);
  if (active !== undefined) {
    help.activeParameter = active;
    signatures[activeSignature].activeParameter = active;
  }
  return help;
}

/** The synopsis the typed words fit, preferring one whose literal words they use (`balance url_param`). */
function bestSynopsis(synopses: CompiledSynopsis[], before: readonly string[]): number {
  let best = 0;
  let bestScore = -1;
  synopses.forEach((s, i) => {
    if (!s.accepts(before)) return;
    const literals = new Set(s.line.slice(s.head.length).split(/[\s[\]{}|]+/).filter((w) => w && !w.includes('<')));
    const score = before.filter((w) => literals.has(w)).length;
    if (score > bestScore) { best = i; bestScore = score; }
  });
  return best;
}

// ---- keywords and rules ------------------------------------------------------------------------

function keywordSignature(ctx: CursorContext, match: KeywordMatch, catalog: Catalog): SignatureHelp | null {
  const keyword = match.keyword;
  const before = ctx.wordsBefore.slice(match.consumed);
  const list = ctx.sectionType ? optionList(ctx.sectionType, keyword.name) : undefined;
  if (list && ctx.sectionType) {
    const position = optionPosition(catalog, list, ctx.sectionType, keyword.name, before);
    if (position.at === 'value') {
      const option = position.option;
      const help = fromSynopses(synopsesFor(option.synopsis, option.name), option, [], typedPrefix(ctx));
      if (help) return help;
    }
  }
  const help = fromSynopses(synopsesFor(keyword.synopsis, keyword.name), keyword, before, typedPrefix(ctx));
  const expression = ctx.expression;
  if (help && keyword.name === 'acl' && expression?.kind === 'acl-pattern') {
    // `[flags] [operator] <value> ...`: flags while they last, then values.
    const prefix = typedPrefix(ctx);
    help.activeParameter = expression.flagsOnly && (prefix === '' || prefix.startsWith('-')) && expression.previous !== '-m' ? 2 : expression.previous === '-m' ? 2 : 4;
    help.signatures[0].activeParameter = help.activeParameter;
  }
  return help;
}

/** `http-request <action> ...`: the ruleset's synopsis while the action is typed, then the action's. */
function ruleSignature(ctx: CursorContext, match: KeywordMatch, catalog: Catalog): SignatureHelp | null {
  const ruleset = match.keyword.name;
  const action = match.action;
  if (ctx.argIndex === 0 || !action?.data) return keywordSignature(ctx, match, catalog);
  const synopses = synopsesFor(actionSynopsisLines(action.data.synopsis), action.name);
  const help = fromSynopses(synopses, action.data, ctx.wordsBefore.slice(action.consumed), typedPrefix(ctx), `${ruleset} `, CONDITION_SUFFIX);
  if (!help) return null;
  for (const sig of help.signatures) {
    const start = sig.label.length - CONDITION_SUFFIX.length + 1;
    sig.parameters = [...(sig.parameters ?? []), { label: [start, sig.label.length], documentation: 'ACL-based condition: the rule applies only when it is true (`if`) or false (`unless`).' }];
  }
  const inCondition = ctx.words.slice(action.consumed, ctx.wordIndex).some((w) => !w.quoted && (w.text === 'if' || w.text === 'unless'))
    || /^(if|unless)$/.test(ctx.word?.text ?? '');
  if (inCondition) {
    const sig = help.signatures[help.activeSignature ?? 0];
    help.activeParameter = (sig.parameters?.length ?? 1) - 1;
    sig.activeParameter = help.activeParameter;
  }
  return help;
}

/** `backend <name> [from <defaults>]`. */
function headerSignature(catalog: Catalog, ctx: CursorContext): SignatureHelp | null {
  const type = ctx.sectionType;
  if (!type || ctx.wordIndex === 0) return null;
  const entry = lookupEntry(catalog, { type: 'section', name: type });
  if (!entry) return null;
  const synopses = entry.synopsis.flatMap((line) => compileSynopsis(line, type) ?? []);
  return fromSynopses(synopses, entry.data, ctx.wordsBefore.slice(1), typedPrefix(ctx));
}

// ---- fetches and converters ----------------------------------------------------------------------

/** `req.hdr([<name>[,<occ>]]) : string` with the argument under the cursor active. */
function callSignature(catalog: Catalog, callee: NonNullable<SampleCursor['callee']>): SignatureHelp | null {
  const entry = callee.kind === 'fetch' ? catalog.fetch(callee.name) : catalog.converter(callee.name);
  const label = entry?.synopsis?.find((s) => s.startsWith(`${callee.name}(`)) ?? entry?.synopsis?.[0];
  if (!entry || !label) return null;
  const params = callParameters(label, entry.args ?? [], docText(entry));
  const sig: SignatureInformation = { label, parameters: params };
  const documentation = signatureDoc(entry);
  if (documentation) sig.documentation = documentation;
  const help: SignatureHelp = { signatures: [sig], activeSignature: 0 };
  if (params.length) {
    help.activeParameter = Math.min(callee.argIndex, params.length - 1);
    sig.activeParameter = help.activeParameter;
  }
  return help;
}

function callParameters(label: string, args: ArgSpec[], doc: string | undefined): ParameterInformation[] {
  const out: ParameterInformation[] = [];
  let from = label.indexOf('(') + 1;
  for (const arg of args) {
    const text = `<${arg.name}>`;
    const at = label.indexOf(text, from);
    if (at < 0) break;
    const info: ParameterInformation = { label: [at, at + text.length] };
    const described = argumentEntry(doc, arg.name);
    if (described) info.documentation = { kind: MarkupKind.Markdown, value: described };
    out.push(info);
    from = at + text.length;
  }
  return out;
}
