// `npm run bench`: every benchmark in one run, then one table of figures with their targets.
// Exits non-zero only when a benchmark crashes (a missed target is reported, not a failure: the
// machine may be busy). Each bench prints its own lines as it goes. The sidebar soak runs 10 minutes;
// SOAK_SECONDS=N shortens it (0 skips it).
import { loadavg, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchParse } from './parse.bench';
import { runRuntimeBench } from './runtime.bench';
import { runAnalysisBench } from './analysis.bench';
import { benchCompletion } from './completion.bench';
import { benchNavigation } from './navigation.bench';
import { runDrainBench } from './drain.bench';
import { runSoakBench } from './soak.bench';

interface Row {
  name: string;
  value: string;
  target?: string;
  met?: boolean;
}

const ms = (v: number, digits = 1) => `${v.toFixed(digits)} ms`;

async function main(): Promise<number> {
  const started = performance.now();
  const rows: Row[] = [];
  const crashed: string[] = [];
  const run = async (name: string, bench: () => Promise<void> | void) => {
    console.log(`\n== ${name}`);
    try {
      await bench();
    } catch (error) {
      crashed.push(name);
      console.error(`${name} crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  };

  await run('parser (bench/parse.bench.ts)', () => {
    const r = benchParse();
    rows.push(
      { name: 'parse 10k lines', value: ms(r.full10kMs, 0) },
      { name: 'parse 100k lines', value: ms(r.full100kMs, 0) },
      { name: 'symbol index 100k lines (full build)', value: ms(r.symbols100kMs, 0) },
      { name: 'parser 1-char edit, 100k lines p50 / p95', value: `${ms(r.editP50Ms, 2)} / ${ms(r.editP95Ms, 2)}`, target: 'p95 < 20 ms', met: r.editP95Ms < 20 },
    );
  });

  await run('analysis (bench/analysis.bench.ts)', async () => {
    const r = await runAnalysisBench();
    for (const size of r.sizes) {
      rows.push({ name: `parse + diagnose ${Math.round(size.lines / 1000)}k lines vs haproxy -c (warm, medians of 5)`, value: `${ms(size.oursMs, 0)} vs ${ms(size.haproxyMs, 0)} (x${size.ratio.toFixed(2)})`, target: '<= x1.00', met: size.ratio <= 1 });
      rows.push({ name: `  first run of ${Math.round(size.lines / 1000)}k lines in the process (cold)`, value: ms(size.coldMs, 0) });
    }
    rows.push(
      { name: 'edit -> diagnostics, 100k lines p50 / p95', value: `${ms(r.edit.p50)} / ${ms(r.edit.p95)}`, target: 'p95 < 50 ms', met: r.edit.p95 < 50 },
      { name: '  of which without checks p50 / p95', value: `${ms(r.editServiceOnly.p50)} / ${ms(r.editServiceOnly.p95)}` },
      { name: '  of which document checks per edit (mean / max)', value: `${ms(r.editDocumentChecks.meanMs)} / ${ms(r.editDocumentChecks.maxMs)} (${r.editDocumentChecks.meanUnits.toFixed(1)} units)` },
      { name: 'edit -> diagnostics inside the 13k-line frontend p50 / p95', value: `${ms(r.editInFrontend.p50)} / ${ms(r.editInFrontend.p95)}`, target: 'p95 < 50 ms', met: r.editInFrontend.p95 < 50 },
      { name: 'document checks, full run over 100k lines (open)', value: ms(r.checks.filter((c) => c.kind === 'document').reduce((sum, c) => sum + c.ms, 0), 0) },
      { name: 'heap of an open 100k-line document', value: `${r.heapMb.toFixed(0)} MB`, target: '< 200 MB', met: r.heapMb < 200 },
      { name: 'completion, 100k lines p50 / p95 (100 requests)', value: `${ms(r.completion.p50, 2)} / ${ms(r.completion.p95, 2)}`, target: 'p95 < 20 ms', met: r.completion.p95 < 20 },
      { name: 'stdio LSP: open 100k -> diagnostics', value: ms(r.lsp.openMs, 0) },
      { name: 'stdio LSP: edit -> diagnostics p50 / p95', value: `${ms(r.lsp.edit.p50, 0)} / ${ms(r.lsp.edit.p95, 0)}` },
    );
  });

  await run('runtime API (bench/runtime.bench.ts)', async () => {
    const r = await runRuntimeBench();
    rows.push({ name: `show stat parse overhead, ${r.servers} servers`, value: `x${r.ratio.toFixed(2)} (${ms(r.parsedMedianMs, 0)} vs raw ${ms(r.rawMedianMs, 0)})`, target: '<= x1.5', met: r.ratio <= 1.5 });
  });

  await run('completion per context (bench/completion.bench.ts)', () => {
    const r = benchCompletion();
    for (const [context, c] of Object.entries(r.contexts)) {
      rows.push({ name: `  ${context} p50 / p95`, value: `${ms(c.p50Ms, 2)} / ${ms(c.p95Ms, 2)}`, target: 'p95 < 20 ms', met: c.p95Ms < 20 });
    }
  });

  await run('navigation (bench/navigation.bench.ts)', () => {
    const r = benchNavigation();
    for (const [request, p] of Object.entries(r.perPosition)) {
      rows.push({ name: `${request}, 100k lines p50 / p95`, value: `${ms(p.p50Ms, 2)} / ${ms(p.p95Ms, 2)}` });
    }
    for (const [request, t] of Object.entries(r.wholeDocument)) rows.push({ name: `${request}, 100k lines`, value: ms(t, 0) });
  });

  await run('drain under load (bench/drain.bench.ts)', async () => {
    const r = await runDrainBench();
    rows.push({ name: 'drain/weight 0/maint under load: requests failed', value: `${r.failed} of ${r.sent}`, target: '0 failed', met: r.failed === 0 });
  });

  // The soak runs 10 minutes as the issue defines it; SOAK_SECONDS shortens it (0 skips it).
  const soakSeconds = process.env.SOAK_SECONDS === undefined ? 600 : Number(process.env.SOAK_SECONDS);
  if (soakSeconds > 0) {
    await run('sidebar soak (bench/soak.bench.ts)', async () => {
      const r = await runSoakBench({ durationSeconds: soakSeconds });
      rows.push(
        { name: `soak ${r.durationSeconds} s, ${r.servers} servers: heap start -> end`, value: `${r.heapStartMb.toFixed(1)} -> ${r.heapEndMb.toFixed(1)} MB (${r.heapGrowthPercent.toFixed(1)}%)`, target: '< 10% growth', met: r.heapGrowthPercent < 10 },
        { name: '  refresh p50 / p95 / max', value: `${ms(r.refreshP50Ms)} / ${ms(r.refreshP95Ms)} / ${ms(r.refreshMaxMs)}` },
      );
    });
  }

  printTable(rows);
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\n${cpus().length} CPUs, load average ${load}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const missed = rows.filter((r) => r.met === false).map((r) => r.name.trim());
  console.log(missed.length ? `targets NOT met: ${missed.join('; ')}` : 'all targets met');
  if (crashed.length) console.log(`CRASHED: ${crashed.join(', ')}`);
  return crashed.length ? 1 : 0;
}

function printTable(rows: Row[]): void {
  const header: Row = { name: 'benchmark', value: 'measured', target: 'target' };
  const width = (pick: (r: Row) => string) => Math.max(...[header, ...rows].map((r) => pick(r).length));
  const nameWidth = width((r) => r.name);
  const valueWidth = width((r) => r.value);
  const targetWidth = width((r) => r.target ?? '');
  const line = (r: Row, met: string) => `${r.name.padEnd(nameWidth)}  ${r.value.padEnd(valueWidth)}  ${(r.target ?? '').padEnd(targetWidth)}  ${met}`;
  console.log(`\n${line(header, 'met')}`);
  console.log('-'.repeat(nameWidth + valueWidth + targetWidth + 11));
  for (const r of rows) console.log(line(r, r.met === undefined ? '' : r.met ? 'yes' : 'NO'));
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => { console.error(error); process.exitCode = 1; },
);
