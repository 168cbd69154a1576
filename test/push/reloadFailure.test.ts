// A push HAProxy accepts (`haproxy -c`) but cannot reload: a new frontend binds a port another
// process holds. Against the spec-validating test server and a real HAProxy: the outcome says the
// configuration was written and HAProxy kept the previous one; restoreReplaced writes that one
// back without a reload, refuses to overwrite a later change, and HAProxy reloads normally after.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { restoreReplaced } from '../../client/src/push/applyDataplane';
import { runDataplanePush } from '../../client/src/push/pushFlow';
import { restoreOutcomeText } from '../../client/src/push/report';
import { startLab, type Lab } from '../dataplane/fixture';

/** The harness gives a reload 10 s to produce a new worker; the push waits longer than that. */
const reload = { timeoutMs: 40_000, intervalMs: 100 };

async function runningFile(lab: Lab): Promise<string> {
  return (await lab.client.getRawConfiguration()).text.replace(/^# _version=\d+\n/, '');
}

describe('a push whose reload fails', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab({ reloadDelayMs: 50 });
  });
  after(() => lab?.stop());

  test('is reported as written but not running; the replaced configuration is restored without a reload', async () => {
    const baseline = await runningFile(lab);
    const workerBefore = lab.haproxy.workerPid();
    const busyPort = lab.backends.ports[0]; // a test backend listens there: HAProxy cannot bind it
    const local = `${baseline}\nfrontend fe_busy\n    bind 127.0.0.1:${busyPort}\n    default_backend be_app\n`;

    const outcome = await runDataplanePush({ localText: local, haproxyVersion: '2.6', connect: () => lab.connect(), confirm: () => true, reload });

    assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
    assert.ok(outcome.status === 'failed' && 'prepared' in outcome);
    assert.equal(outcome.stage, 'reload');
    assert.equal(outcome.committed, true);
    assert.equal(outcome.reload, 'failed');
    assert.match(outcome.message, /reload .* failed/);
    assert.match(outcome.message, /cannot bind socket \(Address already in use\)/, "HAProxy's own reason reaches the user");
    const written = await lab.client.getConfigurationVersion();
    assert.equal(outcome.writtenVersion, written);
    assert.equal(outcome.writtenVersion, outcome.prepared.running.version + 1);
    assert.match(await runningFile(lab), /frontend fe_busy/, 'the new configuration is in the file');
    assert.match(await lab.admin('show info'), new RegExp(`^Pid: ${workerBefore}$`, 'm'), 'the previous worker still serves');
    assert.doesNotMatch(await lab.admin('show stat -1 1 -1'), /fe_busy/, 'HAProxy does not run the new frontend');

    const restored = await restoreReplaced(lab.client, outcome.prepared.running, written);

    assert.deepEqual(restored, { status: 'restored', version: written + 1 });
    assert.equal(await runningFile(lab), baseline);
    assert.match(restoreOutcomeText(restored, 'lab')[0], /^lab: the configuration HAProxy still runs was written back \(configuration version \d+\); no reload was needed\.$/);
    assert.equal(lab.haproxy.workerPid(), workerBefore, 'restoring did not reload');
    assert.deepEqual(await lab.client.listReloads().then((reloads) => reloads.filter((r) => r.status === 'in_progress')), []);

    const again = await restoreReplaced(lab.client, outcome.prepared.running, written);
    assert.equal(again.status, 'conflict', 'a restore based on an old version overwrites nothing');
    assert.equal(await lab.client.getConfigurationVersion(), written + 1);

    // HAProxy is not stuck: the next push reloads it.
    const weighted = baseline.replace(/(server s1 \S+) weight 10/, '$1 weight 4');
    const next = await runDataplanePush({ localText: weighted, haproxyVersion: '2.6', connect: () => lab.connect(), confirm: () => true, reload });
    assert.equal(next.status, 'applied', JSON.stringify(next));
    assert.ok(next.status === 'applied');
    assert.equal(next.reload, 'succeeded');
    assert.match(await lab.admin('get weight be_app/s1'), /^4 \(initial 4\)/);
    assert.notEqual(lab.haproxy.workerPid(), workerBefore);
  });

  test('a reload still running when the wait ends is reported as unknown, and nothing is offered to restore', async () => {
    const local = (await runningFile(lab)).replace(/(server s1 \S+) weight \d+/, '$1 weight 6');
    const outcome = await runDataplanePush({ localText: local, haproxyVersion: '2.6', connect: () => lab.connect(), confirm: () => true, reload: { timeoutMs: 1, intervalMs: 1 } });

    assert.ok(outcome.status === 'failed', JSON.stringify(outcome));
    assert.equal(outcome.stage, 'reload');
    assert.equal(outcome.reload, 'unknown');
    assert.equal(outcome.writtenVersion, undefined, 'no version to restore against: the reload may still succeed');
    assert.match(outcome.message, /still in_progress/);
    // Let the reload end before the lab stops.
    for (let i = 0; i < 200 && (await lab.client.listReloads()).some((r) => r.status === 'in_progress'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(await lab.admin('get weight be_app/s1'), /^6 \(initial 6\)/, 'the reload did go through');
  });
});
