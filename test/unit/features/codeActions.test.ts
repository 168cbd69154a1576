// Quick fixes, on diagnostics carrying the documented FindingData (hand-built, the way checks
// report them) and on real diagnostics of the language service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import type { FindingCode, FindingData } from '../../../server/src/analysis/findings';
import { PLACEHOLDER_SERVER } from '../../../server/src/features/backendStub';
import { provideCodeActions } from '../../../server/src/features/codeActions';
import type { DocumentModel } from '../../../server/src/model';
import { DIAGNOSTIC_SOURCE, LanguageService } from '../../../server/src/service';
import { parse } from '../../../server/src/syntax/parser';
import { buildSymbolIndex } from '../../../server/src/analysis/symbols';
import { applyEdits, modelOf, TEST_URI } from './featureHelpers';

/** A diagnostic on `word` (its n-th occurrence in line `line`), as the service would publish it. */
function diagnosticOn(text: string, line: number, word: string, code: FindingCode | string, data?: FindingData): Diagnostic {
  const lineText = text.split(/\r?\n/)[line];
  const character = lineText.indexOf(word);
  assert.ok(character >= 0, `'${word}' on line ${line}`);
  const diagnostic: Diagnostic = {
    range: { start: { line, character }, end: { line, character: character + word.length } },
    code, source: DIAGNOSTIC_SOURCE, message: `test ${code}`,
  };
  if (data) diagnostic.data = data;
  return diagnostic;
}

function actionsFor(model: DocumentModel, diagnostic: Diagnostic): CodeAction[] {
  return provideCodeActions(model, diagnostic.range, { diagnostics: [diagnostic] });
}

function applied(text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[TEST_URI];
  assert.ok(edits, `${action.title} edits ${TEST_URI}`);
  return applyEdits(text, edits);
}

function assertQuickFix(action: CodeAction, diagnostic: Diagnostic): void {
  assert.equal(action.kind, 'quickfix');
  assert.deepEqual(action.diagnostics, [diagnostic]);
}

const TYPO = `defaults
    mode http
    timeout client 30s

frontend fe
    bind :8080
    option forwardedfor
    default_backend be

backend be
    server s1 10.0.0.1:80
`;

test('suggestions: one fix per suggestion, the first one preferred, each replaces the range', () => {
  const diagnostic = diagnosticOn(TYPO, 6, 'forwardedfor', 'unknown-option', { suggestions: ['forwardfor', 'forwarded'] });
  const actions = actionsFor(modelOf(TYPO), diagnostic);
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [
    ["Change 'forwardedfor' to 'forwardfor'", true],
    ["Change 'forwardedfor' to 'forwarded'", false],
  ]);
  for (const action of actions) assertQuickFix(action, diagnostic);
  assert.match(applied(TYPO, actions[0]), /\n {4}option forwardfor\n/);
  assert.match(applied(TYPO, actions[1]), /\n {4}option forwarded\n/);
});

test('a client that drops diagnostic data still gets the fixes of the matching finding', () => {
  const diagnostic = diagnosticOn(TYPO, 6, 'forwardedfor', 'unknown-option');
  const model = modelOf(TYPO);
  const withFinding: DocumentModel = {
    ...model,
    findings: [{ code: 'unknown-option', message: 'x', range: diagnostic.range, severity: 'error', data: { suggestions: ['forwardfor'] } }],
  };
  assert.deepEqual(actionsFor(withFinding, diagnostic).map((a) => a.title), ["Change 'forwardedfor' to 'forwardfor'"]);
  assert.deepEqual(actionsFor(model, diagnostic), [], 'no data and no finding: no fix');
});

test('malformed data is ignored field by field, never trusted', () => {
  const diagnostic = diagnosticOn(TYPO, 6, 'forwardedfor', 'unknown-option');
  diagnostic.data = { suggestions: ['forwardfor', 3], successor: 42, allowedIn: 'backend', missing: { kind: 'backend' } };
  assert.deepEqual(actionsFor(modelOf(TYPO), diagnostic), []);
});

test('a deprecated keyword is replaced by its successor, preferred over suggestions', () => {
  const text = 'global\n    nbproc 1\nbackend be\n    http-check disable-on-404\n';
  const diagnostic = diagnosticOn(text, 3, 'disable-on-404', 'keyword-deprecated', { successor: 'disable-on-404-status', suggestions: ['send'] });
  const actions = actionsFor(modelOf(text), diagnostic);
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [
    ["Replace deprecated 'disable-on-404' with 'disable-on-404-status'", true],
    ["Change 'disable-on-404' to 'send'", false],
  ]);
  assert.equal(applied(text, actions[0]), 'global\n    nbproc 1\nbackend be\n    http-check disable-on-404-status\n');
});

