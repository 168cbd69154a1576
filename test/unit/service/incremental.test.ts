// The incremental language service against a fresh full analysis: after any sequence of edits
// (typing, deleting, pasting section headers, .if blocks, version switches) the model's findings
// and symbol index must be exactly what parsing and analysing the final text from scratch gives.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../../server/src/service';
import type { Analyzer } from '../../../server/src/incremental';
import { defaultAnalyzer } from '../../../server/src/incremental';
import { getCatalog, resolveVersion } from '../../../server/src/catalog/catalog';
import { buildSymbolIndex } from '../../../server/src/analysis/symbols';
import { analyzeSectionLines } from '../../../server/src/analysis/analyze';
import { documentChecks, sectionChecks } from '../../../server/src/analysis/checks';
import type { SymbolIndex } from '../../../server/src/analysis/symbols';
import type { Finding } from '../../../server/src/analysis/findings';
import type { DocumentModel } from '../../../server/src/model';
import { parse } from '../../../server/src/syntax';
import type { Range, Section } from '../../../server/src/syntax';

/** Test checks that lean on everything the cache must keep right: shared and copied ranges, activity, symbols. */
const testAnalyzer: Analyzer = {
  analyzeSection(section, input) {
    const findings: Finding[] = [];
    for (const d of section.directives) {
      const weight = d.keyword.text === 'server' ? d.args.findIndex((w) => w.text === 'weight') : -1;
      if (weight >= 0 && Number(d.args[weight + 1]?.text) > 256) {
        // The tree's own range object: the cache must copy it, or later shifts would move it twice.
        findings.push({ code: 'invalid-weight', message: 'weight > 256', range: d.args[weight + 1].range, severity: 'error',
          related: [{ range: section.header.range, message: 'in this section' }] });
      }
      if (d.inactive) findings.push({ code: 'inactive-branch', message: 'skipped', range: { start: { ...d.range.start }, end: { ...d.range.end } }, severity: 'hint' });
      if (d.keyword.text === 'acl' && d.args.length < 2) {
        findings.push({ code: 'missing-argument', message: `acl in ${input.version}`, range: d.keyword.range, severity: 'warning' });
      }
    }
    return findings;
  },
  analyzeDocument(input) {
    const findings: Finding[] = [];
    for (const ref of input.symbols.references) {
      if (!ref.predefined && !ref.kinds.includes('file') && input.symbols.resolve(ref).length === 0) {
        findings.push({ code: 'undefined-reference', message: `no ${ref.kinds.join('/')} '${ref.name}'`, range: ref.range, severity: 'error' });
      }
    }
    for (const def of input.symbols.definitions) {
      const same = input.symbols.findDefinitions(def.kind, def.name, def.kind === 'server' || def.kind === 'acl' ? def.section : undefined);
      if (same.length > 1 && same[0] !== def) {
        findings.push({ code: 'duplicate-server', message: `'${def.name}' again`, range: def.nameRange, severity: 'warning', related: [{ range: same[0].nameRange, message: 'first' }] });
      }
    }
    return findings;
  },
};

const BASE = `global
    daemon
defaults
    mode http
    timeout connect 5s
frontend fe
    bind :80
    acl is_api path_beg /api
    acl is_old path_beg /old
    use_backend be_api if is_api !is_old
    use_backend be_missing if is_api
    default_backend be_web
backend be_api
    balance roundrobin
    server a1 10.0.0.1:80 check weight 300
    server a2 10.0.0.2:80 check track be_web/w1
.if version_atleast(2.8)
    server a3 10.0.0.3:80 weight 999
.endif
backend be_web
    server w1 10.0.1.1:80 check
    server w1 10.0.1.2:80 check
    http-request deny if { path_beg /admin } !is_api
`;

const SNIPPETS = [
  'x', ' ', '\n', '\n\n', '#', '"', '!', '9', 'backend be_new\n', 'frontend fe2\n', '    server s9 10.0.0.9:80 weight 400\n',
  '.if version_atleast(2.8)\n', '.endif\n', '.else\n', '    use_backend be_api if is_api\n', '    acl is_x\n', 'be_api',
  '    server a1 10.0.0.1:80\n', '\r\n', 'defaults\n',
];

/**
 * A file where sections depend on each other in every way the document checks follow: named and
 * positional defaults (mode, default-server), `from`, use_backend targets in another mode, tracked
 * servers and server-templates, stick-tables, duplicate names, the global settings, the preamble.
 */
