// Unresolved references (document check): every reference of the symbol index that resolves to
// no active definition, reported with HAProxy's wording. Also what HAProxy resolves with rules of
// its own: an ACL must be declared before the rule using it and must have parsed (a broken `acl`
// line is not declared, so its users fail too); a `table` must be a proxy with a stick-table; a
// track-sc/stick rule without `table` uses its own proxy's stick-table; `from` must name one
// earlier defaults section.
//
// Checked section by section (context.ts): a section's references depend on the sections they
// name, which export under 'section:NAME' what the check reads of them (type, mode, stick-table,
// server-templates, definitions), and on the defaults sections a proxy's mode comes from
// ('defaults#INDEX'). Did-you-mean is added by `complete`, in document order, within its budget.
import { packedDistance, packedFingerprint } from '../../catalog/suggest';
import type { Directive, Section, Word } from '../../syntax/tree';
import type { CheckContext, CheckUnit, DocumentCheck, DraftFinding, UnitContext } from '../context';
import type { Finding, FindingSeverity } from '../findings';
import type { SymbolDefinition, SymbolKind, SymbolReference } from '../symbols';
import { isDynamicWord, isProxySection, isSkipped } from './common';
import { isBrokenAclDefinition } from './expressions';
import { ruleParts } from './ruleParts';

/** Lookups of one section's definitions by name a run makes by scanning them, before it indexes them. */
const SCANNED_LOOKUPS = 32;
const NO_DEFINITIONS: readonly SymbolDefinition[] = [];
/** Beyond this many distinct unresolved names, no did-you-mean (each costs a pass over the candidates). */
const MAX_SUGGESTED = 20;
/** Fingerprints of defined names, kept across runs (document checks run after every edit). */
const fingerprints = new Map<string, Int32Array>();
const MAX_FINGERPRINTS = 200_000;

function fingerprintOf(name: string): Int32Array {
  let fp = fingerprints.get(name);
  if (!fp) {
    if (fingerprints.size >= MAX_FINGERPRINTS) fingerprints.clear();
    fp = packedFingerprint(name);
    fingerprints.set(name, fp);
  }
  return fp;
}

/** HAProxy's did-you-mean (catalog/suggest.ts) over cached fingerprints: up to 3 names, closest first. */
function closestNames(name: string, candidates: Iterable<string>): string[] {
  const wanted = packedFingerprint(name);
  const scored: Array<{ c: string; d: number }> = [];
  for (const c of candidates) {
    if (c === name) continue;
    const d = packedDistance(wanted, fingerprintOf(c));
    if (d <= 2 * name.length && d <= 2 * c.length) scored.push({ c, d });
  }
  return scored.sort((x, y) => x.d - y.d).slice(0, 3).map((x) => x.c);
}

/** An ACL name without its `!` ("!!a" is a double negation). */
function withoutNegation(name: string): string {
  let from = 0;
  while (name.charCodeAt(from) === 33) from++;
  return from ? name.slice(from) : name;
}

/** Is an ACL definition visible to a reference: declared above it, or in another section (the preamble's). */
function isDeclaredBefore(d: SymbolDefinition, ref: SymbolReference): boolean {
  return !d.directive || d.directive.line < ref.directive.line || ref.section !== d.section;
}

/** The active definitions among `defs` (the same array when all are: the usual case). */
function activeOnly(defs: SymbolDefinition[]): SymbolDefinition[] {
  for (let i = 0; i < defs.length; i++) if (!isActive(defs[i])) return defs.filter(isActive);
  return defs;
}

const isTableRef = (ref: SymbolReference): boolean => ref.kinds.includes('frontend') && ref.kinds.includes('backend');

function isActive(def: SymbolDefinition): boolean {
  if (def.directive) return def.directive.activity !== 'inactive';
  return def.section.activity !== 'inactive';
}

function severityFor(d: Directive, wanted: FindingSeverity): FindingSeverity {
  return wanted === 'error' && d.activity === 'undecided' ? 'warning' : wanted;
}

function proxyLabel(section: Section | undefined): string {
  return section?.name ? `${section.type} '${section.name.text}'` : (section?.type ?? 'global');
}