test('diagnostics of other sources and requests for other kinds get no action', () => {
  const diagnostic = { ...diagnosticOn(TYPO, 6, 'forwardedfor', 'unknown-option', { suggestions: ['forwardfor'] }), source: 'haproxy -c' };
  assert.deepEqual(actionsFor(modelOf(TYPO), diagnostic), []);
  const ours = diagnosticOn(TYPO, 6, 'forwardedfor', 'unknown-option', { suggestions: ['forwardfor'] });
  assert.deepEqual(provideCodeActions(modelOf(TYPO), ours.range, { diagnostics: [ours], only: ['refactor'] }), []);
  assert.equal(provideCodeActions(modelOf(TYPO), ours.range, { diagnostics: [ours], only: ['quickfix'] }).length, 1);
});

// ---- moving a directive to the section that accepts it ----

const HTTPLOG_IN_BACKEND = `defaults
    mode http

frontend fe
    bind :8080
    default_backend be
    # end of fe

backend be
    option httplog
    server s1 10.0.0.1:80
`;
const FRONTEND_TYPES = ['defaults', 'frontend', 'listen'];

test('option httplog in a backend moves to the frontend that uses the backend', () => {
  const diagnostic = diagnosticOn(HTTPLOG_IN_BACKEND, 9, 'option httplog', 'keyword-ignored-in-section', { allowedIn: FRONTEND_TYPES });
  const [move] = actionsFor(modelOf(HTTPLOG_IN_BACKEND), diagnostic);
  assert.equal(move.title, "Move 'option httplog' to frontend fe");
  assert.equal(move.isPreferred, true);
  assertQuickFix(move, diagnostic);
  assert.equal(applied(HTTPLOG_IN_BACKEND, move), `defaults
    mode http

frontend fe
    bind :8080
    default_backend be
    # end of fe
    option httplog

backend be
    server s1 10.0.0.1:80
`);
});

test('two frontends use the backend: moving would be a guess, no fix', () => {
  const text = HTTPLOG_IN_BACKEND.replace('\nbackend be\n', '\nfrontend fe2\n    bind :8081\n    use_backend be if TRUE\n\nbackend be\n');
  const line = text.split('\n').indexOf('    option httplog');
  const diagnostic = diagnosticOn(text, line, 'option httplog', 'keyword-ignored-in-section', { allowedIn: FRONTEND_TYPES });
  assert.deepEqual(actionsFor(modelOf(text), diagnostic), []);
});

test('no related section: the only section of an accepted type in the file (defaults)', () => {
  const text = 'defaults\n    mode http\n\nbackend be\n    option httplog\n    server s1 10.0.0.1:80\n';
  const diagnostic = diagnosticOn(text, 4, 'option httplog', 'keyword-ignored-in-section', { allowedIn: FRONTEND_TYPES });
  const [move] = actionsFor(modelOf(text), diagnostic);
  assert.equal(move.title, "Move 'option httplog' to defaults");
  assert.equal(applied(text, move), 'defaults\n    mode http\n    option httplog\n\nbackend be\n    server s1 10.0.0.1:80\n');
});

test('a global keyword in a frontend moves to global, with the trailing comment, in a CRLF tab-indented file', () => {
  const text = 'global\r\n\tmaxconn 100\r\n\r\nfrontend fe\r\n\tbind :80\r\n\tnbthread 4 # cpu count\r\n';
  const diagnostic = diagnosticOn(text, 5, 'nbthread', 'keyword-wrong-section', { allowedIn: ['global'] });
  const [move] = actionsFor(modelOf(text), diagnostic);
  assert.equal(move.title, "Move 'nbthread 4 # cpu count' to global");
  assert.equal(applied(text, move), 'global\r\n\tmaxconn 100\r\n\tnbthread 4 # cpu count\r\n\r\nfrontend fe\r\n\tbind :80\r\n');
});

test('the target already has the directive: the fix removes the misplaced copy', () => {
  const text = 'frontend fe\n    bind :80\n    option httplog\n    default_backend be\nbackend be\n    option   httplog\n';
  const diagnostic = diagnosticOn(text, 5, 'option   httplog', 'keyword-ignored-in-section', { allowedIn: FRONTEND_TYPES });
  const [remove] = actionsFor(modelOf(text), diagnostic);
  assert.equal(remove.title, "Remove 'option httplog' (frontend fe already has it)");
  assert.equal(applied(text, remove), 'frontend fe\n    bind :80\n    option httplog\n    default_backend be\nbackend be\n');
});

