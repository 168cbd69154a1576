// A push pauses while the user reads the plan; the next request must not go out on a kept-alive
// socket the Data Plane API server has closed meanwhile (ECONNRESET). The transport drops idle
// sockets before the server's announced Keep-Alive timeout.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { HttpTransport } from '../../client/src/haproxy/dataplane/http';

test('a request after an idle pause longer than the server keep-alive gets an answer, not ECONNRESET', async (t) => {
  let connections = 0;
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok');
  });
  server.keepAliveTimeout = 2000; // announced as `Keep-Alive: timeout=2`
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const transport = new HttpTransport({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, username: 'u', password: 'p', timeoutMs: 5000 });
  t.after(() => transport.close());

  assert.equal((await transport.request({ method: 'GET', path: '/a' })).text, 'ok');
  assert.equal((await transport.request({ method: 'GET', path: '/b' })).text, 'ok');
  assert.equal(connections, 1, 'back-to-back requests share the kept-alive socket');
  await new Promise((resolve) => setTimeout(resolve, 2300)); // the server has closed its side by now
  assert.equal((await transport.request({ method: 'PUT', path: '/c', body: 'x' })).text, 'ok');
  assert.equal(connections, 2, 'the idle socket was dropped, a new one opened');
});
