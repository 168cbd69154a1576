import type { FoldingRange } from 'vscode-languageserver';
import type { DocumentModel } from '../model';

export function provideFoldingRanges(_model: DocumentModel): FoldingRange[] {
  return [];
}
