import type { Range, TextEdit } from 'vscode-languageserver';
import type { DocumentModel, FormatSettings } from '../model';

export function formatDocument(_model: DocumentModel, _settings: FormatSettings): TextEdit[] {
  return [];
}

export function formatRange(_model: DocumentModel, _range: Range, _settings: FormatSettings): TextEdit[] {
  return [];
}
