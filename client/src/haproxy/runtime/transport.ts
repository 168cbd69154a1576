// Talking to a Runtime API socket without ever confusing two replies:
// - `sendOnce`: one command per connection; the reply is everything until HAProxy closes.
// - `PromptSession`: one kept-open connection in interactive (`prompt`) mode; each reply ends
//   with the prompt, and callers are queued so replies never interleave.
import { connect, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { RuntimeTransportError } from './errors';

export type RuntimeTarget = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

export interface TransportOptions {
  /** Time allowed to establish the connection (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Time allowed for the whole reply once the command is sent (default 10000 ms). */
  replyTimeoutMs?: number;
  /** Larger replies are refused (default 64 MiB; `show stat` of 10,000 servers is about 5 MiB). */
  maxReplyBytes?: number;
}

const defaults = { connectTimeoutMs: 3000, replyTimeoutMs: 10_000, maxReplyBytes: 64 * 1024 * 1024 };

/** Defaults for every option left out or passed as `undefined`. */
function withDefaults(options: TransportOptions): Required<TransportOptions> {
  return {
    connectTimeoutMs: options.connectTimeoutMs ?? defaults.connectTimeoutMs,
    replyTimeoutMs: options.replyTimeoutMs ?? defaults.replyTimeoutMs,
    maxReplyBytes: options.maxReplyBytes ?? defaults.maxReplyBytes,
  };
}

/**
 * Reads a socket spec as HAProxy writes them: `/run/haproxy.sock`, `unix:/path`, `unix@/path`,
 * `127.0.0.1:9999`, `ipv4@127.0.0.1:9999`, `tcp:host:port`, `[::1]:9999`, `ipv6@::1:9999`.
 */
export function parseTarget(spec: string): RuntimeTarget {
  const text = spec.trim();
  const unix = /^(?:unix[:@])?(\/.*|\.{1,2}\/.*)$/.exec(text);
  if (unix) return { kind: 'unix', path: unix[1] as string };
  const tcp = /^(?:tcp:|ipv4@|ipv6@)?(?:\[([^\]]+)\]|([^\s\[\]]+)):(\d{1,5})$/.exec(text);
  if (tcp) {
    const port = Number(tcp[3]);
    if (port >= 1 && port <= 65535) return { kind: 'tcp', host: (tcp[1] ?? tcp[2]) as string, port };
  }
  throw new RuntimeTransportError('connect', `'${spec}' is neither a unix socket path (/path) nor HOST:PORT`);
}

