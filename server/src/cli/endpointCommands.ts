// `haproxy-workbench status` and `haproxy-workbench server ...`: operating a live HAProxy from
// the shell through the same Endpoint the extension uses.
// Exit codes: 0 success, 1 HAProxy refused or could not be reached, 2 usage error / refused input.
import type { Endpoint, ServerSnapshot, Snapshot } from '../../../client/src/haproxy/endpoint';
import { HaproxyCommandError, InvalidInputError, parseTarget, ReplyParseError, RuntimeEndpoint, RuntimeTransportError } from '../../../client/src/haproxy/runtime';
import { parseAddressAndPort, parseServerOptionWords, parseServerRef, validateWeight, type Weight } from '../../../client/src/haproxy/validate';

export const endpointUsage = `connection (one of):
  --socket PATH            Runtime API unix socket (stats socket ... level admin)
  --tcp HOST:PORT          Runtime API on TCP (stats socket ipv4@HOST:PORT)
  --master PATH            master CLI of haproxy -W -S; commands go to the current worker
                           (or --worker PID)
  --dataplane URL          Data Plane API (--user NAME, password from $HAPROXY_DATAPLANE_PASSWORD)

  status [--format text|json]                  proxies and servers
  server drain|ready|maint BACKEND/SERVER...   set the administrative state
  server weight BACKEND/SERVER N|N%            absolute 0..256 or relative to the configured weight
  server health on|off BACKEND/SERVER          enable or disable health checks
  server add BACKEND/SERVER ADDR:PORT [KEYWORD [VALUE]]...
                                               add a server at run time (it starts in maint)
  server del BACKEND/SERVER                    delete a server (must be in maint)`;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

class UsageError extends Error {}

/** Where to connect: parsed from flags, API-neutral so the Data Plane client slots in. */
export type EndpointSpec =
  | { api: 'runtime'; target: string; worker?: { relative: number } | { pid: number } }
  | { api: 'dataplane'; url: string; user: string; password: string };

export interface ParsedArgs {
  spec?: EndpointSpec;
  format: 'text' | 'json';
  timeoutMs?: number;
  positional: string[];
}

const valueFlags = new Set(['--socket', '--tcp', '--master', '--worker', '--dataplane', '--user', '--format', '--timeout']);

export function parseArgs(argv: readonly string[], env: CliIo['env']): ParsedArgs {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!valueFlags.has(name)) throw new UsageError(`unknown option '${name}'`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (flags.has(name)) throw new UsageError(`${name} given twice`);
    flags.set(name, value);
  }
  const format = flags.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  const timeout = flags.get('--timeout');
  if (timeout !== undefined && !/^\d{1,7}$/.test(timeout)) throw new UsageError('--timeout is a number of milliseconds');
  return { spec: endpointSpec(flags, env), format, timeoutMs: timeout === undefined ? undefined : Number(timeout), positional };
}

function endpointSpec(flags: Map<string, string>, env: CliIo['env']): EndpointSpec | undefined {
  const given = ['--socket', '--tcp', '--master', '--dataplane'].filter((f) => flags.has(f));
  if (given.length > 1) throw new UsageError(`choose one of ${given.join(', ')}`);
  if (flags.has('--worker') && !flags.has('--master')) throw new UsageError('--worker only applies with --master');
  if (flags.has('--user') && !flags.has('--dataplane')) throw new UsageError('--user only applies with --dataplane');
  const socket = flags.get('--socket');
  if (socket !== undefined) {
    if (!socket.includes('/')) throw new UsageError(`--socket expects a path, not '${socket}' (use --tcp for HOST:PORT)`);
    return { api: 'runtime', target: socket };
  }
  const tcp = flags.get('--tcp');
  if (tcp !== undefined) {
    const target = (() => {
      try {
        return parseTarget(tcp);
      } catch {
        return undefined;
      }
    })();
    if (target?.kind !== 'tcp') throw new UsageError(`--tcp expects HOST:PORT, not '${tcp}'`);
    return { api: 'runtime', target: tcp };
  }
  const master = flags.get('--master');
  if (master !== undefined) {
    const worker = flags.get('--worker');
    if (worker !== undefined && !/^\d{1,10}$/.test(worker)) throw new UsageError('--worker expects a process id');
    return { api: 'runtime', target: master, worker: worker === undefined ? { relative: 1 } : { pid: Number(worker) } };
  }
  const url = flags.get('--dataplane');
  if (url !== undefined) {
    const password = env.HAPROXY_DATAPLANE_PASSWORD;
    if (!password) throw new UsageError('--dataplane needs the password in $HAPROXY_DATAPLANE_PASSWORD');
    return { api: 'dataplane', url, user: flags.get('--user') ?? 'admin', password };
  }
  return undefined;
}