/** The key under which a section named `name` exports what references to it read. */
const sectionKey = (name: string): string => `section:${name}`;
const defaultsKey = (index: number): string => `defaults#${index}`;

function hasStickTable(s: Section): boolean {
  return isProxySection(s) && s.directives.some((d) => d.keyword.text === 'stick-table' && !isSkipped(d));
}

interface Template { prefix: string; low: number; high: number }

/** Servers named by `server-template PREFIX N|LOW-HIGH` (PREFIX1..PREFIXN) are not in the symbol index. */
function templatesOf(section: Section): Template[] {
  const list: Template[] = [];
  for (const d of section.directives) {
    if (d.keyword.text !== 'server-template' || isSkipped(d) || !d.args[0]) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(d.args[1]?.text ?? '');
    if (!m) continue;
    list.push(m[2] !== undefined ? { prefix: d.args[0].text, low: Number(m[1]), high: Number(m[2]) } : { prefix: d.args[0].text, low: 1, high: Number(m[1]) });
  }
  return list;
}

/** A section's own last `mode` line (inactive lines aside). */
function ownModeLine(s: Section): Directive | undefined {
  let own: Directive | undefined;
  const directives = s.directives;
  for (let i = 0; i < directives.length; i++) if (directives[i].keyword.text === 'mode' && directives[i].activity !== 'inactive') own = directives[i];
  return own;
}

/** What the check reads of other sections, computed at most once per run and section. */
class ReferenceFacts {
  readonly modes: ProxyModes;
  private readonly stickTables = new Map<Section, boolean>();
  private readonly templates = new Map<Section, Template[]>();
  /** One key string per name and run: thousands of references share it (and its hash). */
  private readonly sectionKeys = new Map<string, string>();
  /** ownDefinitions() of the last section asked about (a section run line by line asks once per line). */
  private own?: Map<string, SymbolDefinition[]>;
  private ownOf?: readonly SymbolDefinition[];
  private ownLookups = 0;

  constructor(readonly ctx: CheckContext) {
    this.modes = new ProxyModes(ctx.tree.sections);
  }

  sectionKey(name: string): string {
    let key = this.sectionKeys.get(name);
    if (key === undefined) this.sectionKeys.set(name, key = sectionKey(name));
    return key;
  }

  hasStickTable(s: Section): boolean {
    return hasStickTableMemo(s, this.stickTables);
  }

  /**
   * A section's definitions named `name` (most references are to their own section's ACLs and
   * servers). An edit in a long section re-checks a few of its lines: they scan the list; a map by
   * name is built only once a run has asked about the same section more often.
   */
  ownDefinitions(definitions: readonly SymbolDefinition[], name: string): readonly SymbolDefinition[] {
    if (this.ownOf !== definitions) {
      this.ownOf = definitions;
      this.own = undefined;
      this.ownLookups = 0;
    }
    if (!this.own && ++this.ownLookups <= SCANNED_LOOKUPS) {
      let found: SymbolDefinition[] | undefined;
      for (let i = 0; i < definitions.length; i++) if (definitions[i].name === name) (found ??= []).push(definitions[i]);
      return found ?? NO_DEFINITIONS;
    }
    if (!this.own) {
      this.own = new Map();
      for (const def of definitions) {
        const list = this.own.get(def.name);
        if (list) list.push(def); else this.own.set(def.name, [def]);
      }
    }
    return this.own.get(name) ?? NO_DEFINITIONS;
  }

  templatesOf(s: Section): Template[] {
    let list = this.templates.get(s);
    if (!list) this.templates.set(s, list = templatesOf(s));
    return list;
  }
}

/** Did-you-mean to add once the findings are known (scope by header line: section objects may be replaced). */
interface SuggestionDraft {
  kinds: SymbolKind[]; name: string; scopeHeader?: Directive; scopeName?: string; scopeKinds?: SymbolKind[];
  /** The definitions of the reference's own section, when it is scoped to it (no index of every section's to build). */
  scopeDefinitions?: readonly SymbolDefinition[];
}

class ReferenceChecker {
  /** The mode keys this unit depended on last (ProxyModes shares one list per defaults section). */
  private lastModeKeys?: readonly string[];

  constructor(private readonly ctx: UnitContext, private readonly facts: ReferenceFacts, private readonly unit: CheckUnit) {}