export const CROSS_BASE = `stray-directive 1
global
    daemon
    expose-experimental-directives
    ssl-server-verify required
defaults d1
    mode http
    timeout connect 5s
    default-server check
defaults d2 from d1
    mode tcp
    default-server ssl
frontend fe from d1
    bind :80
    acl is_api path_beg /api
    use_backend be_api if is_api
    use_backend be_tcp if !is_api
    use_backend be_missing if is_api
    http-request track-sc0 src
    http-request normalize-uri path-merge-slashes
    default_backend be_web
backend be_api from d1
    stick-table type ip size 1k
    server a1 10.0.0.1:80 track be_web/w1
    server a2 10.0.0.2:80 track be_web/w9
    server a3 10.0.0.3:80 track be_web/t2
backend be_web from d1
    server w1 10.0.1.1:80 no-check
    server w1 10.0.1.2:80
    server-template t 3 10.0.1.10:80 no-check
backend be_tcp from d2
    server s1 10.0.2.1:80 verify none
backend be_web from d1
    server x1 10.0.3.1
userlist ul
    user bob insecure-password x
    user bob insecure-password y
resolvers dns
    nameserver n1 1.1.1.1:53
    nameserver n1 1.1.1.2:53
.if defined(NOPE)
    .alert "never"
.endif
.warning "check me"
`;

/** Edits that add, remove or rename definitions, change defaults, modes, targets, tracking, duplicates. */
const CROSS_SNIPPETS = [
  '\n', 'x', '1', ' ', '_', 'be_web', 'be_tcp', 'be_api', 'd1', 'd2', ' from d1', ' from d2', 'w1', 't', 'n1', 'bob',
  '    mode tcp\n', '    mode http\n', 'defaults d1\n', 'defaults\n', 'backend be_tcp\n', 'backend be_web from d2\n', 'frontend be_api\n',
  'listen be_api\n', '    default-server check\n', '    default-server ssl\n', '    default-server no-check\n', '    stick-table type ip size 1k\n',
  '    http-request track-sc1 src\n', '    server w9 10.0.1.9:80 check\n', '    server w1 10.0.1.1:80\n', '    server-template w 9 10.0.9.1:80\n',
  '    server t9 10.0.0.9:80 track be_api/a1\n', '    server t8 10.0.0.8:80 track w1\n', '    use_backend be_web\n', '    default_backend be_gone\n',
  '    http-request normalize-uri path-merge-slashes\n', '    expose-experimental-directives\n', '    ssl-server-verify none\n',
  'userlist ul\n', '    user bob insecure-password z\n', 'resolvers dns\n', '    nameserver n1 1.1.1.3:53\n', '    acl is_api path /x\n',
  '.if defined(X)\n', '.endif\n', '.alert "stop"\n', '    server s2 10.0.2.2:80 ssl\n', '    server f1 10.0.2.3:9000 proto fcgi\n',
];

interface Edit { at: number; remove: number; insert: string }
function stepsOf(snippets: string[]) {
  const editArb = fc.record({ at: fc.nat(), remove: fc.oneof(fc.constant(0), fc.constant(0), fc.nat(40)), insert: fc.oneof(fc.constantFrom(...snippets), fc.constant('')) });
  return fc.oneof(
    { weight: 10, arbitrary: fc.array(editArb, { minLength: 1, maxLength: 3 }).map((edits) => ({ kind: 'edit' as const, edits })) },
    { weight: 1, arbitrary: fc.constantFrom('2.4', '2.6', '3.4').map((version) => ({ kind: 'version' as const, version })) },
  );
}
const stepArb = stepsOf(SNIPPETS);

function rangeKey(r: Range): string { return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`; }
function sectionKey(s: Section | undefined): string { return s ? `${s.type}@${s.startLine}` : '-'; }

function findingsView(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.code} ${rangeKey(f.range)} ${f.message} ${(f.related ?? []).map((r) => rangeKey(r.range)).join(',')}`);
}

function symbolsView(symbols: SymbolIndex): string[] {
  const defs = symbols.definitions.map((d) => `def ${d.kind} ${d.name} ${rangeKey(d.nameRange)} ${sectionKey(d.section)} ${d.directive?.line ?? '-'}`);
  const refs = symbols.references.map((r) => `ref ${r.kinds.join('/')} ${r.name} ${rangeKey(r.range)} ${sectionKey(r.section)} scope=${sectionKey(r.scope)} ${r.scopeName ?? ''} ${r.predefined ?? ''} line=${r.directive.line}`);
  const lookups = symbols.definitions.map((d) => `find ${d.name} ${symbols.findDefinitions(d.kind, d.name).map((x) => rangeKey(x.nameRange)).join(',')}`);
  return [...defs, ...refs, ...lookups];
}

