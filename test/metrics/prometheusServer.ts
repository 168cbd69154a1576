// Debian's Prometheus (/usr/bin/prometheus) for tests: its own temp dir (config + TSDB storage),
// listening on 127.0.0.1 only, stopped by pid (SIGTERM, then SIGKILL) also when a test fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, processAlive } from '../harness/haproxy';

export interface PrometheusServer {
  url: string;
  dir: string;
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

const binary = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts Prometheus with `files` (name -> content) in its config dir; `prometheus.yml` is the config. */
export async function startPrometheus(files: Record<string, string>, timeoutMs = 30_000): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hwb-prometheus-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let exited = false;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.on('exit', () => (exited = true));
  const pid = child.pid ?? 0;
  let stopping: Promise<void> | undefined;
  const server: PrometheusServer = {
    url: `http://127.0.0.1:${port}`,
    dir,
    pid,
    log: () => output,
    stop: () => (stopping ??= (async () => {
      if (pid > 0 && processAlive(pid)) {
        process.kill(pid, 'SIGTERM');
        const deadline = Date.now() + 5000;
        while (Date.now() < deadline && processAlive(pid)) await sleep(25);
        if (processAlive(pid)) process.kill(pid, 'SIGKILL');
        const killDeadline = Date.now() + 2000;
        while (Date.now() < killDeadline && processAlive(pid)) await sleep(25);
      }
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    })()),
  };
  const killOnExit = () => {
    if (pid > 0 && processAlive(pid)) process.kill(pid, 'SIGKILL');
  };
  process.on('exit', killOnExit);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await server.stop();
      throw new Error(`prometheus exited at start:\n${output}`);
    }
    const ready = await fetch(`${server.url}/-/ready`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ready) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`prometheus not ready within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
}