  run(): void {
    const references = this.unit.references;
    // A line often holds several references; telling whether it is skipped reads all of it.
    let line: Directive | undefined;
    let skipped = false;
    for (let i = 0; i < references.length; i++) {
      const ref = references[i];
      if (ref.predefined || ref.kinds.includes('file')) continue;
      if (ref.name.includes('$') || ref.name.includes('%[')) continue;
      // Most references name an ACL declared above them: nothing to say, skipped line or not.
      if (ref.kinds.includes('acl') && this.hasUsableOwnAcl(ref, withoutNegation(ref.name))) continue;
      if (ref.directive !== line) { line = ref.directive; skipped = isSkipped(line); }
      if (!skipped) this.check(ref);
    }
  }

  private check(ref: SymbolReference): void {
    if (ref.kinds.includes('acl')) { this.checkAcl(ref); return; }
    // Servers, ACLs, users of the reference's own section need no other section.
    if (ref.scopeName !== undefined) this.ctx.dependOn(this.facts.sectionKey(ref.scopeName));
    else if (!ref.scope) this.ctx.dependOn(this.facts.sectionKey(ref.name));
    if (ref.scopeName !== undefined && !this.scopeExists(ref)) return; // the scope's own reference is reported
    const defs = activeOnly(this.resolve(ref));
    if (isTableRef(ref)) { this.checkTable(ref, defs); return; }
    if (ref.kinds.includes('defaults')) { this.checkFrom(ref, defs); return; }
    if (defs.length) {
      const kw = ref.directive.keyword.text;
      if (kw === 'use_backend' || kw === 'default_backend') this.checkModes(ref, defs);
      return;
    }
    if (ref.kinds.includes('ring')) {
      this.report(ref, 'warning', `ring '${ref.name}' is not defined in this file (HAProxy 2.6 accepts it, but nothing is logged there)`);
      return;
    }
    if (ref.kinds.includes('server') && this.isTemplateServer(ref)) return;
    if (ref.kinds.includes('group') && ref.scopeName !== undefined) {
      this.report(ref, 'warning', `userlist '${ref.scopeName}' has no group '${ref.name}': this pattern never matches`);
      return;
    }
    this.report(ref, 'error', this.message(ref));
  }

  /** SymbolIndex.resolve, answered from the unit's own definitions when the reference is scoped to its section. */
  private resolve(ref: SymbolReference): SymbolDefinition[] {
    if (!this.isOwnScoped(ref)) return this.ctx.symbols.resolve(ref);
    this.ctx.dependOnName(ref.name);
    return this.facts.ownDefinitions(this.unit.definitions, ref.name).filter((d) => ref.kinds.includes(d.kind));
  }

  private isOwnScoped(ref: SymbolReference): boolean {
    return !ref.predefined && ref.scopeName === undefined && !!ref.scope && ref.scope === this.unit.section;
  }

  private isTemplateServer(ref: SymbolReference): boolean {
    const scopes = ref.scope ? [ref.scope]
      : this.ctx.symbols.findDefinitions(ref.scopeKinds ?? ['backend', 'listen'], ref.scopeName ?? '').map((d) => d.section);
    for (const section of scopes) {
      for (const t of this.facts.templatesOf(section)) {
        if (!ref.name.startsWith(t.prefix)) continue;
        const rest = ref.name.slice(t.prefix.length);
        if (/^\d+$/.test(rest) && Number(rest) >= t.low && Number(rest) <= t.high && String(Number(rest)) === rest) return true;
      }
    }
    return false;
  }

  private scopeExists(ref: SymbolReference): boolean {
    const kinds = ref.scopeKinds ?? ['backend', 'listen'];
    return this.ctx.symbols.findDefinitions(kinds, ref.scopeName ?? '').some(isActive);
  }

