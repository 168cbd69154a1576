// Cheap consistency checks on the recorded haproxy -c verdicts (test/corpus/verdicts.json):
// they cover exactly the configs on disk and agree with the valid/ and invalid/ folders.
// Re-record with `npm run corpus:record` after adding or editing a config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface VerdictMessage { line: number | null; message: string }
interface Verdict {
  file: string;
  exitCode: number;
  valid: boolean;
  expected: 'valid' | 'invalid';
  category: 'valid' | 'valid-with-warnings' | 'invalid';
  alerts: VerdictMessage[];
  warnings: VerdictMessage[];
  summary: string[];
}

function corpusDir(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'corpus', 'verdicts.json'))) {
      return join(dir, 'test', 'corpus');
    }
  }
  throw new Error(`test/corpus/verdicts.json not found above ${__dirname}`);
}

const corpus = corpusDir();
const verdicts: Verdict[] = JSON.parse(readFileSync(join(corpus, 'verdicts.json'), 'utf8')).verdicts;
const configsOnDisk = ['valid', 'invalid']
  .flatMap((group) => readdirSync(join(corpus, group)).filter((n) => n.endsWith('.cfg')).map((n) => `${group}/${n}`))
  .sort();

test('verdicts.json covers exactly the corpus configs on disk, sorted, once each', () => {
  assert.deepEqual(verdicts.map((v) => v.file), configsOnDisk);
});

test('the corpus is big enough to be a useful ground truth', () => {
  assert.ok(configsOnDisk.length >= 70, `only ${configsOnDisk.length} configs`);
  assert.ok(configsOnDisk.filter((f) => f.startsWith('invalid/')).length >= 30);
});

test('every valid/ config was accepted by haproxy -c with no alert', () => {
  for (const v of verdicts.filter((x) => x.file.startsWith('valid/'))) {
    assert.equal(v.exitCode, 0, `${v.file} exit code`);
    assert.equal(v.valid, true, v.file);
    assert.deepEqual(v.alerts, [], `${v.file} alerts`);
    assert.equal(v.category, v.warnings.length > 0 ? 'valid-with-warnings' : 'valid', v.file);
  }
});

test('every invalid/ config was rejected with at least one alert', () => {
  for (const v of verdicts.filter((x) => x.file.startsWith('invalid/'))) {
    assert.notEqual(v.exitCode, 0, `${v.file} exit code`);
    assert.equal(v.valid, false, v.file);
    assert.equal(v.category, 'invalid', v.file);
    assert.ok(v.alerts.length > 0, `${v.file} has no alert`);
  }
});

test('messages are clean: 1-based lines inside the file, no pids, no run summaries', () => {
  for (const v of verdicts) {
    const lineCount = readFileSync(join(corpus, v.file), 'utf8').split('\n').length;
    for (const m of [...v.alerts, ...v.warnings]) {
      if (m.line !== null) assert.ok(Number.isInteger(m.line) && m.line >= 1 && m.line <= lineCount, `${v.file}:${m.line}`);
      assert.doesNotMatch(m.message, /^\[(ALERT|WARNING)\]|\(\d+\) :|Fatal errors found|Error\(s\) found/, `${v.file}: ${m.message}`);
      assert.ok(m.message.length > 0, `${v.file}: empty message`);
    }
  }
});

test('every config starts with a comment saying what it shows (the mistake, for invalid/ ones)', () => {
  for (const file of configsOnDisk) {
    const firstLine = readFileSync(join(corpus, file), 'utf8').split(/\r?\n/, 1)[0];
    assert.match(firstLine, /^# \S.{10,}/, `${file} has no descriptive first comment`);
  }
});
