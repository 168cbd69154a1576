import type { CompletionItem, CompletionList, Position } from 'vscode-languageserver';
import type { DocumentModel } from '../model';

export function provideCompletion(_model: DocumentModel, _position: Position): CompletionList {
  return { isIncomplete: false, items: [] };
}

export function resolveCompletion(item: CompletionItem, _model: DocumentModel | undefined): CompletionItem {
  return item;
}
