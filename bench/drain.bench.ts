// Drain under load, longer than the Node test: steady HTTP traffic (autocannon) through a real
// HAProxy to three Node backends while the sidebar's commands drain one server, set another's
// weight to 0 and back, and put the third in maintenance. Target: 0 failed requests, and no new
// request to a server while it is out. Called from bench/index.ts: `await runDrainBench()`.
import { runDrainScenario, type DrainResult } from '../test/reliability/drainLoad';

export interface DrainBenchOptions {
  /** About how long the traffic runs (default 30 s, or $DRAIN_SECONDS). */
  durationSeconds?: number;
  /** Requests per second (default 300). */
  rate?: number;
  log?: (line: string) => void;
}

export async function runDrainBench(options: DrainBenchOptions = {}): Promise<DrainResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const durationSeconds = options.durationSeconds ?? (Number(process.env.DRAIN_SECONDS) || 30);
  const rate = options.rate ?? 300;
  log(`drain under load: ${rate} req/s for about ${durationSeconds} s through HAProxy to 3 backends`);
  const result = await runDrainScenario({ durationSeconds, rate, connections: 10, log });
  log(`  requests answered ${result.sent}, 2xx ${result.completed}, failed ${result.failed} (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}); target 0 failed`);
  log(`  per backend ${result.perBackend.join(' / ')}; new requests while out: drain ${result.whileOut.drain}, weight 0 ${result.whileOut.weight0}, maint ${result.whileOut.maint}; p99 latency ${result.latencyP99Ms} ms`);
  return result;
}

if (require.main === module) {
  runDrainBench().then(
    (result) => (process.exitCode = result.failed === 0 ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
