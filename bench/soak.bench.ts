// Soak: the sidebar's refresh (ServersTreeProvider over EndpointRegistry, the real code through
// the fake vscode module) every second against a real HAProxy with 1,000 servers, while a few
// weights change between refreshes so every refresh has a diff to compute and events to fire.
// Reports heap at start and end (after a forced GC when node runs with --expose-gc; target growth
// < 10%) and refresh time p50/p95/max.
//   npm run bench:soak                      10 minutes (SOAK_SECONDS to change)
//   await runSoakBench({ durationSeconds })  from bench/index.ts
import '../test/reliability/fakeVscode';
import { performance } from 'node:perf_hooks';
import { RuntimeClient } from '../client/src/haproxy/runtime';
import type { AnyNode } from '../client/src/views/serversModel';
import { startHaproxy } from '../test/harness/haproxy';
import { startSidebar } from '../test/reliability/sidebarHarness';

export interface SoakOptions {
  /** Default: $SOAK_SECONDS or 600. */
  durationSeconds?: number;
  servers?: number;
  intervalMs?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  durationSeconds: number;
  servers: number;
  refreshes: number;
  /** Refreshes that failed (the endpoint node showed an error). */
  failedRefreshes: number;
  changeEvents: number;
  heapStartMb: number;
  heapEndMb: number;
  heapGrowthPercent: number;
  /** False when node ran without --expose-gc: heap figures are then noisy. */
  gcForced: boolean;
  refreshP50Ms: number;
  refreshP95Ms: number;
  refreshMaxMs: number;
}

function config(servers: number, perBackend: number): string {
  const lines = ['defaults', '    mode http', '    timeout connect 1s', '    timeout client 5s', '    timeout server 5s'];
  for (let b = 0; b * perBackend < servers; b++) {
    lines.push(`backend be_${b}`, '    balance roundrobin');
    for (let s = 0; s < perBackend && b * perBackend + s < servers; s++) lines.push(`    server srv_${b}_${s} 127.0.0.1:${10000 + s} weight 10`);
  }
  return lines.join('\n') + '\n';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => bytes / 1024 / 1024;

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function runSoakBench(options: SoakOptions = {}): Promise<SoakResult> {
  const durationSeconds = options.durationSeconds ?? (Number(process.env.SOAK_SECONDS) || 600);
  const servers = options.servers ?? 1000;
  const intervalMs = options.intervalMs ?? 1000;
  const log = options.log ?? ((line: string) => console.log(line));
  const haproxy = await startHaproxy(config(servers, 50), { timeoutMs: 30_000 });
  const sidebar = await startSidebar([{ name: 'soak', runtimeApi: haproxy.adminSocket }]);
  const operator = new RuntimeClient({ target: haproxy.adminSocket });
  try {
    let changeEvents = 0;
    // Like VS Code: every changed node is turned into a TreeItem again, and its children listed.
    sidebar.tree.onDidChangeTreeData((changed) => {
      for (const node of (Array.isArray(changed) ? changed : changed ? [changed] : []) as AnyNode[]) {
        changeEvents++;
        sidebar.tree.getTreeItem(node);
        sidebar.tree.getChildren(node);
      }
    });
    for (let i = 0; i < 5; i++) await sidebar.tree.refresh(); // warm-up (JIT, first snapshot)
    const heapStart = heapUsed();
    const times: number[] = [];
    let failedRefreshes = 0;
    const started = Date.now();
    const deadline = started + durationSeconds * 1000;
    let nextReport = started + 60_000;
    for (let tick = 0; Date.now() < deadline; tick++) {
      const tickStart = Date.now();
      // Some weights change between refreshes (not timed): the diff has work to do.
      for (let k = 0; k < 5; k++) {
        const n = (tick * 7 + k * 131) % servers;
        await operator.setWeight(`be_${Math.floor(n / 50)}`, `srv_${Math.floor(n / 50)}_${n % 50}`, 1 + ((tick + k) % 20));
      }
      const start = performance.now();
      await sidebar.tree.refresh();
      times.push(performance.now() - start);
      if (sidebar.model('soak').error !== undefined) failedRefreshes++;
      if (Date.now() >= nextReport) {
        log(`  ${Math.round((Date.now() - started) / 1000)} s: ${times.length} refreshes, heap ${mb(process.memoryUsage().heapUsed).toFixed(1)} MB`);
        nextReport += 60_000;
      }
      await sleep(Math.max(0, intervalMs - (Date.now() - tickStart)));
    }
    const heapEnd = heapUsed();
    const sorted = [...times].sort((a, b) => a - b);
    const result: SoakResult = {
      durationSeconds: (Date.now() - started) / 1000,
      servers,
      refreshes: times.length,
      failedRefreshes,
      changeEvents,
      heapStartMb: mb(heapStart),
      heapEndMb: mb(heapEnd),
      heapGrowthPercent: ((heapEnd - heapStart) / heapStart) * 100,
      gcForced: typeof (globalThis as { gc?: unknown }).gc === 'function',
      refreshP50Ms: percentile(sorted, 50),
      refreshP95Ms: percentile(sorted, 95),
      refreshMaxMs: sorted.at(-1) ?? 0,
    };
    log(`soak: ${result.servers} servers, ${result.refreshes} refreshes over ${result.durationSeconds.toFixed(0)} s (${result.failedRefreshes} failed, ${result.changeEvents} changed nodes redrawn)`);
    log(`  heap ${result.heapStartMb.toFixed(1)} MB -> ${result.heapEndMb.toFixed(1)} MB (${result.heapGrowthPercent >= 0 ? '+' : ''}${result.heapGrowthPercent.toFixed(1)}%; target < 10%)${result.gcForced ? '' : ' [no --expose-gc: noisy]'}`);
    log(`  refresh p50 ${result.refreshP50Ms.toFixed(1)} ms, p95 ${result.refreshP95Ms.toFixed(1)} ms, max ${result.refreshMaxMs.toFixed(1)} ms`);
    return result;
  } finally {
    await operator.close();
    sidebar.dispose();
    await haproxy.stop();
  }
}

if (require.main === module) {
  runSoakBench().then(
    (result) => (process.exitCode = result.heapGrowthPercent < 10 && result.failedRefreshes === 0 ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
