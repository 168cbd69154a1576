// The language client's restart policy: restart after a crash, tell the user once, give up (once)
// when the server keeps dying within the window, and forget crashes older than the window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestartPolicy } from '../../client/src/languageClient/restartPolicy';

test('first crash: restart and one notification; later crashes: restart, logged only', () => {
  let now = 0;
  const policy = new RestartPolicy(4, 180_000, () => now);
  const first = policy.onServerExit();
  assert.equal(first.restart, true);
  assert.match(first.notify ?? '', /stopped unexpectedly and was restarted/);
  for (let i = 2; i <= 4; i++) {
    now += 10_000;
    const next = policy.onServerExit();
    assert.equal(next.restart, true);
    assert.equal(next.notify, undefined, `crash ${i}: no second notification`);
    assert.match(next.log, new RegExp(`restarting it \\(${i} in the last 3 minutes\\)`));
  }
});

test('a crash loop stops after maxRestarts within the window, with one message saying so', () => {
  let now = 0;
  const policy = new RestartPolicy(4, 180_000, () => now);
  const decisions = Array.from({ length: 5 }, () => ((now += 1000), policy.onServerExit()));
  assert.deepEqual(decisions.map((d) => d.restart), [true, true, true, true, false]);
  assert.deepEqual(decisions.map((d) => Boolean(d.notify)), [true, false, false, false, true]);
  assert.match(decisions[4]!.notify!, /keeps stopping \(5 times in 3 minutes\), so it was not restarted/);
});

test('crashes older than the window are forgotten: occasional crashes are always restarted', () => {
  let now = 0;
  const policy = new RestartPolicy(2, 60_000, () => now);
  for (let i = 0; i < 10; i++) {
    now += 45_000;
    assert.equal(policy.onServerExit().restart, true, `crash ${i + 1}, 45 s after the previous one`);
  }
});
