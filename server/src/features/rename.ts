// Rename of a named thing (proxy, ACL, server, userlist, user, group, resolvers, peers, ring, cache,
// named defaults, http-errors...) across its definitions and uses in the document. Refusals are
// ResponseErrors whose message the editor shows as is, so each one says what and why.
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { DocumentModel } from '../model';
import type { Word } from '../syntax/tree';
import { containsPosition } from '../syntax/tree';
import { collisionReason, invalidNameReason, kindLabel } from './renameRules';
import { symbolTargetAt } from './symbolTarget';
import type { SymbolTarget } from './symbolTarget';

const RENAMABLE = 'proxies, ACLs, servers, userlists, users, groups, resolvers, peers, rings, caches, named defaults and http-errors sections';

/** Throws a ResponseError (RequestFailed) with a message saying why the name cannot be renamed. */
export function prepareRename(model: DocumentModel, position: Position): { range: Range; placeholder: string } | null {
  const target = renamableTarget(model, position);
  editsFor(model, target, target.name); // refuses names written inside quoted or escaped words
  return { range: target.range, placeholder: target.name };
}

/** Throws a ResponseError with HAProxy's reason when `newName` is not a valid name. */
export function provideRename(model: DocumentModel, position: Position, newName: string): WorkspaceEdit | null {
  const target = renamableTarget(model, position);
  if (newName === target.name) return { changes: { [model.uri]: [] } };
  const invalid = invalidNameReason(target.kind, newName);
  if (invalid) throw refusal(`Cannot rename to '${newName}': ${invalid}.`);
  const scope = target.definitions[0]?.section;
  const collision = collisionReason(model.symbols, target.kind, scope, newName, model.haproxyVersion);
  if (collision) throw refusal(`Cannot rename ${kindLabel(target.kind)} '${target.name}' to '${newName}': ${collision}.`);
  return { changes: { [model.uri]: editsFor(model, target, newName) } };
}

/** The symbol under the cursor if it can be renamed; otherwise a refusal saying why not. */
function renamableTarget(model: DocumentModel, position: Position): SymbolTarget {
  const target = symbolTargetAt(model.symbols, position);
  if (!target) throw refusal(notANameMessage(model, position));
  const label = kindLabel(target.kind);
  if (target.predefined) throw refusal(`'${target.name}' is a predefined ACL of HAProxy; it cannot be renamed.`);
  if (target.kind === 'file') throw refusal(`'${target.name}' is a file path, not a name; rename the file itself instead.`);
  if (target.name.includes('$')) {
    throw refusal(`'${target.name}' is written with environment variables, which HAProxy expands at startup; it cannot be renamed here.`);
  }
  if (target.definitions.length === 0) {
    throw refusal(`${label} '${target.name}' is not defined in this file (it may be defined in another configuration file); rename it where it is defined.`);
  }
  return target;
}

/** One edit per definition and use; refuses when a name is part of a quoted or escaped word. */
function editsFor(model: DocumentModel, target: SymbolTarget, newName: string): TextEdit[] {
  const ranges = [...target.definitions.map((d) => d.nameRange), ...target.references.map((r) => r.range)];
  const seen = new Set<string>();
  const edits: TextEdit[] = [];
  for (const range of ranges) {
    const key = `${range.start.line}:${range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edits.push({ range: editableRange(model, range, target.name), newText: newName });
  }
  return edits;
}

/**
 * The range to replace for one occurrence: the name itself, or the whole word when the name is
 * the complete content of a quoted word (`use_backend "api"`: a valid new name needs no quotes).
 */
function editableRange(model: DocumentModel, range: Range, name: string): Range {
  if (model.document.getText(range) === name) return range;
  const word = wordAt(model, range.start);
  if (word && word.text === name && sameRange(word.range, range)) return word.range;
  throw refusal(`'${name}' on line ${range.start.line + 1} is part of a quoted or escaped word; edit that line by hand first (e.g. remove the quotes).`);
}

function notANameMessage(model: DocumentModel, position: Position): string {
  const word = wordAt(model, position);
  if (!word) return `There is no name at this position. Only names defined in the configuration can be renamed: ${RENAMABLE}.`;
  if (word.envRefs.length > 0) return `'${word.text}' is written with environment variables, which HAProxy expands at startup; it cannot be renamed here.`;
  const what = isKeyword(model, word) ? 'an HAProxy keyword' : 'not a name defined in this configuration';
  return `'${word.text}' is ${what}. Only names defined in the configuration can be renamed: ${RENAMABLE}.`;
}

/** A word of the keyword itself (`option httplog`, an action), or any option/fetch/converter the catalog knows. */
function isKeyword(model: DocumentModel, word: Word): boolean {
  const line = word.range.start.line;
  const words = model.tree.lines[line]?.words ?? [];
  const index = words.indexOf(word);
  const section = model.tree.sections.find((s) => s.startLine <= line && line <= s.endLine);
  const match = section ? model.catalog.matchKeyword(section.type, words.map((w) => w.text)) : undefined;
  if (index === 0 || (match && index < (match.action?.consumed ?? match.consumed))) return true;
  const name = word.text.replace(/^!/, '').replace(/\(.*$/, '');
  const c = model.catalog;
  return c.serverOption(name) !== undefined || c.bindOption(name) !== undefined || c.fetch(name) !== undefined
    || c.aclDerivative(name) !== undefined || c.converter(name) !== undefined
    || ['if', 'unless', 'or', '||', '!'].includes(word.text);
}

function wordAt(model: DocumentModel, position: Position): Word | undefined {
  return model.tree.lines[position.line]?.words.find((w) => containsPosition(w.range, position));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
}

function refusal(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}
