// What the monitoring files need to know about a haproxy.cfg, read with the language server's
// parser (one parser for the whole product): its backends (servers, mode) and the frontends that
// already serve HAProxy's Prometheus exporter, with their bind addresses.
import { parse, type Directive, type Section } from '../../../../../server/src/syntax';

export interface BackendFacts {
  name: string;
  /** `backend` or `listen`. */
  section: 'backend' | 'listen';
  /** `server` lines, plus the count of each `server-template`. */
  servers: number;
  /** `http` or `tcp` (own `mode`, else from its defaults; HAProxy's default is tcp). */
  mode: 'http' | 'tcp';
  /** 0-based line of the section header. */
  line: number;
}

export interface BindAddress {
  /** Host part as written (`127.0.0.1`, `::1`); empty for any address (`:8405`, `*:8405`, `0.0.0.0:8405`, `[::]:8405`). */
  host: string;
  port: number;
}

export interface ExporterFacts {
  frontend: string;
  /** The path it answers on (`{ path /metrics }`), `/metrics` when the condition does not say. */
  path: string;
  binds: BindAddress[];
}

export interface ConfigFacts {
  backends: BackendFacts[];
  exporters: ExporterFacts[];
  /** Names of every proxy (frontend, backend, listen, defaults) to avoid when naming a new one. */
  proxyNames: Set<string>;
  /** Ports already bound (to pick a free one for a new exporter frontend). */
  boundPorts: Set<number>;
}

const anyHost = new Set(['', '*', '0.0.0.0', '::', '[::]']);

/** `127.0.0.1:8405`, `:8405`, `*:8405`, `[::1]:8405`, `ipv4@0.0.0.0:8405` -> host and port; undefined for sockets and ranges. */
export function parseBindAddress(text: string): BindAddress | undefined {
  const address = text.replace(/^(ipv4|ipv6|tcp|tcp4|tcp6)@/, '');
  if (/^(unix|abns|fd|sockpair|udp[46]?|quic[46]?)@/.test(address) || address.startsWith('/')) return undefined;
  const match = /^(\[[^\]]*\]|[^:]*):(\d+)$/.exec(address) ?? /^(.*):(\d+)$/.exec(address);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (!(port > 0 && port < 65536)) return undefined;
  const host = match[1] ?? '';
  return { host: anyHost.has(host) ? '' : host.replace(/^\[(.*)\]$/, '$1'), port };
}

function words(directive: Directive): string[] {
  return [directive.keyword.text, ...directive.args.map((word) => word.text)];
}

function sectionMode(section: Section): 'http' | 'tcp' | undefined {
  const mode = section.directives.find((d) => !d.inactive && d.keyword.text === 'mode')?.args[0]?.text;
  return mode === 'http' || mode === 'tcp' ? mode : undefined;
}

function serverCount(section: Section): number {
  let count = 0;
  for (const directive of section.directives) {
    if (directive.inactive) continue;
    if (directive.keyword.text === 'server') count++;
    else if (directive.keyword.text === 'server-template') {
      // server-template <prefix> <num | range> <fqdn>[:<port>] [params*]
      const spec = directive.args[1]?.text ?? '';
      const range = /^(\d+)(?:-(\d+))?$/.exec(spec);
      if (range) count += range[2] !== undefined ? Math.max(0, Number(range[2]) - Number(range[1]) + 1) : Number(range[1]);
    }
  }
  return count;
}

/** The path of `... use-service prometheus-exporter if { path /x }`, else /metrics. */
function exporterPath(directive: Directive): string {
  const list = words(directive);
  const at = list.indexOf('path');
  const value = at >= 0 ? list[at + 1] : undefined;
  return value && value.startsWith('/') ? value : '/metrics';
}

export function readConfigFacts(text: string): ConfigFacts {
  const tree = parse(text);
  const backends: BackendFacts[] = [];
  const exporters: ExporterFacts[] = [];
  const proxyNames = new Set<string>();
  const boundPorts = new Set<number>();
  const defaultsModes = new Map<string, 'http' | 'tcp' | undefined>();
  let lastDefaultsMode: 'http' | 'tcp' | undefined;
  for (const section of tree.sections) {
    if (section.header.inactive) continue;
    const name = section.name?.text;
    if (name) proxyNames.add(name);
    if (section.type === 'defaults') {
      const from = section.from?.text;
      lastDefaultsMode = sectionMode(section) ?? (from ? defaultsModes.get(from) : undefined);
      if (name) defaultsModes.set(name, lastDefaultsMode);
      continue;
    }
    if (section.type !== 'frontend' && section.type !== 'backend' && section.type !== 'listen') continue;
    const from = section.from?.text;
    const mode = sectionMode(section) ?? (from ? defaultsModes.get(from) : lastDefaultsMode) ?? 'tcp';
    const binds: BindAddress[] = [];
    for (const directive of section.directives) {
      if (directive.inactive || directive.keyword.text !== 'bind') continue;
      for (const part of (directive.args[0]?.text ?? '').split(',')) {
        const address = parseBindAddress(part);
        if (address) {
          binds.push(address);
          boundPorts.add(address.port);
        }
      }
    }
    if (name && section.type !== 'frontend') backends.push({ name, section: section.type, servers: serverCount(section), mode, line: section.startLine });
    const exporter = section.type !== 'backend'
      ? section.directives.find((d) => !d.inactive && d.keyword.text === 'http-request' && words(d).includes('use-service') && words(d).includes('prometheus-exporter'))
      : undefined;
    if (exporter && name) exporters.push({ frontend: name, path: exporterPath(exporter), binds });
  }
  return { backends, exporters, proxyNames, boundPorts };
}
