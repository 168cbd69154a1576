// Test helpers for editor features: a real DocumentModel from the language service, and edits
// applied the way an editor applies them (TextDocument.applyEdits rejects overlapping edits).
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver';
import { LanguageService } from '../../../server/src/service';
import type { DocumentModel, FormatSettings } from '../../../server/src/model';

export const TEST_URI = 'file:///tmp/features/haproxy.cfg';

export const DEFAULT_FORMAT: FormatSettings = { indent: 4, useTabs: false, alignServerColumns: false };

export function modelOf(text: string, version = '3.2', uri = TEST_URI): DocumentModel {
  const service = new LanguageService(version);
  service.openDocument(uri, 'haproxy', 1, text);
  const model = service.model(uri);
  if (!model) throw new Error('the service built no model');
  return model;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(TEST_URI, 'haproxy', 1, text), edits);
}
