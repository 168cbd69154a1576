// The on-save runner: debounced, one run per document at a time (a save during a run queues one
// more, with the newest text), results for text that changed since are dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SaveChecker, workingDirectoryOf } from '../../../server/src/saveCheck';
import type { CheckSnapshot } from '../../../server/src/saveCheck';

/** A controllable run: each call waits until the test releases it. */
function harness() {
  const docs = new Map<string, CheckSnapshot>();
  const runs: Array<{ uri: string; snapshot: CheckSnapshot; finish: (value: string) => void; fail: (e: Error) => void }> = [];
  const results: string[] = [];
  const errors: string[] = [];
  let started: () => void = () => undefined;
  const checker = new SaveChecker<string>({
    delayMs: 5,
    snapshot: (uri) => docs.get(uri),
    run: (uri, snapshot) => new Promise((resolve, reject) => { runs.push({ uri, snapshot, finish: resolve, fail: reject }); started(); }),
    onResult: (uri, snapshot, result) => results.push(`${uri}@${snapshot.version}:${result}`),
    onError: (uri, error) => errors.push(`${uri}: ${(error as Error).message}`),
  });
  const nextRun = () => new Promise<void>((resolve) => { started = resolve; });
  const settle = () => new Promise((r) => setTimeout(r, 20));
  return { docs, runs, results, errors, checker, nextRun, settle };
}

test('a burst of saves is one run; a save during a run queues exactly one more with the newest text', async () => {
  const h = harness();
  h.docs.set('a', { version: 1, text: 'one' });
  let started = h.nextRun();
  h.checker.schedule('a');
  h.checker.schedule('a');
  h.checker.schedule('a');
  await started;
  assert.equal(h.runs.length, 1);
  assert.ok(h.checker.isRunning('a'));
  h.docs.set('a', { version: 2, text: 'two' });
  h.checker.schedule('a');
  h.checker.schedule('a');
  await h.settle();
  assert.equal(h.runs.length, 1, 'never two runs at once for one document');
  started = h.nextRun();
  h.runs[0].finish('first');
  await started;
  assert.deepEqual(h.results, [], 'the first result was for version 1: dropped, the text changed');
  assert.equal(h.runs.length, 2);
  assert.equal(h.runs[1].snapshot.text, 'two');
  h.runs[1].finish('second');
  await h.settle();
  assert.deepEqual(h.results, ['a@2:second']);
  assert.equal(h.checker.isRunning('a'), false);
});

test('documents run independently; errors are reported; a closed document gets no result', async () => {
  const h = harness();
  h.docs.set('a', { version: 1, text: 'a' });
  h.docs.set('b', { version: 1, text: 'b' });
  let started = h.nextRun();
  h.checker.schedule('a');
  await started;
  started = h.nextRun();
  h.checker.schedule('b');
  await started;
  assert.deepEqual(h.runs.map((r) => r.uri), ['a', 'b']);
  h.runs[1].fail(new Error('timed out after 15000 ms'));
  h.docs.delete('a');
  h.checker.cancel('a');
  h.runs[0].finish('late');
  await h.settle();
  assert.deepEqual(h.results, []);
  assert.deepEqual(h.errors, ['b: timed out after 15000 ms']);
});

test('cancel before the quiet time ends: no run at all', async () => {
  const h = harness();
  h.docs.set('a', { version: 1, text: 'a' });
  h.checker.schedule('a');
  h.checker.cancel('a');
  await h.settle();
  assert.equal(h.runs.length, 0);
});

test('working directory: the folder of an existing file: URI only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hwb-cwd-'));
  try {
    assert.equal(workingDirectoryOf(pathToFileURL(join(dir, 'haproxy.cfg')).href), dir);
    assert.equal(workingDirectoryOf(pathToFileURL(join(dir, 'gone', 'haproxy.cfg')).href), undefined);
    assert.equal(workingDirectoryOf('untitled:Untitled-1'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
