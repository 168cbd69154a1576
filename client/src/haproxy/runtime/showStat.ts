// `show stat` CSV -> typed rows. Columns are found by the header line's names, never by
// position (the manual only guarantees the order of the fields before the `-` column).
import { ReplyParseError } from './errors';

export type StatRowType = 'frontend' | 'backend' | 'server' | 'listener';

/** A server/proxy status as HAProxy prints it, split into its parts. */
export interface StatStatus {
  /** Verbatim, e.g. `UP 1/3`, `MAINT (via be/s1)`, `no check`. */
  readonly text: string;
  /** The leading word(s): `UP`, `DOWN`, `NOLB`, `MAINT`, `DRAIN`, `no check`, `OPEN`, `STOP`, `FULL`... */
  readonly state: string;
  /** `UP 1/3` (going down) / `DOWN 1/2` (going up): checks counted so far towards the transition. */
  readonly transition?: { readonly step: number; readonly of: number };
  /** `MAINT (via be/s)`: the tracked server the state comes from. */
  readonly via?: string;
  /** `MAINT (resolution)`, `DRAIN (agent)`, `DOWN (agent)`: why. */
  readonly reason?: string;
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
  /** Average queue / connect / response / total times in ms over the last 1024 requests (backends, servers). */
  times: { queueMs?: number; connectMs?: number; responseMs?: number; totalMs?: number };
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

/** Statuses repeat across thousands of rows: parse each distinct text once (shared, frozen). */
const statusCache = new Map<string, Readonly<StatStatus>>();

function cachedStatus(text: string): StatStatus {
  let status: StatStatus | undefined = statusCache.get(text);
  if (!status) {
    status = Object.freeze(parseStatus(text));
    if (statusCache.size < 1000) statusCache.set(text, status);
  }
  return status;
}

export function parseStatus(text: string): StatStatus {
  const match = statusPattern.exec(text);
  const status: { -readonly [K in keyof StatStatus]: StatStatus[K] } = { text, state: (match?.[1] || text).trim() };
  if (match?.[2] !== undefined) status.transition = Object.freeze({ step: Number(match[2]), of: Number(match[3]) });
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
    qtime: col('qtime'), ctime: col('ctime'), rtime: col('rtime'), ttime: col('ttime'),
  };
  return { index, c };
}

/**
 * One CSV line at a time without splitting it into ~130 strings: the field boundaries go into
 * reused offset arrays, and only the fields a row needs are sliced or read as numbers in place.
 * (Splitting every field made parsing cost more than reading the reply from the socket.)
 */
class LineCursor {
  private line = '';
  private count = 0;
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  /** Set only for lines with quoted fields, which take the slow, exact path. */
  private values: string[] | undefined;

