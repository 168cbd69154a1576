import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver';
import type { DocumentModel } from '../model';

/** Throws a ResponseError (RequestFailed) with a message saying why the name cannot be renamed. */
export function prepareRename(_model: DocumentModel, _position: Position): { range: Range; placeholder: string } | null {
  return null;
}

/** Throws a ResponseError with HAProxy's reason when `newName` is not a valid name. */
export function provideRename(_model: DocumentModel, _position: Position, _newName: string): WorkspaceEdit | null {
  return null;
}