  private checkAcl(ref: SymbolReference): void {
    const name = withoutNegation(ref.name);
    if (name === '' || name.toLowerCase() === 'or' || name === '||') return; // HAProxy compares "or" case-insensitively
    const target = name === ref.name ? ref : { ...ref, name };
    const defs = this.resolve(target).filter(isActive);
    const before = defs.filter((d) => isDeclaredBefore(d, ref));
    if (before.some((d) => this.isParsedAcl(d))) return;
    let why = '';
    if (before.length) why = ` (its declaration at line ${before[0].directive!.line + 1} has an error)`;
    else if (defs.length) why = ` (it is declared later, at line ${defs[0].directive!.line + 1}: declare ACLs before the rules using them)`;
    else if (name.includes('||') || name.startsWith('{') || name.endsWith('}')) why = ` (operators and braces must be separate words)`;
    for (const d of defs.length ? [defs[0], ...before.slice(0, 1)] : []) this.ctx.mentionLinesOf(d.section);
    this.report(target, 'error', `no such ACL : '${name}'${why}`);
  }

  /**
   * The usual case, answered without building lists: an ACL of the reference's own section declared
   * earlier by a line that parses (what checkAcl accepts, for the references it would resolve here).
   */
  private hasUsableOwnAcl(ref: SymbolReference, name: string): boolean {
    if (!this.isOwnScoped(ref)) return false;
    this.ctx.dependOnName(name);
    const defs = this.facts.ownDefinitions(this.unit.definitions, name);
    for (const d of defs) if (ref.kinds.includes(d.kind) && isActive(d) && isDeclaredBefore(d, ref) && this.isParsedAcl(d)) return true;
    return false;
  }

  /** An ACL definition HAProxy accepted (its line parses). */
  private isParsedAcl(d: SymbolDefinition): boolean {
    return !d.directive || !isBrokenAclDefinition(d.directive, this.ctx);
  }

  /** An HTTP frontend cannot use a TCP backend (a TCP frontend may use an HTTP one: it upgrades). */
  private checkModes(ref: SymbolReference, defs: SymbolDefinition[]): void {
    const frontend = ref.section;
    if (!frontend || (frontend.type !== 'frontend' && frontend.type !== 'listen')) return;
    if (this.modeOf(frontend) !== 'http') return;
    const target = defs[0].section;
    if (this.modeOf(target) !== 'tcp') return;
    const how = ref.directive.keyword.text === 'default_backend' ? 'as its default backend' : `in a 'use_backend' rule`;
    this.ctx.mentionLinesOf(target);
    this.ctx.report({
      code: 'incompatible-backend', severity: severityFor(ref.directive, 'error'), range: ref.range,
      message: `http ${proxyLabel(frontend)} tries to use incompatible tcp ${target.type === 'listen' ? 'proxy' : 'backend'} '${ref.name}' ${how} (see 'mode')`,
      related: [{ range: target.name?.range ?? target.header.range, message: `${proxyLabel(target)} is in mode tcp` }],
    });
  }

  private modeOf(s: Section): string | undefined {
    const { mode, keys } = this.facts.modes.of(s);
    if (keys !== this.lastModeKeys) {
      for (let i = 0; i < keys.length; i++) this.ctx.dependOn(keys[i]);
      this.lastModeKeys = keys;
    }
    return mode;
  }

  /** `table NAME`, `sc_*(..., NAME)`: a proxy with a stick-table, or a peers section's table. */
  private checkTable(ref: SymbolReference, defs: SymbolDefinition[]): void {
    if (defs.some((d) => this.facts.hasStickTable(d.section))) return;
    const without = defs.length ? ` (${proxyLabel(defs[0].section)} has no stick-table)` : '';
    this.report(ref, 'error', `unable to find table '${ref.name}'${without}`);
  }

  private checkFrom(ref: SymbolReference, defs: SymbolDefinition[]): void {
    const owner = ref.section;
    const earlier = defs.filter((d) => !owner || d.section.startLine < owner.startLine);
    if (earlier.length > 1) {
      for (const d of earlier) this.ctx.mentionLinesOf(d.section);
      this.report(ref, 'error', `ambiguous defaults section name '${ref.name}': declared at lines ${earlier.map((d) => d.section.startLine + 1).join(' and ')}`);
    } else if (!earlier.length) {
      if (defs.length) this.ctx.mentionLinesOf(defs[0].section);
      const later = defs.length ? ` (the one at line ${defs[0].section.startLine + 1} comes after: defaults must be declared first)` : '';
      this.report(ref, 'error', `defaults section '${ref.name}' not found for ${proxyLabel(owner)}${later}`);
    }
  }

