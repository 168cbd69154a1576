// What the incremental analysis redoes of the document checks after an edit: the units (a check
// over one section) of the touched sections, of the sections depending on what changed (a
// definition added or renamed, a defaults section's mode or default-server, a tracked proxy's
// servers) and of the sections whose findings name lines that moved; nothing else. The findings
// themselves are compared with a from-scratch analysis by the property tests in incremental.test.ts;
// here each edit also checks that the expected findings appear or go.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../../server/src/service';
import { analyzeDocument, analyzeSection } from '../../../server/src/analysis/analyze';
import { documentChecks } from '../../../server/src/analysis/checks';
import type { DocumentCheck } from '../../../server/src/analysis/context';
import type { Analyzer } from '../../../server/src/incremental';

const TEXT = `global
    daemon
defaults base
    mode http
    default-server check
frontend fe from base
    bind :80
    use_backend be_a if { path_beg /a }
    default_backend be_b
backend be_a from base
    server a1 10.0.0.1:80
    server a2 10.0.0.2:80
backend be_b from base
    server b1 10.0.1.1:80 track be_c/c1
backend be_c from base
    server c1 10.0.2.1:80
backend be_d from base
    server d1 10.0.3.1:80
backend be_d from base
    server d2 10.0.3.2:80
`;

/** The registered document checks, recording which units run as "check:section". */
function recording(): { analyzer: Analyzer; runs: string[] } {
  const runs: string[] = [];
  const wrap = (check: DocumentCheck): DocumentCheck => ({
    ...check,
    name: check.name,
    ...(check.unit ? { unit: (unit, ctx, facts) => { runs.push(`${check.name}:${unit.section?.name?.text ?? unit.section?.type ?? '-'}`); check.unit!(unit, ctx, facts); } } : {}),
  });
  return { runs, analyzer: { analyzeSection, analyzeDocument, documentChecks: documentChecks.map(wrap) } };
}

/** Sections whose units ran (the preamble, which always runs, left out). */
function sectionsRun(runs: string[]): string[] {
  return [...new Set(runs.map((r) => r.split(':')[1]).filter((s) => s !== '-'))].sort();
}

function open(text = TEXT): { service: LanguageService; runs: string[]; uri: string; edit: (line: number, character: number, remove: number, insert: string) => string[] } {
  const { analyzer, runs } = recording();
  const service = new LanguageService('2.6', { analyzer });
  const uri = 'file:///units/haproxy.cfg';
  service.openDocument(uri, 'haproxy', 1, text);
  service.model(uri)!.findings;
  let version = 1;
  /** Replaces `remove` characters at (line, character; -1: end of line) and returns the findings as code@line. */
  const edit = (line: number, character: number, remove: number, insert: string): string[] => {
    runs.length = 0;
    if (character < 0) character = service.document(uri)!.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\n$/, '').length;
    service.changeDocument(uri, ++version, [{ range: { start: { line, character }, end: { line, character: character + remove } }, text: insert }]);
    return service.model(uri)!.findings.map((f) => `${f.code}@${f.range.start.line}`);
  };
  return { service, runs, uri, edit };
}

