// Running configuration + local configuration -> a push plan: the structured operations that
// turn one into the other, or, when some change has no structured form, the list of those
// changes and the decision to push the whole file as raw configuration (said so in the plan).
import { aclFromLine, bindFromLine, BIND_PARAMS, httpRequestRuleFromLine, serverFromLine, SERVER_PARAMS, SIMPLE_BALANCE, type Line, type Mapped } from './objects';
import { diffLists } from './listDiff';
import { buildModel, lineKey, type ConfigModel, type SectionModel } from './model';
import { describeChange, OPERATION_PHASE, type FieldChange, type Operation, type ParentType, type ProxyFields } from './operations';

/** A change the structured API cannot express. */
export interface RawReason {
  /** `backend be_app`, `global`, `before the first section`. */
  where: string;
  detail: string;
}

export type PushMethod = 'none' | 'transaction' | 'raw';

export interface Plan {
  /** `transaction`: the operations, in one transaction. `raw`: the whole file (see `raw`). `none`: nothing differs. */
  method: PushMethod;
  /** What changes, as structured operations (in apply order). Also listed for a raw push, as a description. */
  operations: Operation[];
  /** Changes without a structured form: a non-empty list makes the push raw. */
  raw: RawReason[];
}

export interface PlanOptions {
  /** The endpoint's API: v2 has no named defaults endpoint, so defaults changes go raw there. */
  api?: 'v3' | 'v2';
}

export function planPush(runningText: string, localText: string, options: PlanOptions = {}): Plan {
  return planModels(buildModel(runningText), buildModel(localText), options);
}

export function planModels(running: ConfigModel, local: ConfigModel, options: PlanOptions = {}): Plan {
  const planner = new Planner(options);
  planner.compareLines('before the first section', running.preamble, local.preamble, 'directives outside sections');
  planner.compareSectionOrder(running, local);
  for (const key of new Set([...running.order, ...local.order])) {
    const before = running.sections.get(key);
    const after = local.sections.get(key);
    if (before && after) planner.compareSection(before, after);
    else if (after) planner.addSection(after, local);
    else if (before) planner.removeSection(before);
  }
  return planner.result();
}

class Planner {
  private readonly operations: Operation[] = [];
  private readonly raw: RawReason[] = [];

  constructor(private readonly options: PlanOptions) {}

  result(): Plan {
    const operations = this.operations
      .map((operation, index) => ({ operation, index }))
      .sort((a, b) => OPERATION_PHASE[a.operation.kind] - OPERATION_PHASE[b.operation.kind] || a.index - b.index)
      .map((entry) => entry.operation);
    const method = this.raw.length > 0 ? 'raw' : operations.length > 0 ? 'transaction' : 'none';
    return { method, operations, raw: this.raw };
  }

  private rawReason(where: string, detail: string): void {
    this.raw.push({ where, detail });
  }

  /** Plain lines compared in order; each difference becomes a raw reason. */
  compareLines(where: string, before: readonly Line[], after: readonly Line[], what?: string): void {
    const diff = diffLists(before.map(lineKey), after.map(lineKey));
    const suffix = what ? ` (${what} have no structured operation)` : '';
    const added = [...diff.added];
    for (const index of diff.removed) {
      const old = before[index] as Line;
      // A removed line and an added line with the same keyword read better as one change.
      const pairAt = added.findIndex((i) => pairingKey(after[i] as Line) === pairingKey(old));
      if (pairAt >= 0) {
        const [newIndex] = added.splice(pairAt, 1) as [number];
        this.rawReason(where, `changed '${old.source}' → '${after[newIndex]?.source}'${suffix}`);
      } else {
        this.rawReason(where, `removed '${old.source}'${suffix}`);
      }
    }
    for (const index of added) this.rawReason(where, `added '${after[index]?.source}'${suffix}`);
  }

  /** Defaults apply to the proxies after them: a different order of sections is a raw change. */
  compareSectionOrder(running: ConfigModel, local: ConfigModel): void {
    const common = (order: string[], other: ConfigModel) => order.filter((key) => other.sections.has(key));
    const before = common(running.order, local);
    const after = common(local.order, running);
    if (before.join('\n') !== after.join('\n')) this.rawReason('sections', 'the order of sections changed (the API cannot move sections)');
  }

