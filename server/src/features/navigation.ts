// Go to definition, find references and document highlights for every named thing the symbol
// index knows (proxies, ACLs, servers, userlists, resolvers, peers, rings, caches, named defaults,
// http-errors...). ACLs and servers resolve inside their own proxy only.
import { DocumentHighlightKind } from 'vscode-languageserver';
import type { DocumentHighlight, Location, Position } from 'vscode-languageserver';
import type { DocumentModel } from '../model';
import { symbolTargetAt } from './symbolTarget';

/** Where the name under the cursor is defined (all places for duplicates or multi-line ACLs). */
export function provideDefinition(model: DocumentModel, position: Position): Location[] {
  const target = symbolTargetAt(model.symbols, position);
  if (!target) return [];
  return target.definitions.map((def) => ({ uri: model.uri, range: def.nameRange }));
}

/** Every use of the name under the cursor; its definitions too when `includeDeclaration`. */
export function provideReferences(model: DocumentModel, position: Position, includeDeclaration: boolean): Location[] {
  const target = symbolTargetAt(model.symbols, position);
  if (!target) return [];
  const ranges = [
    ...(includeDeclaration ? target.definitions.map((def) => def.nameRange) : []),
    ...target.references.map((ref) => ref.range),
  ];
  return ranges.map((range) => ({ uri: model.uri, range }));
}

/** Definitions are highlighted as writes, uses as reads. */
export function provideDocumentHighlights(model: DocumentModel, position: Position): DocumentHighlight[] {
  const target = symbolTargetAt(model.symbols, position);
  if (!target) return [];
  return [
    ...target.definitions.map((def) => ({ range: def.nameRange, kind: DocumentHighlightKind.Write })),
    ...target.references.map((ref) => ({ range: ref.range, kind: DocumentHighlightKind.Read })),
  ];
}