test('conditional blocks: no move out of one, the moved line never lands in one; no target, no fix', () => {
  const conditional = 'frontend fe\n    bind :80\n    default_backend be\nbackend be\n.if defined(LOG)\n    option httplog\n.endif\n';
  const d1 = diagnosticOn(conditional, 5, 'option httplog', 'keyword-ignored-in-section', { allowedIn: FRONTEND_TYPES });
  assert.deepEqual(actionsFor(modelOf(conditional), d1), []);
  const targetInBlock = 'frontend fe\n    bind :80\n.if defined(X)\n    default_backend be\nbackend be\n    option httplog\n.endif\n';
  const d2 = diagnosticOn(targetInBlock, 5, 'option httplog', 'keyword-ignored-in-section', { allowedIn: FRONTEND_TYPES });
  assert.equal(applied(targetInBlock, actionsFor(modelOf(targetInBlock), d2)[0]),
    'frontend fe\n    bind :80\n    option httplog\n.if defined(X)\n    default_backend be\nbackend be\n.endif\n', 'fe ends inside .if: the line goes before the block');
  const afterEndif = 'frontend fe\n    bind :80\n.if defined(X)\n    default_backend be\n.endif\nbackend be\n    option httplog\n';
  const d4 = diagnosticOn(afterEndif, 6, 'option httplog', 'keyword-ignored-in-section', { allowedIn: FRONTEND_TYPES });
  assert.equal(applied(afterEndif, actionsFor(modelOf(afterEndif), d4)[0]),
    'frontend fe\n    bind :80\n.if defined(X)\n    default_backend be\n.endif\n    option httplog\nbackend be\n', 'after the .endif: unconditional');
  const noGlobal = 'frontend fe\n    bind :80\n    nbthread 4\n';
  const d3 = diagnosticOn(noGlobal, 2, 'nbthread', 'keyword-wrong-section', { allowedIn: ['global'] });
  assert.deepEqual(actionsFor(modelOf(noGlobal), d3), []);
});

test('a whole section under .if is a valid target; its condition is kept', () => {
  const text = '.if defined(ADMIN)\nglobal\n    maxconn 10\n.endif\nfrontend fe\n    bind :80\n    nbthread 4\n';
  const diagnostic = diagnosticOn(text, 6, 'nbthread', 'keyword-wrong-section', { allowedIn: ['global'] });
  const [move] = actionsFor(modelOf(text), diagnostic);
  assert.equal(applied(text, move), '.if defined(ADMIN)\nglobal\n    maxconn 10\n    nbthread 4\n.endif\nfrontend fe\n    bind :80\n');
});

// ---- a missing backend ----

function stubFor(text: string, name: string): { action: CodeAction | undefined; result: string | undefined } {
  const line = text.split('\n').findIndex((l) => /(use|default)_backend/.test(l) && l.includes(name));
  const diagnostic = diagnosticOn(text, line, name, 'undefined-reference', { missing: { kind: 'backend', name } });
  const action = actionsFor(modelOf(text), diagnostic).find((a) => a.title.startsWith('Create backend'));
  if (action) { assertQuickFix(action, diagnostic); assert.notEqual(action.isPreferred, true, 'a placeholder is never auto-applied'); }
  return { action, result: action ? applied(text, action) : undefined };
}

test('undefined backend: a stub with a placeholder server after the last backend, mode inherited from defaults', () => {
  const text = 'defaults\n    mode http\nfrontend fe\n    bind :80\n    use_backend be_api if { path_beg /api }\n    default_backend be\nbackend be\n    server s1 10.0.0.1:80\n# old stuff\n\n# peers below\npeers p\n    peer a 10.0.0.1:1024\n';
  const { action, result } = stubFor(text, 'be_api');
  assert.equal(action?.title, "Create backend 'be_api'");
  assert.equal(result, `defaults\n    mode http\nfrontend fe\n    bind :80\n    use_backend be_api if { path_beg /api }\n    default_backend be\nbackend be\n    server s1 10.0.0.1:80\n# old stuff\n\nbackend be_api\n    ${PLACEHOLDER_SERVER}\n\n# peers below\npeers p\n    peer a 10.0.0.1:1024\n`);
  const index = buildSymbolIndex(parse(result!));
  const ref = index.references.find((r) => r.name === 'be_api');
  assert.ok(ref && index.resolve(ref).length === 1, 'the reference resolves after the fix');
});

