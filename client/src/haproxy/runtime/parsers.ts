// Parsers for the smaller Runtime API replies. Tabular ones are driven by their header line.
import { ReplyParseError } from './errors';

// ---- show info ------------------------------------------------------------------------------

export interface Info {
  name?: string;
  version?: string;
  releaseDate?: string;
  pid?: number;
  uptimeSeconds?: number;
  currentConnections?: number;
  maxConnections?: number;
  /** Every `Key: value` line, verbatim. */
  fields: Record<string, string>;
}

export function parseShowInfo(reply: string): Info {
  const fields: Record<string, string> = {};
  for (const line of reply.split('\n')) {
    const colon = line.indexOf(': ');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 2);
    else if (line.endsWith(':')) fields[line.slice(0, -1)] = '';
  }
  if (fields.Name === undefined && fields.Version === undefined) throw new ReplyParseError('show info', "no 'Name:' or 'Version:' line", reply);
  const number = (key: string) => (fields[key] !== undefined && fields[key] !== '' && Number.isFinite(Number(fields[key])) ? Number(fields[key]) : undefined);
  return {
    name: fields.Name,
    version: fields.Version,
    releaseDate: fields.Release_date,
    pid: number('Pid'),
    uptimeSeconds: number('Uptime_sec'),
    currentConnections: number('CurrConns'),
    maxConnections: number('Maxconn'),
    fields,
  };
}

// ---- show servers state ---------------------------------------------------------------------

/** srv_op_state */
export type OperationalState = 'stopped' | 'starting' | 'running' | 'stopping' | 'unknown';
const operationalStates: OperationalState[] = ['stopped', 'starting', 'running', 'stopping'];

/** srv_admin_state bits (management manual, "show servers state"). */
export const adminFlags = { forcedMaint: 0x01, inheritedMaint: 0x02, configMaint: 0x04, forcedDrain: 0x08, inheritedDrain: 0x10, resolutionMaint: 0x20, fqdnSetFromCli: 0x40 } as const;
/** srv_check_state / srv_agent_state bits. */
export const checkFlags = { inProgress: 0x01, configured: 0x02, enabled: 0x04, paused: 0x08 } as const;

export interface ServerState {
  backendId: number;
  backend: string;
  serverId: number;
  server: string;
  address?: string;
  port?: number;
  fqdn?: string;
  operationalState: OperationalState;
  adminStateMask: number;
  /** Derived from the mask: any maintenance bit -> maint, else any drain bit -> drain. */
  adminState: 'ready' | 'drain' | 'maint';
  weight: number;
  initialWeight: number;
  secondsSinceLastChange?: number;
  checkStateMask: number;
  agentStateMask: number;
  /** Health checks configured and administratively enabled. */
  checksEnabled: boolean;
  checksConfigured: boolean;
  agentEnabled: boolean;
  /** Every column by its header name, verbatim. */
  fields: Record<string, string>;
}

const maintMask = adminFlags.forcedMaint | adminFlags.inheritedMaint | adminFlags.configMaint | adminFlags.resolutionMaint;
const drainMask = adminFlags.forcedDrain | adminFlags.inheritedDrain;

export function parseServersState(reply: string): ServerState[] {
  const lines = reply.split('\n');
  if (lines[0]?.trim() !== '1') throw new ReplyParseError('show servers state', `unsupported format version '${lines[0] ?? ''}' (expected 1)`, reply);
  const headerLine = lines[1] ?? '';
  if (!headerLine.startsWith('# ')) throw new ReplyParseError('show servers state', 'the header line is missing', reply);
  const header = headerLine.slice(2).trim().split(/\s+/);
  const states: ServerState[] = [];
  for (const line of lines.slice(2)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const values = line.trim().split(' ');
    const fields: Record<string, string> = {};
    header.forEach((name, i) => (fields[name] = values[i] ?? ''));
    const int = (name: string) => Number.parseInt(fields[name] ?? '', 10);
    const optional = (name: string) => (fields[name] === undefined || fields[name] === '-' || fields[name] === '' ? undefined : fields[name]);
    const admin = int('srv_admin_state') || 0;
    const check = int('srv_check_state') || 0;
    const agent = int('srv_agent_state') || 0;
    const port = optional('srv_port');
    states.push({
      backendId: int('be_id'),
      backend: fields.be_name ?? '',
      serverId: int('srv_id'),
      server: fields.srv_name ?? '',
      address: optional('srv_addr'),
      port: port === undefined ? undefined : Number(port),
      fqdn: optional('srv_fqdn'),
      operationalState: operationalStates[int('srv_op_state')] ?? 'unknown',
      adminStateMask: admin,
      adminState: admin & maintMask ? 'maint' : admin & drainMask ? 'drain' : 'ready',
      weight: int('srv_uweight'),
      initialWeight: int('srv_iweight'),
      secondsSinceLastChange: Number.isFinite(int('srv_time_since_last_change')) ? int('srv_time_since_last_change') : undefined,
      checkStateMask: check,
      agentStateMask: agent,
      checksConfigured: (check & checkFlags.configured) !== 0,
      checksEnabled: (check & (checkFlags.configured | checkFlags.enabled)) === (checkFlags.configured | checkFlags.enabled),
      agentEnabled: (agent & (checkFlags.configured | checkFlags.enabled)) === (checkFlags.configured | checkFlags.enabled),
      fields,
    });
  }
  return states;
}

