// Drain under load: steady HTTP traffic (autocannon) through a real HAProxy on 127.0.0.1 to three
// Node backends while the sidebar's own action commands drain one server, set another's weight
// to 0 and back, put the third in maintenance, and make them all ready again. Counts requests
// sent and failed (target: none failed), and what each backend received while it was out.
// Shared by test/reliability/drain.test.ts (short) and bench/drain.bench.ts (longer).
import { resetRecorded, recorded } from './fakeVscode';
import autocannon from 'autocannon';
import { startBackends, type Backends } from '../harness/backends';
import { startHaproxy, type HaproxyInstance } from '../harness/haproxy';
import { startSidebar, type Sidebar } from './sidebarHarness';

export interface DrainOptions {
  /** About how many seconds of traffic (default 6): the operations are spread over it. */
  durationSeconds?: number;
  /** Requests per second, all connections together (default 200: steady, not a flood). */
  rate?: number;
  connections?: number;
  log?: (line: string) => void;
}

export interface DrainResult {
  durationSeconds: number;
  /** Requests that got an answer or an error (those still in flight when the load stops are not counted). */
  sent: number;
  /** Answered 2xx. */
  completed: number;
  /** Errors + timeouts + non-2xx answers + body mismatches. */
  failed: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Requests per backend over the whole run. */
  perBackend: number[];
  /** Requests a backend got while it was drained / at weight 0 / in maintenance (in-flight ones only). */
  whileOut: { drain: number; weight0: number; maint: number };
  /** What the sidebar logged for each operation (the commands it sent). */
  operations: string[];
  latencyP99Ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function config(ports: { frontend: number; backends: number[] }): string {
  return `global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 10s
    timeout server 10s
    retries 3
    option redispatch
frontend fe_main
    bind 127.0.0.1:${ports.frontend}
    default_backend be_app
backend be_app
    balance roundrobin
${ports.backends.map((port, i) => `    server s${i + 1} 127.0.0.1:${port} weight 10`).join('\n')}
`;
}

export async function runDrainScenario(options: DrainOptions = {}): Promise<DrainResult> {
  const durationSeconds = options.durationSeconds ?? 6;
  const log = options.log ?? (() => undefined);
  let backends: Backends | undefined;
  let haproxy: HaproxyInstance | undefined;
  let sidebar: Sidebar | undefined;
  try {
    backends = await startBackends(3);
    const ports = backends.ports;
    haproxy = await startHaproxy((ctx) => config({ frontend: ctx.freePorts[0] as number, backends: ports }), { backendPorts: ports });
    sidebar = await startSidebar([{ name: 'lb', runtimeApi: haproxy.adminSocket }]);
    await sidebar.tree.refresh('lb');
    resetRecorded();
    const url = `http://127.0.0.1:${haproxy.freePorts[0]}/`;
    const stepMs = (durationSeconds * 1000) / 8;
    // Runs until stopped: the operations take as long as the machine makes them take.
    let finish!: (value: autocannon.Result) => void;
    let fail!: (error: unknown) => void;
    const result = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
    const load = autocannon({ url, connections: options.connections ?? 8, overallRate: options.rate ?? 200, duration: durationSeconds * 10, timeout: 5 }, (error, done) => (error ? fail(error) : finish(done)));
    // Counted here: autocannon's own `requests.sent` adds one second's worth of rate per connection up front.
    const answers = { ok: 0, other: 0, errors: 0 };
    load.on('response', (_client, status) => void (status >= 200 && status < 300 ? answers.ok++ : answers.other++));
    load.on('reqError', () => void answers.errors++);
    const started = Date.now();
    let whileOut: DrainResult['whileOut'];
    try {
      whileOut = await operate(sidebar, backends, stepMs, log);
      await sleep(stepMs);
    } finally {
      load.stop();
    }
    const done = await result;
    const failed = answers.other + answers.errors + done.errors + done.timeouts + done.non2xx + done.mismatches;
    return {
      durationSeconds: (Date.now() - started) / 1000,
      sent: answers.ok + answers.other + answers.errors,
      completed: answers.ok,
      failed,
      errors: done.errors,
      timeouts: done.timeouts,
      non2xx: done.non2xx,
      perBackend: backends.backends.map((b) => b.requests),
      whileOut,
      operations: recorded.output.filter((line) => line.startsWith('info: lb: ')).map((line) => line.slice('info: lb: '.length)),
      latencyP99Ms: done.latency.p99,
    };
  } finally {
    sidebar?.dispose();
    await haproxy?.stop();
    await backends?.stop();
  }
}

/**
 * The operator's sequence, one step per `stepMs`, through the sidebar commands. Each "out" window
 * counts what its backend received (only requests already in flight may arrive).
 */
async function operate(sidebar: Sidebar, backends: Backends, stepMs: number, log: (line: string) => void) {
  const server = (name: string) => sidebar.server('lb', 'be_app', name);
  const count = (index: number) => backends.backends[index]!.requests;
  const step = async (what: string, run: () => Promise<unknown>) => {
    await run();
    const failure = recorded.notifications.find((n) => n.startsWith('error: '));
    if (failure) throw new Error(`${what}: ${failure}`);
    log(`  ${what}`);
  };
  const window = async (index: number, out: () => Promise<unknown>, back: () => Promise<unknown>, label: string) => {
    await step(`${label}`, out);
    await sleep(200); // requests already sent to it finish
    const before = count(index);
    await sleep(stepMs);
    const during = count(index) - before;
    await step(`${label}: back`, back);
    return during;
  };
  await sleep(stepMs);
  const drain = await window(0, () => sidebar.action('haproxy.server.drain', server('s1')), () => sidebar.action('haproxy.server.ready', server('s1')), 'drain s1');
  await sleep(stepMs / 2);
  const weight0 = await window(1, () => sidebar.action('haproxy.server.setWeight', server('s2'), '0'), () => sidebar.action('haproxy.server.setWeight', server('s2'), '100%'), 'weight 0 s2');
  await sleep(stepMs / 2);
  const maint = await window(2, () => sidebar.action('haproxy.server.maint', server('s3')), () => sidebar.action('haproxy.server.ready', server('s3')), 'maint s3');
  return { drain, weight0, maint };
}
