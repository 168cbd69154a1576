// Parser speed: full parse of generated 10k / 100k line configs, and one-character edits in the
// 100k file through ParsedDocument.applyChanges (p50/p95 over 50 edits). Target: edit p95 < 20 ms.
import { performance } from 'node:perf_hooks';
import { parse } from '../server/src/syntax/parser';
import { ParsedDocument } from '../server/src/syntax/document';
import { buildSymbolIndex } from '../server/src/analysis/symbols';

export interface ParseBenchResult {
  full10kMs: number; full100kMs: number; editP50Ms: number; editP95Ms: number; lines: number; symbols100kMs: number;
}

/** A realistic config of about `lines` lines: backends with servers, ACLs, rules, a few .if blocks. */
export function generateConfig(lines: number): string {
  const out = ['global', '    daemon', '    log stdout format raw local0', 'defaults', '    mode http', '    timeout connect 5s',
    'frontend fe', '    bind :80', '    acl is_api path_beg /api', '    use_backend be_0 if is_api'];
  for (let b = 0; out.length < lines; b++) {
    out.push(`backend be_${b}`, '    balance roundrobin', `    http-request set-header X-Backend "be_${b}" # tag`);
    if (b % 10 === 0) out.push('.if version_atleast(2.6)', '    option httpchk GET /health', '.endif');
    for (let s = 0; s < 20 && out.length < lines; s++) out.push(`    server srv_${b}_${s} 10.0.${b % 256}.${s}:8080 check weight ${s + 1}`);
  }
  return out.join('\n') + '\n';
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function benchParse(): ParseBenchResult {
  const text10k = generateConfig(10_000);
  const text100k = generateConfig(100_000);
  parse(text10k); // warm-up (JIT)
  const full10kMs = time(() => parse(text10k));
  let tree100k = parse(text10k);
  const full100kMs = time(() => { tree100k = parse(text100k); });
  const symbols100kMs = time(() => buildSymbolIndex(tree100k));
  const doc = new ParsedDocument(text100k, { version: '2.6' });
  const edits: number[] = [];
  for (let i = 0; i < 50; i++) {
    let line = 1000 + i * 1900; // spread over the file: the next server line (typing in a rule/server line)
    while (!doc.lineText(line).startsWith('    server')) line++;
    const character = doc.lineText(line).length;
    const insert = i % 2 === 0;
    const range = insert
      ? { start: { line, character }, end: { line, character } }
      : { start: { line, character: character - 1 }, end: { line, character } };
    edits.push(time(() => doc.applyChanges([{ range, text: insert ? '7' : '' }])));
  }
  edits.sort((a, b) => a - b);
  const result = {
    full10kMs, full100kMs, symbols100kMs, editP50Ms: percentile(edits, 50), editP95Ms: percentile(edits, 95), lines: doc.lineCount,
  };
  console.log(`parse: 10k lines ${full10kMs.toFixed(1)} ms, 100k lines ${full100kMs.toFixed(1)} ms; `
    + `symbol index of 100k lines ${symbols100kMs.toFixed(1)} ms; 1-char edit in ${result.lines} lines: p50 ${result.editP50Ms.toFixed(2)} ms, p95 ${result.editP95Ms.toFixed(2)} ms`);
  return result;
}

if (require.main === module) benchParse();
