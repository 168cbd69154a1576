// The servers tree model against the real Debian HAProxy: status classification, labels,
// stable node identity across refreshes, and diffs that name exactly the changed nodes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeEndpoint } from '../../../client/src/haproxy/runtime';
import type { Snapshot } from '../../../client/src/haproxy/endpoint';
import { EndpointModel, tooltipOf, type AnyNode, type BackendNode, type GroupNode, type ServerNode } from '../../../client/src/views/serversModel';
import { errorMessage } from '../../../client/src/views/errors';
import { startHaproxy, type HaproxyInstance } from '../../harness/haproxy';
import { startBackends, type Backends } from '../../harness/backends';

/** Polls `read` until `accept` holds (at most ~10 s); returns the last value. */
async function until<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 100 && !accept(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  assert.ok(accept(value), `timed out waiting for ${what}`);
  return value;
}

function serversOf(model: EndpointModel, backend: string): ServerNode[] {
  const node = model.backend(backend);
  assert.ok(node, `backend ${backend} is in the tree`);
  return node.servers;
}

function changedServers(changed: readonly AnyNode[]): string[] {
  return changed.filter((n): n is ServerNode => n.kind === 'server').map((n) => `${n.backend}/${n.name}`).sort();
}

describe('servers tree model (real HAProxy)', () => {
  let haproxy: HaproxyInstance;
  let backends: Backends;
  let endpoint: RuntimeEndpoint;
  let model: EndpointModel;
  const snapshot = (): Promise<Snapshot> => endpoint.snapshot();

  before(async () => {
    backends = await startBackends(2);
    haproxy = await startHaproxy(
      (ctx) => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe_main
    bind 127.0.0.1:${ctx.freePorts[0]}
    default_backend be_app
backend be_app
    option httpchk GET /health
    server s1 127.0.0.1:${ctx.backendPorts[0]} check inter 200 weight 10
    server s2 127.0.0.1:${ctx.backendPorts[1]} check inter 200
    server s3 127.0.0.1:${ctx.freePorts[1]} check inter 200 fall 1 rise 1
    server s4 127.0.0.1:${ctx.backendPorts[0]}
    server s5 127.0.0.1:${ctx.backendPorts[1]} check inter 200 disabled
    server s6 127.0.0.1:${ctx.backendPorts[1]} check inter 200 backup
backend be_dead
    server d1 127.0.0.1:${ctx.freePorts[1]} check inter 200 fall 1 rise 1
`,
      { backendPorts: backends.ports },
    );
    endpoint = new RuntimeEndpoint({ target: haproxy.adminSocket });
    model = new EndpointModel('lab', haproxy.adminSocket);
    // Wait until every health check has settled (no server in transition, checks run).
    const settled = await until('checks to settle', snapshot, (s) => {
      const byName = new Map(s.servers.map((x) => [`${x.backend}/${x.name}`, x.status]));
      return byName.get('be_app/s1') === 'up' && byName.get('be_app/s2') === 'up' && byName.get('be_app/s3') === 'down' && byName.get('be_dead/d1') === 'down' && byName.get('be_app/s6') === 'up';
    });
    model.applySnapshot(settled);
  });

  after(async () => {
    await endpoint?.dispose();
    await haproxy?.stop();
    await backends?.stop();
  });

  it('builds endpoint -> Frontends/Backends -> proxies -> servers with stable ids', () => {
    const [frontends, backendsGroup] = model.children() as GroupNode[];
    assert.equal(frontends?.presentation.label, 'Frontends');
    assert.equal(backendsGroup?.presentation.label, 'Backends');
    assert.deepEqual(model.groupChildren(frontends!).map((n) => n.presentation.label), ['fe_main']);
    assert.deepEqual(model.groupChildren(backendsGroup!).map((n) => n.presentation.label), ['be_app', 'be_dead']);
    assert.deepEqual(serversOf(model, 'be_app').map((s) => s.name), ['s1', 's2', 's3', 's4', 's5', 's6']);
    assert.equal(serversOf(model, 'be_app')[0]?.id, 'ep:lab/be:be_app/srv:s1');
    assert.equal(model.backend('be_app')?.id, 'ep:lab/be:be_app');
  });

  it('classifies each status with its own icon, color and context value', () => {
    const look = (name: string) => {
      const node = serversOf(model, 'be_app').find((s) => s.name === name)!;
      return [node.presentation.contextValue, node.presentation.icon, node.presentation.color];
    };
    assert.deepEqual(look('s1'), ['server.up', 'pass-filled', 'charts.green']);
    assert.deepEqual(look('s3'), ['server.down', 'error', 'charts.red']);
    assert.deepEqual(look('s4'), ['server.no-check', 'circle-large-outline', 'charts.green']);
    assert.deepEqual(look('s5'), ['server.maint', 'tools', 'charts.purple']);
    const contexts = new Set(serversOf(model, 'be_app').map((s) => s.presentation.icon));
    assert.equal(contexts.size, 4, 'up, down, no check and maint look different');
  });

  it('describes a server by address, HAProxy status words, weight and sessions', () => {
    const s1 = serversOf(model, 'be_app')[0]!;
    assert.equal(s1.presentation.description, `UP · w 10 · 0 sess · 127.0.0.1:${backends.ports[0]}`);
    const s6 = serversOf(model, 'be_app')[5]!;
    assert.match(s6.presentation.description, / · backup · 127\.0\.0\.1:\d+$/);
    const tooltip = tooltipOf(s1);
    assert.match(tooltip, /\| Last check \| L7OK 200 in \d+ ms/);
    assert.match(tooltip, /\| Weight \| 10 \|/);
  });

  it('flags a backend with no usable server, not a healthy one', () => {
    const dead = model.backend('be_dead')!;
    assert.equal(dead.presentation.warning, true);
    assert.equal(dead.presentation.icon, 'warning');
    assert.match(dead.presentation.description, /^0\/1 up/);
    assert.match(tooltipOf(dead), /no server takes traffic/);
    const app = model.backend('be_app')!;
    assert.equal(app.presentation.warning, false);
    // s1, s2 and the backup s6 are UP, s4 runs without check; s3 is DOWN, s5 in MAINT.
    assert.match(app.presentation.description, /^4\/6 up · 0 sess/);
    const [, backendsGroup] = model.children() as GroupNode[];
    assert.equal(backendsGroup?.presentation.description, '2 · 1 need attention');
  });

  it('a refresh without change reports no server and keeps the same node objects', async () => {
    const before = serversOf(model, 'be_app');
    const changes = model.applySnapshot(await snapshot());
    assert.deepEqual(changedServers(changes.changed), []);
    assert.equal(changes.endpointChanged, false);
    serversOf(model, 'be_app').forEach((node, i) => assert.equal(node, before[i], `${node.name} is the same object`));
  });

  it('draining a server reports exactly that server (highlighted) and its backend, then clears the highlight', async () => {
    await endpoint.setServerState('be_app', 's2', 'drain');
    const drained = await until('s2 in DRAIN', snapshot, (s) => s.servers.some((x) => x.name === 's2' && x.status === 'drain'));
    const changes = model.applySnapshot(drained);
    assert.deepEqual(changedServers(changes.changed), ['be_app/s2']);
    const s2 = serversOf(model, 'be_app')[1]!;
    assert.equal(s2.presentation.contextValue, 'server.drain');
    assert.equal(s2.server.adminState, 'drain');
    assert.equal(s2.highlighted, true);
    assert.ok(changes.changed.includes(model.backend('be_app')!), 'be_app usable count changed');
    assert.match(model.backend('be_app')!.presentation.description, /^3\/6 up/);

    const next = model.applySnapshot(await snapshot());
    assert.deepEqual(changedServers(next.changed), ['be_app/s2'], 'redrawn once more to drop the marker');
    assert.equal(s2.highlighted, false);
    await endpoint.setServerState('be_app', 's2', 'ready');
  });

  it('a weight change shows in the description', async () => {
    await endpoint.setWeight('be_app', 's1', '50%');
    const changed = await until('s1 weight 5', snapshot, (s) => s.servers.some((x) => x.name === 's1' && x.weight === 5));
    const changes = model.applySnapshot(changed);
    assert.ok(changedServers(changes.changed).includes('be_app/s1'));
    assert.match(serversOf(model, 'be_app')[0]!.presentation.description, / · w 5 · /);
    await endpoint.setWeight('be_app', 's1', 10);
  });

  it('a backend losing its last usable server turns into a warning, and its group row counts it', async () => {
    const usable = ['s1', 's2', 's4', 's6'];
    for (const name of usable) await endpoint.setServerState('be_app', name, 'maint');
    const changes = model.applySnapshot(await until('be_app without usable server', snapshot, (s) => s.servers.filter((x) => x.backend === 'be_app' && x.status === 'maint').length === 5));
    const [, backendsGroup] = model.children() as GroupNode[];
    assert.ok(changes.changed.includes(backendsGroup!), 'the Backends group row is redrawn');
    assert.equal(backendsGroup!.presentation.description, '2 · 2 need attention');
    assert.equal(model.backend('be_app')!.presentation.icon, 'warning');
    for (const name of usable) await endpoint.setServerState('be_app', name, 'ready');
    model.applySnapshot(await until('be_app usable again', snapshot, (s) => s.servers.filter((x) => x.backend === 'be_app' && x.status === 'up').length >= 3));
    assert.equal(backendsGroup!.presentation.description, '2 · 1 need attention');
  });

  it('a server added or deleted at run time changes its backend\'s children only', async () => {
    await endpoint.addServer('be_app', 's7', '127.0.0.1', backends.ports[0]!);
    const withS7 = model.applySnapshot(await snapshot());
    const app = model.backend('be_app')!;
    assert.ok(withS7.changed.includes(app), 'be_app is redrawn with its new child');
    assert.equal(app.servers.at(-1)?.name, 's7');
    assert.equal(app.servers.at(-1)?.presentation.contextValue, 'server.maint', 'added servers start in maintenance');
    const [frontendsGroup, backendsGroup] = model.children();
    assert.ok(!withS7.changed.includes(backendsGroup!) && !withS7.changed.includes(frontendsGroup!), 'the lists of proxies did not change');
    assert.match(model.node.presentation.description, /^4\/8 servers up$/, 'the endpoint row counts the new server (in maintenance: not up)');

    await endpoint.deleteServer('be_app', 's7');
    const without = model.applySnapshot(await snapshot());
    assert.ok(without.changed.includes(app));
    assert.deepEqual(app.servers.map((s) => s.name), ['s1', 's2', 's3', 's4', 's5', 's6']);
  });

  it('an unreachable endpoint shows one error node with the network\'s message, and recovers', async () => {
    const gone = new RuntimeEndpoint({ target: `${haproxy.adminSocket}.missing` });
    const failure = await gone.snapshot().then(
      () => assert.fail('a missing socket must not answer'),
      (error: unknown) => errorMessage(error),
    );
    assert.match(failure, /ENOENT.*no such socket/);
    const broken = new EndpointModel('gone', 'x');
    const first = broken.applyError(failure);
    assert.equal(first.endpointChanged, true);
    const [errorNode] = broken.children();
    assert.equal(errorNode?.kind, 'error');
    assert.equal(errorNode?.presentation.label, failure);
    assert.equal(broken.applyError(failure).changed.length, 0, 'the same failure again changes nothing');

    const recovered = broken.applySnapshot(await snapshot());
    assert.equal(recovered.endpointChanged, true);
    assert.deepEqual(broken.children().map((n) => n.kind), ['group', 'group']);
    assert.equal(broken.error, undefined);
    await gone.dispose();
  });
});

describe('servers tree model with 10,000 servers (real HAProxy)', () => {
  let haproxy: HaproxyInstance;
  let backends: Backends;
  let endpoint: RuntimeEndpoint;

  before(async () => {
    backends = await startBackends(1);
    haproxy = await startHaproxy(
      (ctx) => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
backend be_big
    server-template s 1-10000 127.0.0.1:${ctx.backendPorts[0]}
`,
      { backendPorts: backends.ports, timeoutMs: 30_000 },
    );
    endpoint = new RuntimeEndpoint({ target: haproxy.adminSocket });
  });

  after(async () => {
    await endpoint?.dispose();
    await haproxy?.stop();
    await backends?.stop();
  });

  it('one drained server among 10,000 is the only server node reported', async () => {
    const model = new EndpointModel('big', haproxy.adminSocket);
    model.applySnapshot(await endpoint.snapshot());
    const big = model.backend('be_big') as BackendNode;
    assert.equal(big.servers.length, 10_000);
    assert.match(big.presentation.description, /^10000\/10000 up/);
    await endpoint.setServerState('be_big', 's5000', 'drain');
    const changes = model.applySnapshot(await endpoint.snapshot());
    assert.deepEqual(changedServers(changes.changed), ['be_big/s5000']);
    assert.match(big.presentation.description, /^9999\/10000 up/);
  });
});
