// An HTTP proxy in front of the Data Plane API test server that injects faults on matching
// requests: an error status, a connection that never answers, a reset, or a request that is
// forwarded (the server acts on it) whose answer is then lost. Everything else passes through.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { status: number; message?: string }
  | { kind: 'hang' }
  | { kind: 'reset' }
  /** Forwarded to the server (which acts on it), but the answer never reaches the client. */
  | { kind: 'lose-answer' };

export interface FaultRule {
  method?: string;
  path: RegExp;
  fault: Fault;
  /** How many matching requests get the fault (default 1). */
  times?: number;
}

export class FaultProxy {
  private rules: Array<FaultRule & { left: number }> = [];
  private readonly sockets = new Set<Socket>();
  /** Requests that got a fault, as `METHOD path -> fault`. */
  readonly injected: string[] = [];

  private constructor(private readonly server: http.Server, private readonly upstream: URL, readonly url: string) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(upstream: string): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = http.createServer((req, res) => void proxy?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FaultProxy(server, new URL(upstream), `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  async close(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const rule = this.rules.find((r) => r.left > 0 && r.path.test(path) && (!r.method || r.method === req.method));
    if (rule) {
      rule.left--;
      this.injected.push(`${req.method} ${path} -> ${JSON.stringify(rule.fault)}`);
      const fault = rule.fault;
      if ('status' in fault) {
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: fault.status, message: fault.message ?? http.STATUS_CODES[fault.status] }));
        return;
      }
      if (fault.kind === 'hang') return; // keep the connection, answer nothing
      if (fault.kind === 'reset') return void req.socket.destroy();
      await this.forward(req, body); // lose-answer: the server acts, the client hears nothing
      return;
    }
    const answer = await this.forward(req, body).catch(() => undefined);
    if (!answer) return void req.socket.destroy();
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  private forward(req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const target = new URL(req.url ?? '/', this.upstream);
      const headers = { ...req.headers, host: target.host };
      const request = http.request(target, { method: req.method, headers }, (response) => {
        const parts: Buffer[] = [];
        response.on('data', (c: Buffer) => parts.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(parts) }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  }
}