  private message(ref: SymbolReference): string {
    const kw = ref.directive.keyword.text;
    const name = ref.name;
    const kinds = ref.kinds;
    if (kinds.includes('backend') && (kw === 'use_backend' || kw === 'default_backend')) {
      const frontend = this.ctx.symbols.findDefinitions('frontend', name).some(isActive) ? ` ('${name}' is a frontend, which has no backend capability)` : '';
      return `unable to find required ${kw}: '${name}'${frontend}`;
    }
    const serverLine = kw === 'server' || kw === 'default-server' || kw === 'server-template';
    if (kinds.includes('server')) {
      if (kw === 'use-server') return `unable to find server '${name}' referenced in a 'use-server' rule`;
      const where = ref.scopeName !== undefined ? ` in '${ref.scopeName}'` : '';
      return serverLine ? `unable to find required server '${name}'${where} for tracking` : `unable to find server '${name}'${where}`;
    }
    if (kinds.includes('backend')) return serverLine ? `unable to find required proxy '${name}' for tracking` : `unable to find backend '${name}'`;
    if (kinds.includes('userlist')) return `unable to find userlist '${name}'`;
    if (kinds.includes('group')) return `no such group '${name}' in userlist '${ref.section?.name?.text ?? ''}'`;
    if (kinds.includes('user')) return `no such user '${name}' in userlist '${ref.section?.name?.text ?? ''}'`;
    if (kinds.includes('resolvers')) return `unable to find required resolvers '${name}'`;
    if (kinds.includes('peers')) return kw === 'stick-table' ? `unable to find sync peers '${name}'` : `unable to find peers section '${name}' (for the table '${name}/...')`;
    if (kinds.includes('mailers')) return `unable to find mailers '${name}'`;
    if (kinds.includes('cache')) return `unable to find the cache '${name}'`;
    if (kinds.includes('http-errors')) return `unknown http-errors section '${name}'`;
    if (kinds.includes('fcgi-app')) return `fcgi-app '${name}' not found`;
    if (kinds.includes('table')) return `unable to find table '${ref.scopeName ?? ''}/${name}'`;
    return `unable to find ${kinds[0]} '${name}'`;
  }

  /** Errors get their did-you-mean in `complete` (a draft), once every section's findings are known. */
  private report(ref: SymbolReference, severity: FindingSeverity, message: string): void {
    const finding: DraftFinding = {
      code: 'undefined-reference', severity: severityFor(ref.directive, severity), range: ref.range, message,
      data: { missing: { kind: ref.kinds[0], name: ref.name } },
    };
    if (severity === 'error') {
      const draft: SuggestionDraft = { kinds: ref.kinds, name: ref.name };
      if (ref.scope) draft.scopeHeader = ref.scope.header;
      if (ref.scope && ref.scope === this.unit.section) draft.scopeDefinitions = this.unit.definitions;
      if (ref.scopeName !== undefined) draft.scopeName = ref.scopeName;
      if (ref.scopeKinds) draft.scopeKinds = ref.scopeKinds;
      finding.draft = draft;
    }
    this.ctx.report(finding);
  }
}

/** HAProxy's did-you-mean for the unresolved references, in document order, for at most MAX_SUGGESTED names. */
class Suggester {
  private suggested = 0;
  private readonly cache = new Map<string, string[]>();
  private readonly globalCandidates = new Map<string, Set<string>>();
  private namesByKind?: Map<SymbolKind, string[]>;
  private defsBySection?: Map<Section, SymbolDefinition[]>;
  private sectionsByHeader?: Map<Directive, Section>;

  constructor(private readonly ctx: CheckContext) {}

  complete(finding: DraftFinding): Finding {
    const { draft, ...rest } = finding;
    const suggestions = this.suggestions(draft as SuggestionDraft);
    if (!suggestions.length) return rest;
    return {
      ...rest, message: `${rest.message}; did you mean '${suggestions[0]}'?`,
      data: { ...rest.data, suggestions },
    };
  }

  private suggestions(draft: SuggestionDraft): string[] {
    const scope = draft.scopeHeader ? this.sectionOf(draft.scopeHeader) : undefined;
    const key = `${draft.kinds.join(',')}|${draft.scopeName ?? ''}|${scope?.startLine ?? ''}|${draft.name}`;
    const known = this.cache.get(key);
    if (known) return known;
    if (this.suggested++ >= MAX_SUGGESTED) return [];
    const found = this.compute(draft, scope);
    this.cache.set(key, found);
    return found;
  }