// ---- show backend, get weight ---------------------------------------------------------------

export function parseShowBackend(reply: string): string[] {
  const lines = reply.split('\n');
  if (lines[0] !== '# name') throw new ReplyParseError('show backend', "the header '# name' is missing", reply);
  return lines.slice(1).filter((line) => line.trim() !== '');
}

export function parseGetWeight(reply: string): { current: number; initial: number } {
  const match = /^(\d+) \(initial (\d+)\)\s*$/.exec(reply.trim());
  if (!match) throw new ReplyParseError('get weight', "expected 'N (initial M)'", reply);
  return { current: Number(match[1]), initial: Number(match[2]) };
}

// ---- show ssl cert --------------------------------------------------------------------------

export interface SslCertList {
  /** Committed certificate files. */
  files: string[];
  /** Uncommitted transactions (shown with a `*` prefix by HAProxy; listed here without it). */
  transactions: string[];
}

export function parseSslCertList(reply: string): SslCertList {
  const result: SslCertList = { files: [], transactions: [] };
  let section: 'files' | 'transactions' = 'files';
  for (const line of reply.split('\n')) {
    const text = line.trim();
    if (text === '# transaction') section = 'transactions';
    else if (text === '# filename') section = 'files';
    else if (text !== '' && !text.startsWith('#')) {
      if (section === 'transactions' || text.startsWith('*')) result.transactions.push(text.replace(/^\*/, ''));
      else result.files.push(text);
    }
  }
  return result;
}

export interface SslCertDetails {
  filename: string;
  status?: string;
  serial?: string;
  notBefore?: Date;
  notAfter?: Date;
  issuer?: string;
  subject?: string;
  subjectAltNames: string[];
  algorithm?: string;
  sha1Fingerprint?: string;
  /** Every `Key: value` line, verbatim (the chain's keys repeat; the first wins). */
  fields: Record<string, string>;
}

export function parseSslCert(reply: string): SslCertDetails {
  const fields: Record<string, string> = {};
  for (const line of reply.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    if (fields[key] === undefined) fields[key] = line.slice(colon + 1).trim();
  }
  if (fields.Filename === undefined) throw new ReplyParseError('show ssl cert', "no 'Filename:' line", reply);
  const date = (key: string) => {
    const value = fields[key];
    const parsed = value ? new Date(value) : undefined;
    return parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
  };
  return {
    filename: fields.Filename,
    status: fields.Status,
    serial: fields.Serial,
    notBefore: date('notBefore'),
    notAfter: date('notAfter'),
    issuer: fields.Issuer,
    subject: fields.Subject,
    subjectAltNames: (fields['Subject Alternative Name'] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    algorithm: fields.Algorithm,
    sha1Fingerprint: fields['SHA1 FingerPrint'],
    fields,
  };
}

// ---- show errors ----------------------------------------------------------------------------

export interface CapturedError {
  /** As printed, e.g. `26/Nov/2026:20:40:23.977`. */
  date: string;
  /** `frontend` / `backend` as printed. */
  proxyKind: string;
  proxy: string;
  proxyId?: number;
  /** `invalid request` / `invalid response`. */
  description: string;
  /** The indented detail lines (source, session, positions), without the hex dump. */
  details: string[];
}

export interface ErrorsSummary {
  capturedAt?: string;
  total: number;
  events: CapturedError[];
}

export function parseShowErrors(reply: string): ErrorsSummary {
  const header = /^Total events captured on \[([^\]]*)\] : (\d+)/m.exec(reply);
  if (!header) throw new ReplyParseError('show errors', "no 'Total events captured' line", reply);
  const events: CapturedError[] = [];
  let current: CapturedError | undefined;
  for (const line of reply.split('\n')) {
    // `[date] frontend fe (#2): invalid request` (2.6); older releases prefix `>>> ` and space the colon.
    const event = /^\s*(?:>>> )?\[([^\]]*)\] (\S+) (\S+) \(#(-?\d+)\)\s*: (.*)$/.exec(line);
    if (event) {
      current = { date: event[1] as string, proxyKind: event[2] as string, proxy: event[3] as string, proxyId: Number(event[4]), description: (event[5] as string).trim(), details: [] };
      events.push(current);
    } else if (current && /^\s+\S/.test(line) && !/^\s+\d{5}[ +]/.test(line)) {
      current.details.push(line.trim());
    }
  }
  return { capturedAt: header[1], total: Number(header[2]), events };
}
