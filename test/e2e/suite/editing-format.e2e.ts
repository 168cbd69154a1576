// Formatting and quick fixes inside real VS Code, through the commands a user runs: "Format
// Document" fixes a mis-indented haproxy.cfg (and follows the editor's tabs/spaces choice), "Format
// Selection" touches only the selected lines, a CRLF document stays CRLF, and "Auto Fix" applies
// the preferred quick fix of a real diagnostic.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostic, openDocument, revertAndCloseAll, waitFor, waitForDiagnostics, workspaceFile } from './helpers';

const MISINDENTED = 'format/haproxy-misindented.cfg';
const EXPECTED = 'format/misindented.expected.txt';
const QUOTE = 'format/haproxy-quote.cfg';
const QUOTE_LINE = 3; // 0-based: `http-request set-header X-Env "staging`

async function readFixture(relativePath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(relativePath)));
}

/** The formatting provider is there once the language client runs: ask until it answers with edits. */
async function formattingEdits(document: vscode.TextDocument, options: vscode.FormattingOptions): Promise<vscode.TextEdit[]> {
  let edits: vscode.TextEdit[] | undefined;
  const deadline = Date.now() + 20_000;
  while (!edits?.length) {
    edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, options);
    if (edits?.length) break;
    if (Date.now() > deadline) throw new Error(`no formatting edits for ${document.uri.path} within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return edits;
}

async function showWithIndentation(document: vscode.TextDocument, insertSpaces: boolean): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(document);
  // The file mixes tabs and spaces: VS Code's indentation detection could pick either.
  editor.options = { insertSpaces, tabSize: 4 };
  return editor;
}

suite('editing-format', () => {
  const onDisk = new Map<string, string>();
  suiteSetup(async () => {
    for (const file of [MISINDENTED, QUOTE]) onDisk.set(file, await readFixture(file));
  });
  teardown(revertAndCloseAll);
  // The tests edit without saving; a fixture changed on disk (e.g. by auto save) would break the next run.
  suiteTeardown(async () => {
    for (const [file, text] of onDisk) assert.equal(await readFixture(file), text, `${file} is unchanged on disk`);
  });

  test('Format Document fixes a mis-indented haproxy.cfg with per-line edits', async () => {
    const document = await openDocument(MISINDENTED);
    assert.equal(document.languageId, 'haproxy');
    await showWithIndentation(document, true);
    const edits = await formattingEdits(document, { insertSpaces: true, tabSize: 4 });
    assert.ok(edits.length > 10, `one edit per changed line (${edits.length} edits)`);
    const multiLine = edits.filter((e) => e.range.end.line > e.range.start.line);
    assert.ok(multiLine.every((e) => e.newText === '' && /^\s*$/.test(document.getText(e.range))), 'only deleted blank lines span lines');
    await vscode.commands.executeCommand('editor.action.formatDocument');
    const expected = await readFixture(EXPECTED);
    await waitFor('the formatted text', () => document.getText() === expected, 10_000);
    assert.ok(document.isDirty, 'formatted in the editor, not on disk');
  });

  test('Format Document with tabs (editor.insertSpaces off) indents with one tab per level', async () => {
    const document = await openDocument(MISINDENTED);
    await showWithIndentation(document, false);
    await formattingEdits(document, { insertSpaces: false, tabSize: 4 });
    await vscode.commands.executeCommand('editor.action.formatDocument');
    const expected = (await readFixture(EXPECTED)).replace(/^ {4}/gm, '\t');
    await waitFor('the tab-indented text', () => document.getText() === expected, 10_000);
  });

  test('Format Selection only changes the selected lines', async () => {
    const document = await openDocument(MISINDENTED);
    const editor = await showWithIndentation(document, true);
    await formattingEdits(document, { insertSpaces: true, tabSize: 4 });
    const before = document.getText().split('\n');
    // Lines 7-10: the body of `defaults`.
    editor.selection = new vscode.Selection(7, 0, 10, 3);
    await vscode.commands.executeCommand('editor.action.formatSelection');
    await waitFor('the selection to be formatted', () => document.lineAt(8).text === '    timeout connect 5s', 10_000);
    const after = document.getText().split('\n');
    assert.deepEqual(after.slice(7, 11), ['    mode http', '    timeout connect 5s', '    timeout client 30s', '    timeout server 30s']);
    assert.deepEqual(after.slice(0, 7), before.slice(0, 7), 'lines above the selection untouched');
    assert.deepEqual(after.slice(11), before.slice(11), 'lines below the selection untouched');
  });

  test('a CRLF document stays CRLF after Format Document', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'haproxy', content: 'global\r\n  maxconn 100\r\nbackend be\r\n\tserver s1 10.0.0.1:80' });
    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    await showWithIndentation(document, true);
    try {
      await formattingEdits(document, { insertSpaces: true, tabSize: 4 });
      await vscode.commands.executeCommand('editor.action.formatDocument');
      await waitFor('the formatted CRLF text', () => document.getText() === 'global\r\n    maxconn 100\r\nbackend be\r\n    server s1 10.0.0.1:80\r\n', 10_000);
      assert.equal(document.eol, vscode.EndOfLine.CRLF);
    } finally {
      // An untitled document is not reverted by the teardown; closing it dirty would ask to save.
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('haproxy.format.indent and haproxy.format.alignServerColumns reach the formatter', async () => {
    const config = vscode.workspace.getConfiguration('haproxy');
    // User settings (the launcher's temporary profile): the fixture folder gets no .vscode/settings.json.
    await config.update('format.indent', 2, vscode.ConfigurationTarget.Global);
    await config.update('format.alignServerColumns', true, vscode.ConfigurationTarget.Global);
    try {
      const document = await openDocument(MISINDENTED);
      await showWithIndentation(document, true);
      const wanted = ['  server api1       10.0.0.11:8080  check', '  server api-backup 10.0.0.112:8080 check backup'];
      // The server applies settings when it is told of the change: retry the command until it did.
      const deadline = Date.now() + 20_000;
      for (;;) {
        await vscode.commands.executeCommand('editor.action.formatDocument');
        const lines = document.getText().split('\n');
        if (lines.includes('  mode http') && wanted.every((line) => lines.includes(line))) break;
        if (Date.now() > deadline) throw new Error(`settings not applied; formatted text:\n${document.getText()}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      const lines = document.getText().split('\n');
      assert.ok(lines.includes('frontend fe_main # public entry'));
      assert.ok(lines.includes('  server web1 10.0.0.21:80 check inter 2s'), 'one server: nothing to pad');
    } finally {
      await config.update('format.indent', undefined, vscode.ConfigurationTarget.Global);
      await config.update('format.alignServerColumns', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Auto Fix applies the preferred quick fix of a real diagnostic (unterminated quote)', async () => {
    const document = await openDocument(QUOTE);
    const editor = await vscode.window.showTextDocument(document);
    const diagnostics = await waitForDiagnostics(document.uri, (all) => all.some((d) => d.range.start.line === QUOTE_LINE));
    const quote = diagnostics.find((d) => d.range.start.line === QUOTE_LINE)!;
    assert.equal(quote.source, 'haproxy-workbench', describeDiagnostic(quote));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, quote.range, vscode.CodeActionKind.QuickFix.value);
    const close = actions.find((a) => a.title === 'Close the double quote at the end of the line');
    assert.ok(close, `quick fixes offered: ${actions.map((a) => a.title).join('; ')}`);
    assert.equal(close.isPreferred, true);
    assert.equal(close.kind?.value, 'quickfix');
    editor.selection = new vscode.Selection(quote.range.start, quote.range.start);
    await vscode.commands.executeCommand('editor.action.autoFix');
    await waitFor('the closing quote', () => document.lineAt(QUOTE_LINE).text === '    http-request set-header X-Env "staging"', 10_000);
    await waitForDiagnostics(document.uri, (all) => !all.some((d) => d.range.start.line === QUOTE_LINE));
  });
});
