// Speed of the analysis checks on a generated 100,000-line configuration (thousands of backends,
// servers, ACLs and use_backend rules): full analysis, each check alone, and `haproxy -c` on the
// same file when /usr/sbin/haproxy (or $HAPROXY_BIN) exists, best of 3 runs each.
// Run: npx tsc -p . && node out/bench/checks.bench.js [lines]
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '../server/src/syntax/parser';
import { buildSymbolIndex } from '../server/src/analysis/symbols';
import { analyze, runDocumentCheck, runSectionCheck } from '../server/src/analysis/analyze';
import { documentChecks, sectionChecks } from '../server/src/analysis/checks';
import { getCatalog } from '../server/src/catalog/catalog';
import type { CheckContext } from '../server/src/analysis/context';

/** A front door routing to `backends` backends by Host, each with servers, ACLs and rules. */
export function generateRoutingConfig(lines: number): string {
  const head = [
    'global', '    log stdout format raw local0', '    maxconn 100000', '',
    'defaults', '    mode http', '    timeout connect 5s', '    timeout client 30s', '    timeout server 30s',
    '    default-server inter 3s fall 3 rise 2', '',
  ];
  const backends: string[] = [];
  const routes: string[] = [];
  let b = 0;
  while (head.length + routes.length + backends.length < lines - 20) {
    routes.push(`    acl host_${b} hdr(host) -i h${b}.example.com`, `    use_backend be_${b} if host_${b} || { path_beg /b${b}/ }`);
    backends.push(`backend be_${b}`, '    balance roundrobin', '    option httpchk GET /health',
      `    http-request set-header X-Backend be_${b}`, `    http-request set-var(txn.b) req.hdr(host),lower,field(1,:)`,
      `    acl slow_${b} path_end .zip .tar`, `    http-request deny deny_status 403 if slow_${b} !{ src 10.0.0.0/8 }`);
    for (let s = 0; s < 8; s++) backends.push(`    server s${s} 10.${(b >> 8) & 255}.${b & 255}.${s + 1}:8080 check weight ${s + 1} maxconn 100`);
    backends.push('');
    b++;
  }
  const frontend = ['frontend fe', '    bind :80', '    bind :8080', '    option forwardfor',
    '    http-request set-header X-Forwarded-Proto http', ...routes, '    default_backend be_0', ''];
  return [...head, ...frontend, ...backends].join('\n');
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Best of `runs` (the machine is shared: the fastest run is the least disturbed one). */
function best(runs: number, fn: () => number | undefined): number | undefined {
  let min: number | undefined;
  for (let i = 0; i < runs; i++) {
    const ms = fn();
    if (ms !== undefined && (min === undefined || ms < min)) min = ms;
  }
  return min;
}

function haproxyCheckMs(text: string): number | undefined {
  const bin = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
  if (!existsSync(bin)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'checks-bench-'));
  try {
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, text);
    const start = performance.now();
    const run = spawnSync(bin, ['-c', '-q', '-f', file], { timeout: 120_000 });
    const ms = performance.now() - start;
    if (run.status !== 0) console.log(`haproxy -c exit ${run.status}: ${String(run.stderr).slice(0, 300)}`);
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchChecks(lines = 100_000): void {
  const text = generateRoutingConfig(lines);
  const tree = parse(text, { version: '2.6' });
  const symbols = buildSymbolIndex(tree);
  const catalog = getCatalog('2.6');
  const input = { tree, symbols, catalog, version: '2.6' };
  analyze(input); // warm-up (JIT, lazy catalog tables)
  let count = 0;
  const fullMs = best(3, () => time(() => { count = analyze(input).length; })) ?? 0;
  const ctx: CheckContext = { ...input, report: () => undefined };
  const perCheck = [
    ...sectionChecks.map((check) => [check.name, best(3, () => time(() => { for (const s of tree.sections) runSectionCheck(check, s, ctx); })) ?? 0] as const),
    ...documentChecks.map((check) => [check.name, best(3, () => time(() => runDocumentCheck(check, input))) ?? 0] as const),
  ];
  const haproxyMs = best(3, () => haproxyCheckMs(text));
  console.log(`checks: ${tree.lineCount} lines, ${tree.sections.length} sections, ${count} findings: full analysis ${fullMs.toFixed(0)} ms`
    + (haproxyMs !== undefined ? `; haproxy -c ${haproxyMs.toFixed(0)} ms` : ''));
  for (const [name, ms] of perCheck.sort((x, y) => y[1] - x[1])) console.log(`  ${name.padEnd(28)} ${ms.toFixed(1)} ms`);
}

if (require.main === module && !process.env.NO_BENCH_MAIN) benchChecks(Number(process.argv[2]) || 100_000);
