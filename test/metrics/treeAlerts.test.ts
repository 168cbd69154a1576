// The servers tree with metrics: each snapshot the tree model applies feeds the store, and the
// backends' warning icon and tooltip come from the alert rules (real HAProxy; be_down's only
// server is down, be_mixed answers 25% 5xx under load).
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RuntimeEndpoint } from '../../client/src/haproxy/runtime';
import { MetricsStore, maxSamplesFor } from '../../client/src/haproxy/metrics/store';
import { DEFAULT_THRESHOLDS } from '../../client/src/haproxy/metrics/alerts';
import { EndpointModel, tooltipOf, type BackendNode } from '../../client/src/views/serversModel';
import { load, startMetricsLab, type MetricsLab } from './lab';

let lab: MetricsLab;
let endpoint: RuntimeEndpoint;

before(async () => {
  lab = await startMetricsLab();
  endpoint = new RuntimeEndpoint({ target: { kind: 'unix', path: lab.haproxy.adminSocket } });
});

after(async () => {
  await endpoint?.dispose();
  await lab?.stop();
});

function backend(model: EndpointModel, name: string): BackendNode {
  const node = model.backend(name);
  assert.ok(node, `${name} in the tree`);
  return node;
}

test('alerts mark backends in the tree: warning icon, reasons in the tooltip, listed by the store', async () => {
  const store = new MetricsStore({ windowMs: 15 * 60_000, maxSamples: maxSamplesFor(15 * 60_000, 5), thresholds: DEFAULT_THRESHOLDS });
  const model = new EndpointModel('lab', lab.haproxy.adminSocket, { observer: store.observer('lab', lab.haproxy.adminSocket) });
  const recorded: string[] = [];
  store.onDidRecord((name) => recorded.push(name));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    model.applySnapshot(await endpoint.snapshot());
    if (backend(model, 'be_down').presentation.warning) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const down = backend(model, 'be_down');
  assert.equal(down.presentation.icon, 'warning');
  assert.equal(down.presentation.color, 'list.warningForeground');
  assert.match(tooltipOf(down), /Needs attention \| no server up \(0 of 1 usable\)/);
  assert.equal(backend(model, 'be_mixed').presentation.warning, false);

  await load(`${lab.url}/mixed`, 200);
  model.applySnapshot(await endpoint.snapshot());
  const mixed = backend(model, 'be_mixed');
  assert.equal(mixed.presentation.icon, 'warning');
  assert.match(tooltipOf(mixed), /5xx 25\.0% of 200 responses over the last/);
  assert.deepEqual(store.alerts().map((a) => `${a.endpoint} ${a.alert.backend} ${a.alert.kind}`).sort(), ['lab be_down no-server-up', 'lab be_mixed error-ratio']);
  assert.ok(recorded.length >= 2 && recorded.every((name) => name === 'lab'));
  assert.equal(model.backendsGroup.presentation.description, '3 · 2 need attention');
});

test('thresholds decide: a 30% threshold keeps be_mixed quiet; a new target for the name starts a new history', async () => {
  const store = new MetricsStore({ windowMs: 60_000, maxSamples: 100, thresholds: { ...DEFAULT_THRESHOLDS, errorRatio: 0.3, noServerUp: false } });
  const model = new EndpointModel('lab', 'a', { observer: store.observer('lab', 'a') });
  model.applySnapshot(await endpoint.snapshot());
  await load(`${lab.url}/mixed`, 100);
  model.applySnapshot(await endpoint.snapshot());
  assert.equal(backend(model, 'be_mixed').presentation.warning, false);
  assert.equal(backend(model, 'be_down').presentation.warning, false, 'no-server-up switched off');
  assert.equal(store.history('lab')?.backend('be_mixed')?.length, 2);
  store.observer('lab', 'b');
  assert.equal(store.history('lab')?.backend('be_mixed'), undefined, 'reconfigured endpoint: history restarted');
  model.applySnapshot(await endpoint.snapshot());
  assert.equal(store.history('lab')?.backend('be_mixed'), undefined, 'the old model no longer records');
});
