// Parsers: header-driven, numbers as numbers, empty as undefined; checked on HAProxy's real
// output (statuses, SSL certificates, captured errors) and on edge cases it can print.
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import {
  HaproxyCommandError,
  parseServersState,
  parseShowErrors,
  parseShowStat,
  parseSslCertList,
  parseStatus,
  ReplyParseError,
  RuntimeClient,
  ShowStatParser,
  splitCsvLine,
} from '../../client/src/haproxy/runtime';
import { startFakeSocket } from './fakeSocket';
import { startBackends } from '../harness/backends';
import { startHaproxyForTest } from '../harness/haproxy';
import { eventually } from './lab';

describe('status words', () => {
  it('splits state, transition, via and reason', () => {
    assert.deepEqual(parseStatus('UP'), { text: 'UP', state: 'UP' });
    assert.deepEqual(parseStatus('UP 1/3'), { text: 'UP 1/3', state: 'UP', transition: { step: 1, of: 3 } });
    assert.deepEqual(parseStatus('DOWN 1/2'), { text: 'DOWN 1/2', state: 'DOWN', transition: { step: 1, of: 2 } });
    assert.deepEqual(parseStatus('NOLB'), { text: 'NOLB', state: 'NOLB' });
    assert.deepEqual(parseStatus('MAINT'), { text: 'MAINT', state: 'MAINT' });
    assert.deepEqual(parseStatus('MAINT (via be/s)'), { text: 'MAINT (via be/s)', state: 'MAINT', via: 'be/s' });
    assert.deepEqual(parseStatus('MAINT (resolution)'), { text: 'MAINT (resolution)', state: 'MAINT', reason: 'resolution' });
    assert.deepEqual(parseStatus('DRAIN'), { text: 'DRAIN', state: 'DRAIN' });
    assert.deepEqual(parseStatus('DRAIN (agent)'), { text: 'DRAIN (agent)', state: 'DRAIN', reason: 'agent' });
    assert.deepEqual(parseStatus('no check'), { text: 'no check', state: 'no check' });
    assert.deepEqual(parseStatus('OPEN'), { text: 'OPEN', state: 'OPEN' });
  });
});

describe('show stat CSV', () => {
  it('finds columns by header name, whatever their position; quoted fields; empty -> undefined', () => {
    const reply = '# svname,pxname,status,scur,check_desc,weight,type,\n' + 's1,be,UP 2/3,7,"Layer7 ""wrong"" status, really",,2,\n' + 'BACKEND,be,UP,7,,10,1,\n\n';
    const [server, backend] = parseShowStat(reply);
    assert.equal(server?.proxy, 'be');
    assert.equal(server?.name, 's1');
    assert.equal(server?.type, 'server');
    assert.deepEqual(server?.status, { text: 'UP 2/3', state: 'UP', transition: { step: 2, of: 3 } });
    assert.equal(server?.sessions.current, 7);
    assert.equal(server?.weight, undefined);
    assert.equal(server?.check.description, 'Layer7 "wrong" status, really');
    assert.equal(server?.field('check_desc'), 'Layer7 "wrong" status, really');
    assert.equal(backend?.type, 'backend');
    assert.equal(backend?.weight, 10);
  });

  it('refuses a reply without its header', () => {
    assert.throws(() => parseShowStat('No such proxy.\n'), ReplyParseError);
    assert.throws(() => parseShowStat('# a,b\n'), ReplyParseError);
  });

  it('splitCsvLine handles doubled quotes and commas', () => {
    assert.deepEqual(splitCsvLine('a,"b,c","d""e",'), ['a', 'b,c', 'd"e', '']);
  });
});

