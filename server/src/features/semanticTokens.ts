import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { DocumentModel } from '../model';

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [], tokenModifiers: [] };

export function provideSemanticTokens(_model: DocumentModel): SemanticTokens {
  return { data: [] };
}
