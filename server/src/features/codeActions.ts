import type { CodeAction, CodeActionContext, Range } from 'vscode-languageserver';
import type { DocumentModel } from '../model';

export function provideCodeActions(_model: DocumentModel, _range: Range, _context: CodeActionContext): CodeAction[] {
  return [];
}
