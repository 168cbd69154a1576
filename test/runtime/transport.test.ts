// Transports and framing: TCP stats socket, master CLI forwarding, prompt sessions under
// concurrency, and every way a reply can go wrong (cut off, never ends, too large, HAProxy gone).
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { HaproxyCommandError, parseTarget, PromptSession, RuntimeClient, RuntimeTransportError, sendOnce } from '../../client/src/haproxy/runtime';
import { startHaproxyForTest } from '../harness/haproxy';
import { startFakeSocket } from './fakeSocket';
import { startLab, type Lab } from './lab';

function assertTransport(kind: string | string[]) {
  const kinds = Array.isArray(kind) ? kind : [kind];
  return (error: unknown) => {
    assert.ok(error instanceof RuntimeTransportError, `expected RuntimeTransportError, got ${String(error)}`);
    assert.ok(kinds.includes(error.kind), `kind ${error.kind} not in ${kinds.join(', ')}`);
    return true;
  };
}

test('parseTarget reads HAProxy-style socket specs', () => {
  assert.deepEqual(parseTarget('/run/haproxy/admin.sock'), { kind: 'unix', path: '/run/haproxy/admin.sock' });
  assert.deepEqual(parseTarget('unix@/tmp/a.sock'), { kind: 'unix', path: '/tmp/a.sock' });
  assert.deepEqual(parseTarget('ipv4@127.0.0.1:9999'), { kind: 'tcp', host: '127.0.0.1', port: 9999 });
  assert.deepEqual(parseTarget('127.0.0.1:9999'), { kind: 'tcp', host: '127.0.0.1', port: 9999 });
  assert.deepEqual(parseTarget('[::1]:9999'), { kind: 'tcp', host: '::1', port: 9999 });
  assert.throws(() => parseTarget('localhost'), RuntimeTransportError);
  assert.throws(() => parseTarget('127.0.0.1:70000'), RuntimeTransportError);
});

