// The bundled CLI (`node dist/cli.js`, built by `npm run build`) against the real HAProxy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RuntimeClient } from '../../client/src/haproxy/runtime';
import { startLab, type Lab } from './lab';

const repoRoot = resolve(__dirname, '../../..');
const cliPath = join(repoRoot, 'dist', 'cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

describe('haproxy-workbench status / server (dist/cli.js)', () => {
  let lab: Lab;
  let client: RuntimeClient;
  let socket: string[];
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  before(async () => {
    assert.ok(existsSync(cliPath), `${cliPath} is missing: run "npm run build" first`);
    lab = await startLab((fn) => cleanups.push(fn));
    client = new RuntimeClient({ target: lab.haproxy.adminSocket });
    socket = ['--socket', lab.haproxy.adminSocket];
  });

  it('status --format json: every row, server empty for FRONTEND/BACKEND', async () => {
    const run = await runCli(['status', ...socket, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    const stat = await client.showStat();
    assert.equal(rows.length, stat.filter((r) => r.type !== 'listener').length);
    assert.deepEqual(Object.keys(rows[0] ?? {}), ['proxy', 'server', 'status', 'weight', 'sessions', 'checkStatus']);
    assert.deepEqual(rows[0], { proxy: 'fe_main', server: '', status: 'OPEN', weight: null, sessions: 0, checkStatus: null });
    const s2 = rows.find((r) => r.proxy === 'be_app' && r.server === 's2');
    assert.equal(s2?.weight, 50);
    assert.equal(rows.find((r) => r.proxy === 'be_nocheck' && r.server === 'n1')?.status, 'no check');
    const backendRow = rows.findIndex((r) => r.proxy === 'be_app' && r.server === '');
    assert.ok(backendRow > rows.findIndex((r) => r.server === 's3'), 'servers come before their BACKEND row');
  });

  it('status text over --tcp', async () => {
    const run = await runCli(['status', '--tcp', `127.0.0.1:${lab.tcpStatsPort}`]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^PROXY\s+SERVER\s+STATUS\s+WEIGHT\s+SESSIONS\s+CHECK$/);
    assert.ok(lines.some((line) => /^fe_main\s+FRONTEND\s+OPEN/.test(line)));
    assert.ok(lines.some((line) => /^be_static\s+a1\s+no check\s+1\s+0$/.test(line)), run.stdout);
  });

  it('status over the master CLI', async () => {
    const run = await runCli(['status', '--master', lab.haproxy.masterSocket, '--format=json']);
    assert.equal(run.code, 0, run.stderr);
    assert.ok((JSON.parse(run.stdout) as unknown[]).length > 5);
  });

  it('server drain / maint / ready on several servers, checked in HAProxy', async () => {
    let run = await runCli(['server', 'drain', 'be_app/s1', 'be_app/s2', ...socket]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'be_app/s1: drain\nbe_app/s2: drain\n');
    const states = await client.showServersState('be_app');
    assert.deepEqual(states.filter((s) => s.server !== 's3').map((s) => [s.server, s.adminState]), [['s1', 'drain'], ['s2', 'drain']]);
    run = await runCli(['server', 'maint', 'be_app/s1', ...socket]);
    assert.equal(run.code, 0);
    assert.equal((await client.showServersState('be_app')).find((s) => s.server === 's1')?.adminState, 'maint');
    run = await runCli(['server', 'ready', 'be_app/s1', 'be_app/s2', ...socket]);
    assert.equal(run.code, 0);
    assert.ok((await client.showServersState('be_app')).every((s) => s.adminState === 'ready'));
  });

  it('server weight N and N%', async () => {
    assert.equal((await runCli(['server', 'weight', 'be_app/s2', '20', ...socket])).code, 0);
    assert.deepEqual(await client.getWeight('be_app', 's2'), { current: 20, initial: 50 });
    assert.equal((await runCli(['server', 'weight', 'be_app/s2', '100%', ...socket])).code, 0);
    assert.deepEqual(await client.getWeight('be_app', 's2'), { current: 50, initial: 50 });
  });

  it('server add with options, then del (after maint)', async () => {
    let run = await runCli(['server', 'add', 'be_app/cli1', `127.0.0.1:${lab.backends.ports[0]}`, 'weight', '9', 'check', ...socket]);
    assert.equal(run.code, 0, run.stderr);
    const added = (await client.showServersState('be_app')).find((s) => s.server === 'cli1');
    assert.equal(added?.weight, 9);
    assert.equal(added?.adminState, 'maint');
    assert.equal((await runCli(['server', 'ready', 'be_app/cli1', ...socket])).code, 0);

    run = await runCli(['server', 'del', 'be_app/cli1', ...socket]);
    assert.equal(run.code, 1, 'HAProxy refuses to delete a server not in maint');
    assert.equal(run.stderr, 'Only servers in maintenance mode can be deleted.\n');

    assert.equal((await runCli(['server', 'maint', 'be_app/cli1', ...socket])).code, 0);
    run = await runCli(['server', 'del', 'be_app/cli1', ...socket]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await client.showServersState('be_app')).some((s) => s.server === 'cli1'), false);
  });

  it('HAProxy refusals exit 1 with its message on stderr', async () => {
    let run = await runCli(['server', 'drain', 'nope/s1', ...socket]);
    assert.deepEqual([run.code, run.stderr], [1, 'nope/s1: No such backend.\n']);
    run = await runCli(['server', 'add', 'be_static/x', '127.0.0.1:80', ...socket]);
    assert.deepEqual([run.code, run.stderr], [1, 'Backend must use a dynamic load balancing to support dynamic servers.\n']);
    run = await runCli(['server', 'weight', 'be_app/s1', '5', '--socket', lab.userSocket]);
    assert.deepEqual([run.code, run.stderr], [1, 'Permission denied\n']);
  });

  it('usage errors and refused input exit 2 without touching HAProxy', async () => {
    const cases: string[][] = [
      ['server', 'weight', 'be_app/s1', '300', ...socket],
      ['server', 'weight', 'be_app/s1', '5;shutdown', ...socket],
      ['server', 'drain', 'be_app/s1;x', ...socket],
      ['server', 'add', 'be_app/x', '10.0.0.1', ...socket],
      ['server', 'add', 'be_app/x', '10.0.0.1:80', 'cookie', 'abc', ...socket],
      ['server', 'frob', 'be_app/s1', ...socket],
      ['server', 'drain', 'be_app/s1'],
      ['status', '--socket', lab.haproxy.adminSocket, '--tcp', '127.0.0.1:1'],
      ['status', '--format', 'xml', ...socket],
      ['status', '--bogus', ...socket],
      ['status', '--dataplane', 'http://127.0.0.1:5555'],
    ];
    for (const args of cases) {
      const run = await runCli(args);
      assert.equal(run.code, 2, `${args.join(' ')} -> ${run.code} ${run.stderr}`);
      assert.match(run.stderr, /haproxy-workbench: /);
    }
    assert.deepEqual(await client.getWeight('be_app', 's1'), { current: 1, initial: 1 });
  });

  it('an unreachable socket exits 1 naming it', async () => {
    const run = await runCli(['status', '--socket', '/nonexistent/haproxy.sock']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /cannot connect to \/nonexistent\/haproxy\.sock: ENOENT/);
  });
});
