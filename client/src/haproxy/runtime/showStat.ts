// `show stat` CSV -> typed rows. Columns are found by the header line's names, never by
// position (the manual only guarantees the order of the fields before the `-` column).
import { ReplyParseError } from './errors';

export type StatRowType = 'frontend' | 'backend' | 'server' | 'listener';

/** A server/proxy status as HAProxy prints it, split into its parts. */
export interface StatStatus {
  /** Verbatim, e.g. `UP 1/3`, `MAINT (via be/s1)`, `no check`. */
  text: string;
  /** The leading word(s): `UP`, `DOWN`, `NOLB`, `MAINT`, `DRAIN`, `no check`, `OPEN`, `STOP`, `FULL`... */
  state: string;
  /** `UP 1/3` (going down) / `DOWN 1/2` (going up): checks counted so far towards the transition. */
  transition?: { step: number; of: number };
  /** `MAINT (via be/s)`: the tracked server the state comes from. */
  via?: string;
  /** `MAINT (resolution)`, `DRAIN (agent)`, `DOWN (agent)`: why. */
  reason?: string;
}

export interface StatRow {
  proxy: string;
  /** `FRONTEND`, `BACKEND`, or the server / listener name. */
  name: string;
  type: StatRowType;
  status?: StatStatus;
  weight?: number;
  /** User-set weight (`uweight`, HAProxy >= 2.4). */
  userWeight?: number;
  active?: number;
  backup?: number;
  sessions: { current?: number; max?: number; limit?: number; total?: number; rate?: number; rateMax?: number; rateLimit?: number };
  queue: { current?: number; max?: number; limit?: number };
  bytesIn?: number;
  bytesOut?: number;
  deniedRequests?: number;
  deniedResponses?: number;
  requestErrors?: number;
  connectionErrors?: number;
  responseErrors?: number;
  retries?: number;
  redispatches?: number;
  http: { '1xx'?: number; '2xx'?: number; '3xx'?: number; '4xx'?: number; '5xx'?: number; other?: number; requestRate?: number; requestTotal?: number };
  check: {
    status?: string;
    /** The last check is still running (`* L7OK`). */
    inProgress?: boolean;
    code?: number;
    durationMs?: number;
    description?: string;
    failed?: number;
    downs?: number;
    rise?: number;
    fall?: number;
    health?: number;
  };
  agent: { status?: string; code?: number; durationMs?: number; description?: string };
  /** Seconds since the last UP<->DOWN transition. */
  lastChangeSeconds?: number;
  downtimeSeconds?: number;
  lastSessionSeconds?: number;
  /** Times selected by the load balancer (`lbtot`). */
  selected?: number;
  throttlePercent?: number;
  tracked?: string;
  address?: string;
  mode?: string;
  algorithm?: string;
  proxyId?: number;
  serverId?: number;
  /** Every field by its header name, verbatim (empty fields absent). */
  field(name: string): string | undefined;
}

const typeByCode: Record<string, StatRowType> = { '0': 'frontend', '1': 'backend', '2': 'server', '3': 'listener' };

/** Splits one CSV line; quoted fields (`"a,b"`, `""` for a quote) only when the line has a quote. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

const statusPattern = /^(.*?)(?: (\d+)\/(\d+))?(?: \((?:via )?([^)]*)\))?$/;

export function parseStatus(text: string): StatStatus {
  const match = statusPattern.exec(text);
  const status: StatStatus = { text, state: (match?.[1] || text).trim() };
  if (match?.[2] !== undefined) status.transition = { step: Number(match[2]), of: Number(match[3]) };
  if (match?.[4] !== undefined) {
    if (text.includes('(via ')) status.via = match[4];
    else status.reason = match[4];
  }
  return status;
}

/** Field accessors, resolved once per reply from the header. */
function makeReader(header: string[]) {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (name && !index.has(name)) index.set(name, i);
  });
  const col = (name: string) => index.get(name) ?? -1;
  const c = {
    pxname: col('pxname'), svname: col('svname'), type: col('type'), status: col('status'), weight: col('weight'), uweight: col('uweight'),
    act: col('act'), bck: col('bck'), scur: col('scur'), smax: col('smax'), slim: col('slim'), stot: col('stot'), rate: col('rate'),
    rate_max: col('rate_max'), rate_lim: col('rate_lim'), qcur: col('qcur'), qmax: col('qmax'), qlimit: col('qlimit'), bin: col('bin'),
    bout: col('bout'), dreq: col('dreq'), dresp: col('dresp'), ereq: col('ereq'), econ: col('econ'), eresp: col('eresp'),
    wretr: col('wretr'), wredis: col('wredis'), h1: col('hrsp_1xx'), h2: col('hrsp_2xx'), h3: col('hrsp_3xx'), h4: col('hrsp_4xx'),
    h5: col('hrsp_5xx'), hother: col('hrsp_other'), req_rate: col('req_rate'), req_tot: col('req_tot'), check_status: col('check_status'),
    check_code: col('check_code'), check_duration: col('check_duration'), check_desc: col('check_desc'), chkfail: col('chkfail'),
    chkdown: col('chkdown'), check_rise: col('check_rise'), check_fall: col('check_fall'), check_health: col('check_health'),
    agent_status: col('agent_status'), agent_code: col('agent_code'), agent_duration: col('agent_duration'), agent_desc: col('agent_desc'),
    lastchg: col('lastchg'), downtime: col('downtime'), lastsess: col('lastsess'), lbtot: col('lbtot'), throttle: col('throttle'),
    tracked: col('tracked'), addr: col('addr'), mode: col('mode'), algo: col('algo'), iid: col('iid'), sid: col('sid'),
  };
  return { index, c };
}