  private compute(draft: SuggestionDraft, scope: Section | undefined): string[] {
    if (draft.scopeHeader || draft.scopeName !== undefined) {
      const scopes = draft.scopeHeader ? (scope ? [scope] : [])
        : this.ctx.symbols.findDefinitions(draft.scopeKinds ?? ['backend', 'listen'], draft.scopeName ?? '').map((d) => d.section);
      const inScopes = draft.scopeDefinitions && scope ? draft.scopeDefinitions.filter((d) => d.directive && isActive(d))
        : scopes.flatMap((s) => this.sectionDefinitions().get(s) ?? []);
      const scoped = inScopes.filter((d) => draft.kinds.includes(d.kind)).map((d) => d.name);
      return closestNames(draft.name, new Set(scoped));
    }
    const key = draft.kinds.join(',');
    let candidates = this.globalCandidates.get(key);
    if (!candidates) {
      candidates = new Set(draft.kinds.flatMap((k) => this.names().get(k) ?? []));
      this.globalCandidates.set(key, candidates);
    }
    return closestNames(draft.name, candidates);
  }

  private sectionOf(header: Directive): Section | undefined {
    this.sectionsByHeader ??= new Map(this.ctx.tree.sections.map((s) => [s.header, s]));
    return this.sectionsByHeader.get(header);
  }

  /** Active definitions made inside each section (servers, ACLs, users...), built on first need. */
  private sectionDefinitions(): Map<Section, SymbolDefinition[]> {
    if (!this.defsBySection) {
      this.defsBySection = new Map();
      for (const d of this.ctx.symbols.definitions) {
        if (!d.directive || !isActive(d)) continue;
        const list = this.defsBySection.get(d.section);
        if (list) list.push(d); else this.defsBySection.set(d.section, [d]);
      }
    }
    return this.defsBySection;
  }

  private names(): Map<SymbolKind, string[]> {
    if (!this.namesByKind) {
      this.namesByKind = new Map();
      for (const d of this.ctx.symbols.definitions) {
        if (!isActive(d)) continue;
        const list = this.namesByKind.get(d.kind);
        if (list) list.push(d.name); else this.namesByKind.set(d.kind, [d.name]);
      }
    }
    return this.namesByKind;
  }
}

/**
 * The mode of a proxy: its own last `mode` line, else its defaults section's (the one `from` names,
 * else the last one before it), else tcp. undefined when it depends on an undecided line or a variable.
 * `keys`: what the answer depends on beyond the proxy itself (its defaults sections' exports).
 */
class ProxyModes {
  private readonly cache = new Map<Section, { mode: string | undefined; keys: readonly string[] }>();
  private defaultsBefore?: Map<Section, number | undefined>;
  /** One key list per defaults section: the proxies inheriting from it share it (see modeOf). */
  private readonly defaultsKeys = new Map<number, readonly string[]>();

  constructor(private readonly sections: Section[]) {}

  of(s: Section, depth = 0): { mode: string | undefined; keys: readonly string[] } {
    const known = this.cache.get(s);
    if (known) return known;
    let answer: { mode: string | undefined; keys: readonly string[] };
    const own = ownModeLine(s);
    if (own) answer = { mode: own.activity === 'undecided' || !own.args[0] || isDynamicWord(own.args[0]) ? undefined : own.args[0].text, keys: NO_KEYS };
    else {
      const base = this.baseOf(s);
      if (base.section === null) answer = { mode: undefined, keys: base.keys };
      else if (base.section && depth < 20) {
        const inherited = this.of(base.section, depth + 1);
        answer = { mode: inherited.mode, keys: inherited.keys.length ? [...base.keys, ...inherited.keys] : base.keys };
      } else answer = { mode: 'tcp', keys: base.keys };
    }
    this.cache.set(s, answer);
    return answer;
  }