/**
 * Builds the Endpoint for a spec. The Data Plane client (client/src/haproxy/dataplane/) plugs in
 * here by assigning `dataplaneEndpointFactory`.
 */
export let dataplaneEndpointFactory: ((spec: Extract<EndpointSpec, { api: 'dataplane' }>, timeoutMs?: number) => Endpoint) | undefined;
export function setDataplaneEndpointFactory(factory: typeof dataplaneEndpointFactory): void {
  dataplaneEndpointFactory = factory;
}

function createEndpoint(spec: EndpointSpec, timeoutMs?: number): Endpoint {
  if (spec.api === 'runtime') {
    return new RuntimeEndpoint({ target: spec.target, worker: spec.worker, replyTimeoutMs: timeoutMs, connectTimeoutMs: timeoutMs });
  }
  if (!dataplaneEndpointFactory) throw new UsageError('--dataplane is not available in this build yet; use --socket, --tcp or --master');
  return dataplaneEndpointFactory(spec, timeoutMs);
}

// ---- status ---------------------------------------------------------------------------------

export interface StatusRow {
  proxy: string;
  /** Empty for FRONTEND / BACKEND rows. */
  server: string;
  status: string;
  weight: number | null;
  sessions: number | null;
  checkStatus: string | null;
}

/** A row plus the SERVER column of the text table (`FRONTEND` / `BACKEND` for proxy rows). */
type StatusLine = StatusRow & { label: string };

/** Rows in HAProxy's own order: frontends, then each backend's servers followed by the backend. */
export function statusRows(snapshot: Snapshot): StatusRow[] {
  return statusLines(snapshot).map(({ label: _label, ...row }) => row);
}

function statusLines(snapshot: Snapshot): StatusLine[] {
  const serversOf = new Map<string, ServerSnapshot[]>();
  for (const server of snapshot.servers) serversOf.set(server.backend, [...(serversOf.get(server.backend) ?? []), server]);
  const rows: StatusLine[] = [];
  for (const proxy of snapshot.proxies) {
    if (proxy.kind === 'backend') {
      for (const server of serversOf.get(proxy.name) ?? []) {
        rows.push({ proxy: server.backend, server: server.name, label: server.name, status: server.statusText, weight: server.weight ?? null, sessions: server.sessions.current ?? null, checkStatus: server.check.status ?? null });
      }
    }
    const label = proxy.kind === 'backend' ? 'BACKEND' : 'FRONTEND';
    rows.push({ proxy: proxy.name, server: '', label, status: proxy.status, weight: proxy.kind === 'backend' ? proxy.weight ?? null : null, sessions: proxy.sessions.current ?? null, checkStatus: null });
  }
  return rows;
}

