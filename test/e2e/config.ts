// Shared by the launchers (plain Node) and the suite (extension host): paths and the names of
// the environment variables that carry settings from a launcher into the extension host.
import * as path from 'node:path';

/** Repository root; this file compiles to out/test/e2e/config.js. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
export const SUITE_ENTRY = path.join(REPO_ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

export const E2E_ENV = {
  /** Which launcher started the host (`code-server` or `electron`); a test checks it arrives. */
  launcher: 'HAPROXY_WORKBENCH_E2E_LAUNCHER',
  /** Folder where the code-server launcher writes screenshots a test asks for. */
  screenshotDir: 'HAPROXY_WORKBENCH_E2E_SCREENSHOT_DIR',
  /** Optional Mocha --grep for the suite. */
  grep: 'HAPROXY_WORKBENCH_E2E_GREP',
  /** Launcher: print the whole extension host log, not only the suite's lines and errors. */
  verbose: 'HAPROXY_WORKBENCH_E2E_VERBOSE',
  /** Launcher: overall timeout of the run in ms. */
  timeoutMs: 'HAPROXY_WORKBENCH_E2E_TIMEOUT_MS',
} as const;

/** Prefix of every line the suite logs for the launcher. */
export const LOG_PREFIX = '[e2e]';

export interface SuiteSummary {
  passed: number;
  failed: number;
  pending: number;
}

/** Parses the suite's closing `[e2e] SUMMARY {...}` line; undefined for any other line. */
export function parseSummaryLine(line: string): SuiteSummary | undefined {
  const match = /^\[e2e\] SUMMARY (\{.*\})\s*$/.exec(line);
  if (!match) return undefined;
  const value = JSON.parse(match[1]) as Partial<SuiteSummary>;
  return { passed: Number(value.passed ?? 0), failed: Number(value.failed ?? 0), pending: Number(value.pending ?? 0) };
}

export function summaryText(summary: SuiteSummary): string {
  return `${summary.passed} passed, ${summary.failed} failed`;
}