  /** The defaults section a section inherits from (undefined: none; null: unknown). */
  private baseOf(s: Section): { section: Section | undefined | null; keys: readonly string[] } {
    if (s.from) {
      const named = this.sections.filter((x) => x.type === 'defaults' && x.name?.text === s.from?.text && x.startLine < s.startLine && x.activity !== 'inactive');
      return { section: named.length === 1 ? named[0] : null, keys: [sectionKey(s.from.text)] };
    }
    if (s.type === 'defaults') return { section: undefined, keys: NO_KEYS };
    const index = this.indexOfDefaultsBefore(s);
    if (index === undefined) return { section: undefined, keys: NO_KEYS };
    let keys = this.defaultsKeys.get(index);
    if (!keys) this.defaultsKeys.set(index, keys = [defaultsKey(index)]);
    return { section: this.sections[index], keys };
  }

  private indexOfDefaultsBefore(s: Section): number | undefined {
    if (!this.defaultsBefore) {
      this.defaultsBefore = new Map();
      let last: number | undefined;
      this.sections.forEach((x, i) => {
        if (x.activity === 'inactive') return;
        this.defaultsBefore!.set(x, last);
        if (x.type === 'defaults') last = i;
      });
    }
    return this.defaultsBefore.get(s);
  }
}

/**
 * What references to a section read of it, as text compared with the next one after an edit. One
 * pass over its lines; the separator cannot occur in a word, and the counts keep the
 * variable-length parts apart. Thousands are kept: one flat string each, no tree of pieces.
 */
function sectionFingerprint(s: Section, unit: CheckUnit): string {
  const head = sectionHead(s);
  // ACLs are left out: an ACL is only ever resolved from its own section (the preamble's references,
  // which may resolve anywhere, are checked again after every edit). A big frontend's thousands of
  // ACLs would make its text huge, rebuilt after each edit of it.
  const defs = unit.definitions;
  let count = 0;
  for (let i = 0; i < defs.length; i++) if (defs[i].kind !== 'acl') count++;
  // One join over a list of the right size: no intermediate strings, and the result is flat.
  const parts = new Array<string>(2 + 3 * count);
  parts[0] = head;
  parts[1] = String(count);
  let at = 2;
  for (let i = 0; i < defs.length; i++) {
    if (defs[i].kind === 'acl') continue;
    parts[at++] = defs[i].kind;
    parts[at++] = defs[i].name;
    parts[at++] = isActive(defs[i]) ? '1' : '0';
  }
  return parts.join('\n');
}

/** What the check reads of a section besides its definitions: type, activity, name, `from`, mode, stick-table, server-templates. */
function sectionHead(s: Section): string {
  let mode: Directive | undefined;
  let stickTable = false;
  let templates = '';
  let templateCount = 0;
  const directives = s.directives;
  for (let i = 0; i < directives.length; i++) {
    const d = directives[i];
    const kw = d.keyword.text;
    if (kw === 'mode') { if (d.activity !== 'inactive') mode = d; } else if (kw === 'stick-table') stickTable ||= !isSkipped(d);
    else if (kw === 'server-template') {
      templates += '\n' + (isSkipped(d) ? '#' : '') + '\n' + (d.args[0]?.text ?? '') + '\n' + (d.args[1]?.text ?? '');
      templateCount++;
    }
  }
  const modeText = mode ? mode.activity + '\n' + (mode.args[0]?.text ?? '') + '\n' + (mode.args[0] && isDynamicWord(mode.args[0]) ? '$' : '') : '-\n\n';
  return s.type + '\n' + s.activity + '\n' + (s.name?.range.start.character ?? '') + '\n' + (s.from?.text ?? '') + '\n' + modeText +
    '\n' + (stickTable && isProxySection(s) ? 'st' : '') + '\n' + templateCount + templates;
}

const NO_KEYS: readonly string[] = [];
const NO_EXPORTS: Array<[string, string]> = [];

