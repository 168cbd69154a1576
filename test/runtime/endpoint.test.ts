// RuntimeEndpoint: the API-neutral Endpoint over the Runtime API, against the real HAProxy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoint } from '../../client/src/haproxy/endpoint';
import { HaproxyCommandError, InvalidInputError, RuntimeClient, RuntimeEndpoint } from '../../client/src/haproxy/runtime';
import { eventually, startLab, type Lab } from './lab';

describe('RuntimeEndpoint', () => {
  let lab: Lab;
  let endpoint: Endpoint;
  let client: RuntimeClient;
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    await endpoint?.dispose();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  before(async () => {
    lab = await startLab((fn) => cleanups.push(fn));
    endpoint = new RuntimeEndpoint({ target: lab.haproxy.adminSocket, framing: 'prompt' });
    client = new RuntimeClient({ target: lab.haproxy.adminSocket });
  });

  it('snapshot: proxies and servers with status, weight, sessions, check and counters', async () => {
    await eventually('s1 and s2 checked UP', async () => {
      const servers = (await endpoint.snapshot()).servers.filter((s) => s.backend === 'be_app' && (s.name === 's1' || s.name === 's2'));
      return servers.every((s) => s.status === 'up' && s.check.status === 'L7OK') ? true : undefined;
    });
    for (let i = 0; i < 4; i++) await fetch(`http://127.0.0.1:${lab.frontendPort}/`, { headers: { connection: 'close' } }).then((r) => r.text());
    const snapshot = await endpoint.snapshot();
    assert.ok(snapshot.takenAt instanceof Date);
    assert.equal(endpoint.label, lab.haproxy.adminSocket);

    const frontend = snapshot.proxies.find((p) => p.name === 'fe_main');
    assert.equal(frontend?.kind, 'frontend');
    assert.equal(frontend?.status, 'OPEN');
    assert.ok((frontend?.sessions.total ?? 0) >= 4);
    assert.ok((frontend?.counters.http2xx ?? 0) >= 4);

    const backend = snapshot.proxies.find((p) => p.name === 'be_app' && p.kind === 'backend');
    assert.equal(backend?.status, 'UP');
    assert.equal(backend?.algorithm, 'roundrobin');
    assert.equal(backend?.counters.http5xx, 0);

    const s2 = snapshot.servers.find((s) => s.backend === 'be_app' && s.name === 's2');
    assert.equal(s2?.weight, 50);
    assert.equal(s2?.adminState, 'ready');
    assert.equal(s2?.address, `127.0.0.1:${lab.backends.ports[1]}`);
    assert.equal(s2?.check.code, 200);
    assert.equal(typeof s2?.check.durationMs, 'number');
    assert.ok((s2?.selected ?? 0) >= 1);
    assert.equal(s2?.backup, false);

    const n1 = snapshot.servers.find((s) => s.backend === 'be_nocheck' && s.name === 'n1');
    assert.equal(n1?.status, 'no-check');
    assert.equal(n1?.check.status, undefined);
    assert.equal(n1?.lastSessionSeconds, undefined, 'never used: no last session');
    const s3 = snapshot.servers.find((s) => s.name === 's3');
    assert.equal(s3?.tracks, 'be_app/s2');
    assert.equal(snapshot.servers.some((s) => s.name === 'FRONTEND' || s.name === 'BACKEND'), false);
  });

  it('operations through the Endpoint, verified in HAProxy', async () => {
    await endpoint.setServerState('be_app', 's1', 'drain');
    let s1 = (await endpoint.snapshot()).servers.find((s) => s.name === 's1');
    assert.equal(s1?.status, 'drain');
    assert.equal(s1?.adminState, 'drain');
    await endpoint.setServerState('be_app', 's1', 'maint');
    s1 = (await endpoint.snapshot()).servers.find((s) => s.name === 's1');
    assert.equal(s1?.adminState, 'maint');
    await endpoint.setServerState('be_app', 's1', 'ready');

    await endpoint.setWeight('be_app', 's2', '20%');
    assert.deepEqual(await client.getWeight('be_app', 's2'), { current: 10, initial: 50 });
    await endpoint.setWeight('be_app', 's2', 50);

    await endpoint.setHealthChecks('be_app', 's1', false);
    assert.equal((await client.showServersState('be_app')).find((s) => s.server === 's1')?.checksEnabled, false);
    await endpoint.setHealthChecks('be_app', 's1', true);

    await endpoint.addServer('be_app', 'web9', '127.0.0.1', lab.backends.ports[0] as number, { options: [{ keyword: 'weight', value: 3 }] });
    const added = (await endpoint.snapshot()).servers.find((s) => s.name === 'web9');
    assert.equal(added?.adminState, 'maint');
    assert.equal(added?.weight, 3);
    await endpoint.deleteServer('be_app', 'web9');
    assert.equal((await endpoint.snapshot()).servers.some((s) => s.name === 'web9'), false);
  });

  it('errors keep their types through the Endpoint', async () => {
    await assert.rejects(endpoint.setWeight('be_app', 's1', 999), InvalidInputError);
    await assert.rejects(endpoint.deleteServer('be_app', 's1'), (error: unknown) => error instanceof HaproxyCommandError && error.kind === 'not-in-maintenance');
    await assert.rejects(endpoint.setServerState('ghost', 's1', 'maint'), (error: unknown) => error instanceof HaproxyCommandError && error.kind === 'no-such-backend');
  });
});
