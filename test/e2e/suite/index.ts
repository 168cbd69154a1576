// Entry point the extension host loads (`extensionTestsPath`), under either launcher.
// Runs every compiled `*.e2e.js` next to this file with Mocha (tdd UI) and reports each result
// as a `[e2e] ...` line, ending with `[e2e] SUMMARY {"passed":N,"failed":N,"pending":N}`,
// which the code-server launcher turns into its closing `N passed, N failed` line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { E2E_ENV, SuiteSummary } from '../config';
import { e2eLog } from './helpers';

const TEST_TIMEOUT_MS = 30_000;


export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: SilentReporter });
  const grep = process.env[E2E_ENV.grep];
  if (grep) mocha.grep(grep);
  for (const file of suiteFiles()) mocha.addFile(file);
  await mocha.loadFilesAsync();

  const summary: SuiteSummary = { passed: 0, failed: 0, pending: 0 };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      summary.passed++;
      e2eLog(`PASS ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      summary.failed++;
      e2eLog(`FAIL ${test.fullTitle()}\n${error.stack ?? error.message}`);
    });
    runner.on('pending', (test) => {
      summary.pending++;
      e2eLog(`SKIP ${test.fullTitle()}`);
    });
  });
  e2eLog(`SUMMARY ${JSON.stringify(summary)}`);
  if (summary.failed > 0 || summary.passed === 0) {
    throw new Error(summary.passed === 0 ? 'no e2e test passed (none ran?)' : `${summary.failed} e2e test(s) failed`);
  }
}

function suiteFiles(): string[] {
  return fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.e2e.js'))
    .sort()
    .map((name) => path.join(__dirname, name));
}

/** Our own `[e2e]` lines are the report; Mocha's reporter would only add noise to the host log. */
class SilentReporter extends Mocha.reporters.Base {}
