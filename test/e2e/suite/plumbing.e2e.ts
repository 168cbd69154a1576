// Plumbing: the extension activates on haproxy files, the manifest's file associations give
// them the `haproxy` language, the launcher's environment reaches the extension host, and the
// language server's diagnostics reach VS Code (and follow unsaved edits).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  E2E_ENV,
  EXTENSION_ID,
  describeDiagnostic,
  openDocument,
  replaceLine,
  requestScreenshot,
  revertAndCloseAll,
  waitFor,
  waitForDiagnostics,
} from './helpers';

const UNCLOSED_QUOTE_FILE = 'unclosed-quote.haproxy';
const UNCLOSED_QUOTE_LINE = 4; // 0-based: `http-request set-header X-Env "staging`

suite('plumbing', () => {
  teardown(revertAndCloseAll);

  test('the launcher environment reaches the extension host', () => {
    assert.match(process.env[E2E_ENV.launcher] ?? '', /^(code-server|electron)$/);
  });

  test('opening haproxy.cfg activates the extension', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded from extensionDevelopmentPath`);
    const document = await openDocument('haproxy.cfg');
    assert.equal(document.languageId, 'haproxy');
    // Activation is triggered by onLanguage:haproxy, not by the test calling activate().
    await waitFor('the extension to activate', () => extension.isActive);
  });

  for (const [file, languageId] of [
    ['haproxy.cfg', 'haproxy'],
    ['haproxy-edge.cfg', 'haproxy'],
    ['haproxy/conf.d/10-backends.cfg', 'haproxy'],
    ['haproxy.d/20-frontends.cfg', 'haproxy'],
    [UNCLOSED_QUOTE_FILE, 'haproxy'],
  ] as const) {
    test(`${file} opens as ${languageId}`, async () => {
      const document = await openDocument(file);
      assert.equal(document.languageId, languageId);
    });
  }

  test('a .cfg that matches no haproxy pattern is not haproxy', async () => {
    const document = await openDocument('not-haproxy.cfg');
    assert.notEqual(document.languageId, 'haproxy');
  });

  test('an unclosed quote is reported by the language server', async () => {
    const document = await openDocument(UNCLOSED_QUOTE_FILE);
    const diagnostics = await waitForDiagnostics(document.uri, (all) => all.length > 0);
    const onLine = diagnostics.filter((d) => d.range.start.line === UNCLOSED_QUOTE_LINE);
    assert.equal(onLine.length, 1, `one diagnostic on line ${UNCLOSED_QUOTE_LINE}: ${diagnostics.map(describeDiagnostic).join('; ')}`);
    const [diagnostic] = onLine;
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    const quoteColumn = document.lineAt(UNCLOSED_QUOTE_LINE).text.indexOf('"');
    assert.equal(diagnostic.range.start.character, quoteColumn, 'the range starts at the opening quote');
    // The complete quoted string on the next line is not an error.
    assert.ok(!diagnostics.some((d) => d.range.start.line === UNCLOSED_QUOTE_LINE + 1));
  });

  test('closing the quote in the editor clears the diagnostic (unsaved change reaches the server)', async () => {
    const document = await openDocument(UNCLOSED_QUOTE_FILE);
    await waitForDiagnostics(document.uri, (all) => all.some((d) => d.range.start.line === UNCLOSED_QUOTE_LINE));
    await replaceLine(document, UNCLOSED_QUOTE_LINE, '    http-request set-header X-Env "staging"');
    const after = await waitForDiagnostics(document.uri, (all) => !all.some((d) => d.range.start.line === UNCLOSED_QUOTE_LINE));
    assert.equal(after.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, 0);
    assert.ok(document.isDirty, 'the fixture on disk is left unchanged');
  });

  test('a test can ask the launcher for a screenshot of the window', async () => {
    await openDocument('haproxy.cfg');
    const file = await requestScreenshot('plumbing-haproxy-cfg');
    if (process.env[E2E_ENV.launcher] === 'electron') {
      assert.equal(file, undefined, 'desktop VS Code has no screenshot channel');
      return;
    }
    assert.ok(file, 'the code-server launcher sets the screenshot folder');
    const png = fs.readFileSync(file);
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')], `${file} is a PNG`);
    assert.ok(png.length > 10_000, `${file} holds a real window capture (${png.length} bytes)`);
  });
});
