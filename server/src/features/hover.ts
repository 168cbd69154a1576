import type { Hover, Position } from 'vscode-languageserver';
import type { DocumentModel } from '../model';

export function provideHover(_model: DocumentModel, _position: Position): Hover | null {
  return null;
}
