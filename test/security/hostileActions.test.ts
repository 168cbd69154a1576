// Every server action of the sidebar, with hostile names and values (`;`, newline, CR, NUL,
// spaces, quotes, non-ASCII, very long...), through the real commands: nothing but the view's
// own `show stat` may reach the socket (a fake unix socket that records every byte). Hostile
// names come from two places: what the user types (weights, Add Server) and what an endpoint
// reports (a compromised or buggy endpoint can name its servers anything).
import { recorded, resetRecorded, runCommand } from '../reliability/fakeVscode';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeSocket, type FakeSocket } from '../runtime/fakeSocket';
import { startSidebar, type Sidebar } from '../reliability/sidebarHarness';
import type { BackendNode } from '../../client/src/views/serversModel';

export const HOSTILE: readonly string[] = [
  ';', 'a;b', 's1; shutdown sessions server be_app/s1', 's1;shutdown', 'a\nb', 's1\nshutdown sessions server be_app/s1', 'a\rb', 'a\0b',
  'a b', ' s1', 's1 ', 'a\tb', '"s1"', "'s1'", 'a"b', 'a\\b', '#x', 'é', 'ſ1', '😀', 's1\u202e', '\u00a0', 'x'.repeat(5000), '',
  '$(reboot)', '`id`', '../../etc/passwd', '%n%n', 'be/s', '@!1 shutdown', 'a\u2028b',
];

/** Names an endpoint can put in a `show stat` CSV line (quoted CSV cannot hold a line break). */
const REPORTABLE = HOSTILE.filter((name) => name !== '' && !/[\n\r\u2028]/.test(name));

