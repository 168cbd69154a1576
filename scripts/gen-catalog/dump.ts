// Cross-check with `haproxy -dKall` (what the binary registers): adds what the manual misses,
// records discrepancies in the catalog's notes, and takes converter input/output types.
import type { CatalogData, KeywordData } from '../../server/src/catalog/types';
import { RULESETS } from './generate';

interface Dump {
  config: Map<string, string[]>; // section -> keyword lines (tab removed)
  converters: Array<{ name: string; args?: string; input: string; output: string }>;
  fetches: Array<{ name: string; args?: string; output: string }>;
  acls: Array<{ name: string; fetch: string; method: string }>; // "hdr_beg = req.hdr -m beg"
}

export function parseDump(text: string): Dump {
  const dump: Dump = { config: new Map(), converters: [], fetches: [], acls: [] };
  let block = '';
  let section = '';
  for (const raw of text.split('\n')) {
    const heading = /^# List of registered (.+?):?$/.exec(raw);
    if (heading) { block = heading[1]; continue; }
    if (raw.startsWith('#') || raw.trim() === '') continue;
    if (block.startsWith('ACL keywords')) {
      const m = /^(\S+) = (\S+) -m (\S+)/.exec(raw);
      if (m) dump.acls.push({ name: m[1], fetch: m[2], method: m[3] });
    } else if (block.startsWith('configuration keywords')) {
      if (!raw.startsWith('\t')) { section = raw.trim(); dump.config.set(section, []); continue; }
      dump.config.get(section)?.push(raw.slice(1).trim());
    } else if (block.startsWith('sample converter')) {
      const m = /^([\w.+-]+)(\(.*?\))?: (\S+) => (\S+)/.exec(raw);
      if (m) dump.converters.push({ name: m[1], ...(m[2] ? { args: m[2] } : {}), input: m[3], output: m[4] });
    } else if (block.startsWith('sample fetch')) {
      const m = /^\[[ YN.]*\] ([\w.+-]+)(\(.*?\))?: (\S+)/.exec(raw);
      if (m) dump.fetches.push({ name: m[1], ...(m[2] ? { args: m[2] } : {}), output: m[3] });
    }
  }
  return dump;
}

const SIDES: Record<string, string[]> = { FE: ['defaults', 'frontend', 'listen'], BE: ['defaults', 'listen', 'backend'] };