test('undefined backend: the stub sets the frontend\'s mode when it would not inherit it; end of file without backends', () => {
  const text = 'frontend fe\n\tmode http\n\tbind :80\n\tdefault_backend app';
  const { result } = stubFor(text, 'app');
  assert.equal(result, `frontend fe\n\tmode http\n\tbind :80\n\tdefault_backend app\n\nbackend app\n\tmode http\n\t${PLACEHOLDER_SERVER}`);
});

test('undefined backend: no stub for a name HAProxy refuses or one already defined (listen)', () => {
  assert.equal(stubFor('frontend fe\n    default_backend a/b\n', 'a/b').action, undefined);
  assert.equal(stubFor('frontend fe\n    default_backend app\nlisten app\n    bind :81\n', 'app').action, undefined);
});

// ---- real diagnostics of the service ----

function realDiagnostics(text: string): { model: DocumentModel; diagnostics: Diagnostic[] } {
  const service = new LanguageService('3.2');
  service.openDocument(TEST_URI, 'haproxy', 1, text);
  return { model: service.model(TEST_URI)!, diagnostics: service.diagnostics(TEST_URI) };
}

test('unterminated quote (real diagnostic): close it after the last non-blank character', () => {
  const text = 'frontend fe\n    http-request set-header X-Env "staging   \n    acl a path \'x\n';
  const { model, diagnostics } = realDiagnostics(text);
  const quotes = diagnostics.filter((d) => d.code === 'unterminated-quote');
  assert.equal(quotes.length, 2);
  const fixed = quotes.map((d) => {
    const [action] = provideCodeActions(model, d.range, { diagnostics: [d] });
    assert.equal(action.isPreferred, true);
    assertQuickFix(action, d);
    return { title: action.title, text: applied(text, action) };
  });
  assert.equal(fixed[0].title, 'Close the double quote at the end of the line');
  assert.equal(fixed[0].text, 'frontend fe\n    http-request set-header X-Env "staging"   \n    acl a path \'x\n');
  assert.equal(fixed[1].title, 'Close the single quote at the end of the line');
  assert.equal(fixed[1].text, 'frontend fe\n    http-request set-header X-Env "staging   \n    acl a path \'x\'\n');
});

test('unterminated quote ending in a backslash: a quote there would be escaped, so no fix', () => {
  const text = 'frontend fe\n    http-request set-header X-A "a\\\n';
  const { model, diagnostics } = realDiagnostics(text);
  const quote = diagnostics.find((d) => d.code === 'unterminated-quote');
  assert.ok(quote);
  assert.deepEqual(provideCodeActions(model, quote.range, { diagnostics: [quote] }), []);
});

test('duplicate directive: remove the flagged line (not preferred)', () => {
  const text = 'backend be\n    balance roundrobin\n    balance leastconn\n    server s1 10.0.0.1:80';
  const diagnostic = diagnosticOn(text, 1, 'balance', 'duplicate-directive');
  const [remove] = actionsFor(modelOf(text), diagnostic);
  assert.equal(remove.title, "Remove duplicate 'balance roundrobin'");
  assert.notEqual(remove.isPreferred, true);
  assert.equal(applied(text, remove), 'backend be\n    balance leastconn\n    server s1 10.0.0.1:80');
  const last = diagnosticOn(text, 3, 'server', 'duplicate-directive');
  assert.equal(applied(text, actionsFor(modelOf(text), last)[0]), 'backend be\n    balance roundrobin\n    balance leastconn', 'last line without terminator');
});

// ---- the whole pipeline: the checks' own diagnostics, fixed, re-analysed ----

/** Applies the fix titled `title` to the first diagnostic with `code`; returns the new text and its diagnostics. */
function fixReal(text: string, code: string, title: string): { fixed: string; after: Diagnostic[]; action: CodeAction } {
  const { model, diagnostics } = realDiagnostics(text);
  const diagnostic = diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `a ${code} diagnostic among ${diagnostics.map((d) => d.code).join(', ')}`);
  const actions = provideCodeActions(model, diagnostic.range, { diagnostics: [diagnostic] });
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `'${title}' among ${actions.map((a) => a.title).join('; ')}`);
  const fixed = applied(text, action);
  return { fixed, after: realDiagnostics(fixed).diagnostics, action };
}

const BASE = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n';