  addSection(section: SectionModel, local: ConfigModel): void {
    if (section.type !== 'frontend' && section.type !== 'backend') {
      this.rawReason(section.label, `new ${section.type} section (only frontends and backends are created as structured objects)`);
      return;
    }
    if (section.conditional) return this.rawReason(section.label, 'new section with .if blocks');
    if (section.header.words.length > 2) return this.rawReason(section.label, `header '${section.header.source}' has options the API does not set on creation`);
    const defaultsCount = [...local.sections.values()].filter((s) => s.type === 'defaults').length;
    if (defaultsCount > 1) this.rawReason(section.label, 'new section in a file with several defaults sections: its place decides which defaults it inherits, and the API appends it at the end');
    const fields = this.proxyFields(section, section.fields);
    if (!fields) return;
    this.compareLines(section.label, [], section.others, 'these directives');
    this.operations.push({
      kind: 'create-proxy',
      proxy: section.type,
      name: section.name,
      object: { name: section.name, ...fields },
      description: `add ${section.label}${describeFields(fields)}`,
    });
    const empty = emptyLike(section);
    this.compareChildren(empty, section);
  }

  removeSection(section: SectionModel): void {
    if (section.type === 'frontend' || section.type === 'backend') {
      const children = section.type === 'backend' ? section.servers.size : section.binds.size;
      const what = section.type === 'backend' ? 'server' : 'bind';
      this.operations.push({
        kind: 'delete-proxy',
        proxy: section.type,
        name: section.name,
        description: `delete ${section.label}${children > 0 ? ` (with its ${children} ${what}${children === 1 ? '' : 's'})` : ''}`,
      });
      return;
    }
    this.rawReason(section.label, `removed ${section.type} section (only frontends and backends are deleted as structured objects)`);
  }

  compareSection(before: SectionModel, after: SectionModel): void {
    if (lineKey(before.header) === lineKey(after.header) && sameLines(before.sequence, after.sequence)) return;
    if (lineKey(before.header) !== lineKey(after.header)) this.rawReason(after.label, `header '${before.header.source}' → '${after.header.source}'`);
    if (!after.structured) return this.compareLines(after.label, before.sequence, after.sequence, `${after.type} settings`);
    if (before.conditional || after.conditional) return this.compareLines(after.label, before.sequence, after.sequence, 'lines of a section with .if blocks');
    if (after.type === 'defaults' && this.options.api === 'v2') return this.compareLines(after.label, before.sequence, after.sequence, 'defaults settings over the v2 API');
    this.compareFields(before, after);
    this.compareLines(after.label, before.others, after.others, 'these directives');
    this.compareChildren(before, after);
  }

  private compareFields(before: SectionModel, after: SectionModel): void {
    const changes: FieldChange[] = [];
    const set: Partial<Record<keyof ProxyFields, unknown>> = {};
    for (const keyword of new Set([...before.fields.keys(), ...after.fields.keys()])) {
      const from = before.fields.get(keyword);
      const to = after.fields.get(keyword);
      if (from && to && lineKey(from) === lineKey(to)) continue;
      const value = to ? this.proxyFields(after, new Map([[keyword, to]])) : {};
      if (!value) return;
      const field = fieldName(keyword);
      changes.push({ name: keyword, from: from?.words.slice(1).join(' '), to: to?.words.slice(1).join(' ') });
      set[field] = value[field];
    }
    if (changes.length === 0) return;
    const proxy = after.type as 'frontend' | 'backend' | 'defaults';
    this.operations.push({ kind: 'update-proxy', proxy, name: after.name, set, changes, description: describeChange(after.label, '', changes) });
  }

  /** The proxy's own fields as API values; a field without a structured form is a raw reason (and undefined). */
  private proxyFields(section: SectionModel, fields: ReadonlyMap<string, Line>): ProxyFields | undefined {
    const result: ProxyFields = {};
    for (const [keyword, line] of fields) {
      const args = line.words.slice(1);
      const value = args[0] ?? '';
      const simple = !line.hasEnvRef && args.length === 1 && (keyword !== 'balance' || SIMPLE_BALANCE.has(value));
      if (!simple) {
        this.rawReason(section.label, `'${line.source}' has no structured form (only 'mode X', 'default_backend X' and 'balance' without arguments do)`);
        return undefined;
      }
      if (keyword === 'mode') result.mode = value;
      else if (keyword === 'default_backend') result.default_backend = value;
      else result.balance = { algorithm: value };
    }
    return result;
  }

