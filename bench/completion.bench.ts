// Completion, hover and signature help speed on a generated 100,000-line config (the same generator
// as the parser bench): p50/p95 over requests spread through the file, in several contexts (section
// keywords, server options, backend names, ACL names in a condition, fetches in an ACL, %[...]
// converters, hovers on keywords/names, signature help). The first request (cold: catalog item lists
// and the manual's texts load) is reported apart. Target: p95 < 20 ms.
// Run: npx tsc -p . && node --expose-gc out/bench/completion.bench.js
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../server/src/analysis/analyze';
import { buildSymbolIndex } from '../server/src/analysis/symbols';
import { getCatalog } from '../server/src/catalog/catalog';
import { provideCompletion, resolveCompletion } from '../server/src/features/completion';
import { provideHover } from '../server/src/features/hover';
import { provideSignatureHelp } from '../server/src/features/signatureHelp';
import type { DocumentModel } from '../server/src/model';
import { parse } from '../server/src/syntax/parser';
import { generateConfig } from './parse.bench';

export interface CompletionBenchResult {
  lines: number;
  coldMs: number;
  contexts: Record<string, { p50Ms: number; p95Ms: number; items: number }>;
}

const VERSION = '3.4';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The model as the language service builds it, with edited lines at the given line numbers. */
function modelWith(base: string[], edits: Map<number, string>): DocumentModel {
  const lines = base.map((l, i) => edits.get(i) ?? l);
  const text = lines.join('\n');
  const tree = parse(text, { version: VERSION });
  const symbols = buildSymbolIndex(tree);
  const catalog = getCatalog(VERSION);
  const uri = 'file:///bench/haproxy.cfg';
  return { uri, document: TextDocument.create(uri, 'haproxy', 1, text), tree, symbols, catalog, haproxyVersion: VERSION,
    findings: analyze({ tree, symbols, catalog, version: VERSION }) };
}

/** `character`: where the request is made on the probe line (default: its end). */
interface Probe { name: string; line: string; character?: number; run: (model: DocumentModel, line: number, character: number) => number }

const complete = (model: DocumentModel, line: number, character: number): number => provideCompletion(model, { line, character }).items.length;
const hover = (model: DocumentModel, line: number, character: number): number => (provideHover(model, { line, character }) ? 1 : 0);
const signature = (model: DocumentModel, line: number, character: number): number => (provideSignatureHelp(model, { line, character }) ? 1 : 0);

const PROBES: Probe[] = [
  { name: 'completion: keywords of a backend', line: '    ', run: complete },
  { name: 'completion: server options', line: '    server extra 10.1.1.1:80 ', run: complete },
  { name: 'completion: track (every backend name)', line: '    server extra 10.1.1.1:80 track ', run: complete },
  { name: 'completion: ACL names in a condition', line: '    http-request deny if ', run: complete },
  { name: 'completion: fetches in an ACL', line: '    acl probe ', run: complete },
  { name: 'completion: %[...] converters', line: '    http-request set-header X %[req.hdr(host),', run: complete },
  { name: 'hover: keyword', line: '    balance roundrobin', character: 6, run: hover },
  { name: 'hover: backend name', line: '    use_backend be_0', character: 18, run: hover },
  { name: 'signature help: server', line: '    server extra 10.1.1.1:80 check ', run: signature },
];

/** A full GC when node runs with --expose-gc (the bench script does), so pauses are the requests' own. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function benchCompletion(lineCount = 100_000, samples = 100): CompletionBenchResult {
  const base = generateConfig(lineCount).split('\n');
  // Probe lines go inside backends, spread over the file (a server line is replaced each time).
  const targets: number[] = [];
  for (let i = 0; i < samples; i++) {
    let line = Math.floor(((i + 0.5) / samples) * (base.length - 2));
    while (!base[line].startsWith('    server')) line++;
    targets.push(line);
  }
  const result: CompletionBenchResult = { lines: base.length, coldMs: 0, contexts: {} };
  let first = true;
  for (const probe of PROBES) {
    const model = modelWith(base, new Map(targets.map((t) => [t, probe.line])));
    const character = probe.character ?? probe.line.length;
    const timings: number[] = [];
    let items = 0;
    collectGarbage(); // building the probe's model left garbage that is not the requests' doing
    for (const line of targets) {
      const start = performance.now();
      items = probe.run(model, line, character);
      const ms = performance.now() - start;
      if (first) { result.coldMs = ms; first = false; continue; }
      timings.push(ms);
    }
    timings.sort((a, b) => a - b);
    result.contexts[probe.name] = { p50Ms: percentile(timings, 50), p95Ms: percentile(timings, 95), items };
  }
  const model = modelWith(base, new Map());
  const resolveStart = performance.now();
  const balance = provideCompletion(model, { line: targets[0], character: 4 }).items.find((i) => i.label === 'balance');
  if (balance) resolveCompletion(balance, model);
  const resolveMs = performance.now() - resolveStart;
  console.log(`completion/hover/signature on ${result.lines} lines (cold first request ${result.coldMs.toFixed(1)} ms; completion + resolve ${resolveMs.toFixed(1)} ms):`);
  for (const [name, r] of Object.entries(result.contexts)) {
    console.log(`  ${name.padEnd(40)} p50 ${r.p50Ms.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms (${r.items} items)`);
  }
  return result;
}

if (require.main === module) benchCompletion();
