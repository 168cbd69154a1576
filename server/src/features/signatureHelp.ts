import type { Position, SignatureHelp } from 'vscode-languageserver';
import type { DocumentModel } from '../model';

export const SIGNATURE_TRIGGER_CHARACTERS = [' '];

export function provideSignatureHelp(_model: DocumentModel, _position: Position): SignatureHelp | null {
  return null;
}
