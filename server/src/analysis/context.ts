// The contract between the analyzer and its checks. A check is a plain function that reads the
// model and calls `report`; it never throws on odd input (the analyzer guards anyway).
import type { Catalog } from '../catalog/catalog';
import type { ConfigTree, Section } from '../syntax/tree';
import type { Finding } from './findings';
import type { SymbolIndex } from './symbols';

export interface AnalysisInput {
  tree: ConfigTree;
  symbols: SymbolIndex;
  catalog: Catalog;
  /** Target HAProxy version, as a catalog version ("2.6", "3.4"). */
  version: string;
}

export interface CheckContext extends AnalysisInput {
  report(finding: Finding): void;
}

/** Looks at one section only (its findings are cached per section and redone when it changes). */
export type SectionCheck = (section: Section, ctx: CheckContext) => void;

/** Looks across sections (references, duplicates, preamble): re-run after every change. */
export type DocumentCheck = (ctx: CheckContext) => void;
