// The model every editor feature reads: one analysed document. Features are plain functions of
// (model, position, ...) returning LSP types; they never parse or analyse on their own.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from './catalog/catalog';
import type { Finding } from './analysis/findings';
import type { SymbolIndex } from './analysis/symbols';
import type { ConfigTree } from './syntax/tree';

export interface DocumentModel {
  uri: string;
  /** The document text (positions, offsets, line text). */
  document: TextDocument;
  tree: ConfigTree;
  symbols: SymbolIndex;
  catalog: Catalog;
  /** Target HAProxy version as a catalog version ("2.6", "3.4"). */
  haproxyVersion: string;
  /** Our own analysis findings (not haproxy -c's). */
  findings: readonly Finding[];
}

/** Formatting preferences (settings haproxy.format.*, with the editor's tab options). */
export interface FormatSettings {
  indent: number;
  useTabs: boolean;
  alignServerColumns: boolean;
}
