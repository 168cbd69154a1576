// Navigation and structure inside real VS Code, through the commands a user runs: F12 (Reveal
// Definition) on a use_backend target moves the cursor to the backend's name, the rename provider's
// edit updates every use of a backend, a keyword cannot be renamed (with the reason), the outline
// lists sections and servers, and a line in a false `.if` branch gets a `comment` semantic token.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDocument, requestScreenshot, revertAndCloseAll, untilAnswered, waitFor, workspaceFile } from './helpers';

const FIXTURE = 'navigation/haproxy.cfg';

async function readFixture(): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(FIXTURE)));
}

/** Position `offset` characters into the first occurrence of `needle`. */
function positionOf(document: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const at = document.getText().indexOf(needle);
  if (at < 0) throw new Error(`${JSON.stringify(needle)} is not in ${document.uri.path}`);
  return document.positionAt(at + offset);
}

async function openWithServer(): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await openDocument(FIXTURE);
  assert.equal(document.languageId, 'haproxy');
  const editor = await vscode.window.showTextDocument(document);
  await untilAnswered('document symbols', () => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri), (s) => s.length > 0);
  return { document, editor };
}

suite('editing-navigation', () => {
  let onDisk = '';
  suiteSetup(async () => { onDisk = await readFixture(); });
  teardown(revertAndCloseAll);
  suiteTeardown(async () => { assert.equal(await readFixture(), onDisk, `${FIXTURE} is unchanged on disk`); });

  test('F12 on a use_backend target jumps to the backend line', async () => {
    const { document, editor } = await openWithServer();
    const target = positionOf(document, 'use_backend be_admin', 'use_backend '.length + 3);
    editor.selection = new vscode.Selection(target, target);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const backend = positionOf(document, '\nbackend be_admin', '\nbackend '.length);
    await waitFor('the cursor on the backend name', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document === document && active.selection.active.line === backend.line;
    });
    const cursor = vscode.window.activeTextEditor!.selection.active;
    assert.equal(cursor.character, backend.character, 'at the start of the name');
    assert.equal(document.getText(document.getWordRangeAtPosition(cursor, /[\w.:-]+/)), 'be_admin');
    await requestScreenshot('navigation-reveal-definition');
  });

  test('F12 on an ACL in one frontend stays in that frontend', async () => {
    const { document, editor } = await openWithServer();
    const internalUse = document.getText().indexOf('use_backend be_api if is_api', document.getText().indexOf('frontend fe_internal'));
    const use = document.positionAt(internalUse + 'use_backend be_api if '.length + 1);
    editor.selection = new vscode.Selection(use, use);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const internalAcl = positionOf(document, 'acl is_api path_beg /internal/');
    await waitFor('the cursor on fe_internal\'s ACL', () => vscode.window.activeTextEditor?.selection.active.line === internalAcl.line);
  });

  test('renaming a backend through the rename provider updates every use in the document', async () => {
    const { document } = await openWithServer();
    const position = positionOf(document, '\nbackend be_app', '\nbackend '.length + 2);
    const edit = await untilAnswered('rename edits',
      () => vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, position, 'be_application'),
      (e) => e.size > 0);
    assert.equal(edit.get(document.uri).length, 5, 'definition, two default_backend, track be_app/app1, nbsrv(be_app)');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const text = document.getText();
    assert.ok(!/\bbe_app\b/.test(text), 'no use of the old name is left');
    assert.match(text, /default_backend be_application\n[\s\S]*default_backend be_application\n/);
    assert.match(text, /track be_application\/app1/);
    assert.match(text, /nbsrv\(be_application\)/);
    assert.ok(document.isDirty, 'renamed in the editor, not on disk');
  });

  test('a keyword cannot be renamed and the reason is given', async () => {
    const { document } = await openWithServer();
    const keyword = positionOf(document, 'default_backend be_app', 3);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', document.uri, keyword)),
      (error: Error) => /'default_backend' is an HAProxy keyword/.test(error.message),
    );
  });

  test('the outline lists sections and their servers', async () => {
    const { document } = await openWithServer();
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    const app = symbols.find((s) => s.name === 'be_app');
    assert.ok(app, `be_app in ${symbols.map((s) => s.name).join(', ')}`);
    assert.equal(app.kind, vscode.SymbolKind.Class);
    assert.deepEqual(app.children.map((c) => c.name), ['canary', 'future', 'app1', 'app2']);
    assert.equal(app.children.find((c) => c.name === 'future')?.detail, '10.0.4.98:8080 check (disabled by .if)');
  });

  test('a line in a false .if branch is a comment semantic token; names are typed', async () => {
    const { document } = await openWithServer();
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', document.uri);
    const tokens = await untilAnswered('semantic tokens',
      () => vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', document.uri), (t) => t.data.length > 0);
    const decoded: Array<{ line: number; start: number; type: string }> = [];
    let line = 0;
    let start = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      start = tokens.data[i] === 0 && i > 0 ? start + tokens.data[i + 1] : tokens.data[i + 1];
      line += tokens.data[i];
      decoded.push({ line, start, type: legend.tokenTypes[tokens.data[i + 3]] });
    }
    const future = positionOf(document, 'server future');
    assert.deepEqual(decoded.filter((t) => t.line === future.line).map((t) => [t.start, t.type]), [[future.character, 'comment']]);
    const use = positionOf(document, 'use_backend be_api', 'use_backend '.length);
    assert.equal(decoded.find((t) => t.line === use.line && t.start === use.character)?.type, 'class');
  });
});