describe('transports on a real HAProxy', () => {
  let lab: Lab;
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  before(async () => {
    lab = await startLab((fn) => cleanups.push(fn));
  });

  it('TCP transport (stats socket ipv4@127.0.0.1:PORT)', async () => {
    const client = new RuntimeClient({ target: `ipv4@127.0.0.1:${lab.tcpStatsPort}` });
    const info = await client.showInfo();
    assert.equal(info.name, 'HAProxy');
    assert.equal(info.pid, lab.haproxy.workerPid());
    assert.deepEqual(await client.showBackends(), ['be_app', 'be_static', 'be_nocheck', 'be_agent']);
    const prompt = new RuntimeClient({ target: `127.0.0.1:${lab.tcpStatsPort}`, framing: 'prompt' });
    try {
      const [weights, rows] = await Promise.all([prompt.getWeight('be_app', 's2'), prompt.showStat()]);
      assert.deepEqual(weights, { current: 50, initial: 50 });
      assert.ok(rows.some((r) => r.proxy === 'fe_main'));
    } finally {
      await prompt.close();
    }
  });

  it('master socket forwards @1 and @!<pid> to the worker', async () => {
    const relative = new RuntimeClient({ target: lab.haproxy.masterSocket, worker: { relative: 1 } });
    assert.equal((await relative.showInfo()).pid, lab.haproxy.workerPid());
    const byPid = new RuntimeClient({ target: lab.haproxy.masterSocket, worker: { pid: lab.haproxy.workerPid() } });
    await byPid.setWeight('be_app', 's2', 33);
    assert.deepEqual(await relative.getWeight('be_app', 's2'), { current: 33, initial: 50 });
    await byPid.setWeight('be_app', 's2', '100%');
  });

  it('master socket: an unknown worker pid is a typed error', async () => {
    const client = new RuntimeClient({ target: lab.haproxy.masterSocket, worker: { pid: 2147483646 } });
    await assert.rejects(client.showInfo(), (error: unknown) => error instanceof HaproxyCommandError && error.kind === 'no-such-process' && /Can't find the target PID/.test(error.message));
  });

  it('prompt mode: 60 concurrent commands, each gets its own reply', async () => {
    const admin = new RuntimeClient({ target: lab.haproxy.adminSocket });
    await admin.setWeight('be_app', 's1', 11);
    await admin.setWeight('be_app', 's2', 22);
    const client = new RuntimeClient({ target: lab.haproxy.adminSocket, framing: 'prompt' });
    try {
      const jobs = Array.from({ length: 60 }, (_, i) => {
        switch (i % 4) {
          case 0:
            return client.getWeight('be_app', 's1').then((w) => assert.deepEqual(w, { current: 11, initial: 1 }));
          case 1:
            return client.getWeight('be_app', 's2').then((w) => assert.deepEqual(w, { current: 22, initial: 50 }));
          case 2:
            return client.showStat().then((rows) => assert.ok(rows.some((r) => r.proxy === 'be_agent' && r.name === 'BACKEND')));
          default:
            return client.showBackends().then((names) => assert.deepEqual(names, ['be_app', 'be_static', 'be_nocheck', 'be_agent']));
        }
      });
      await Promise.all(jobs);
      // An error reply in the middle does not desynchronise the session.
      await assert.rejects(client.getWeight('be_app', 'nope'), HaproxyCommandError);
      assert.deepEqual(await client.getWeight('be_app', 's1'), { current: 11, initial: 1 });
    } finally {
      await client.close();
      await admin.setWeight('be_app', 's1', '100%');
      await admin.setWeight('be_app', 's2', '100%');
    }
  });

  it('prompt mode over the master CLI with @1', async () => {
    const client = new RuntimeClient({ target: lab.haproxy.masterSocket, framing: 'prompt', worker: { relative: 1 } });
    try {
      const [info, backends] = await Promise.all([client.showInfo(), client.showBackends()]);
      assert.equal(info.pid, lab.haproxy.workerPid());
      assert.equal(backends[0], 'be_app');
    } finally {
      await client.close();
    }
  });
});

test('HAProxy stopped mid-session: the prompt session and one-shot calls fail typed, no hang', async (t) => {
  const haproxy = await startHaproxyForTest(t, 'backend be\n    server s 127.0.0.1:9\n');
  const session = new RuntimeClient({ target: haproxy.adminSocket, framing: 'prompt', replyTimeoutMs: 2000 });
  assert.deepEqual(await session.showBackends(), ['be']);
  await haproxy.stop();
  await assert.rejects(session.showBackends(), assertTransport(['closed', 'connect']));
  await assert.rejects(new RuntimeClient({ target: haproxy.adminSocket }).showInfo(), assertTransport('connect'));
  await session.close();
});

describe('framing failures (fake socket)', () => {
  it('a one-shot reply cut off mid-line is an error, not a short reply', async (t) => {
    const fake = await startFakeSocket((socket) => socket.end('# pxname,svname\nbe,s1,UP'));
    t.after(() => fake.close());
    await assert.rejects(sendOnce({ kind: 'unix', path: fake.path }, 'show stat'), assertTransport('closed'));
  });

  it('a show stat answered by a close with no byte at all says so, not "header missing"', async (t) => {
    const fake = await startFakeSocket((socket) => socket.end());
    t.after(() => fake.close());
    await assert.rejects(new RuntimeClient({ target: fake.path }).showStat(), (error: unknown) => {
      assertTransport('closed')(error);
      assert.match((error as Error).message, /connection closed without any reply to 'show stat'/);
      return true;
    });
  });

  it('a command whose success is an empty line is not taken as done when the connection closes with no byte', async (t) => {
    const fake = await startFakeSocket((socket) => socket.end());
    t.after(() => fake.close());
    await assert.rejects(new RuntimeClient({ target: fake.path }).setWeight('be_app', 's1', 50), (error: unknown) => {
      assertTransport('closed')(error);
      assert.match((error as Error).message, /connection closed without any reply to 'set server be_app\/s1 weight 50'/);
      return true;
    });
  });

  it('a reply that never ends times out', async (t) => {
    const fake = await startFakeSocket((socket) => socket.write('Name: HAProxy\n'));
    t.after(() => fake.close());
    const client = new RuntimeClient({ target: fake.path, replyTimeoutMs: 300 });
    await assert.rejects(client.showInfo(), assertTransport('reply-timeout'));
  });

  it('a prompt reply that never shows the prompt times out; the next command reconnects', async (t) => {
    let mute = true;
    const fake = await startFakeSocket((socket, received) => {
      if (received.endsWith('prompt\n')) socket.write('\n> ');
      else if (received.endsWith('show backend\n')) socket.write(mute ? '# name\nbe\n' : '# name\nbe\n\n> ');
    });
    t.after(() => fake.close());
    const session = new PromptSession({ kind: 'unix', path: fake.path }, { replyTimeoutMs: 300 });
    await assert.rejects(session.send('show backend'), assertTransport('reply-timeout'));
    mute = false;
    assert.equal(await session.send('show backend'), '# name\nbe\n\n');
    assert.equal(fake.connections, 2);
    await session.close();
  });

  it('a prompt session whose idle connection the server closed reconnects for the next command', async (t) => {
    const fake = await startFakeSocket((socket, received) => {
      if (received.endsWith('prompt\n')) socket.write('\n> ');
      else if (received.endsWith('show backend\n')) socket.end('# name\nbe\n\n> '); // answers, then closes (idle timeout)
    });
    t.after(() => fake.close());
    const session = new PromptSession({ kind: 'unix', path: fake.path });
    assert.equal(await session.send('show backend'), '# name\nbe\n\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await session.send('show backend'), '# name\nbe\n\n');
    assert.equal(fake.connections, 2);
    await session.close();
  });

  it('close() lets commands already sent finish and refuses later ones', async (t) => {
    const fake = await startFakeSocket((socket, received) => {
      if (received.endsWith('prompt\n')) socket.write('\n> ');
      else if (received.endsWith('show backend\n')) socket.write('# name\nbe\n\n> ');
    });
    t.after(() => fake.close());
    const session = new PromptSession({ kind: 'unix', path: fake.path });
    const pending = [session.send('show backend'), session.send('show backend'), session.send('show backend')];
    const closing = session.close();
    assert.deepEqual(await Promise.all(pending), ['# name\nbe\n\n', '# name\nbe\n\n', '# name\nbe\n\n']);
    await closing;
    await assert.rejects(session.send('show backend'), assertTransport('closed'));
    assert.match(fake.received[0] ?? '', /quit\n$/);
  });

  it('a prompt session closed mid-reply fails with closed', async (t) => {
    const fake = await startFakeSocket((socket, received) => {
      if (received.endsWith('prompt\n')) socket.write('\n> ');
      else socket.end('# name\nb');
    });
    t.after(() => fake.close());
    const session = new PromptSession({ kind: 'unix', path: fake.path }, { replyTimeoutMs: 2000 });
    await assert.rejects(session.send('show backend'), assertTransport('closed'));
    await session.close();
  });

  it('a reply larger than maxReplyBytes is refused', async (t) => {
    const fake = await startFakeSocket((socket) => socket.end('x'.repeat(200_000) + '\n'));
    t.after(() => fake.close());
    await assert.rejects(sendOnce({ kind: 'unix', path: fake.path }, 'show stat', { maxReplyBytes: 100_000 }), assertTransport('reply-too-large'));
  });

  it('a missing socket is a connect error naming it', async () => {
    await assert.rejects(sendOnce({ kind: 'unix', path: '/nonexistent/hwb.sock' }, 'show info'), (error: unknown) => {
      assert.ok(error instanceof RuntimeTransportError);
      assert.equal(error.kind, 'connect');
      assert.match(error.message, /\/nonexistent\/hwb\.sock: ENOENT/);
      return true;
    });
  });
});