export const checkReferences: DocumentCheck<ReferenceFacts> = {
  name: 'checkReferences',
  facts: (ctx) => new ReferenceFacts(ctx),
  unit: (unit, ctx, facts) => { if (unit.references.length) new ReferenceChecker(ctx, facts, unit).run(); },
  // A reference reads its own section's mode (checkModes) and server-templates, and its definitions by name (dependOnName).
  lineFacts: (unit) => (unit.section ? sectionHead(unit.section) : ''),
  exports(section, unit) {
    const isDefaults = section.type === 'defaults' && unit.index >= 0;
    if (!section.name && !isDefaults) return NO_EXPORTS;
    const fingerprint = sectionFingerprint(section, unit);
    const list: Array<[string, string]> = [];
    if (section.name) list.push([sectionKey(section.name.text), fingerprint]);
    if (isDefaults) list.push([defaultsKey(unit.index), fingerprint]);
    return list;
  },
  complete(findings, ctx) {
    if (!findings.some((f) => f.draft)) return findings;
    const suggester = new Suggester(ctx);
    return findings.map((f) => (f.draft ? suggester.complete(f) : f));
  },
};

const STICK_RULES: ReadonlySet<string> = new Set(['on', 'match', 'store-request', 'store-response']);
/** Keywords whose arguments may hold a sample fetch (ACLs, rules, conditions, log-formats). */
const EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set(['acl', 'http-request', 'http-response', 'http-after-response', 'tcp-request',
  'tcp-response', 'use_backend', 'use-server', 'stick', 'redirect', 'monitor', 'force-persist', 'ignore-persist', 'log-format',
  'log-format-sd', 'error-log-format', 'unique-id-format', 'http-check', 'tcp-check', 'stats', 'set-param', 'pass-header']);
const SRC_FETCH = /(?:^|\[)(src_[a-z0-9_]+)(?![a-z0-9_(])/g;

/** The word of a line that needs its proxy's own stick-table, if any. */
function implicitTableUser(d: Directive, ctx: CheckContext): Word | undefined {
  const kw = d.keyword.text;
  if (kw === 'stick' && STICK_RULES.has(d.args[0]?.text ?? '')) {
    return d.args.some((w) => w.text === 'table') ? undefined : d.keyword;
  }
  const rule = ruleParts(d);
  if (rule?.action && rule.actionName.startsWith('track-sc')) {
    return rule.actionArgs.some((w) => w.text === 'table') ? undefined : rule.action;
  }
  const args = d.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    // Only where a fetch is expected: an expression word ("src_conn_rate", "src_conn_rate,...") or "%[src_...".
    if (!w.text.startsWith('src_') && !w.text.includes('[src_')) continue;
    for (const m of w.text.matchAll(SRC_FETCH)) if (takesTable(m[1], ctx)) return w;
  }
  return undefined;
}

/** Fetches whose optional `table` argument defaults to the current proxy (src_conn_rate...). */
function takesTable(name: string, ctx: CheckContext): boolean {
  const f = ctx.catalog.fetch(name);
  return !!f?.args?.some((a) => a.name === 'table' && a.optional);
}

/**
 * track-scN / stick rules without `table`, and src_* fetches without a table argument, use the
 * proxy's own table: a check of each proxy alone (its findings come after every reference's).
 */
export const checkImplicitTables: DocumentCheck<Map<Section, boolean>> = {
  name: 'checkImplicitTables',
  /** hasStickTable per section, once per run (a long section runs line by line). */
  facts: () => new Map(),
  unit({ section, directives }, ctx, stickTables) {
    if (!section || section.type === 'defaults' || !isProxySection(section) || hasStickTableMemo(section, stickTables)) return;
    for (let i = 0; i < directives.length; i++) {
      const d = directives[i];
      if (!EXPRESSION_KEYWORDS.has(d.keyword.text)) continue;
      const word = implicitTableUser(d, ctx);
      if (!word || isSkipped(d)) continue; // the word test first: it is cheaper than reading the whole line again
      ctx.report({
        code: 'undefined-reference', severity: severityFor(d, 'error'), range: word.range,
        message: `unable to find table '${section.name?.text ?? ''}' used by '${word.text}': ${proxyLabel(section)} has no stick-table (declare one, or name another table with 'table')`,
        data: { missing: { kind: 'table', name: section.name?.text ?? '' } },
      });
    }
  },
  // A line reads of its section only whether it has a stick-table.
  lineFacts: ({ section }) => (section && hasStickTable(section) ? 'st' : ''),
};

function hasStickTableMemo(s: Section, known: Map<Section, boolean>): boolean {
  let has = known.get(s);
  if (has === undefined) known.set(s, has = hasStickTable(s));
  return has;
}
