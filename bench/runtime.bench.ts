// How much does parsing add to a `show stat` refresh? A real HAProxy with 10,000 servers;
// median time of fetch+parse (RuntimeClient.showStat) vs. reading the same reply raw from the
// socket. Target: parsing adds at most 50%.
import { connect } from 'node:net';
import { RuntimeClient } from '../client/src/haproxy/runtime';
import { startHaproxy } from '../test/harness/haproxy';

export interface RuntimeBenchResult {
  servers: number;
  replyBytes: number;
  rawMedianMs: number;
  parsedMedianMs: number;
  /** parsed / raw; 1.5 means parsing adds 50%. */
  ratio: number;
  /** Fastest run of each: less sensitive to a busy machine than the median. */
  rawMinMs: number;
  parsedMinMs: number;
}

function configWith(servers: number, perBackend: number): string {
  const lines = ['defaults', '    mode http', '    timeout connect 1s', '    timeout client 5s', '    timeout server 5s'];
  for (let b = 0; b * perBackend < servers; b++) {
    lines.push(`backend be_${b}`, '    balance roundrobin');
    for (let s = 0; s < perBackend && b * perBackend + s < servers; s++) lines.push(`    server srv_${b}_${s} 127.0.0.1:${10000 + s}`);
  }
  return lines.join('\n') + '\n';
}

/** Reads a reply as bytes only: the floor any client pays. */
function readRaw(socketPath: string, command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let bytes = 0;
    socket.on('connect', () => socket.end(command + '\n'));
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    socket.on('error', reject);
    socket.on('close', () => resolve(bytes));
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export async function runRuntimeBench(options: { servers?: number; runs?: number; log?: (line: string) => void } = {}): Promise<RuntimeBenchResult> {
  const servers = options.servers ?? 10_000;
  const runs = options.runs ?? 20;
  const log = options.log ?? ((line: string) => console.log(line));
  const haproxy = await startHaproxy(configWith(servers, 100), { timeoutMs: 60_000 });
  try {
    const client = new RuntimeClient({ target: haproxy.adminSocket, replyTimeoutMs: 60_000 });
    const rows = await client.showStat();
    const serverRows = rows.filter((r) => r.type === 'server').length;
    if (serverRows !== servers) throw new Error(`expected ${servers} server rows, parsed ${serverRows}`);
    const replyBytes = await readRaw(haproxy.adminSocket, 'show stat');
    const raw: number[] = [];
    const parsed: number[] = [];
    for (let i = 0; i < runs; i++) {
      let start = performance.now();
      await readRaw(haproxy.adminSocket, 'show stat');
      raw.push(performance.now() - start);
      start = performance.now();
      await client.showStat();
      parsed.push(performance.now() - start);
    }
    const result: RuntimeBenchResult = {
      servers,
      replyBytes,
      rawMedianMs: median(raw),
      parsedMedianMs: median(parsed),
      ratio: median(parsed) / median(raw),
      rawMinMs: Math.min(...raw),
      parsedMinMs: Math.min(...parsed),
    };
    log(`runtime show stat, ${servers} servers, ${(replyBytes / 1024 / 1024).toFixed(1)} MiB, median of ${runs}:`);
    log(`  raw read          ${result.rawMedianMs.toFixed(1)} ms (fastest ${result.rawMinMs.toFixed(1)})`);
    log(`  fetch + parse     ${result.parsedMedianMs.toFixed(1)} ms (fastest ${result.parsedMinMs.toFixed(1)})`);
    log(`  ratio             ${result.ratio.toFixed(2)} (parsing adds ${((result.ratio - 1) * 100).toFixed(0)}%; target <= 50%)`);
    return result;
  } finally {
    await haproxy.stop();
  }
}

if (require.main === module) {
  runRuntimeBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