function csvField(value: string): string {
  return /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A `show stat` reply with a normal backend and servers whose names are hostile. */
function showStat(): string {
  const header = '# pxname,svname,qcur,qmax,scur,smax,slim,stot,status,weight,act,bck,type,\n';
  const row = (proxy: string, name: string, type: number, status = 'UP') => `${csvField(proxy)},${csvField(name)},0,0,0,0,,0,${status},10,1,0,${type},\n`;
  const rows = [row('be_app', 's1', 2), ...REPORTABLE.map((name) => row('be_app', name, 2)), row('be_app', 'BACKEND', 1)];
  for (const [i, name] of REPORTABLE.slice(0, 6).entries()) rows.push(row(name, `h${i}`, 2), row(name, 'BACKEND', 1));
  return header + rows.join('') + '\n';
}

describe('hostile names and values never reach the Runtime API socket', () => {
  let fake: FakeSocket;
  let sidebar: Sidebar;
  /** Every command line that reached the socket since connection `from`, except the view's `show stat` reads. */
  const commandsSent = (from = 0) => fake.received.slice(from).flatMap((text) => text.split('\n')).filter((line) => line !== '' && line !== 'show stat');

  before(async () => {
    fake = await startFakeSocket((socket, received) => {
      if (!received.endsWith('\n')) return;
      socket.end(received === 'show stat\n' ? showStat() : '\n');
    });
    sidebar = await startSidebar([{ name: 'fake', runtimeApi: fake.path }]);
    await sidebar.tree.refresh();
    assert.equal(sidebar.model('fake').error, undefined, sidebar.model('fake').error);
  });
  after(async () => {
    sidebar?.dispose();
    await fake?.close();
  });

  test('actions on servers an endpoint reports with hostile names are refused before sending', async () => {
    const backend = sidebar.model('fake').backend('be_app')!;
    const hostileServers = backend.servers.filter((s) => s.name !== 's1');
    assert.equal(hostileServers.length, REPORTABLE.length, 'every hostile name is in the tree as reported');
    const otherBackends = REPORTABLE.slice(0, 6).map((name, i) => sidebar.model('fake').server(name, `h${i}`)!);
    assert.ok(otherBackends.every(Boolean), 'servers of hostile-named backends are in the tree');
    for (const node of [...hostileServers, ...otherBackends]) {
      for (const [command, ...extra] of [
        ['haproxy.server.drain'], ['haproxy.server.maint'], ['haproxy.server.ready'], ['haproxy.server.setWeight', '5'],
        ['haproxy.server.enableChecks'], ['haproxy.server.disableChecks'], ['haproxy.server.delete'],
      ] as const) {
        resetRecorded();
        await sidebar.action(command, node, ...extra);
        const error = recorded.notifications.find((n) => n.startsWith('error: '));
        assert.match(error ?? '(no error shown)', /invalid (backend|server): /, `${command} on ${JSON.stringify(node.backend)}/${JSON.stringify(node.name.slice(0, 40))}`);
      }
    }
    assert.deepEqual(commandsSent(), [], 'nothing but show stat since the start');
  });

  test('hostile weights typed by the user are refused before sending', async () => {
    const s1 = sidebar.server('fake', 'be_app', 's1');
    const from = fake.connections;
    for (const weight of [...HOSTILE, '1;shutdown', '5\n;shutdown', '50 %', '-1', '257', '1e2', '0x10', '１０', '٥', '10%%', '%', '25601%', 'NaN', 'Infinity', '5.5']) {
      resetRecorded();
      await sidebar.action('haproxy.server.setWeight', s1, weight);
      assert.ok(recorded.notifications.some((n) => /^error: invalid weight: /.test(n)), `weight ${JSON.stringify(weight.slice(0, 40))}: ${recorded.notifications.join(' | ')}`);
    }
    assert.deepEqual(commandsSent(from), []);
    // Blanks around a valid weight are trimmed: what is sent is the clean token only.
    await sidebar.action('haproxy.server.setWeight', s1, ' 7\n');
    assert.deepEqual(commandsSent(from), ['set server be_app/s1 weight 7']);
  });

  test('Add Server with a hostile name, address or options is refused before sending', async () => {
    const from = fake.connections;
    const backend: BackendNode = sidebar.model('fake').backend('be_app')!;
    // ' s1' / 's1 ' trim to the valid host name 's1': checked separately below.
    const trimmedToValid = (value: string) => value.trim() === 's1';
    const requests = [
      ...HOSTILE.map((name) => ({ name, address: '10.0.0.1:80' })),
      ...HOSTILE.map((address) => ({ name: 'new1', address })),
      ...HOSTILE.filter((a) => !trimmedToValid(a)).map((address) => ({ name: 'new1', address: `${address}:80` })),
      ...HOSTILE.map((port) => ({ name: 'new1', address: `10.0.0.1:${port}` })),
      ...HOSTILE.filter((o) => o.trim() !== '').map((options) => ({ name: 'new1', address: '10.0.0.1:80', options })),
      ...HOSTILE.map((value) => ({ name: 'new1', address: '10.0.0.1:80', options: `inter ${value}` })),
      // Path-like tokens ('be/s', '../../etc/passwd') are one harmless word that HAProxy itself judges as a sample expression.
      ...HOSTILE.filter((v) => !/\s/.test(v) && v !== '' && !/^[\w./-]+$/.test(v)).map((value) => ({ name: 'new1', address: '10.0.0.1:80', options: `sni ${value}` })),
      { name: 'new1', address: '10.0.0.1:80', options: 'check\nshutdown sessions server be_app/s1' },
      { name: 'new1', address: '10.0.0.1:80', options: 'weight 1;shutdown' },
      { name: 'new1', address: '[::1]:80;shutdown' },
      { name: 'new1', address: '10.0.0.1:0' },
      { name: 'new1', address: '10.0.0.1:65536' },
    ];
    for (const request of requests) {
      resetRecorded();
      await runCommand('haproxy.backend.addServer', backend, request);
      assert.ok(recorded.notifications.some((n) => n.startsWith('error: Add server to be_app: ')), `${JSON.stringify(request).slice(0, 120)}: ${recorded.notifications.join(' | ')}`);
    }
    // A backend with a hostile name reported by the endpoint: even a valid server is refused.
    for (const name of REPORTABLE.slice(0, 6)) {
      resetRecorded();
      await runCommand('haproxy.backend.addServer', sidebar.model('fake').backend(name)!, { name: 'new1', address: '10.0.0.1:80' });
      assert.ok(recorded.notifications.some((n) => /^error: Add server .*invalid backend: /.test(n)), `backend ${JSON.stringify(name)}: ${recorded.notifications.join(' | ')}`);
    }
    assert.deepEqual(commandsSent(from), []);
    await runCommand('haproxy.backend.addServer', backend, { name: 'new2', address: ' s1:80 ', ready: false });
    assert.deepEqual(commandsSent(from), ['add server be_app/new2 s1:80'], 'a padded address is sent trimmed');
  });

  test('control: valid actions do reach the socket, exactly as built', async () => {
    const from = fake.connections;
    const s1 = sidebar.server('fake', 'be_app', 's1');
    await sidebar.action('haproxy.server.drain', s1);
    await sidebar.action('haproxy.server.setWeight', s1, '50%');
    await runCommand('haproxy.backend.addServer', sidebar.model('fake').backend('be_app')!, { name: 'new1', address: '[2001:db8::1]:8080', options: 'check inter 2s', ready: false });
    assert.deepEqual(commandsSent(from), ['set server be_app/s1 state drain', 'set server be_app/s1 weight 50%', 'add server be_app/new1 [2001:db8::1]:8080 check inter 2s']);
  });
});
