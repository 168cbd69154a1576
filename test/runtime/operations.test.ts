// Every typed operation against the real HAProxy, each checked through HAProxy's own view
// afterwards (`show servers state`, `get weight`, `show stat`), and HAProxy's refusals as
// typed errors with its text verbatim.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyError, expectSuccess, HaproxyCommandError, RuntimeClient, success, type ServerState } from '../../client/src/haproxy/runtime';
import { rawCommand } from '../harness/haproxy';
import { startLab, eventually, type Lab } from './lab';

async function stateOf(client: RuntimeClient, backend: string, server: string): Promise<ServerState> {
  const state = (await client.showServersState(backend)).find((s) => s.server === server);
  assert.ok(state, `${backend}/${server} in show servers state`);
  return state;
}

function assertRefused(kind: string, reply: string | RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof HaproxyCommandError, `expected HaproxyCommandError, got ${String(error)}`);
    assert.equal(error.kind, kind);
    if (typeof reply === 'string') assert.equal(error.message, reply);
    else assert.match(error.message, reply);
    return true;
  };
}

describe('runtime operations on a real HAProxy', () => {
  let lab: Lab;
  let client: RuntimeClient;
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  before(async () => {
    lab = await startLab((fn) => cleanups.push(fn));
    client = new RuntimeClient({ target: lab.haproxy.adminSocket });
  });

  it('set server state drain / maint / ready shows in show servers state and show stat', async () => {
    await client.setServerState('be_app', 's1', 'drain');
    assert.equal((await stateOf(client, 'be_app', 's1')).adminState, 'drain');
    assert.equal((await client.showStat()).find((r) => r.proxy === 'be_app' && r.name === 's1')?.status?.state, 'DRAIN');
    await client.setServerState('be_app', 's1', 'maint');
    const maint = await stateOf(client, 'be_app', 's1');
    assert.equal(maint.adminState, 'maint');
    assert.equal(maint.adminStateMask & 0x01, 0x01);
    await client.setServerState('be_app', 's1', 'ready');
    assert.equal((await stateOf(client, 'be_app', 's1')).adminState, 'ready');
  });

  it('maint on a tracked server shows MAINT (via be_app/s2) on the tracker', async () => {
    await client.setServerState('be_app', 's2', 'maint');
    const s3 = (await client.showStat()).find((r) => r.proxy === 'be_app' && r.name === 's3');
    assert.deepEqual(s3?.status, { text: 'MAINT (via be_app/s2)', state: 'MAINT', via: 'be_app/s2' });
    assert.equal((await stateOf(client, 'be_app', 's3')).adminState, 'maint');
    await client.setServerState('be_app', 's2', 'ready');
  });

  it('set weight absolute and relative, read back with get weight', async () => {
    await client.setWeight('be_app', 's2', 10);
    assert.deepEqual(await client.getWeight('be_app', 's2'), { current: 10, initial: 50 });
    await client.setWeight('be_app', 's2', '50%');
    assert.deepEqual(await client.getWeight('be_app', 's2'), { current: 25, initial: 50 });
    assert.equal((await stateOf(client, 'be_app', 's2')).weight, 25);
    await client.setWeight('be_app', 's2', '100%');
    assert.equal((await client.showStat()).find((r) => r.name === 's2')?.weight, 50);
  });

  it('static-rr accepts only 0 and 100%: HAProxy refusal is typed', async () => {
    await assert.rejects(client.setWeight('be_static', 'a1', 5), assertRefused('invalid-weight', /static/i));
    assert.deepEqual(await client.getWeight('be_static', 'a1'), { current: 1, initial: 1 });
  });

  it('disable / enable health checks change srv_check_state', async () => {
    assert.equal((await stateOf(client, 'be_app', 's1')).checksEnabled, true);
    await client.setHealthChecks('be_app', 's1', false);
    assert.equal((await stateOf(client, 'be_app', 's1')).checksEnabled, false);
    await client.setHealthChecks('be_app', 's1', true);
    assert.equal((await stateOf(client, 'be_app', 's1')).checksEnabled, true);
  });

  it('enable health on a server without check: HAProxy says so', async () => {
    await assert.rejects(client.setHealthChecks('be_nocheck', 'n1', true), assertRefused('check-not-configured', /^Health check was not configured/));
  });

  it('enable agent on a server without agent-check: HAProxy says so', async () => {
    await assert.rejects(client.setAgentChecks('be_app', 's1', true), assertRefused('agent-not-configured', /^Agent was not configured/));
  });

  it('disable / enable agent change srv_agent_state', async () => {
    assert.equal((await stateOf(client, 'be_agent', 'ag1')).agentEnabled, true);
    await client.setAgentChecks('be_agent', 'ag1', false);
    assert.equal((await stateOf(client, 'be_agent', 'ag1')).agentEnabled, false);
    await client.setAgentChecks('be_agent', 'ag1', true);
    assert.equal((await stateOf(client, 'be_agent', 'ag1')).agentEnabled, true);
  });

  it('set server addr + port is reported and visible in show servers state', async () => {
    const report = await client.setServerAddress('be_nocheck', 'n1', '127.0.0.2', 8081);
    assert.match(report, /^IP changed from '127\.0\.0\.1' to '127\.0\.0\.2', port changed from '\d+' to '8081'/);
    const state = await stateOf(client, 'be_nocheck', 'n1');
    assert.equal(state.address, '127.0.0.2');
    assert.equal(state.port, 8081);
    // The same address again is not an error for HAProxy: it reports there is nothing to change.
    assert.match(await client.setServerAddress('be_nocheck', 'n1', '127.0.0.2'), /^no need to change the addr/);
  });

  it('add server (with options), enable it, then delete it from MAINT', async () => {
    await client.addServer({
      backend: 'be_app',
      server: 'dyn1',
      address: '127.0.0.1',
      port: lab.backends.ports[0] as number,
      options: [{ keyword: 'weight', value: 7 }, { keyword: 'check' }, { keyword: 'inter', value: '200ms' }],
    });
    let state = await stateOf(client, 'be_app', 'dyn1');
    assert.equal(state.adminState, 'maint', 'a dynamic server starts in maintenance');
    assert.equal(state.weight, 7);
    assert.equal(state.checksConfigured, true);
    await client.setServerState('be_app', 'dyn1', 'ready');
    await client.setHealthChecks('be_app', 'dyn1', true);
    state = await stateOf(client, 'be_app', 'dyn1');
    assert.equal(state.adminState, 'ready');
    assert.equal(state.checksEnabled, true);

    await assert.rejects(client.deleteServer('be_app', 'dyn1'), assertRefused('not-in-maintenance', 'Only servers in maintenance mode can be deleted.'));
    await client.setServerState('be_app', 'dyn1', 'maint');
    await client.deleteServer('be_app', 'dyn1');
    assert.equal((await client.showServersState('be_app')).some((s) => s.server === 'dyn1'), false);
  });

  it('add server with an IPv6 address', async () => {
    await client.addServer({ backend: 'be_app', server: 'dyn6', address: '::1', port: 8080 });
    const state = await stateOf(client, 'be_app', 'dyn6');
    assert.equal(state.address, '::1');
    assert.equal(state.port, 8080);
    await client.deleteServer('be_app', 'dyn6');
  });

  it('add server refusals: static-rr backend, duplicate name', async () => {
    await assert.rejects(
      client.addServer({ backend: 'be_static', server: 'x', address: '127.0.0.1', port: 1 }),
      assertRefused('not-dynamic-backend', 'Backend must use a dynamic load balancing to support dynamic servers.'),
    );
    await assert.rejects(
      client.addServer({ backend: 'be_app', server: 's1', address: '127.0.0.1', port: 1 }),
      assertRefused('already-exists', 'Already exists a server with the same name in backend.'),
    );
  });

  it('del server of a server other config elements point to: HAProxy refusal kept verbatim', async () => {
    await client.setServerState('be_app', 's2', 'maint');
    await assert.rejects(client.deleteServer('be_app', 's2'), assertRefused('server-in-use', /cannot be removed at runtime/));
    await client.setServerState('be_app', 's2', 'ready');
  });

  it('unknown backend / server are typed errors', async () => {
    await assert.rejects(client.setServerState('nope', 's1', 'maint'), assertRefused('no-such-backend', 'No such backend.'));
    await assert.rejects(client.setServerState('be_app', 'nope', 'maint'), assertRefused('no-such-server', 'No such server.'));
    await assert.rejects(client.getWeight('be_app', 'nope'), assertRefused('no-such-server', 'No such server.'));
    await assert.rejects(client.showServersState('nope'), assertRefused('no-such-backend', "Can't find backend."));
    await assert.rejects(client.deleteServer('be_app', 'nope'), assertRefused('no-such-server', 'No such server.'));
  });

  it("HAProxy's own weight refusal (bypassing our validation via execute) is typed invalid-weight", async () => {
    const reply = await client.execute(['set', 'server', 'be_app/s1', 'weight', '300']);
    assert.equal(reply.trim(), 'Absolute weight can only be between 0 and 256 inclusive.');
    await assert.rejects(client.setWeight('be_app', 's1', 300), (error: Error) => error.name === 'InvalidInputError');
    assert.equal(classifyError(reply), 'invalid-weight');
    assert.equal(classifyError(await client.execute(['set', 'server', 'be_app/s1', 'weight', 'x1'])), 'invalid-weight');
  });

  it('an unknown command is typed unknown-command', async () => {
    await assert.rejects(
      (async () => {
        expectSuccess('frobnicate', await client.execute(['frobnicate']), success.empty);
      })(),
      assertRefused('unknown-command', /^Unknown command, but maybe one of the following ones is a better match:/),
    );
  });

  it('clear counters resets max values; clear counters all resets totals', async () => {
    for (let i = 0; i < 3; i++) await fetch(`http://127.0.0.1:${lab.frontendPort}/`).then((r) => r.text());
    const before = (await client.showStat()).find((r) => r.proxy === 'fe_main' && r.name === 'FRONTEND');
    assert.ok((before?.http.requestTotal ?? 0) >= 3);
    assert.ok((before?.sessions.total ?? 0) >= 1);
    await client.clearCounters(true);
    const cleared = (await client.showStat()).find((r) => r.proxy === 'fe_main' && r.name === 'FRONTEND');
    assert.equal(cleared?.http.requestTotal, 0);
    assert.equal(cleared?.sessions.total, 0);
    await client.clearCounters();
  });

  it('a socket at level user refuses changes with Permission denied, typed', async () => {
    const user = new RuntimeClient({ target: lab.userSocket });
    await assert.rejects(user.setServerState('be_app', 's1', 'maint'), assertRefused('permission-denied', 'Permission denied'));
    await assert.rejects(user.setWeight('be_app', 's1', 1), assertRefused('permission-denied', 'Permission denied'));
    assert.equal((await stateOf(client, 'be_app', 's1')).adminState, 'ready');
    assert.ok((await user.showStat()).length > 0, 'reads still work at level user');
  });

  it('health transitions seen through show stat: a failing backend goes DOWN, then UP again', async () => {
    lab.backends.backends[0]?.setHealthy(false);
    const down = await eventually('s1 DOWN', async () => {
      const row = (await client.showStat()).find((r) => r.proxy === 'be_app' && r.name === 's1');
      return row?.status?.state === 'DOWN' ? row : undefined;
    });
    assert.equal(down.check.status, 'L7STS');
    assert.equal(down.check.code, 503);
    lab.backends.backends[0]?.setHealthy(true);
    const up = await eventually('s1 UP', async () => {
      const row = (await client.showStat()).find((r) => r.proxy === 'be_app' && r.name === 's1');
      return row?.status?.state === 'UP' ? row : undefined;
    });
    assert.equal(up.check.status, 'L7OK');
    assert.equal(up.check.code, 200);
  });

  it('a server added at run time is gone after a reload', async () => {
    await client.addServer({ backend: 'be_app', server: 'ephemeral', address: '127.0.0.1', port: 9 });
    assert.ok((await client.showServersState('be_app')).some((s) => s.server === 'ephemeral'));
    await lab.haproxy.reload();
    assert.match(await rawCommand(lab.haproxy.adminSocket, 'show info'), new RegExp(`^Pid: ${lab.haproxy.workerPid()}$`, 'm'));
    assert.equal((await client.showServersState('be_app')).some((s) => s.server === 'ephemeral'), false);
  });
});