export function applyDump(data: CatalogData, text: string, source: string): void {
  const dump = parseDump(text);
  const notes = data.notes;
  const has = (section: string, name: string): boolean => data.keywords.some((k) => k.name === name && k.sections.includes(section));
  for (const name of dump.config.get('global') ?? []) {
    if (has('global', name) || data.keywords.some((k) => k.sections.includes('global') && k.name.startsWith(name + ' '))) continue;
    data.keywords.push({ name, sections: ['global'], origin: 'dump' });
    notes.push(`${source}: global keyword "${name}" is registered by the binary but not in the manual's list (added)`);
  }
  for (const line of dump.config.get('listen') ?? []) {
    const bind = /^bind <addr> (?:ssl )?(\S+)(?: \+(\d+))?/.exec(line);
    const server = /^server <name> <addr> (?:ssl )?(\S+)(?: \+(\d+))?/.exec(line);
    const option = /^option (\S+)(?: \[ (.*) \])?/.exec(line);
    const ruleset = RULESETS.find((r) => line.startsWith(r + ' '));
    if (bind) addOption(data.bindOptions, bind[1], Number(bind[2] ?? 0), 'bind', notes, source);
    else if (server) addOption(data.serverOptions, server[1], Number(server[2] ?? 0), 'server', notes, source);
    else if (option) addProxyOption(data, option[1], option[2] ?? '', notes, source);
    else if (ruleset) addAction(data, ruleset, line.slice(ruleset.length).trim(), notes, source);
    else if (!data.keywords.some((k) => k.name === line || k.name.startsWith(line + ' '))) {
      notes.push(`${source}: proxy keyword "${line}" is registered by the binary but absent from the 4.1 matrix (not added: may only exist to report an error)`);
    }
  }
  for (const c of dump.converters) {
    const known = data.converters.find((x) => x.name === c.name);
    if (known) { known.input = c.input; if (!known.output) known.output = c.output; continue; }
    data.converters.push({ name: c.name, input: c.input, output: c.output, synopsis: [c.name + (c.args ?? '')], origin: 'dump' });
    notes.push(`${source}: converter "${c.name}" is registered by the binary but not documented (added)`);
  }
  for (const f of dump.fetches) {
    if (data.fetches.some((x) => x.name === f.name)) continue;
    data.fetches.push({ name: f.name, output: f.output, synopsis: [f.name + (f.args ?? '')], origin: 'dump' });
    notes.push(`${source}: sample fetch "${f.name}" is registered by the binary but not documented (added)`);
  }
  for (const acl of dump.acls) {
    if (acl.name === acl.fetch || data.fetches.some((f) => f.name === acl.name || f.aclDerivatives?.some((d) => d.name === acl.name))) continue;
    const base = data.fetches.find((f) => f.name === acl.fetch);
    if (!base) continue;
    (base.aclDerivatives ??= []).push({ name: acl.name, match: `-m ${acl.method}` });
    notes.push(`${source}: ACL keyword "${acl.name}" (${acl.fetch} -m ${acl.method}) is registered by the binary but not listed as a derivative (added)`);
  }
  const documentedOnly = data.converters.filter((c) => c.origin === 'doc' && !dump.converters.some((d) => d.name === c.name));
  for (const c of documentedOnly) notes.push(`${source}: converter "${c.name}" is documented but not registered by this build`);
}

/** `set-var*` in the dump is a prefix: it matches the documented "set-var" and "set-var-fmt". */
function addAction(data: CatalogData, ruleset: string, dumped: string, notes: string[], source: string): void {
  const prefix = dumped.endsWith('*');
  const name = dumped.replace(/\*$/, '');
  const known = data.actions.filter((a) => a.rulesets.includes(ruleset) && (prefix ? a.name.startsWith(name) : a.name === name));
  if (known.length) return;
  if (prefix && data.actions.some((a) => a.rulesets.includes(ruleset) && name.startsWith(a.name))) return;
  const existing = data.actions.find((a) => a.name === name);
  if (existing) existing.rulesets.push(ruleset);
  else data.actions.push({ name, rulesets: [ruleset], origin: 'dump' });
  notes.push(`${source}: action "${ruleset} ${name}" is registered by the binary but not documented for that rule set (added)`);
}

/** `+1` in the dump: how many words the option takes; compared with the manual's synopsis. */
function addOption(list: CatalogData['bindOptions'], name: string, skip: number, kind: string, notes: string[], source: string): void {
  const known = list.find((o) => o.name === name);
  if (known) {
    const required = (known.args ?? []).filter((a) => !a.optional).length;
    if (required !== skip) notes.push(`${source}: ${kind} option "${name}" takes ${skip} argument(s) per the binary, the manual's synopsis "${known.synopsis?.[0] ?? name}" shows ${required}`);
    return;
  }
  list.push({ name, origin: 'dump', ...(skip ? { args: Array.from({ length: skip }, () => ({ name: 'arg', optional: false })) } : {}) });
  notes.push(`${source}: ${kind} option "${name}" is registered by the binary but not documented (added)`);
}

function addProxyOption(data: CatalogData, name: string, flags: string, notes: string[], source: string): void {
  const full = `option ${name}`;
  if (data.keywords.some((k) => k.name === full)) return;
  const side = flags.split(/\s+/).find((f) => f in SIDES);
  const kw: KeywordData = { name: full, sections: side ? SIDES[side] : ['defaults', 'frontend', 'listen', 'backend'], negatable: true, origin: 'dump' };
  data.keywords.push(kw);
  notes.push(`${source}: "${full}" is registered by the binary but absent from the 4.1 matrix (added)`);
}
