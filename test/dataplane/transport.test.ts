// Transport behaviour of the Data Plane API client: HTTPS with a self-signed certificate
// (refused by default, accepted with the CA or the explicit flag), timeouts, network errors,
// and bad URLs. The HTTPS server is the spec-validating test server itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DataPlaneClient } from '../../client/src/haproxy/dataplane/client';
import { DataPlaneError, NetworkError, NotFoundError, TimeoutError, TlsError } from '../../client/src/haproxy/dataplane/errors';
import { freePort } from '../harness/haproxy';
import { password, startLab, user, type Lab } from './fixture';

/** A self-signed certificate for 127.0.0.1, made with openssl at test time. */
function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hwb-dpapi-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'pipe', timeout: 30_000 });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Data Plane API client over HTTPS', () => {
  let lab: Lab;
  let tls: { key: string; cert: string };
  before(async () => {
    tls = selfSigned();
    // The default client of the lab must trust the cert to connect at all.
    lab = await startLab({ tls, clientOptions: { ca: tls.cert } });
  });
  after(() => lab?.stop());

  test('the server really is HTTPS', () => {
    assert.match(lab.server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  });

  test('a self-signed certificate is refused by default', async () => {
    const error = await DataPlaneClient.connect({ baseUrl: lab.server.url, username: user, password }).catch((e: unknown) => e);
    assert.ok(error instanceof TlsError, String(error));
    assert.equal(error.kind, 'tls');
    assert.doesNotMatch(error.message, new RegExp(password));
  });

  test('it is accepted when its CA is given', async () => {
    const client = await lab.connect({ ca: tls.cert });
    assert.equal(client.api, 'v3');
    assert.equal(await client.getConfigurationVersion(), await lab.client.getConfigurationVersion());
  });

  test('it is accepted with the explicit acceptSelfSigned flag', async () => {
    const client = await lab.connect({ ca: undefined, acceptSelfSigned: true });
    assert.deepEqual((await client.listRuntimeServers('be_app')).map((s) => s.name), ['s1', 's2']);
  });

  test('another CA does not make it trusted', async () => {
    const other = selfSigned();
    await assert.rejects(DataPlaneClient.connect({ baseUrl: lab.server.url, username: user, password, ca: other.cert }), TlsError);
  });
});

describe('Data Plane API client transport errors', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  before(async () => {
    // Accepts connections and never answers.
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  test('a server that never answers gives a TimeoutError', async () => {
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const error = await DataPlaneClient.connect({ baseUrl: `http://127.0.0.1:${port}`, username: user, password, timeoutMs: 300 }).catch((e: unknown) => e);
    assert.ok(error instanceof TimeoutError, String(error));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /no answer within 300 ms/);
  });

  test('a closed port gives a NetworkError', async () => {
    const port = await freePort();
    const error = await DataPlaneClient.connect({ baseUrl: `http://127.0.0.1:${port}`, username: user, password, timeoutMs: 2000 }).catch((e: unknown) => e);
    assert.ok(error instanceof NetworkError, String(error));
    assert.match(error.message, /ECONNREFUSED/);
  });

  test('a bad URL is refused before any request', async () => {
    await assert.rejects(DataPlaneClient.connect({ baseUrl: 'not a url', username: user, password }), (e: unknown) => e instanceof DataPlaneError && /invalid Data Plane API URL/.test(e.message));
    await assert.rejects(DataPlaneClient.connect({ baseUrl: 'ftp://127.0.0.1', username: user, password }), /must be http:\/\/ or https:\/\//);
  });
});

describe('Data Plane API client: bounded reload wait', () => {
  let lab: Lab;
  before(async () => {
    // Reloads are queued for a minute, so they stay in_progress during the test.
    lab = await startLab({ reloadDelayMs: 60_000 });
  });
  after(() => lab?.stop());

  test('waitForReload gives up with a TimeoutError while the reload is still in progress', async () => {
    const version = await lab.client.getConfigurationVersion();
    const written = await lab.client.backends.create({ name: 'be_later' }, { version });
    assert.equal(written.status, 202);
    const id = written.reloadId ?? '';
    assert.equal((await lab.client.getReload(id)).status, 'in_progress');
    const error = await lab.client.waitForReload(id, { timeoutMs: 300, intervalMs: 50 }).catch((e: unknown) => e);
    assert.ok(error instanceof TimeoutError, String(error));
    assert.match(error.message, /still in_progress after 300 ms/);
  });

  test('an unknown reload id is a NotFoundError', async () => {
    await assert.rejects(lab.client.getReload('2000-01-01-999'), NotFoundError);
  });
});