export function describeTarget(target: RuntimeTarget): string {
  return target.kind === 'unix' ? target.path : `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}

function open(target: RuntimeTarget, connectTimeoutMs: number, command: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = target.kind === 'unix' ? connect(target.path) : connect(target.port, target.host);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new RuntimeTransportError('connect-timeout', `no connection to ${describeTarget(target)} within ${connectTimeoutMs} ms`, command));
    }, connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new RuntimeTransportError('connect', `cannot connect to ${describeTarget(target)}: ${error.code ?? error.message}`, command, error));
    });
  });
}

/** Sends one command line on a fresh connection and returns the reply (everything until close). */
export async function sendOnce(target: RuntimeTarget, line: string, options: TransportOptions = {}): Promise<string> {
  const parts: string[] = [];
  await streamOnce(target, line, (text) => parts.push(text), options);
  return parts.join('');
}

/**
 * Like sendOnce, but hands the reply over piece by piece (UTF-8 safe) as it arrives, so a
 * caller can parse a large `show stat` while HAProxy is still writing it. Resolves once the
 * complete reply has been delivered.
 */
export async function streamOnce(target: RuntimeTarget, line: string, onText: (text: string) => void, options: TransportOptions = {}): Promise<void> {
  const { connectTimeoutMs, replyTimeoutMs, maxReplyBytes } = withDefaults(options);
  const socket = await open(target, connectTimeoutMs, line);
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let size = 0;
    let lastByte = -1;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      if (!error) {
        // Every HAProxy reply, even a command's empty success, ends with a newline: no byte at all
        // means whatever sits behind the socket (a dying HAProxy, a proxy) closed without answering,
        // and anything not ending in a newline was cut off mid-stream.
        if (size === 0) error = new RuntimeTransportError('closed', `connection closed without any reply to '${line}'`, line);
        else if (lastByte !== 0x0a) error = new RuntimeTransportError('closed', `reply to '${line}' was cut off after ${size} bytes`, line);
        else error = deliver(decoder.end());
      }
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    /** Hands text to the consumer; a consumer that throws (e.g. a parser) ends the exchange. */
    const deliver = (text: string): unknown => {
      if (text === '') return undefined;
      try {
        onText(text);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    const timer = setTimeout(
      () => finish(new RuntimeTransportError('reply-timeout', `no complete reply to '${line}' within ${replyTimeoutMs} ms`, line)),
      replyTimeoutMs,
    );
    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxReplyBytes) {
        return finish(new RuntimeTransportError('reply-too-large', `reply to '${line}' exceeds ${maxReplyBytes} bytes`, line));
      }
      lastByte = chunk[chunk.length - 1] ?? lastByte;
      const failed = deliver(decoder.write(chunk));
      if (failed) finish(failed);
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(new RuntimeTransportError('closed', `connection lost during '${line}': ${error.code ?? error.message}`, line, error)),
    );
    socket.on('close', () => finish());
    // Half-close after the command: the master CLI only answers a forwarded (`@1 ...`)
    // non-interactive command once it sees the end of input.
    socket.end(line + '\n');
  });
}

/** The interactive prompt: `> ` on a worker, `master> ` (or `<pid>> `) on the master CLI, at a line start. */
const promptAtEnd = /\n(?:master|\d+)?> $/;
const promptOnly = /^(?:master|\d+)?> $/;

/**
 * A kept-open connection in interactive mode. Commands are queued: each waits for the previous
 * reply's prompt before it is written. After a timeout or a lost connection the socket is
 * dropped (its framing can no longer be trusted) and the next command reconnects.
 */
export class PromptSession {
  private socket?: Socket;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly options: Required<TransportOptions>;

  constructor(
    private readonly target: RuntimeTarget,
    options: TransportOptions = {},
  ) {
    this.options = withDefaults(options);
  }

  send(line: string): Promise<string> {
    if (this.closed) return Promise.reject(new RuntimeTransportError('closed', 'the session is closed', line));
    const run = this.queue.then(() => this.exchange(line));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Sends `quit` and closes; commands sent before still complete first, later ones are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const socket = this.socket;
    this.socket = undefined;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end('quit\n');
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 1000).unref();
      });
    }
  }

  private async exchange(line: string): Promise<string> {
    let socket = this.socket;
    if (!socket || socket.destroyed || socket.readableEnded) {
      socket = await this.connect(line);
      await this.readReply(socket, 'prompt');
    }
    socket.ref();
    try {
      return await this.readReply(socket, line);
    } finally {
      // An idle session must not keep the Node process alive (a CLI that forgot close()).
      socket.unref();
    }
  }

  private async connect(line: string): Promise<Socket> {
    const socket = await open(this.target, this.options.connectTimeoutMs, line);
    // HAProxy closes idle CLI connections (`stats timeout`, 10 s by default): forget such a
    // socket so the next command reconnects, and never let an idle-time error go unhandled.
    const forget = () => {
      if (this.socket === socket) this.socket = undefined;
    };
    socket.on('end', forget);
    socket.on('close', forget);
    socket.on('error', forget);
    this.socket = socket;
    return socket;
  }

  private readReply(socket: Socket, line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tail = '';
      const cleanup = () => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onClose);
        socket.off('error', onError);
      };
      const fail = (error: Error) => {
        cleanup();
        socket.destroy();
        if (this.socket === socket) this.socket = undefined;
        reject(error);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.options.maxReplyBytes) {
          return fail(new RuntimeTransportError('reply-too-large', `reply to '${line}' exceeds ${this.options.maxReplyBytes} bytes`, line));
        }
        chunks.push(chunk);
        // Only the last bytes matter for the prompt; avoids rescanning megabytes of `show stat`.
        tail = (tail + chunk.toString('latin1')).slice(-16);
        const ended = size === tail.length ? promptOnly.test(tail) || promptAtEnd.test(tail) : promptAtEnd.test(tail);
        if (ended) {
          cleanup();
          const text = Buffer.concat(chunks).toString('utf8');
          resolve(text.slice(0, text.lastIndexOf('\n') + 1));
        }
      };
      const onClose = () => fail(new RuntimeTransportError('closed', `connection closed before the reply to '${line}' ended`, line));
      const onError = (error: NodeJS.ErrnoException) =>
        fail(new RuntimeTransportError('closed', `connection lost during '${line}': ${error.code ?? error.message}`, line, error));
      const timer = setTimeout(
        () => fail(new RuntimeTransportError('reply-timeout', `no complete reply to '${line}' within ${this.options.replyTimeoutMs} ms`, line)),
        this.options.replyTimeoutMs,
      );
      socket.on('data', onData);
      socket.once('close', onClose);
      socket.once('error', onError);
      socket.write(line + '\n');
    });
  }
}
