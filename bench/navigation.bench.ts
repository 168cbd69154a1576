// Navigation and structure speed on the generated 100,000-line config (parse.bench's generator):
// per-request p50/p95 for definition, references, highlights and prepareRename at positions spread
// through the file, and single timings for whole-document requests (outline, folding, semantic
// tokens, workspace symbols, a rename of a backend). Targets: per-position requests p95 < 20 ms;
// whole-document requests < 500 ms.
// Run: npx tsc -p . && node --expose-gc out/bench/navigation.bench.js
import { performance } from 'node:perf_hooks';
import { LanguageService } from '../server/src/service';
import type { DocumentModel } from '../server/src/model';
import { provideDefinition, provideDocumentHighlights, provideReferences } from '../server/src/features/navigation';
import { prepareRename, provideRename } from '../server/src/features/rename';
import { provideDocumentSymbols, provideWorkspaceSymbols } from '../server/src/features/documentSymbols';
import { provideFoldingRanges } from '../server/src/features/folding';
import { provideSemanticTokens } from '../server/src/features/semanticTokens';
import { generateConfig } from './parse.bench';

export interface NavigationBenchResult {
  lines: number;
  perPosition: Record<string, { p50Ms: number; p95Ms: number }>;
  wholeDocument: Record<string, number>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function benchNavigation(lineCount = 100_000, samples = 100): NavigationBenchResult {
  // Each backend gets a `track` to the previous backend's first server and a nbsrv() condition, so
  // servers and backends have uses to find.
  const lines = generateConfig(lineCount).split('\n');
  const withUses = lines.flatMap((line) => {
    const m = /^backend be_(\d+)$/.exec(line);
    if (!m || m[1] === '0') return [line];
    const previous = Number(m[1]) - 1;
    return [line, `    server tracked 10.9.0.1:80 track be_${previous}/srv_${previous}_0`, `    http-request deny if { nbsrv(be_${previous}) lt 1 }`];
  });
  const text = withUses.join('\n');
  const service = new LanguageService('3.4');
  const uri = 'file:///bench/haproxy.cfg';
  service.openDocument(uri, 'haproxy', 1, text);
  const model = service.model(uri) as DocumentModel;
  const positions: Array<{ line: number; character: number }> = [];
  for (let i = 0; i < samples; i++) {
    let line = Math.floor(((i + 0.5) / samples) * (withUses.length - 2));
    while (!withUses[line].includes('track be_')) line++;
    positions.push({ line, character: withUses[line].indexOf('track be_') + 'track be_'.length });
  }
  const probes: Record<string, (p: { line: number; character: number }) => unknown> = {
    definition: (p) => provideDefinition(model, p),
    'references (with declaration)': (p) => provideReferences(model, p, true),
    highlights: (p) => provideDocumentHighlights(model, p),
    prepareRename: (p) => prepareRename(model, p),
  };
  const result: NavigationBenchResult = { lines: withUses.length, perPosition: {}, wholeDocument: {} };
  for (const [name, run] of Object.entries(probes)) {
    collectGarbage();
    run(positions[0]); // warm-up
    const timings = positions.map((p) => time(() => run(p))).sort((a, b) => a - b);
    result.perPosition[name] = { p50Ms: percentile(timings, 50), p95Ms: percentile(timings, 95) };
  }
  const whole: Record<string, () => unknown> = {
    'document symbols': () => provideDocumentSymbols(model),
    'folding ranges': () => provideFoldingRanges(model),
    'semantic tokens': () => provideSemanticTokens(model),
    'workspace symbols "srv_99"': () => provideWorkspaceSymbols([model], 'srv_99'),
    'rename a backend': () => provideRename(model, positions[samples / 2], 'renamed_backend'),
  };
  for (const [name, run] of Object.entries(whole)) {
    collectGarbage();
    result.wholeDocument[name] = time(run);
  }
  console.log(`navigation/structure on ${result.lines} lines:`);
  for (const [name, r] of Object.entries(result.perPosition)) console.log(`  ${name.padEnd(32)} p50 ${r.p50Ms.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms`);
  for (const [name, ms] of Object.entries(result.wholeDocument)) console.log(`  ${name.padEnd(32)} ${ms.toFixed(1)} ms`);
  return result;
}

if (require.main === module) benchNavigation();