describe('small replies', () => {
  it('show servers state is driven by its header', () => {
    const reply = '1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state srv_port\n3 be 1 s1 10.0.0.1 2 8 50 100 12 6 3 4 6 0 8080\n\n';
    const [state] = parseServersState(reply);
    assert.equal(state?.server, 's1');
    assert.equal(state?.operationalState, 'running');
    assert.equal(state?.adminState, 'drain');
    assert.equal(state?.weight, 50);
    assert.equal(state?.initialWeight, 100);
    assert.equal(state?.port, 8080);
    assert.equal(state?.checksEnabled, true);
    assert.throws(() => parseServersState('2\n# x\n'), ReplyParseError);
  });

  it('show ssl cert list: files and uncommitted transactions', () => {
    assert.deepEqual(parseSslCertList('# transaction\n*test.local.pem\n# filename\ntest.local.pem\nother.pem\n'), {
      transactions: ['test.local.pem'],
      files: ['test.local.pem', 'other.pem'],
    });
  });

  it('show errors with an event from the manual', () => {
    const reply = `Total events captured on [04/Mar/2009:15:47:00.123] : 1

>>> [04/Mar/2009:15:46:56.081] backend http-in (#2) : invalid response
  src 127.0.0.1, session #54, frontend fe-eth0 (#1), server s2 (#1)
  response length 213 bytes, error at position 23:

  00000  HTTP/1.0 200 OK\\r\\n
  00017  header/bizarre:blah\\r\\n
`;
    const summary = parseShowErrors(reply);
    assert.equal(summary.total, 1);
    assert.equal(summary.events[0]?.proxy, 'http-in');
    assert.equal(summary.events[0]?.proxyKind, 'backend');
    assert.equal(summary.events[0]?.proxyId, 2);
    assert.equal(summary.events[0]?.description, 'invalid response');
    assert.deepEqual(summary.events[0]?.details, ['src 127.0.0.1, session #54, frontend fe-eth0 (#1), server s2 (#1)', 'response length 213 bytes, error at position 23:']);
  });
});

