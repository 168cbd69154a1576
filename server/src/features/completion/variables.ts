// Variable names for completion where one is expected: the argument of `var()`, of the `set-var()`
// and `unset-var()` converters, and of the `set-var()`, `set-var-fmt()` and `unset-var()` actions.
// Offered: each `scope.name` the document sets or reads (first place it is set, else first read),
// and the scopes themselves. HAProxy returns nothing for a variable never set, silently: picking a
// name from the list avoids the typo that would cause it.
import { CompletionItemKind } from 'vscode-languageserver';
import type { ConfigTree, Directive } from '../../syntax/tree';
import type { Collector } from './collector';
import type { DefinedName } from './names';

/** Scopes of a variable name (configuration manual, `set-var(<var-name>)`): the part before the first dot. */
const SCOPES: ReadonlyArray<[string, string]> = [
  ['proc', 'shared with the whole process'],
  ['sess', 'shared with the whole session'],
  ['txn', 'shared with the transaction (request and response)'],
  ['req', 'shared only during request processing'],
  ['res', 'shared only during response processing'],
  ['check', 'declared for the health checks'],
];

/** A variable in a call; group 1 is the function, group 2 the name ("may only contain a-z, A-Z, 0-9, '.' and '_'"). */
const VARIABLE_CALL = /\b(set-var-fmt|set-var|unset-var|var)\(\s*((?:proc|sess|txn|req|res|check)\.[A-Za-z0-9_.]+)/g;
/** Global-section keywords whose first argument is a variable name. */
const GLOBAL_SETTERS: ReadonlySet<string> = new Set(['set-var', 'set-var-fmt']);

/** Calls that take a variable name as their first argument, as typed before the cursor. */
export const VARIABLE_ARGUMENT = /(?:^|[^A-Za-z0-9_.-])(?:set-var-fmt|set-var|unset-var)\(\s*[A-Za-z0-9_.]*$/;

const variablesByTree = new WeakMap<ConfigTree, DefinedName[]>();

/** Adds the document's variable names and the scopes (one walk per tree: an edit gives a new tree). */
export function variableItems(tree: ConfigTree, out: Collector): void {
  let names = variablesByTree.get(tree);
  if (!names) { names = collectVariables(tree); variablesByTree.set(tree, names); }
  out.names(names, CompletionItemKind.Variable);
  for (const [scope, what] of SCOPES) out.value(`${scope}.`, `variable scope: ${what}`, undefined, { kind: CompletionItemKind.Module });
}

function collectVariables(tree: ConfigTree): DefinedName[] {
  const found = new Map<string, DefinedName>();
  const visit = (d: Directive): void => {
    if (GLOBAL_SETTERS.has(d.keyword.text) && d.args[0]) note(found, d.args[0].text, d.line, 'set');
    for (const word of d.args) {
      if (!word.text.includes('var')) continue; // var(, set-var(, set-var-fmt(, unset-var(
      for (const m of word.text.matchAll(VARIABLE_CALL)) note(found, m[2], d.line, m[1] === 'var' ? 'read' : m[1] === 'unset-var' ? 'unset' : 'set');
    }
  };
  tree.preamble.forEach(visit);
  for (const section of tree.sections) section.directives.forEach(visit);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Keeps, per name, the first line that sets it (or, until one does, the first that uses it). */
function note(found: Map<string, DefinedName>, name: string, line: number, how: 'set' | 'read' | 'unset'): void {
  const known = found.get(name);
  const kind = how === 'set' ? 'variable set' : 'variable used';
  if (!known || (how === 'set' && known.kind !== 'variable set')) found.set(name, { name, line, kind });
}
