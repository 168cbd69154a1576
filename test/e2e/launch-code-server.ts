// Runs the e2e suite inside a real VS Code workbench served by code-server (VS Code 1.139,
// real Node extension host), loaded in headless Debian Chromium through playwright-core.
// The smoke-test driver makes the workbench honour extensionDevelopmentPath/extensionTestsPath
// from the URL payload and report the host's console and exit code to the page.
//
// Environment: the extension host is forked by code-server's server process and inherits its
// environment, so every variable this launcher has (plus the E2E_ENV ones it sets) reaches the
// suite's `process.env`. A plumbing test asserts it.
//
// Usage: node out/test/e2e/launch-code-server.js   (after scripts/setup-test-tools.sh)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { chromium, BrowserContext, Page } from 'playwright-core';
import {
  E2E_ENV,
  FIXTURE_WORKSPACE,
  LOG_PREFIX,
  REPO_ROOT,
  RESULTS_DIR,
  SUITE_ENTRY,
  SuiteSummary,
  parseSummaryLine,
  summaryText,
} from './config';
import { CodeServerTools, codeServerTools, freePort, startCodeServer, stopProcessGroup } from './codeServer';

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** Host errors every offline run produces (no marketplace, no GitHub sign-in); kept in the log file only. */
const OFFLINE_NOISE = [/ENOTFOUND open-vsx\.org/, /authentication provider 'github'/];
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface RunOutcome {
  exitCode: number | undefined;
  summary: SuiteSummary | undefined;
  error: string | undefined;
}

async function main(): Promise<number> {
  const timeoutMs = runTimeoutMs();
  const tools = codeServerTools();
  const missing = tools.missing();
  if (missing) {
    console.error(`${missing}\nRun: bash scripts/setup-test-tools.sh`);
    return 2;
  }
  if (!fs.existsSync(SUITE_ENTRY)) {
    console.error(`${SUITE_ENTRY} is missing: run "npm run build && npm run compile-tests" first.`);
    return 2;
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwb-e2e-'));
  const cleanup = new Cleanup(tmp);
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`launch-code-server: ${signal}, stopping`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const outcome = await runSuite(tools, tmp, cleanup, timeoutMs);
    const summary = outcome.summary ?? { passed: 0, failed: 0, pending: 0 };
    const ok = outcome.exitCode === 0 && outcome.summary !== undefined && summary.failed === 0 && summary.passed > 0;
    if (outcome.error) console.error(`launch-code-server: ${outcome.error}`);
    if (!outcome.summary) console.error('launch-code-server: the suite never reported its summary');
    console.log(summaryText(summary));
    return ok ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

async function runSuite(tools: CodeServerTools, tmp: string, cleanup: Cleanup, timeoutMs: number): Promise<RunOutcome> {
  const port = await freePort();
  const server = await startCodeServer(tools, {
    port,
    dataDir: tmp,
    workspace: FIXTURE_WORKSPACE,
    testDriver: true,
    env: { [E2E_ENV.launcher]: 'code-server', [E2E_ENV.screenshotDir]: RESULTS_DIR },
    log: path.join(RESULTS_DIR, 'code-server.log'),
  });
  cleanup.add(() => stopProcessGroup(server));

  const context = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  cleanup.add(() => closeBrowser(context));
  const page = context.pages()[0] ?? (await context.newPage());

  const hostLog = fs.createWriteStream(path.join(RESULTS_DIR, 'extension-host.log'));
  cleanup.add(() => new Promise<void>((resolve) => hostLog.end(resolve)));
  const verbose = process.env[E2E_ENV.verbose] === '1';
  let summary: SuiteSummary | undefined;
  const screenshots = new ScreenshotQueue(page);

  let reportExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (reportExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    hostLog.write(`[${type}] ${line}\n`);
    if (line.startsWith(LOG_PREFIX)) {
      console.log(line);
      summary = parseSummaryLine(line) ?? summary;
      const shot = /^\[e2e\] SCREENSHOT ([\w.-]+)\s*$/.exec(line);
      if (shot) screenshots.take(shot[1]);
    } else if (verbose || (type === 'error' && !OFFLINE_NOISE.some((noise) => noise.test(line)))) {
      console.log(`[host ${type}] ${line}`);
    }
  });
  page.on('pageerror', (error) => hostLog.write(`[pageerror] ${error.message}\n`));

  const serverGone = new Promise<string>((resolve) => server.once('exit', (code, signal) => resolve(`code-server exited early (${signal ?? code})`)));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no exit code from the extension host after ${timeoutMs} ms`), timeoutMs);
  });

  await page.goto(workbenchUrl(port), { waitUntil: 'domcontentloaded' });
  const result = await Promise.race([exited, serverGone, timedOut]);
  clearTimeout(timer);
  await screenshots.idle();
  const outcome: RunOutcome =
    typeof result === 'number' ? { exitCode: result, summary, error: undefined } : { exitCode: undefined, summary, error: result };
  if (outcome.exitCode !== 0 || !summary || summary.failed > 0) await saveFailureScreenshot(page);
  return outcome;
}

function runTimeoutMs(): number {
  const text = process.env[E2E_ENV.timeoutMs];
  if (text === undefined || text === '') return DEFAULT_TIMEOUT_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${E2E_ENV.timeoutMs} must be a positive number of milliseconds, got ${JSON.stringify(text)}`);
  return value;
}

function workbenchUrl(port: number): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(REPO_ROOT)],
    ['extensionTestsPath', remote(SUITE_ENTRY)],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(FIXTURE_WORKSPACE)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Takes the screenshots the suite asks for, one at a time, written atomically (tmp + rename). */
class ScreenshotQueue {
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly page: Page) {}

  take(name: string): void {
    this.chain = this.chain.then(async () => {
      const file = path.join(RESULTS_DIR, `${name}.png`);
      try {
        await this.page.screenshot({ path: `${file}.tmp.png` });
        fs.renameSync(`${file}.tmp.png`, file);
        console.log(`${LOG_PREFIX} screenshot saved: ${path.relative(REPO_ROOT, file)}`);
      } catch (error) {
        console.error(`launch-code-server: screenshot ${name} failed: ${String(error)}`);
      }
    });
  }

  idle(): Promise<void> {
    return this.chain;
  }
}

async function saveFailureScreenshot(page: Page): Promise<void> {
  const file = path.join(RESULTS_DIR, 'failure.png');
  try {
    await page.screenshot({ path: file, timeout: 10_000 });
    console.error(`launch-code-server: screenshot of the workbench at failure: ${path.relative(REPO_ROOT, file)}`);
  } catch (error) {
    console.error(`launch-code-server: could not take the failure screenshot: ${String(error)}`);
  }
}

async function closeBrowser(context: BrowserContext): Promise<void> {
  const browser = context.browser();
  await Promise.race([context.close(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  await browser?.close().catch(() => undefined);
}

/** Cleanup steps run once, newest first, each bounded and independent of the others. */
class Cleanup {
  private steps: Array<() => Promise<void> | void> = [];
  private done: Promise<void> | undefined;
  constructor(private readonly tmp: string) {}

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          console.error(`launch-code-server: cleanup step failed: ${String(error)}`);
        }
      }
      fs.rmSync(this.tmp, { recursive: true, force: true });
    })();
    return this.done;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`launch-code-server: ${error instanceof Error ? error.message : String(error)}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