function fresh(text: string, version: string, analyzer: Analyzer): { findings: Finding[]; symbols: SymbolIndex } {
  const tree = parse(text, { version });
  const symbols = buildSymbolIndex(tree);
  const input = { tree, symbols, catalog: getCatalog(version), version };
  const findings = [...tree.sections.flatMap((s) => analyzer.analyzeSection(s, input)), ...analyzer.analyzeDocument(input)];
  return { findings, symbols };
}

function assertSameAsFresh(model: DocumentModel, text: string, analyzer: Analyzer, context: string): void {
  const expected = fresh(text, model.haproxyVersion, analyzer);
  assert.deepEqual(findingsView(model.findings), findingsView(expected.findings), `findings differ ${context}`);
  assert.deepEqual(symbolsView(model.symbols), symbolsView(expected.symbols), `symbols differ ${context}`);
}

function runSteps(analyzer: Analyzer, steps: fc.Arbitrary<Array<{ kind: 'edit'; edits: Edit[] } | { kind: 'version'; version: string }>>, numRuns: number,
  base = BASE): void {
  fc.assert(fc.property(steps, (plan) => {
    const uri = 'file:///prop/haproxy.cfg';
    const service = new LanguageService('2.6', { analyzer });
    service.openDocument(uri, 'haproxy', 1, base);
    let doc = TextDocument.create(uri, 'haproxy', 1, base);
    assertSameAsFresh(service.model(uri)!, base, analyzer, 'after open');
    plan.forEach((step, i) => {
      if (step.kind === 'version') {
        service.setHaproxyVersion(step.version);
      } else {
        const changes = step.edits.map((e) => {
          const length = doc.getText().length;
          const start = doc.positionAt(e.at % (length + 1));
          const end = doc.positionAt(Math.min(length, (e.at % (length + 1)) + e.remove));
          const change = { range: { start, end }, text: e.insert };
          doc = TextDocument.update(doc, [change], doc.version + 1);
          return change;
        });
        service.changeDocument(uri, doc.version, changes);
      }
      // Not every step is followed by a model build: changes must accumulate correctly too.
      if (i % 3 !== 1 || i === plan.length - 1) assertSameAsFresh(service.model(uri)!, doc.getText(), analyzer, `after step ${i} ${JSON.stringify(step)}`);
    });
    assert.equal(service.document(uri)?.getText(), doc.getText());
  }), { numRuns, seed: Number(process.env.FC_SEED ?? 20261127), endOnFailure: true });
}

describe('incremental analysis equals a fresh full analysis', () => {
  test('random edits with test checks (shared ranges, activity, symbol lookups)', () => {
    runSteps(testAnalyzer, fc.array(stepArb, { minLength: 1, maxLength: 25 }), 250);
  });

  test('random edits with the registered checks', () => {
    runSteps(defaultAnalyzer, fc.array(stepArb, { minLength: 1, maxLength: 15 }), 80);
  });

  test('random cross-section edits (definitions, defaults, modes, targets, tracking, duplicates) with the registered checks', () => {
    const fromScratch: string[] = fresh(CROSS_BASE, '2.6', defaultAnalyzer).findings.map((f) => f.code);
    for (const code of ['incompatible-backend', 'undefined-reference', 'duplicate-proxy', 'duplicate-server', 'duplicate-directive', 'check-without-port',
      'track-without-check', 'directive-outside-section', 'message-directive']) {
      assert.ok(fromScratch.includes(code), `the base file exercises ${code}`);
    }
    runSteps(defaultAnalyzer, fc.array(stepsOf(CROSS_SNIPPETS), { minLength: 1, maxLength: 12 }), 150, CROSS_BASE);
  });
});

/** A frontend long enough (>= 256 lines) to be re-scanned line by line after an edit, with names defined and used across it. */
const LONG_BASE = [
  'global', '    log stdout format raw local0', 'defaults', '    mode http', '    timeout client 5s', '    timeout server 5s', '    timeout connect 1s',
  'frontend fe', '    bind :80',
  ...Array.from({ length: 100 }, (_, i) => [
    `    acl host_${i % 37} hdr(host) -i app${i}.example.com`,
    `    use_backend be_${i % 7} if host_${(i * 5) % 41} !is_health`,
    i % 9 === 0 ? '    acl is_health path /healthz' : `    http-request set-header X-App-${i} %[var(txn.a${i})] if host_${i % 13}`,
  ]).flat(),
  '    default_backend be_0',
  ...Array.from({ length: 7 }, (_, b) => [`backend be_${b}`, `    server s${b} 10.0.0.${b + 1}:80 check`]).flat(),
  '',
].join('\n');

