// A shared setup for the runtime tests: two HTTP backends and a real HAProxy with an admin
// socket, a `level user` socket, a TCP stats socket and a few backends exercising the rules
// (static-rr refuses dynamic servers, a tracked server cannot be deleted...).
import { join } from 'node:path';
import { startBackends, type Backends } from '../harness/backends';
import { startHaproxyForTest, type CleanupRegistrar, type HaproxyConfigContext, type HaproxyInstance } from '../harness/haproxy';

export interface Lab {
  haproxy: HaproxyInstance;
  backends: Backends;
  userSocket: string;
  tcpStatsPort: number;
  frontendPort: number;
}

export function labConfig(ctx: HaproxyConfigContext, extra = ''): string {
  const [frontendPort, tcpStatsPort] = ctx.freePorts;
  const [p1, p2] = ctx.backendPorts;
  return `
global
    stats socket ${ctx.adminSocket} mode 600 level admin
    stats socket ${join(ctx.dir, 'user.sock')} mode 600 level user
    stats socket ipv4@127.0.0.1:${tcpStatsPort} level admin
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe_main
    bind 127.0.0.1:${frontendPort}
    default_backend be_app
backend be_app
    balance roundrobin
    option httpchk GET /health
    server s1 127.0.0.1:${p1} check inter 100 rise 1 fall 1
    server s2 127.0.0.1:${p2} check inter 100 rise 1 fall 1 weight 50
    server s3 127.0.0.1:${p2} track be_app/s2
backend be_static
    balance static-rr
    server a1 127.0.0.1:${p1}
backend be_nocheck
    server n1 127.0.0.1:${p1}
backend be_agent
    # short agent-inter: HAProxy spreads the first checks of all servers over the longest interval
    server ag1 127.0.0.1:${p1} agent-check agent-port 9 agent-inter 100
${extra}`;
}

export async function startLab(register: CleanupRegistrar, extra = ''): Promise<Lab> {
  const backends = await startBackends(2);
  const stopBackends = () => backends.stop();
  if (typeof register === 'function') register(stopBackends);
  else register.after(stopBackends);
  const haproxy = await startHaproxyForTest(register, (ctx) => labConfig(ctx, extra), { backendPorts: backends.ports });
  return {
    haproxy,
    backends,
    userSocket: join(haproxy.dir, 'user.sock'),
    frontendPort: haproxy.freePorts[0] as number,
    tcpStatsPort: haproxy.freePorts[1] as number,
  };
}

/** Polls `probe` until it returns a value (bounded), for states HAProxy reaches after a check. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