describe('document checks redo only the units an edit may change', () => {
  test('opening runs every unit once; the full and incremental paths agree', () => {
    const { service, runs, uri } = open();
    const checksWithUnits = documentChecks.filter((c) => c.unit).length;
    assert.equal(runs.length, checksWithUnits * 9, 'every check with units ran over the 8 sections and the preamble');
    assert.equal(service.lastFindingsRun(uri)?.unitsChecked, checksWithUnits * 8);
    const findings = service.model(uri)!.findings.map((f) => `${f.code}@${f.range.start.line}`);
    assert.deepEqual(findings, ['duplicate-proxy@18']);
  });

  test('typing in a server line redoes that backend only', () => {
    const { edit, runs, service, uri } = open();
    const findings = edit(10, -1, 0, ' weight 10');
    assert.deepEqual(sectionsRun(runs), ['be_a']);
    assert.equal(service.lastFindingsRun(uri)?.unitsChecked, documentChecks.filter((c) => c.unit).length);
    assert.deepEqual(findings, ['duplicate-proxy@18']);
  });

  test('removing the check a tracked server relies on redoes the tracking proxy too', () => {
    const { edit, runs } = open();
    // be_c's servers inherit `check` from the defaults; `no-check` on c1 breaks be_b's `track be_c/c1`.
    const findings = edit(15, -1, 0, ' no-check');
    assert.deepEqual(sectionsRun(runs), ['be_b', 'be_c']);
    assert.ok(runs.includes('checkServerTracking:be_b'));
    assert.ok(!runs.includes('checkReferences:be_b'), 'be_c defines the same names: references to it stay');
    assert.deepEqual(findings, ['duplicate-proxy@18', 'track-without-check@13']);
  });

  test('renaming a server redoes the references to its proxy, and the suggestion follows', () => {
    const { edit, runs } = open();
    const findings = edit(15, 12, 0, 'x'); // c1 -> cx1
    assert.deepEqual(sectionsRun(runs), ['be_b', 'be_c']);
    assert.ok(runs.includes('checkReferences:be_b'));
    assert.ok(findings.includes('undefined-reference@13'));
  });

  test('renaming a backend redoes its users: an undefined use_backend appears', () => {
    const { edit, runs, service, uri } = open();
    const findings = edit(9, 12, 0, '2'); // be_a -> be_a2
    assert.ok(sectionsRun(runs).includes('fe'), `fe re-checked: ${sectionsRun(runs).join(', ')}`);
    assert.ok(findings.includes('undefined-reference@7'));
    const finding = service.model(uri)!.findings.find((f) => f.range.start.line === 7);
    assert.match(finding?.message ?? '', /^unable to find required use_backend: 'be_a'; did you mean /);
    assert.ok(finding?.data?.suggestions?.includes('be_a2'), JSON.stringify(finding?.data));
  });

  test("changing the defaults' mode redoes the frontend's references; its default-server redoes every proxy's server settings", () => {
    const mode = open();
    mode.edit(3, 9, 4, 'tcp');
    assert.ok(mode.runs.includes('checkReferences:fe'), 'the frontend mode comes from the defaults');
    assert.ok(!mode.runs.some((r) => r.startsWith('checkServerDefaults:be_')), 'server settings do not read the mode');
    const server = open();
    server.edit(4, -1, 0, ' ssl');
    for (const be of ['be_a', 'be_b', 'be_c', 'be_d']) assert.ok(server.runs.includes(`checkServerDefaults:${be}`), `${be} re-checked`);
    assert.ok(!server.runs.includes('checkReferences:fe'));
  });

  test('a line added above moves findings without redoing units, except those naming lines of other sections', () => {
    const { edit, runs } = open();
    const findings = edit(1, 0, 0, '    maxconn 100\n');
    assert.deepEqual(sectionsRun(runs), ['be_d', 'global'], 'global was edited; be_d (the duplicate) names the line of the first be_d');
    assert.deepEqual(runs.filter((r) => r.endsWith(':be_d')), ['checkDuplicateSections:be_d']);
    assert.deepEqual(findings, ['duplicate-proxy@19']);
  });

  test("a proxy's ACLs concern its own units only: adding, renaming or breaking one redoes no other section", () => {
    const text = TEXT.replace('    server a1 10.0.0.1:80\n', '    acl is_a path /a\n    http-request deny if !is_a\n    server a1 10.0.0.1:80\n');
    const { edit, runs } = open(text);
    const renamed = edit(10, 13, 0, 'x'); // is_a -> is_ax: be_a's rule no longer finds it
    assert.deepEqual(sectionsRun(runs), ['be_a']);
    assert.ok(renamed.includes('undefined-reference@11'), renamed.join(', '));
    const restored = edit(10, 13, 1, '');
    assert.deepEqual(sectionsRun(runs), ['be_a']);
    assert.ok(!restored.includes('undefined-reference@11'), restored.join(', '));
    const added = edit(10, -1, 0, '\n    acl other path /o');
    assert.deepEqual(sectionsRun(runs), ['be_a', 'be_d'], 'be_a edited; be_d names a line that moved');
    assert.ok(!added.includes('undefined-reference@12'), added.join(', '));
  });

  test('adding a server resolves a track in an untouched section, and only there', () => {
    const { edit, runs } = open(TEXT.replace('track be_c/c1', 'track be_c/c9'));
    const before = edit(0, 0, 0, '');
    assert.ok(before.includes('undefined-reference@13'), before.join(', '));
    const after = edit(15, -1, 0, '\n    server c9 10.0.2.9:80');
    assert.ok(!after.includes('undefined-reference@13'), after.join(', '));
    assert.deepEqual(sectionsRun(runs), ['be_b', 'be_c', 'be_d'], 'be_c edited, be_b tracks into it, be_d names a line that moved');
    assert.ok(runs.includes('checkReferences:be_b') && !runs.includes('checkReferences:fe'));
  });
});
