// Drain under load (short): steady traffic through a real HAProxy while the sidebar's commands
// drain, zero the weight of, and put in maintenance one server each. No request may fail, and
// a server that is out receives no new requests. The longer run is bench/drain.bench.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDrainScenario } from './drainLoad';

test('drain, weight 0 and back, maintenance under steady load: no request fails', async () => {
  const result = await runDrainScenario({ durationSeconds: 6, rate: 150, log: (line) => console.log(line) });
  console.log(`drain under load: ${result.sent} requests sent, ${result.completed} completed, ${result.failed} failed over ${result.durationSeconds.toFixed(1)} s; per backend ${result.perBackend.join('/')}; while out: ${JSON.stringify(result.whileOut)}; p99 ${result.latencyP99Ms} ms`);
  assert.ok(result.sent > 300, `steady traffic was sent (${result.sent})`);
  assert.equal(result.failed, 0, `failed requests: errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`);
  assert.deepEqual(result.whileOut, { drain: 0, weight0: 0, maint: 0 }, 'a server that is out gets no new requests');
  assert.ok(result.perBackend.every((n) => n > 0), 'every backend served traffic');
  assert.deepEqual(result.operations, [
    'set server be_app/s1 state drain',
    'set server be_app/s1 state ready',
    'set server be_app/s2 weight 0',
    'set server be_app/s2 weight 100%',
    'set server be_app/s3 state maint',
    'set server be_app/s3 state ready',
  ]);
});