const LONG_SNIPPETS = [
  'x', '1', '_', ' ', '\n', 'host_3', 'is_health', 'be_9', '!', ' if host_2', '    acl host_99 src 10.0.0.0/8\n', '    acl is_health path /ping\n',
  '    use_backend be_1 if host_99\n', '    use_backend be_gone\n', '    http-request deny if !host_5\n', 'backend be_9\n', '    server z 10.0.9.9:80\n',
  // What lines read of the rest of their section (kept per line only while it stays the same):
  '    mode tcp\n', '    stick-table type ip size 1k\n', '    http-request track-sc0 src\n', '    http-request deny if { src_conn_rate gt 9 }\n',
  '    default-bind ssl crt /etc/x.pem\n', '    bind :443 ssl\n', '    acl host_7 nosuch_fetch\n', '    acl host_8 path_beg /a /b\n',
  '    use-server s1 if host_1\n', '    server-template w 3 10.0.0.1:80\n', '    mode http\n', 'backend be_2\n    mode tcp\n',
  // Conditional blocks inside the long section change line activity (everything is redone then).
  '.if defined(NOPE)\n', '.endif\n', '.if version_atleast(2.4)\n    acl host_3 src 10.9.9.9\n.endif\n',
];

describe('incremental analysis in a long section (symbols re-scanned line by line)', () => {
  test('random edits inside a 300-line frontend, with the registered checks', () => {
    assert.ok(parse(LONG_BASE).sections.find((s) => s.type === 'frontend')!.directives.length >= 256, 'the frontend is scanned line by line');
    runSteps(defaultAnalyzer, fc.array(stepsOf(LONG_SNIPPETS), { minLength: 1, maxLength: 10 }), 60, LONG_BASE);
  });

  test('random edits inside a 300-line frontend, with test checks', () => {
    runSteps(testAnalyzer, fc.array(stepsOf(LONG_SNIPPETS), { minLength: 1, maxLength: 20 }), 80, LONG_BASE);
  });
});