test('real unknown-keyword with did-you-mean: option forwardedfor -> forwardfor', () => {
  const text = `${BASE}frontend fe\n    bind :8080\n    option forwardedfor\n    default_backend be\n\nbackend be\n    server s1 10.0.0.1:80\n`;
  const { fixed, after, action } = fixReal(text, 'unknown-keyword', "Change 'forwardedfor' to 'forwardfor'");
  assert.equal(action.isPreferred, true);
  assert.match(fixed, /\n {4}option forwardfor\n/);
  assert.deepEqual(after.filter((d) => d.severity === 1).map((d) => d.code), []);
});

test('real keyword-ignored-in-section: option httplog moves from the backend to its frontend', () => {
  const text = `${BASE}frontend fe\n    bind :8080\n    default_backend be\n\nbackend be\n    option httplog\n    server s1 10.0.0.1:80\n`;
  const { fixed, after } = fixReal(text, 'keyword-ignored-in-section', "Move 'option httplog' to frontend fe");
  assert.match(fixed, /frontend fe\n {4}bind :8080\n {4}default_backend be\n {4}option httplog\n\nbackend be\n {4}server s1/);
  assert.ok(!after.some((d) => d.code === 'keyword-ignored-in-section'));
});

test('real keyword-wrong-section: a server line in a frontend moves to the backend it uses (not to peers)', () => {
  const text = `${BASE}frontend fe\n    bind :8080\n    server s2 10.0.0.2:80\n    default_backend be\n\nbackend be\n    server s1 10.0.0.1:80\n\npeers p\n    peer lb1 127.0.0.1:10000\n`;
  const { fixed, after } = fixReal(text, 'keyword-wrong-section', "Move 'server s2 10.0.0.2:80' to backend be");
  assert.match(fixed, /backend be\n {4}server s1 10\.0\.0\.1:80\n {4}server s2 10\.0\.0\.2:80\n/);
  assert.ok(!after.some((d) => d.code === 'keyword-wrong-section'));
});

test('real keyword-wrong-section with two candidates (balance in global: defaults or backend): no move', () => {
  const text = `global\n    balance roundrobin\n\n${BASE}backend be\n    server s1 10.0.0.1:80\n`;
  const { model, diagnostics } = realDiagnostics(text);
  const wrong = diagnostics.find((d) => d.code === 'keyword-wrong-section');
  assert.ok(wrong);
  assert.ok(!provideCodeActions(model, wrong.range, { diagnostics: [wrong] }).some((a) => a.title.startsWith('Move')));
});

test('real directive-outside-section: nbthread before any section moves into the only global', () => {
  const text = 'nbthread 4\nglobal\n    maxconn 100\n\nbackend be\n    server s1 10.0.0.1:80\n';
  const { fixed, after } = fixReal(text, 'directive-outside-section', "Move 'nbthread 4' to global");
  assert.equal(fixed, 'global\n    maxconn 100\n    nbthread 4\n\nbackend be\n    server s1 10.0.0.1:80\n');
  assert.ok(!after.some((d) => d.code === 'directive-outside-section'));
});

test('real keyword-deprecated with a successor: transparent -> option transparent', () => {
  const text = `${BASE}backend be\n    transparent\n`;
  const { fixed, after, action } = fixReal(text, 'keyword-deprecated', "Replace deprecated 'transparent' with 'option transparent'");
  assert.equal(action.isPreferred, true);
  assert.match(fixed, /\n {4}option transparent\n/);
  assert.ok(!after.some((d) => d.code === 'keyword-deprecated'));
});

test('real undefined-reference: create the missing backend; the reference then resolves', () => {
  const text = `${BASE}frontend fe\n    bind :8080\n    use_backend be_api if { path_beg /api }\n    default_backend be\n\nbackend be\n    server s1 10.0.0.1:80\n`;
  const { fixed, after } = fixReal(text, 'undefined-reference', "Create backend 'be_api'");
  assert.match(fixed, /\nbackend be_api\n {4}server srv1 127\.0\.0\.1:8080 # TODO: the real address\n$/);
  assert.deepEqual(after.filter((d) => d.code === 'undefined-reference'), []);
});

test('real undefined-reference of a defaults section: the suggested name fixes it', () => {
  const text = 'defaults web\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend fe from webs\n    bind :8080\n';
  const { after } = fixReal(text, 'undefined-reference', "Change 'webs' to 'web'");
  assert.deepEqual(after.filter((d) => d.code === 'undefined-reference'), []);
});
