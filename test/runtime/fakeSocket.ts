// A fake Runtime API on a unix socket: records every byte it receives and answers with a
// scripted behaviour, to test framing failures HAProxy itself will not produce on demand.
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type FakeBehaviour = (socket: Socket, received: string) => void;

export interface FakeSocket {
  path: string;
  /** Every byte received, per connection. */
  received: string[];
  connections: number;
  close(): Promise<void>;
}

export async function startFakeSocket(behaviour: FakeBehaviour): Promise<FakeSocket> {
  const dir = mkdtempSync(join(tmpdir(), 'hwb-fake-'));
  const path = join(dir, 'fake.sock');
  const sockets = new Set<Socket>();
  const fake: FakeSocket = {
    path,
    received: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
  // allowHalfOpen: like HAProxy, keep the write side open after the client half-closes.
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    const index = fake.connections++;
    fake.received[index] = '';
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      fake.received[index] += chunk.toString('utf8');
      behaviour(socket, fake.received[index] as string);
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return fake;
}
