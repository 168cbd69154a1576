// Completion inside expressions: ACL names in `if`/`unless` conditions, sample fetches and converters
// in ACL criteria, `%[...]` and `<expr>` arguments, names inside fetch/converter arguments
// (`http_auth(<userlist>)`, `table_*(<table>)`), variable names (`var(<var-name>)`, `set-var(<var>)`),
// ACL flags and `-m` match methods.
import { CompletionItemKind } from 'vscode-languageserver';
import type { Catalog } from '../../catalog/catalog';
import type { ArgSpec } from '../../catalog/types';
import { compareVersions } from '../../syntax/conditions';
import type { DocumentModel } from '../../model';
import type { CursorContext, ExpressionContext, SampleCursor } from '../cursor';
import type { Collector } from './collector';
import { converterItems, fetchItems } from './items';
import { namesDefinedIn, sectionNames } from './names';
import { ACL_FLAGS, ACL_MATCH_METHODS, PREDEFINED_ACL_INFO } from './values';
import { variableItems } from './variables';

/** Argument names of fetches/converters that name a section of the document. */
const ARGUMENT_SECTIONS: Record<string, string[]> = {
  table: ['backend', 'frontend', 'listen', 'peers'],
  backend: ['backend', 'listen'],
  frontend: ['frontend', 'listen'],
  userlist: ['userlist'],
  resolvers: ['resolvers'],
  ring: ['ring'],
};

export function expressionItems(model: DocumentModel, ctx: CursorContext, expression: ExpressionContext, out: Collector): void {
  switch (expression.kind) {
    case 'condition': return conditionItems(model, ctx, out);
    case 'acl-criterion':
    case 'sample': return sampleItems(model, expression.sample, out);
    case 'acl-pattern': return aclPatternItems(expression, ctx, out);
  }
}

function conditionItems(model: DocumentModel, ctx: CursorContext, out: Collector): void {
  out.names(namesDefinedIn(ctx.section, 'acl'), CompletionItemKind.Variable);
  for (const acl of PREDEFINED_ACL_INFO) {
    if (acl.since && compareVersions(model.catalog.version, acl.since) === -1) continue;
    out.value(acl.name, `pre-defined ACL: ${acl.equivalent}`, `Pre-defined ACL, equivalent to \`${acl.equivalent}\`: ${acl.usage}.`,
      { kind: CompletionItemKind.Constant });
  }
}

function sampleItems(model: DocumentModel, sample: SampleCursor, out: Collector): void {
  const catalog = model.catalog;
  if (sample.part === 'fetch') out.addAll(fetchItems(catalog, sample.acl));
  else if (sample.part === 'converter') out.addAll(converterItems(catalog));
  else if (sample.callee) argumentItems(model, catalog, sample.callee, out);
}

function calleeArgs(catalog: Catalog, callee: NonNullable<SampleCursor['callee']>): ArgSpec[] | undefined {
  return callee.kind === 'fetch' ? catalog.fetch(callee.name)?.args : catalog.converter(callee.name)?.args;
}

/** Argument names of fetches/converters that name a variable (`var(<var-name>)`, `set-var(<var>)`). */
const VARIABLE_ARGUMENTS: ReadonlySet<string> = new Set(['var-name', 'var']);

function argumentItems(model: DocumentModel, catalog: Catalog, callee: NonNullable<SampleCursor['callee']>, out: Collector): void {
  const arg = calleeArgs(catalog, callee)?.[callee.argIndex];
  if (arg && VARIABLE_ARGUMENTS.has(arg.name)) {
    variableItems(model.tree, out);
    return;
  }
  const types = arg ? ARGUMENT_SECTIONS[arg.name] : undefined;
  if (!types) return;
  out.names(sectionNames(model.tree, types), CompletionItemKind.Module);
}

function aclPatternItems(expression: Extract<ExpressionContext, { kind: 'acl-pattern' }>, ctx: CursorContext, out: Collector): void {
  if (expression.previous === '-m') {
    for (const [method, what] of ACL_MATCH_METHODS) out.value(method, what);
    return;
  }
  if (!expression.flagsOnly || (ctx.token.prefix && !ctx.token.prefix.startsWith('-'))) return;
  for (const [flag, what] of ACL_FLAGS) out.value(flag, what, undefined, { kind: CompletionItemKind.Operator });
}