describe('what an edit re-analyses', () => {
  function counting(): { analyzer: Analyzer; sections: string[]; documentRuns: number } {
    const state = { sections: [] as string[], documentRuns: 0, analyzer: undefined as unknown as Analyzer };
    state.analyzer = {
      analyzeSection(section, input) { state.sections.push(section.name?.text ?? section.type); return testAnalyzer.analyzeSection(section, input); },
      analyzeDocument(input) { state.documentRuns++; return testAnalyzer.analyzeDocument(input); },
    };
    return state;
  }

  test('typing in one server line re-checks that backend only; document checks run every time', () => {
    const probe = counting();
    const service = new LanguageService('2.6', { analyzer: probe.analyzer });
    const uri = 'file:///count/haproxy.cfg';
    service.openDocument(uri, 'haproxy', 1, BASE);
    assert.equal(service.model(uri)?.symbols.definitions.length, 10);
    assert.deepEqual(probe.sections, [], 'checks run when findings are first read, not for completion or hover');
    service.model(uri)?.findings;
    assert.deepEqual(probe.sections, ['global', 'defaults', 'fe', 'be_api', 'be_web']);
    probe.sections.length = 0;
    // `weight 300` -> `weight 3000` in be_api (line 14), then a line added in fe shifts be_api and be_web down.
    service.changeDocument(uri, 2, [{ range: { start: { line: 14, character: 50 }, end: { line: 14, character: 50 } }, text: '0' }]);
    const model = service.model(uri)!;
    assert.ok(model.findings.length > 0);
    assert.deepEqual(probe.sections, ['be_api']);
    assert.equal(probe.documentRuns, 2);
    probe.sections.length = 0;
    service.changeDocument(uri, 3, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: '    acl is_new path /n\n' }]);
    const shifted = service.model(uri)!;
    assert.equal(model.findings.length > 0, true, 'findings read before the edit stay readable');
    const findings = shifted.findings;
    assert.deepEqual(probe.sections, ['fe']);
    const weight = findings.find((f) => f.code === 'invalid-weight' && f.range.start.line === 15);
    assert.ok(weight, `the cached be_api finding moved down one line: ${findingsView(findings).join('\n')}`);
    assert.notEqual(model, shifted);
  });

  test('a new section header or a version switch re-checks every section', () => {
    const probe = counting();
    const service = new LanguageService('2.6', { analyzer: probe.analyzer });
    const uri = 'file:///count2/haproxy.cfg';
    service.openDocument(uri, 'haproxy', 1, BASE);
    service.model(uri)?.findings;
    probe.sections.length = 0;
    service.changeDocument(uri, 2, [{ range: { start: { line: 19, character: 0 }, end: { line: 19, character: 0 } }, text: 'backend be_new\n    server n1 10.9.9.9:80\n' }]);
    service.model(uri)?.findings;
    assert.deepEqual(probe.sections, ['global', 'defaults', 'fe', 'be_api', 'be_new', 'be_web']);
    probe.sections.length = 0;
    service.setHaproxyVersion('3.4');
    assert.equal(service.haproxyVersion, resolveVersion('3.4').version);
    const model = service.model(uri)!;
    assert.equal(model.findings.length > 0, true);
    assert.equal(probe.sections.length, 6);
    assert.ok(!model.findings.some((f) => f.code === 'inactive-branch'), 'the 2.8 branch is active for 3.4');
  });

  test('in a long section, an edit re-checks only the lines it may have changed', () => {
    const sectionLines: number[] = [];
    const referenceLines: number[] = [];
    const analyzer: Analyzer = {
      ...defaultAnalyzer,
      analyzeSectionLines: (section, input, previous, options) => analyzeSectionLines(section, input, previous, {
        ...options, checks: sectionChecks.map((check) => ({ ...check, line: (d, s, ctx, facts) => { sectionLines.push(d.line); check.line(d, s, ctx, facts); } })),
      }),
      documentChecks: documentChecks.map((check) => check.name !== 'checkReferences' ? check : {
        ...check, unit: (unit, ctx, facts) => { for (const d of unit.directives) referenceLines.push(d.line); check.unit!(unit, ctx, facts); },
      }),
    };
    const service = new LanguageService('2.6', { analyzer });
    const uri = 'file:///long/haproxy.cfg';
    service.openDocument(uri, 'haproxy', 1, LONG_BASE);
    let doc = TextDocument.create(uri, 'haproxy', 1, LONG_BASE);
    const edit = (line: number, character: number, text: string): void => {
      const change = { range: { start: { line, character }, end: { line, character } }, text };
      doc = TextDocument.update(doc, [change], doc.version + 1);
      sectionLines.length = 0;
      referenceLines.length = 0;
      service.changeDocument(uri, doc.version, [change]);
      assertSameAsFresh(service.model(uri)!, doc.getText(), defaultAnalyzer, `after inserting ${JSON.stringify(text)} at ${line}:${character}`);
    };
    service.model(uri)!.findings;
    const lines = LONG_BASE.split('\n');
    const fe = lines.indexOf('frontend fe');
    assert.ok(sectionLines.filter((l) => l > fe).length >= 4 * 300 && referenceLines.length >= 300, 'opening checks every line');
    // `acl host_3 ...` renamed host_3x: the edit re-tokenizes that line and the one above it.
    const acl = lines.findIndex((l) => l.startsWith('    acl host_3 '));
    edit(acl, '    acl host_3'.length, 'x');
    assert.deepEqual([...new Set(sectionLines)].sort((a, b) => a - b), [acl - 1, acl], 'section checks: only the re-tokenized lines');
    const users = lines.flatMap((l, i) => (/ if host_3( |$)/.test(l) ? [i] : []));
    assert.ok(users.length >= 2);
    for (const line of users) assert.ok(referenceLines.includes(line), `line ${line + 1} uses host_3: checked again`);
    assert.ok(referenceLines.length < 40, `references: only the edited lines, the users of host_3 and lines with findings (${referenceLines.length})`);
    // A mode line changes what every use_backend line reads of the frontend: all its lines run again.
    edit(fe + 2, 0, '    mode tcp\n');
    assert.ok(referenceLines.length >= 300, `references: every line after a mode change (${referenceLines.length})`);
    assert.ok(new Set(sectionLines).size <= 3, 'section checks do not read the mode line');
  });

  test('problems() lists syntax issues and findings in document order with string severities', () => {
    const service = new LanguageService('2.6', { analyzer: testAnalyzer });
    const uri = 'file:///problems/haproxy.cfg';
    service.openDocument(uri, 'haproxy', 1, 'frontend fe\n    use_backend nowhere\n    description "open\n');
    const problems = service.problems(uri);
    assert.deepEqual(problems.map((p) => [p.code, p.range.start.line, p.severity]), [
      ['undefined-reference', 1, 'error'],
      ['unterminated-quote', 2, 'error'],
    ]);
    assert.ok(problems.every((p) => p.source === 'haproxy-workbench'));
  });
});
