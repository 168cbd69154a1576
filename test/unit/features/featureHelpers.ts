// Test helpers for editor features: a real DocumentModel from the language service, and edits
// applied the way an editor applies them (TextDocument.applyEdits rejects overlapping edits).
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver';
import { analyze } from '../../../server/src/analysis/analyze';
import { buildSymbolIndex } from '../../../server/src/analysis/symbols';
import { getCatalog } from '../../../server/src/catalog/catalog';
import type { DocumentModel, FormatSettings } from '../../../server/src/model';
import { parse } from '../../../server/src/syntax/parser';

export const TEST_URI = 'file:///tmp/features/haproxy.cfg';

export const DEFAULT_FORMAT: FormatSettings = { indent: 4, useTabs: false, alignServerColumns: false };

/**
 * The model the language service builds (same parser, symbol index, catalog and checks), made
 * directly so that the service's size/content guards do not decide which texts a test may use.
 */
export function modelOf(text: string, version = '3.2', uri = TEST_URI): DocumentModel {
  const tree = parse(text, { version });
  const symbols = buildSymbolIndex(tree);
  const catalog = getCatalog(version);
  const findings = analyze({ tree, symbols, catalog, version });
  return { uri, document: TextDocument.create(uri, 'haproxy', 1, text), tree, symbols, catalog, haproxyVersion: version, findings };
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(TEST_URI, 'haproxy', 1, text), edits);
}
