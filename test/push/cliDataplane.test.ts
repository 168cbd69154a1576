// `haproxy-workbench status|server ... --dataplane URL --user U` (password from
// HAPROXY_DATAPLANE_PASSWORD): the bundled CLI against the Data Plane test server and a real
// HAProxy. Needs `npm run build` (dist/cli.js).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startLab, password, user, type Lab } from '../dataplane/fixture';

const cliPath = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('CLI over the Data Plane API', () => {
  let lab: Lab;
  let dataplane: string[];
  const env = { HAPROXY_DATAPLANE_PASSWORD: password };
  before(async () => {
    lab = await startLab();
    dataplane = ['--dataplane', lab.server.url, '--user', user];
  });
  after(() => lab?.stop());

  test('status lists the servers HAProxy runs', async () => {
    const run = await runCli(['status', ...dataplane, '--format', 'json'], env);
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as Array<{ proxy: string; server: string; weight: number | null }>;
    assert.deepEqual(rows.filter((r) => r.proxy === 'be_app' && r.server !== '').map((r) => [r.server, r.weight]), [['s1', 10], ['s2', 10]]);
  });

  test('server weight and drain go through the API to HAProxy', async () => {
    let run = await runCli(['server', 'weight', 'be_app/s1', '40', ...dataplane], env);
    assert.deepEqual([run.code, run.stdout], [0, 'be_app/s1: weight 40\n'], run.stderr);
    run = await runCli(['server', 'drain', 'be_app/s2', ...dataplane], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(await lab.admin('get weight be_app/s1'), /^40 /);
    assert.match(await lab.admin('show servers state be_app'), /\bs2 \S+ \d+ 8 /, 's2 has the forced-drain admin bit (8)');
  });

  test('a wrong password exits 1 with the API\'s reason; a missing one is a usage error', async () => {
    let run = await runCli(['status', ...dataplane], { HAPROXY_DATAPLANE_PASSWORD: 'wrong' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /401 unauthorized/);
    run = await runCli(['status', ...dataplane], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /HAPROXY_DATAPLANE_PASSWORD/);
  });
});