export function formatStatusTable(snapshot: Snapshot): string {
  const header = ['PROXY', 'SERVER', 'STATUS', 'WEIGHT', 'SESSIONS', 'CHECK'];
  const cells = statusLines(snapshot).map((r) => [r.proxy, r.label, r.status, r.weight ?? '', r.sessions ?? '', r.checkStatus ?? ''].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  return [header, ...cells].map((line) => line.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd()).join('\n') + '\n';
}

// ---- commands -------------------------------------------------------------------------------

type Action = (endpoint: Endpoint, io: CliIo) => Promise<number>;

function parseStatus(args: ParsedArgs): Action {
  if (args.positional.length > 1) throw new UsageError(`status takes no arguments (got '${args.positional[1]}')`);
  return async (endpoint, io) => {
    const snapshot = await endpoint.snapshot();
    io.stdout.write(args.format === 'json' ? JSON.stringify(statusRows(snapshot), null, 2) + '\n' : formatStatusTable(snapshot));
    return 0;
  };
}

function parseServer(args: ParsedArgs): Action {
  const [, verb, ...rest] = args.positional;
  switch (verb) {
    case 'drain':
    case 'ready':
    case 'maint': {
      if (rest.length === 0) throw new UsageError(`server ${verb} needs at least one BACKEND/SERVER`);
      const refs = rest.map(parseServerRef);
      return async (endpoint, io) => {
        let failures = 0;
        for (const { backend, server } of refs) {
          try {
            await endpoint.setServerState(backend, server, verb);
            io.stdout.write(`${backend}/${server}: ${verb}\n`);
          } catch (error) {
            if (!(error instanceof HaproxyCommandError)) throw error;
            io.stderr.write(`${backend}/${server}: ${error.message}\n`);
            failures++;
          }
        }
        return failures > 0 ? 1 : 0;
      };
    }
    case 'weight': {
      if (rest.length !== 2) throw new UsageError('usage: server weight BACKEND/SERVER N|N%');
      const { backend, server } = parseServerRef(rest[0] as string);
      const weight = validateWeight(rest[1]) as Weight;
      return async (endpoint, io) => {
        await endpoint.setWeight(backend, server, /%$/.test(String(weight)) ? weight : Number(weight));
        io.stdout.write(`${backend}/${server}: weight ${weight}\n`);
        return 0;
      };
    }
    case 'health': {
      if (rest.length !== 2 || (rest[0] !== 'on' && rest[0] !== 'off')) throw new UsageError('usage: server health on|off BACKEND/SERVER');
      const enabled = rest[0] === 'on';
      const { backend, server } = parseServerRef(rest[1] as string);
      return async (endpoint, io) => {
        await endpoint.setHealthChecks(backend, server, enabled);
        io.stdout.write(`${backend}/${server}: health checks ${enabled ? 'enabled' : 'disabled'}\n`);
        return 0;
      };
    }
    case 'add': {
      if (rest.length < 2) throw new UsageError('usage: server add BACKEND/SERVER ADDR:PORT [KEYWORD [VALUE]]...');
      const { backend, server } = parseServerRef(rest[0] as string);
      const { address, port } = parseAddressAndPort(rest[1] as string);
      const options = parseServerOptionWords(rest.slice(2));
      return async (endpoint, io) => {
        await endpoint.addServer(backend, server, address, port, { options });
        io.stdout.write(`${backend}/${server}: added (in maint; 'server ready ${backend}/${server}' to enable)\n`);
        return 0;
      };
    }
    case 'del': {
      if (rest.length !== 1) throw new UsageError('usage: server del BACKEND/SERVER');
      const { backend, server } = parseServerRef(rest[0] as string);
      return async (endpoint, io) => {
        await endpoint.deleteServer(backend, server);
        io.stdout.write(`${backend}/${server}: deleted\n`);
        return 0;
      };
    }
    default:
      throw new UsageError(verb ? `unknown server action '${verb}'` : 'server needs an action: drain, ready, maint, weight, health, add, del');
  }
}

/** Runs `status` or `server ...` (argv starts with the command word). Never throws. */
export async function runEndpointCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let endpoint: Endpoint | undefined;
  try {
    const args = parseArgs(argv, io.env);
    const action = args.positional[0] === 'status' ? parseStatus(args) : parseServer(args);
    if (!args.spec) throw new UsageError('say which HAProxy: --socket PATH, --tcp HOST:PORT, --master PATH or --dataplane URL');
    endpoint = createEndpoint(args.spec, args.timeoutMs);
    return await action(endpoint, io);
  } catch (error) {
    return report(error, io);
  } finally {
    await endpoint?.dispose().catch(() => undefined);
  }
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`haproxy-workbench: ${error.message}\n\n${endpointUsage}\n`);
    return 2;
  }
  if (error instanceof InvalidInputError) {
    io.stderr.write(`haproxy-workbench: ${error.message}\n`);
    return 2;
  }
  if (error instanceof HaproxyCommandError) {
    io.stderr.write(`${error.message}\n`);
    return 1;
  }
  if (error instanceof RuntimeTransportError || error instanceof ReplyParseError) {
    io.stderr.write(`haproxy-workbench: ${error.message}\n`);
    return 1;
  }
  io.stderr.write(`haproxy-workbench: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
