// Helpers for the analysis check tests: analyse a config text with the real catalog and look at
// the findings of some codes, by 1-based line as HAProxy numbers them.
import { parse } from '../../../server/src/syntax/parser';
import { buildSymbolIndex } from '../../../server/src/analysis/symbols';
import { analyze } from '../../../server/src/analysis/analyze';
import { getCatalog } from '../../../server/src/catalog/catalog';
import type { Finding, FindingCode } from '../../../server/src/analysis/findings';

export function findingsOf(text: string, version = '2.6', env?: Record<string, string>): Finding[] {
  const tree = parse(text, { version, ...(env ? { env } : {}) });
  return analyze({ tree, symbols: buildSymbolIndex(tree), catalog: getCatalog(version), version });
}

/** `code@line` (1-based) of the findings with one of the codes, e.g. ["invalid-port@9"]. */
export function codesAt(text: string, codes: FindingCode[], version = '2.6'): string[] {
  return findingsOf(text, version).filter((f) => codes.includes(f.code)).map((f) => `${f.code}@${f.range.start.line + 1}`);
}

/** The findings of one code. */
export function withCode(text: string, code: FindingCode, version = '2.6'): Finding[] {
  return findingsOf(text, version).filter((f) => f.code === code);
}

/** A minimal valid frame: defaults + frontend fe (bind :8080) + backend be, with extra lines. */
export function frame(opts: { frontend?: string[]; backend?: string[]; before?: string[]; after?: string[] } = {}): string {
  return [
    ...(opts.before ?? []),
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    '    timeout client 30s',
    '    timeout server 30s',
    '',
    'frontend fe',
    '    bind :8080',
    ...(opts.frontend ?? []).map((l) => `    ${l}`),
    '    default_backend be',
    '',
    'backend be',
    ...(opts.backend ?? ['server s1 10.0.0.1:80']).map((l) => `    ${l}`),
    ...(opts.after ?? []),
    '',
  ].join('\n');
}

/** 1-based number of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`no line contains ${needle}`);
  return index + 1;
}

/** The findings of some codes on the line containing `needle`, as `code` strings. */
export function codesOnLine(text: string, needle: string, codes: FindingCode[], version = '2.6'): string[] {
  const line = lineOf(text, needle);
  return findingsOf(text, version).filter((f) => codes.includes(f.code) && f.range.start.line + 1 === line).map((f) => f.code);
}
