import type { DocumentHighlight, Location, Position } from 'vscode-languageserver';
import type { DocumentModel } from '../model';

export function provideDefinition(_model: DocumentModel, _position: Position): Location[] {
  return [];
}

export function provideReferences(_model: DocumentModel, _position: Position, _includeDeclaration: boolean): Location[] {
  return [];
}

export function provideDocumentHighlights(_model: DocumentModel, _position: Position): DocumentHighlight[] {
  return [];
}