  private compareChildren(before: SectionModel, after: SectionModel): void {
    if (after.type === 'backend') this.compareServers(before, after);
    if (after.type === 'frontend') this.compareBinds(before, after);
    if (after.type === 'frontend' || after.type === 'backend') {
      this.compareIndexed(before, after, 'acl');
      this.compareIndexed(before, after, 'rule');
    }
  }

  private compareServers(before: SectionModel, after: SectionModel): void {
    const backend = after.name;
    // Server order sets automatic server ids (stick tables, hashing); the API appends new servers.
    const kept = [...before.servers.keys()].filter((name) => after.servers.has(name));
    const expected = [...kept, ...[...after.servers.keys()].filter((name) => !before.servers.has(name))];
    const wanted = [...after.servers.keys()];
    if (expected.join('\n') !== wanted.join('\n')) {
      this.rawReason(after.label, `servers in the order ${wanted.join(', ')}: the API would leave ${expected.join(', ')} (it appends new servers; the order sets automatic server ids)`);
    }
    for (const name of before.servers.keys()) {
      if (!after.servers.has(name)) this.operations.push({ kind: 'delete-server', backend, name, description: `delete server ${name} from ${backend}` });
    }
    for (const [name, line] of after.servers) {
      const old = before.servers.get(name);
      if (old && lineKey(old) === lineKey(line)) continue;
      const mapped = serverFromLine(line);
      if (!mapped.ok) {
        this.rawReason(after.label, mapped.reason);
        continue;
      }
      const server = mapped.value;
      if (!old) {
        const options = line.words.slice(3);
        const description = `add server ${name} ${line.words[2]} to ${backend}${options.length > 0 ? ` (${describeOptions(options, SERVER_PARAMS)})` : ''}`;
        this.operations.push({ kind: 'create-server', backend, server, description });
        continue;
      }
      const previous = serverFromLine(old);
      if (previous.ok && sameObject(previous.value, server)) continue; // same settings, written differently
      const changes = lineChanges(old, line, SERVER_PARAMS, 'address');
      this.operations.push({ kind: 'replace-server', backend, name, server, changes, description: describeChange(name, `in ${backend}`, changes) });
    }
  }

  private compareBinds(before: SectionModel, after: SectionModel): void {
    const frontend = after.name;
    for (const name of before.binds.keys()) {
      if (!after.binds.has(name)) this.operations.push({ kind: 'delete-bind', frontend, name, description: `delete bind ${name} from frontend ${frontend}` });
    }
    for (const [name, line] of after.binds) {
      const old = before.binds.get(name);
      if (old && lineKey(old) === lineKey(line)) continue;
      const mapped = bindFromLine(line);
      if (!mapped.ok) {
        this.rawReason(after.label, mapped.reason);
        continue;
      }
      if (!old) {
        this.operations.push({ kind: 'create-bind', frontend, bind: mapped.value, description: `add '${line.source}' to frontend ${frontend}` });
        continue;
      }
      const previous = bindFromLine(old);
      if (previous.ok && sameObject(previous.value, mapped.value)) continue;
      const changes = lineChanges(old, line, BIND_PARAMS, 'address');
      this.operations.push({ kind: 'replace-bind', frontend, name, bind: mapped.value, changes, description: describeChange(`bind ${name}`, `of frontend ${frontend}`, changes) });
    }
  }

  /** ACLs and http-request rules are keyed by position: deletions (last first), then insertions (first first). */
  private compareIndexed(before: SectionModel, after: SectionModel, what: 'acl' | 'rule'): void {
    const list = (s: SectionModel) => (what === 'acl' ? s.acls : s.httpRequestRules);
    const oldList = list(before);
    const newList = list(after);
    const diff = diffLists(oldList.map(lineKey), newList.map(lineKey));
    if (diff.removed.length === 0 && diff.added.length === 0) return;
    const parentType = after.type as ParentType;
    const parent = after.name;
    const inserts: Operation[] = [];
    for (const index of diff.added) {
      const line = newList[index] as Line;
      const description = `add ${what === 'acl' ? describeAcl(line) : `rule '${line.source}'`} to ${after.label} at index ${index}`;
      const operation = insertOperation(what, line, { parentType, parent, index, description });
      if (!operation.ok) return this.rawReason(after.label, operation.reason);
      inserts.push(operation.value);
    }
    for (const index of [...diff.removed].reverse()) {
      const line = oldList[index] as Line;
      const description = `delete ${what === 'acl' ? describeAcl(line) : `rule '${line.source}'`} from ${after.label} (index ${index})`;
      this.operations.push(what === 'acl' ? { kind: 'delete-acl', parentType, parent, index, description } : { kind: 'delete-http-request-rule', parentType, parent, index, description });
    }
    this.operations.push(...inserts);
  }
}