test('real HAProxy: UP n/m while going down, DOWN n/m while coming back, no check, OPEN', async (t) => {
  const backends = await startBackends(1);
  t.after(() => backends.stop());
  const haproxy = await startHaproxyForTest(
    t,
    (ctx) => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${ctx.freePorts[0]}
    default_backend be
backend be
    option httpchk GET /health
    server s1 127.0.0.1:${ctx.backendPorts[0]} check inter 150 fall 3 rise 3
    server plain 127.0.0.1:${ctx.backendPorts[0]}
`,
    { backendPorts: backends.ports },
  );
  const client = new RuntimeClient({ target: haproxy.adminSocket });
  const row = async (name: string) => (await client.showStat()).find((r) => r.proxy === 'be' && r.name === name);
  await eventually('s1 UP', async () => ((await row('s1'))?.status?.text === 'UP' ? true : undefined));
  assert.equal((await row('plain'))?.status?.state, 'no check');
  assert.equal((await client.showStat()).find((r) => r.name === 'FRONTEND')?.status?.state, 'OPEN');

  backends.backends[0]?.setHealthy(false);
  const goingDown = await eventually('UP n/3', async () => ((await row('s1'))?.status?.transition ? (await row('s1'))?.status : undefined));
  assert.equal(goingDown.state, 'UP');
  assert.equal(goingDown.transition?.of, 3);
  await eventually('DOWN', async () => ((await row('s1'))?.status?.text === 'DOWN' ? true : undefined));
  backends.backends[0]?.setHealthy(true);
  const goingUp = await eventually('DOWN n/3', async () => ((await row('s1'))?.status?.transition ? (await row('s1'))?.status : undefined));
  assert.equal(goingUp.state, 'DOWN');
  assert.equal(goingUp.transition?.of, 3);
});

test('real HAProxy: show ssl cert (list and one) and show errors with a captured bad request', async (t) => {
  const haproxy = await startHaproxyForTest(t, (ctx) => {
    const pem = join(ctx.dir, 'site.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=test.local',
      '-addext', 'subjectAltName=DNS:test.local,DNS:www.test.local', '-keyout', join(ctx.dir, 'key.pem'), '-out', join(ctx.dir, 'cert.pem')], { stdio: 'ignore' });
    writeFileSync(pem, execFileSync('cat', [join(ctx.dir, 'cert.pem'), join(ctx.dir, 'key.pem')]));
    return `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe_tls
    bind 127.0.0.1:${ctx.freePorts[1]} ssl crt ${pem}
    default_backend be
frontend fe_plain
    bind 127.0.0.1:${ctx.freePorts[0]}
    default_backend be
backend be
    server s1 127.0.0.1:9
`;
  });
  const client = new RuntimeClient({ target: haproxy.adminSocket });
  const list = await client.showSslCerts();
  const pem = join(haproxy.dir, 'site.pem');
  assert.deepEqual(list, { files: [pem], transactions: [] });
  const cert = await client.showSslCert(pem);
  assert.equal(cert.filename, pem);
  assert.equal(cert.status, 'Used');
  assert.match(cert.subject ?? '', /CN\s*=\s*test\.local/);
  assert.deepEqual(cert.subjectAltNames, ['DNS:test.local', 'DNS:www.test.local']);
  assert.ok(cert.notAfter instanceof Date && cert.notAfter.getTime() > Date.now());
  assert.match(cert.sha1Fingerprint ?? '', /^[0-9A-F]{40}$/);

  assert.equal((await client.showErrors()).total, 0);
  await new Promise<void>((resolve) => {
    const socket = connect(haproxy.freePorts[0] as number, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
    socket.on('data', () => socket.destroy());
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  const errors = await eventually('a captured error', async () => {
    const summary = await client.showErrors();
    return summary.total > 0 ? summary : undefined;
  });
  assert.equal(errors.events[0]?.proxy, 'fe_plain');
  assert.equal(errors.events[0]?.proxyKind, 'frontend');
  assert.match(errors.events[0]?.description ?? '', /invalid request/);
  assert.ok(errors.events[0]?.details.some((line) => /src 127\.0\.0\.1/.test(line)), 'detail lines kept');
  assert.ok(errors.events[0]?.details.every((line) => !/^\d{5}/.test(line)), 'hex dump left out');
});

describe('show stat parsed while it streams', () => {
  it('any split of the reply into pieces gives the same rows', () => {
    const reply = '# pxname,svname,status,scur,check_desc,type,\nfe,FRONTEND,OPEN,3,,0,\nbe,s1,"UP 1/3",,"a ""b"", c",2,\nbe,BACKEND,UP,0,,1,\n\n';
    const whole = parseShowStat(reply).map((r) => [r.proxy, r.name, r.type, r.status?.text, r.sessions.current, r.check.description]);
    for (const size of [1, 2, 3, 7, 16, 64]) {
      const parser = new ShowStatParser();
      for (let i = 0; i < reply.length; i += size) parser.push(reply.slice(i, i + size));
      assert.deepEqual(parser.end().map((r) => [r.proxy, r.name, r.type, r.status?.text, r.sessions.current, r.check.description]), whole, `pieces of ${size}`);
    }
  });

  it('an error reply instead of CSV becomes a typed HAProxy error', async (t) => {
    const fake = await startFakeSocket((socket) => socket.end('Permission denied\n\n'));
    t.after(() => fake.close());
    await assert.rejects(new RuntimeClient({ target: fake.path }).showStat(), (error: unknown) => error instanceof HaproxyCommandError && error.kind === 'permission-denied');
  });

  it('parsed statuses are shared and frozen', () => {
    const rows = parseShowStat('# pxname,svname,status,\nbe,a,UP 1/3,\nbe,b,UP 1/3,\n');
    assert.equal(rows[0]?.status, rows[1]?.status);
    assert.ok(Object.isFrozen(rows[0]?.status) && Object.isFrozen(rows[0]?.status?.transition));
  });
});
