// Runs every compiled Node test file (out/**/*.test.js) with Node's test runner, except the
// suite that runs inside VS Code (test/e2e). Node 20's `--test DIR` would also run helpers
// that merely live under a folder named `test`, so the files are listed explicitly.
// Extra arguments narrow the run: `node scripts/run-node-tests.mjs runtime lsp`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'out/test';
const filters = process.argv.slice(2);

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'e2e' ? [] : collect(path);
    return path.endsWith('.test.js') ? [path] : [];
  });
}

const files = collect(root)
  .filter((f) => filters.length === 0 || filters.some((x) => relative(root, f).includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`No test files under ${root} match ${filters.join(' ') || '*.test.js'}; run "npm run compile-tests" first.`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