function insertOperation(what: 'acl' | 'rule', line: Line, at: { parentType: ParentType; parent: string; index: number; description: string }): Mapped<Operation> {
  if (what === 'acl') {
    const acl = aclFromLine(line);
    return acl.ok ? { ok: true, value: { kind: 'create-acl', ...at, acl: acl.value } } : acl;
  }
  const rule = httpRequestRuleFromLine(line);
  return rule.ok ? { ok: true, value: { kind: 'create-http-request-rule', ...at, rule: rule.value } } : rule;
}

/** Keywords whose second word names the setting (`timeout client`, `option httplog`). */
const TWO_WORD_KEYWORDS = new Set(['timeout', 'option', 'no', 'stats', 'compression', 'http-check', 'tcp-check']);

function pairingKey(line: Line): string {
  const [first = '', second = ''] = line.words;
  return TWO_WORD_KEYWORDS.has(first) ? `${first} ${second}` : first;
}

function fieldName(keyword: string): keyof ProxyFields {
  return keyword === 'balance' ? 'balance' : keyword === 'default_backend' ? 'default_backend' : 'mode';
}

function describeFields(fields: ProxyFields): string {
  const parts = [fields.mode && `mode ${fields.mode}`, fields.balance && `balance ${fields.balance.algorithm}`, fields.default_backend && `default_backend ${fields.default_backend}`].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function describeAcl(line: Line): string {
  return `acl ${line.words[1]} (${line.words.slice(2).join(' ')})`;
}

/** `check, weight 50`: the options of a new line in words. */
function describeOptions(words: readonly string[], table: typeof SERVER_PARAMS): string {
  const parts: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const keyword = words[i] as string;
    const kind = table[keyword]?.kind;
    if (kind === 'flag' || kind === 'boolean') parts.push(keyword);
    else parts.push(`${keyword} ${words[++i] ?? ''}`.trim());
  }
  return parts.join(', ');
}

/** Per keyword: `true` for a flag, else its value. */
function optionMap(words: readonly string[], table: typeof SERVER_PARAMS): Map<string, string | true> {
  const map = new Map<string, string | true>();
  for (let i = 0; i < words.length; i++) {
    const keyword = words[i] as string;
    const kind = table[keyword]?.kind;
    if (kind === 'flag' || kind === 'boolean') map.set(keyword, true);
    else map.set(keyword, words[++i] ?? '');
  }
  return map;
}

/** What differs between two lines of the same object, by config keyword (`weight 100 → 50`, `check off → on`). */
function lineChanges(before: Line, after: Line, table: typeof SERVER_PARAMS, addressName: string): FieldChange[] {
  const changes: FieldChange[] = [];
  const addressAt = before.words[0] === 'server' ? 2 : 1;
  const optionsAt = addressAt + 1;
  if (before.words[addressAt] !== after.words[addressAt]) changes.push({ name: addressName, from: before.words[addressAt], to: after.words[addressAt] });
  const oldOptions = optionMap(before.words.slice(optionsAt), table);
  const newOptions = optionMap(after.words.slice(optionsAt), table);
  for (const keyword of new Set([...newOptions.keys(), ...oldOptions.keys()])) {
    const from = oldOptions.get(keyword);
    const to = newOptions.get(keyword);
    if (from === to) continue;
    const show = (value: string | true | undefined) => (value === true ? 'on' : value === undefined ? (from === true || to === true ? 'off' : undefined) : value);
    changes.push({ name: keyword, from: show(from), to: show(to) });
  }
  if (changes.length === 0) changes.push({ name: 'options (same settings, written differently)' });
  return changes;
}

/** The same lines in the same order. */
function sameLines(before: readonly Line[], after: readonly Line[]): boolean {
  if (before.length !== after.length) return false;
  const a = before.map(lineKey);
  const b = after.map(lineKey);
  return a.every((key, i) => key === b[i]);
}

function sameObject(a: object, b: object): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function emptyLike(section: SectionModel): SectionModel {
  return { ...section, fields: new Map(), servers: new Map(), binds: new Map(), acls: [], httpRequestRules: [], others: [] };
}