  /** Points the cursor at `data[start..end)` (one line, without its newline). */
  load(data: string, start: number, end: number): void {
    this.line = data;
    // One charCodeAt pass finds every comma; far cheaper than ~130 indexOf calls or a split.
    let field = 0;
    let fieldStart = start;
    for (let pos = start; pos < end; pos++) {
      const ch = data.charCodeAt(pos);
      if (ch === 44 /* , */) {
        if (field === this.starts.length) this.grow();
        this.starts[field] = fieldStart;
        this.ends[field] = pos;
        field++;
        fieldStart = pos + 1;
      } else if (ch === 34 /* " */) {
        this.values = splitCsvLine(data.slice(start, end));
        this.count = this.values.length;
        return;
      }
    }
    if (field === this.starts.length) this.grow();
    this.starts[field] = fieldStart;
    this.ends[field] = end;
    this.values = undefined;
    this.count = field + 1;
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  str(i: number): string | undefined {
    if (i < 0 || i >= this.count) return undefined;
    if (this.values) return this.values[i] || undefined;
    const start = this.starts[i] as number;
    const end = this.ends[i] as number;
    return start === end ? undefined : this.line.slice(start, end);
  }

  num(i: number): number | undefined {
    if (i < 0 || i >= this.count) return undefined;
    if (this.values) return toNumber(this.values[i]);
    let pos = this.starts[i] as number;
    const end = this.ends[i] as number;
    if (pos === end) return undefined;
    const negative = this.line.charCodeAt(pos) === 45; // '-'
    if (negative) pos++;
    let value = 0;
    for (; pos < end; pos++) {
      const digit = this.line.charCodeAt(pos) - 48;
      if (digit < 0 || digit > 9) return toNumber(this.line.slice(this.starts[i] as number, end));
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

function typeOf(cursor: LineCursor, typeIndex: number, name: string): StatRowType {
  const code = cursor.str(typeIndex);
  if (code !== undefined && typeByCode[code]) return typeByCode[code] as StatRowType;
  return name === 'FRONTEND' ? 'frontend' : name === 'BACKEND' ? 'backend' : 'server';
}

/** Parses the whole reply of `show stat` (every FRONTEND, BACKEND, server and listener row). */
export function parseShowStat(reply: string): StatRow[] {
  const parser = new ShowStatParser();
  parser.push(reply);
  return parser.end();
}

/**
 * Incremental `show stat` parser: feed it the reply in pieces as they arrive (`push`), get the
 * rows at the `end()`. Lets the client parse while HAProxy is still writing a large reply.
 */
export class ShowStatParser {
  private pending = '';
  private headerSeen = false;
  /** The reply so far when its first line is not a stat header (an error text, kept verbatim). */
  private notStat?: string;
  private reader?: ReturnType<typeof makeReader>;
  private readonly cursor = new LineCursor();
  private readonly rows: StatRow[] = [];
  private lastLineEmpty = false;

  /**
   * True when the reply ended with HAProxy's final empty line. Without it a reply cut at a line
   * boundary (HAProxy killed mid-reply) would pass for a complete, shorter server list.
   */
  get complete(): boolean {
    return this.headerSeen && this.notStat === undefined && this.pending === '' && this.lastLineEmpty;
  }

  /** True once the first line has been seen and it is not a `show stat` header. */
  get isErrorReply(): boolean {
    return this.notStat !== undefined;
  }

  /** The reply text when it is not a stat reply (HAProxy's error message). */
  get errorText(): string {
    return (this.notStat ?? '') + this.pending;
  }

  push(text: string): void {
    if (this.notStat !== undefined) {
      this.notStat += text;
      return;
    }
    const data = this.pending + text;
    let start = 0;
    for (;;) {
      const end = data.indexOf('\n', start);
      if (end < 0) break;
      if (!this.line(data, start, end)) {
        this.pending = '';
        this.notStat = data;
        return;
      }
      start = end + 1;
    }
    this.pending = start === 0 ? data : data.slice(start);
  }

  end(): StatRow[] {
    if (this.notStat === undefined && this.pending !== '') {
      const data = this.pending;
      this.pending = '';
      if (!this.line(data, 0, data.length)) this.notStat = data;
    }
    if (this.notStat !== undefined || !this.headerSeen) {
      throw new ReplyParseError('show stat', "the header line '# pxname,svname,...' is missing", this.errorText);
    }
    return this.rows;
  }

  /** Handles one line; false when the reply turns out not to be `show stat` output. */
  private line(data: string, start: number, end: number): boolean {
    if (!this.headerSeen) {
      if (!data.startsWith('# ', start)) return false;
      const header = splitCsvLine(data.slice(start + 2, end));
      if (!header.includes('pxname') || !header.includes('svname')) return false;
      this.reader = makeReader(header);
      this.headerSeen = true;
      return true;
    }
    this.lastLineEmpty = end === start;
    if (end > start && this.reader) {
      this.cursor.load(data, start, end);
      this.rows.push(toRow(this.cursor, data, start, end, this.reader.index, this.reader.c));
    }
    return true;
  }
}

function toRow(cursor: LineCursor, data: string, start: number, end: number, index: Map<string, number>, c: ReturnType<typeof makeReader>['c']): StatRow {
  const name = cursor.str(c.svname) ?? '';
  const statusText = cursor.str(c.status);
  const checkText = cursor.str(c.check_status);
  return {
    proxy: cursor.str(c.pxname) ?? '',
    name,
    type: typeOf(cursor, c.type, name),
    status: statusText === undefined ? undefined : cachedStatus(statusText),
    weight: cursor.num(c.weight),
    userWeight: cursor.num(c.uweight),
    active: cursor.num(c.act),
    backup: cursor.num(c.bck),
    sessions: { current: cursor.num(c.scur), max: cursor.num(c.smax), limit: cursor.num(c.slim), total: cursor.num(c.stot), rate: cursor.num(c.rate), rateMax: cursor.num(c.rate_max), rateLimit: cursor.num(c.rate_lim) },
    queue: { current: cursor.num(c.qcur), max: cursor.num(c.qmax), limit: cursor.num(c.qlimit) },
    bytesIn: cursor.num(c.bin),
    bytesOut: cursor.num(c.bout),
    deniedRequests: cursor.num(c.dreq),
    deniedResponses: cursor.num(c.dresp),
    requestErrors: cursor.num(c.ereq),
    connectionErrors: cursor.num(c.econ),
    responseErrors: cursor.num(c.eresp),
    retries: cursor.num(c.wretr),
    redispatches: cursor.num(c.wredis),
    http: { '1xx': cursor.num(c.h1), '2xx': cursor.num(c.h2), '3xx': cursor.num(c.h3), '4xx': cursor.num(c.h4), '5xx': cursor.num(c.h5), other: cursor.num(c.hother), requestRate: cursor.num(c.req_rate), requestTotal: cursor.num(c.req_tot) },
    check: {
      status: checkText?.startsWith('* ') ? checkText.slice(2) : checkText,
      inProgress: checkText === undefined ? undefined : checkText.startsWith('* '),
      code: cursor.num(c.check_code),
      durationMs: cursor.num(c.check_duration),
      description: cursor.str(c.check_desc),
      failed: cursor.num(c.chkfail),
      downs: cursor.num(c.chkdown),
      rise: cursor.num(c.check_rise),
      fall: cursor.num(c.check_fall),
      health: cursor.num(c.check_health),
    },
    agent: { status: cursor.str(c.agent_status), code: cursor.num(c.agent_code), durationMs: cursor.num(c.agent_duration), description: cursor.str(c.agent_desc) },
    times: { queueMs: cursor.num(c.qtime), connectMs: cursor.num(c.ctime), responseMs: cursor.num(c.rtime), totalMs: cursor.num(c.ttime) },
    lastChangeSeconds: cursor.num(c.lastchg),
    downtimeSeconds: cursor.num(c.downtime),
    lastSessionSeconds: cursor.num(c.lastsess),
    selected: cursor.num(c.lbtot),
    throttlePercent: cursor.num(c.throttle),
    tracked: cursor.str(c.tracked),
    address: cursor.str(c.addr),
    mode: cursor.str(c.mode),
    algorithm: cursor.str(c.algo),
    proxyId: cursor.num(c.iid),
    serverId: cursor.num(c.sid),
    // Rarely used: re-split this row's own line on demand (the cursor has moved on by then).
    field: (name: string) => {
      const i = index.get(name);
      return i === undefined ? undefined : splitCsvLine(data.slice(start, end))[i] || undefined;
    },
  };
}