function str(values: string[], i: number): string | undefined {
  const value = i >= 0 ? values[i] : undefined;
  return value === undefined || value === '' ? undefined : value;
}

function num(values: string[], i: number): number | undefined {
  const value = i >= 0 ? values[i] : undefined;
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function typeOf(values: string[], typeIndex: number, name: string): StatRowType {
  const code = str(values, typeIndex);
  if (code !== undefined && typeByCode[code]) return typeByCode[code] as StatRowType;
  return name === 'FRONTEND' ? 'frontend' : name === 'BACKEND' ? 'backend' : 'server';
}

/** Parses the whole reply of `show stat` (every FRONTEND, BACKEND, server and listener row). */
export function parseShowStat(reply: string): StatRow[] {
  if (!reply.startsWith('# ')) throw new ReplyParseError('show stat', "the header line '# pxname,svname,...' is missing", reply);
  const firstBreak = reply.indexOf('\n');
  const header = splitCsvLine(reply.slice(2, firstBreak < 0 ? undefined : firstBreak));
  if (!header.includes('pxname') || !header.includes('svname')) throw new ReplyParseError('show stat', 'the header has no pxname and svname columns', reply);
  const { index, c } = makeReader(header);
  const rows: StatRow[] = [];
  let start = firstBreak + 1;
  while (firstBreak >= 0 && start < reply.length) {
    let end = reply.indexOf('\n', start);
    if (end < 0) end = reply.length;
    if (end > start) rows.push(toRow(splitCsvLine(reply.slice(start, end)), index, c));
    start = end + 1;
  }
  return rows;
}

function toRow(v: string[], index: Map<string, number>, c: ReturnType<typeof makeReader>['c']): StatRow {
  const name = v[c.svname] ?? '';
  const statusText = str(v, c.status);
  const checkText = str(v, c.check_status);
  return {
    proxy: v[c.pxname] ?? '',
    name,
    type: typeOf(v, c.type, name),
    status: statusText === undefined ? undefined : parseStatus(statusText),
    weight: num(v, c.weight),
    userWeight: num(v, c.uweight),
    active: num(v, c.act),
    backup: num(v, c.bck),
    sessions: { current: num(v, c.scur), max: num(v, c.smax), limit: num(v, c.slim), total: num(v, c.stot), rate: num(v, c.rate), rateMax: num(v, c.rate_max), rateLimit: num(v, c.rate_lim) },
    queue: { current: num(v, c.qcur), max: num(v, c.qmax), limit: num(v, c.qlimit) },
    bytesIn: num(v, c.bin),
    bytesOut: num(v, c.bout),
    deniedRequests: num(v, c.dreq),
    deniedResponses: num(v, c.dresp),
    requestErrors: num(v, c.ereq),
    connectionErrors: num(v, c.econ),
    responseErrors: num(v, c.eresp),
    retries: num(v, c.wretr),
    redispatches: num(v, c.wredis),
    http: { '1xx': num(v, c.h1), '2xx': num(v, c.h2), '3xx': num(v, c.h3), '4xx': num(v, c.h4), '5xx': num(v, c.h5), other: num(v, c.hother), requestRate: num(v, c.req_rate), requestTotal: num(v, c.req_tot) },
    check: {
      status: checkText?.startsWith('* ') ? checkText.slice(2) : checkText,
      inProgress: checkText === undefined ? undefined : checkText.startsWith('* '),
      code: num(v, c.check_code),
      durationMs: num(v, c.check_duration),
      description: str(v, c.check_desc),
      failed: num(v, c.chkfail),
      downs: num(v, c.chkdown),
      rise: num(v, c.check_rise),
      fall: num(v, c.check_fall),
      health: num(v, c.check_health),
    },
    agent: { status: str(v, c.agent_status), code: num(v, c.agent_code), durationMs: num(v, c.agent_duration), description: str(v, c.agent_desc) },
    lastChangeSeconds: num(v, c.lastchg),
    downtimeSeconds: num(v, c.downtime),
    lastSessionSeconds: num(v, c.lastsess),
    selected: num(v, c.lbtot),
    throttlePercent: num(v, c.throttle),
    tracked: str(v, c.tracked),
    address: str(v, c.addr),
    mode: str(v, c.mode),
    algorithm: str(v, c.algo),
    proxyId: num(v, c.iid),
    serverId: num(v, c.sid),
    field: (name: string) => str(v, index.get(name) ?? -1),
  };
}
