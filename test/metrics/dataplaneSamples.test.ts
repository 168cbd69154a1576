// Metrics from the Data Plane API's native stats: the snapshot carries the same request counters
// and average times as `show stat` (through the spec-validating test server in front of a real
// HAProxy), so the metrics history computes the same rates from either API.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startLab, type Lab } from '../dataplane/fixture';
import { DataPlaneEndpoint } from '../../client/src/haproxy/dataplane/endpoint';
import { RuntimeEndpoint } from '../../client/src/haproxy/runtime';
import { EndpointHistory } from '../../client/src/haproxy/metrics/history';
import { increaseSince } from '../../client/src/haproxy/metrics/rates';

let lab: Lab;
let dataplane: DataPlaneEndpoint;
let runtime: RuntimeEndpoint;

before(async () => {
  lab = await startLab();
  dataplane = new DataPlaneEndpoint(lab.client, lab.server.url);
  runtime = new RuntimeEndpoint({ target: { kind: 'unix', path: lab.haproxy.adminSocket } });
});

after(async () => {
  await runtime?.dispose();
  await lab?.stop();
});

async function requests(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await fetch(`http://127.0.0.1:${lab.haproxy.freePorts[0]}/`);
    assert.equal(response.status, 200);
    await response.text();
  }
}

test('native stats give the same requests and times as show stat; rates computed from them', async () => {
  const history = new EndpointHistory({ windowMs: 60_000, maxSamples: 100 });
  history.record(await dataplane.snapshot());
  await requests(30);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const fromApi = await dataplane.snapshot();
  const fromSocket = await runtime.snapshot();
  history.record(fromApi);
  const apiBackend = fromApi.proxies.find((p) => p.kind === 'backend' && p.name === 'be_app');
  const socketBackend = fromSocket.proxies.find((p) => p.kind === 'backend' && p.name === 'be_app');
  assert.ok(apiBackend && socketBackend);
  assert.equal(apiBackend.counters.requests, socketBackend.counters.requests);
  assert.ok((apiBackend.counters.requests ?? 0) >= 30);
  assert.deepEqual(apiBackend.timings, socketBackend.timings);
  assert.equal(typeof apiBackend.timings?.totalMs, 'number');
  const apiServer = fromApi.servers.find((s) => s.backend === 'be_app' && s.name === 's1');
  const socketServer = fromSocket.servers.find((s) => s.backend === 'be_app' && s.name === 's1');
  assert.equal(apiServer?.counters.requests, socketServer?.counters.requests);
  assert.deepEqual(apiServer?.timings, socketServer?.timings);
  assert.equal(increaseSince(history.backend('be_app')!, 'requests', 0)?.increase, 30);
});
