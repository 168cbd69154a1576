// Minimal HTTP(S) transport over node:http/node:https: Basic auth, custom CA or an explicit
// "accept self-signed" switch, and one timeout covering connect + answer. node:https is used
// (not global fetch) because Node 20's built-in fetch takes no per-request CA without the
// separate undici package.
import * as http from 'node:http';
import * as https from 'node:https';
import { DataPlaneError, TimeoutError, transportError } from './errors';

export interface TransportOptions {
  /** e.g. `https://lb1.example:5555` (no API prefix; `/v3` or `/v2` is added by the client). */
  baseUrl: string;
  username: string;
  /** Given by the caller (e.g. from SecretStorage); never logged nor put in error messages. */
  password: string;
  /** PEM CA certificate(s) to trust for HTTPS, in addition to nothing else. */
  ca?: string | Buffer;
  /** Accept any certificate (self-signed, wrong host). Off by default; for labs only. */
  acceptSelfSigned?: boolean;
  /** Per request, connect to last byte (default 10000 ms). */
  timeoutMs?: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, starting with `/`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Objects are sent as JSON, strings as text/plain. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class HttpTransport {
  private readonly base: URL;
  private readonly authorization: string;
  private readonly agent: http.Agent | https.Agent;
  private readonly timeoutMs: number;

  constructor(options: TransportOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new DataPlaneError(`invalid Data Plane API URL '${options.baseUrl}'`, { kind: 'protocol', method: '-', url: options.baseUrl });
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new DataPlaneError(`Data Plane API URL must be http:// or https://, got '${base.protocol}'`, { kind: 'protocol', method: '-', url: options.baseUrl });
    }
    base.username = '';
    base.password = '';
    this.base = base;
    this.authorization = 'Basic ' + Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    // Node's agent honours a server's `Keep-Alive: timeout=N` hint (dropping the idle socket 1 s
    // earlier) only when the agent has a timeout of its own; without one, a request sent after a
    // pause (a user reading a push plan) reuses a socket the server already closed: ECONNRESET.
    const idleTimeout = Math.max(this.timeoutMs, 30_000);
    this.agent =
      base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, timeout: idleTimeout, ca: options.ca, rejectUnauthorized: !options.acceptSelfSigned })
        : new http.Agent({ keepAlive: true, timeout: idleTimeout });
  }

  /** The URL of a request, as shown in errors (never with credentials). */
  url(path: string, query?: HttpRequest['query']): URL {
    const url = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  request(req: HttpRequest): Promise<HttpResponse> {
    const url = this.url(req.path, req.query);
    const shownUrl = url.pathname + url.search;
    const { payload, contentType } = encodeBody(req.body);
    const headers: Record<string, string> = { accept: 'application/json, text/plain', authorization: this.authorization, ...req.headers };
    if (payload !== undefined) {
      headers['content-type'] = contentType;
      headers['content-length'] = String(payload.length);
    }
    const send = url.protocol === 'https:' ? https.request : http.request;
    return new Promise<HttpResponse>((resolve, reject) => {
      const request = send(url, { method: req.method, headers, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(transportError(req.method, shownUrl, error)));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      const timer = setTimeout(() => {
        request.destroy();
        reject(new TimeoutError(`${req.method} ${shownUrl}: no answer within ${this.timeoutMs} ms`, { kind: 'timeout', method: req.method, url: shownUrl }));
      }, this.timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(transportError(req.method, shownUrl, error));
      });
      request.end(payload);
    });
  }

  /** Closes kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

function encodeBody(body: unknown): { payload?: Buffer; contentType: string } {
  if (body === undefined) return { contentType: '' };
  if (typeof body === 'string') return { payload: Buffer.from(body, 'utf8'), contentType: 'text/plain' };
  return { payload: Buffer.from(JSON.stringify(body), 'utf8'), contentType: 'application/json' };
}
