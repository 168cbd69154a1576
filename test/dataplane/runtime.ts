// Runtime side of the test server: talks to the real HAProxy admin socket (one command per
// connection) and shapes the answers like the Data Plane API does (runtime_server from
// `show servers state`, native stats from `show stat`, process info from `show info`).
import { rawCommand } from '../harness/haproxy';
import { ApiFailure } from './store';

type Obj = Record<string, unknown>;

export async function adminCommand(socket: string, command: string): Promise<string> {
  const reply = await rawCommand(socket, command, 5000);
  return reply.replace(/\n+$/, '');
}

/** Maps HAProxy's error replies to API statuses. */
function failIfError(reply: string, what: string): void {
  const text = reply.trim();
  if (text === '') return;
  if (/No such (backend|server)|Can't find (backend|server)|not found/i.test(text)) throw new ApiFailure(404, `${what}: ${text}`);
  throw new ApiFailure(400, `${what}: ${text}`);
}

// ---- runtime servers --------------------------------------------------------------------

/** srv_admin_state bits (src/server.h): FMAINT 0x01, IMAINT 0x02, CMAINT 0x04, FDRAIN 0x08, IDRAIN 0x10, RMAINT 0x20, HMAINT 0x40. */
function adminState(bits: number): 'ready' | 'drain' | 'maint' {
  if (bits & (0x01 | 0x02 | 0x04 | 0x20 | 0x40)) return 'maint';
  if (bits & (0x08 | 0x10)) return 'drain';
  return 'ready';
}

/** srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping. */
function operationalState(state: number): 'up' | 'down' | 'stopping' {
  return state === 2 || state === 1 ? 'up' : state === 3 ? 'stopping' : 'down';
}

const intOrNull = (text: string | undefined): number | null => (text === undefined || text === '' || text === '-' || !/^-?\d+$/.test(text) ? null : Number(text));

export async function runtimeServers(socket: string, backend: string): Promise<Obj[]> {
  const reply = await adminCommand(socket, `show servers state ${backend}`);
  if (!/^\d+\n#/.test(reply)) failIfError(reply, `backend ${backend}`);
  const lines = reply.split('\n');
  const columns = (lines.find((l) => l.startsWith('# ')) ?? '').slice(2).split(' ');
  return lines
    .filter((l) => l !== '' && !l.startsWith('#') && !/^\d+$/.test(l))
    .map((line) => {
      const values = line.split(' ');
      const row = Object.fromEntries(columns.map((c, i) => [c, values[i]]));
      const server: Obj = {
        name: row.srv_name,
        id: row.srv_id,
        address: row.srv_addr,
        port: intOrNull(row.srv_port) || null,
        admin_state: adminState(Number(row.srv_admin_state)),
        operational_state: operationalState(Number(row.srv_op_state)),
        weight: intOrNull(row.srv_uweight),
        uweight: intOrNull(row.srv_uweight),
        iweight: intOrNull(row.srv_iweight),
        backend_name: row.be_name,
        backend_id: intOrNull(row.be_id),
        last_time_change: intOrNull(row.srv_time_since_last_change),
        check_status: intOrNull(row.srv_check_status),
        check_result: intOrNull(row.srv_check_result),
        check_health: intOrNull(row.srv_check_health),
        check_state: intOrNull(row.srv_check_state),
        agent_state: intOrNull(row.srv_agent_state),
        use_ssl: row.srv_use_ssl === '1',
      };
      if (row.srv_fqdn && row.srv_fqdn !== '-') server.fqdn = row.srv_fqdn;
      return server;
    });
}

export async function runtimeServer(socket: string, backend: string, name: string): Promise<Obj> {
  const server = (await runtimeServers(socket, backend)).find((s) => s.name === name);
  if (!server) throw new ApiFailure(404, `server ${backend}/${name} not found`);
  return server;
}

/** Applies only the fields that differ, like the real API. */
export async function updateRuntimeServer(socket: string, backend: string, name: string, change: Obj): Promise<Obj> {
  const current = await runtimeServer(socket, backend, name);
  const target = `${backend}/${name}`;
  const commands: string[] = [];
  if (change.admin_state !== undefined && change.admin_state !== current.admin_state) commands.push(`set server ${target} state ${change.admin_state}`);
  if (change.operational_state !== undefined && change.operational_state !== current.operational_state) commands.push(`set server ${target} health ${change.operational_state}`);
  if (change.weight !== undefined && change.weight !== null && change.weight !== current.weight) commands.push(`set server ${target} weight ${change.weight}`);
  if (change.address !== undefined || change.port !== undefined) {
    const address = change.address ?? current.address;
    const port = change.port ?? current.port;
    if (address !== current.address || port !== current.port) commands.push(`set server ${target} addr ${address}${port ? ` port ${port}` : ''}`);
  }
  for (const command of commands) {
    const reply = await adminCommand(socket, command);
    // `set server ... addr` answers with a confirmation sentence; everything else is silent on success.
    if (!command.includes(' addr ') || !/changed|no need/i.test(reply)) failIfError(reply, command);
  }
  return runtimeServer(socket, backend, name);
}

export async function addRuntimeServer(socket: string, backend: string, server: Obj, line: string): Promise<void> {
  const reply = await adminCommand(socket, `add server ${backend}/${String(server.name)} ${line}`);
  if (!/New server registered/i.test(reply)) {
    if (/already exists/i.test(reply)) throw new ApiFailure(409, reply);
    failIfError(reply || 'no answer', `add server ${backend}/${String(server.name)}`);
  }
}

export async function deleteRuntimeServer(socket: string, backend: string, name: string): Promise<void> {
  const reply = await adminCommand(socket, `del server ${backend}/${name}`);
  if (!/Server deleted/i.test(reply)) failIfError(reply || 'no answer', `del server ${backend}/${name}`);
}

// ---- native stats -----------------------------------------------------------------------

export interface StatsSchema {
  /** Field name → 'integer' | 'string' | enum values. */
  fields: Map<string, 'integer' | 'string' | string[]>;
}

const statTypes: Record<string, 'frontend' | 'backend' | 'server'> = { '0': 'frontend', '1': 'backend', '2': 'server' };

/** `show stat` CSV → native_stat objects, keeping only the fields (and enum values) the spec knows. */
export async function nativeStats(socket: string, schema: StatsSchema, filter: { type?: string; name?: string; parent?: string }): Promise<Obj[]> {
  const csv = await adminCommand(socket, 'show stat');
  const [header, ...rows] = csv.split('\n').filter((l) => l !== '');
  const columns = header.replace(/^# /, '').split(',');
  const out: Obj[] = [];
  for (const row of rows) {
    const values = row.split(',');
    const record = Object.fromEntries(columns.map((c, i) => [c, values[i] ?? '']));
    const type = statTypes[record.type];
    if (!type) continue; // listeners (type 3) are not part of native stats
    const stats: Obj = {};
    for (const [column, value] of Object.entries(record)) {
      const kind = schema.fields.get(column);
      if (kind === undefined || value === '') continue;
      if (kind === 'integer') {
        if (/^-?\d+$/.test(value)) stats[column] = Number(value);
      } else if (kind === 'string') {
        stats[column] = value;
      } else {
        const normalized = value.replace(/^\* /, '').replace(/^(MAINT|UP|DOWN)\b.*$/, '$1');
        if (kind.includes(normalized)) stats[column] = normalized;
      }
    }
    const name = type === 'server' ? record.svname : record.pxname;
    const stat: Obj = { type, name, stats };
    if (type === 'server') stat.backend_name = record.pxname;
    if (filter.type && filter.type !== type) continue;
    if (filter.name && filter.name !== name) continue;
    if (filter.parent && filter.parent !== record.pxname) continue;
    out.push(stat);
  }
  return out;
}

// ---- process info -----------------------------------------------------------------------

const infoFields: Record<string, string> = {
  Version: 'version',
  Release_date: 'release_date',
  Pid: 'pid',
  Uptime_sec: 'uptime',
  Nbthread: 'nbthread',
  Maxconn: 'max_conn',
  Hard_maxconn: 'hard_max_conn',
  CurrConns: 'curr_conns',
  CumConns: 'cum_conns',
  CumReq: 'cum_req',
  Run_queue: 'run_queue',
  Tasks: 'tasks',
  Idle_pct: 'idle_pct',
  node: 'node',
  Stopping: 'stopping',
  Jobs: 'jobs',
  Listeners: 'listeners',
};

export async function processInfo(socket: string, schema: StatsSchema): Promise<Obj> {
  const info: Obj = {};
  for (const line of (await adminCommand(socket, 'show info')).split('\n')) {
    const at = line.indexOf(': ');
    if (at < 0) continue;
    const field = infoFields[line.slice(0, at)];
    const kind = field && schema.fields.get(field);
    const value = line.slice(at + 2);
    if (!kind) continue;
    if (kind === 'integer') {
      if (/^-?\d+$/.test(value)) info[field] = Number(value);
    } else if (kind === 'string') info[field] = field === 'release_date' ? value.replace(/\//g, '-') : value;
  }
  return info;
}
