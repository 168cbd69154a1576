import type { DocumentSymbol, WorkspaceSymbol } from 'vscode-languageserver';
import type { DocumentModel } from '../model';

export function provideDocumentSymbols(_model: DocumentModel): DocumentSymbol[] {
  return [];
}

export function provideWorkspaceSymbols(_models: readonly DocumentModel[], _query: string): WorkspaceSymbol[] {
  return [];
}
