// Runtime-only push against a real HAProxy (no Data Plane API): the server-level part of the
// file applied as an ordered batch over the admin socket; a failing step undoes the ones before
// it. HAProxy's own `show servers state` is the judge.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { RuntimeClient } from '../../client/src/haproxy/runtime/client';
import { runRuntimePush } from '../../client/src/push/pushFlow';
import type { RuntimePlan } from '../../client/src/push/applyRuntime';
import { startBackends } from '../harness/backends';
import { rawCommand, startHaproxyForTest, type HaproxyInstance } from '../harness/haproxy';

interface LiveServer {
  weight: number;
  address: string;
  port: number;
  adminState: number;
}

async function serversState(haproxy: HaproxyInstance): Promise<Map<string, LiveServer>> {
  const lines = (await rawCommand(haproxy.adminSocket, 'show servers state')).split('\n');
  const header = (lines[1] ?? '').replace(/^# /, '').split(' ');
  const column = (row: string[], name: string) => row[header.indexOf(name)] ?? '';
  const servers = new Map<string, LiveServer>();
  for (const line of lines.slice(2)) {
    if (line.trim() === '') continue;
    const row = line.split(' ');
    servers.set(`${column(row, 'be_name')}/${column(row, 'srv_name')}`, {
      weight: Number(column(row, 'srv_uweight')),
      address: column(row, 'srv_addr'),
      port: Number(column(row, 'srv_port')),
      adminState: Number(column(row, 'srv_admin_state')),
    });
  }
  return servers;
}

/** A haproxy.cfg whose servers point at the test's backends; `edit` changes the server lines. */
function config(ports: { frontend: number; backends: number[] }, edit: (text: string) => string = (t) => t): string {
  return edit(`defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s

frontend fe_main
    bind 127.0.0.1:${ports.frontend}
    default_backend be_app

backend be_app
    balance roundrobin
    server s1 127.0.0.1:${ports.backends[0]} weight 10
    server s2 127.0.0.1:${ports.backends[1]} weight 10

backend be_static
    balance static-rr
    server st1 127.0.0.1:${ports.backends[0]}

backend be_more
    balance roundrobin
    server m1 127.0.0.1:${ports.backends[1]} weight 10
    server m2 127.0.0.1:${ports.backends[0]} weight 10
`);
}

async function start(t: TestContext): Promise<{ haproxy: HaproxyInstance; client: RuntimeClient; ports: { frontend: number; backends: number[] } }> {
  const backends = await startBackends(2);
  t.after(() => backends.stop());
  const haproxy = await startHaproxyForTest(t, (ctx) => config({ frontend: ctx.freePorts[0] as number, backends: ctx.backendPorts }), { backendPorts: backends.ports });
  const client = new RuntimeClient({ target: haproxy.adminSocket });
  t.after(() => client.close());
  return { haproxy, client, ports: { frontend: haproxy.freePorts[0] as number, backends: backends.ports } };
}

test('runtime push applies weights, states, additions and deletions in one ordered batch', async (t) => {
  const { haproxy, client, ports } = await start(t);
  const local = config(ports, (text) =>
    text
      .replace(/(server s1 \S+) weight 10/, '$1 weight 5')
      .replace(/(server s2 \S+ weight 10)/, '$1 disabled')
      .replace(/(server s2 .*\n)/, `$1    server s3 127.0.0.1:${ports.backends[0]} weight 7 cookie s3\n`)
      .replace(/    server m2 .*\n/, ''),
  );
  let shown: RuntimePlan | undefined;
  const outcome = await runRuntimePush({ localText: local, haproxyVersion: '2.6', client, confirm: (plan) => ((shown = plan), true) });

  assert.equal(outcome.status, 'applied', JSON.stringify(outcome, null, 1));
  assert.deepEqual(shown?.steps.map((s) => s.description), [
    'change weight of s1 in be_app 10 → 5',
    "put s2 in be_app in maintenance ('disabled')",
    `add server s3 127.0.0.1:${ports.backends[0]} to be_app (weight 7)`,
    'set s3 in be_app ready',
    'put m2 in be_more in maintenance before deleting it',
    'delete server m2 from be_more',
  ]);
  assert.deepEqual(shown?.notApplied, [`add s3 in be_app: 'cookie' cannot be set at run time (added without; the file applies them at the next reload)`]);
  assert.match(shown?.warnings.join(' ') ?? '', /vanish at the next reload/);
  const live = await serversState(haproxy);
  assert.equal(live.get('be_app/s1')?.weight, 5);
  assert.equal((live.get('be_app/s2')?.adminState ?? 0) & 0x01, 0x01, 's2 is in forced maintenance');
  assert.deepEqual(live.get('be_app/s3'), { weight: 7, address: '127.0.0.1', port: ports.backends[0], adminState: 0 });
  assert.equal(live.has('be_more/m2'), false);
  assert.equal(live.get('be_more/m1')?.weight, 10);

  const again = await runRuntimePush({ localText: local, haproxyVersion: '2.6', client, confirm: () => assert.fail('nothing left to confirm') });
  assert.equal(again.status, 'nothing-to-do', 'a second push finds HAProxy already matching the file');
});

test('a failing middle step undoes the applied steps in reverse order; HAProxy is back where it was', async (t) => {
  const { haproxy, client, ports } = await start(t);
  const before = await serversState(haproxy);
  const local = config(ports, (text) =>
    text
      .replace(/(server s1 \S+) weight 10/, '$1 weight 20')
      .replace(/(server m1 \S+) weight 10/, '$1 weight 30')
      .replace(/(server st1 .*\n)/, `$1    server st2 127.0.0.1:${ports.backends[1]}\n`)
      .replace(/    server m2 .*\n/, ''),
  );
  const applied: string[] = [];
  const outcome = await runRuntimePush({ localText: local, haproxyVersion: '2.6', client, confirm: () => true, onStep: (step) => void applied.push(step.description) });

  assert.equal(outcome.status, 'failed', JSON.stringify(outcome, null, 1));
  assert.ok(outcome.status === 'failed');
  assert.deepEqual(applied, ['change weight of s1 in be_app 10 → 20', 'change weight of m1 in be_more 10 → 30', `add server st2 127.0.0.1:${ports.backends[1]} to be_static`]);
  assert.equal(outcome.failed.description, `add server st2 127.0.0.1:${ports.backends[1]} to be_static`);
  assert.match(outcome.message, /dynamic load balancing/, "HAProxy's own reply");
  assert.deepEqual(outcome.undone.map((s) => s.description), ['change weight of m1 in be_more 10 → 30', 'change weight of s1 in be_app 10 → 20']);
  assert.deepEqual(outcome.live, []);
  assert.deepEqual(outcome.undoFailures, []);
  assert.deepEqual(await serversState(haproxy), before, 'show servers state is as before the push (m2 was never touched)');
});

test('a server put in maintenance by an operator is left alone, and the plan says so', async (t) => {
  const { client, ports } = await start(t);
  await client.setServerState('be_app', 's2', 'maint');
  const outcome = await runRuntimePush({ localText: config(ports), haproxyVersion: '2.6', client, confirm: () => assert.fail('nothing to confirm') });
  assert.equal(outcome.status, 'nothing-to-do', JSON.stringify(outcome, null, 1));
  assert.ok(outcome.status === 'nothing-to-do');
  assert.deepEqual(outcome.plan.notApplied, ['s2 in be_app is in maintenance set at run time (by an operator or a tracked server): left as it is']);
  assert.equal((await client.showServersState('be_app')).find((s) => s.server === 's2')?.adminState, 'maint');
});
