// Runs the TextMate grammar assertions in test/grammar/*.test.haproxy with vscode-tmgrammar-test
// (which tokenizes with vscode-textmate + vscode-oniguruma, the same engine as VS Code), and
// checks that the JSON grammar matches its generator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');
const grammarTestDir = join(repoRoot, 'test/grammar');
const grammarPath = join(repoRoot, 'syntaxes/haproxy.tmLanguage.json');
const toolPath = join(repoRoot, 'node_modules/vscode-tmgrammar-test/dist/unit.js');

function runTool(...testFiles: string[]) {
  const result = spawnSync(process.execPath, [toolPath, '--compact', '--grammar', grammarPath, ...testFiles], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('the grammar JSON is what generate-grammar.mjs produces', () => {
  const result = spawnSync(process.execPath, [join(grammarTestDir, 'generate-grammar.mjs'), '--check'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(result.status, 0, result.stderr);
});

test('every grammar test file passes', () => {
  const files = readdirSync(grammarTestDir).filter((name) => name.endsWith('.test.haproxy'));
  assert.ok(files.length >= 7, `expected the grammar test files, found ${files.join(', ')}`);
  const { status, output } = runTool(...files.map((name) => join('test/grammar', name)));
  assert.equal(status, 0, output);
  assert.doesNotMatch(output, /ERROR/);
  for (const name of files) assert.match(output, new RegExp(`${name.replace(/\./g, '\\.')} run successfuly`));
});

test('a wrong scope assertion makes the tool fail (the check is not vacuous)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'haproxy-grammar-'));
  try {
    const file = join(dir, 'wrong.test.haproxy');
    writeFileSync(file, '# SYNTAX TEST "source.haproxy"\nfrontend fe\n# <-------- comment.line.number-sign.haproxy\n');
    const { status, output } = runTool(file);
    assert.notEqual(status, 0, output);
    assert.match(output, /Missing required scopes: \[ comment\.line\.number-sign\.haproxy \]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
