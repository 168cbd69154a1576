// Runs the same e2e suite in desktop VS Code through @vscode/test-electron's runTests.
// It downloads VS Code (needs update.code.visualstudio.com, so not on the offline CI machines:
// there use launch-code-server) unless VSCODE_EXECUTABLE_PATH names an installed `code` binary.
// VSCODE_TEST_VERSION picks the downloaded version (default: latest stable).
// On Linux without a display, run it under `xvfb-run -a`.
//
// Environment: runTests passes `extensionTestsEnv` to the extension host (merged over this
// process's environment), so the suite sees the same E2E_ENV variables as under code-server.
import * as util from 'node:util';
import { Writable } from 'node:stream';
import { TestRunFailedError, runTests } from '@vscode/test-electron';
import { E2E_ENV, FIXTURE_WORKSPACE, LOG_PREFIX, REPO_ROOT, SUITE_ENTRY, SuiteSummary, parseSummaryLine, summaryText } from './config';

async function main(): Promise<number> {
  let summary: SuiteSummary | undefined;
  // The desktop host echoes the extension host's console to stdout; pick out the summary line.
  const watchLines = (target: NodeJS.WriteStream): Writable => {
    let pending = '';
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        target.write(chunk);
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const at = line.indexOf(LOG_PREFIX);
          if (at >= 0) summary = parseSummaryLine(line.slice(at)) ?? summary;
        }
        done();
      },
    });
  };

  // runTests itself adds --no-sandbox, --disable-workspace-trust, --skip-welcome and a fresh
  // user-data/extensions dir under .vscode-test/; the first launch argument is the folder to open.
  const launchArgs = [FIXTURE_WORKSPACE, '--disable-extensions' /* others; the one under development still loads */];
  let exitCode: number;
  try {
    exitCode = await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE_ENTRY,
      extensionTestsEnv: { [E2E_ENV.launcher]: 'electron' },
      launchArgs,
      ...(process.env.VSCODE_EXECUTABLE_PATH ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH } : {}),
      ...(process.env.VSCODE_TEST_VERSION ? { version: process.env.VSCODE_TEST_VERSION } : {}),
      stdout: watchLines(process.stdout),
      stderr: watchLines(process.stderr),
    });
  } catch (error) {
    if (!(error instanceof TestRunFailedError)) throw error;
    exitCode = error.code ?? 1;
  }
  if (!summary) console.error('launch-electron: the suite never reported its summary');
  console.log(summaryText(summary ?? { passed: 0, failed: 0, pending: 0 }));
  return exitCode === 0 && summary !== undefined && summary.failed === 0 && summary.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`launch-electron: ${util.inspect(error)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
