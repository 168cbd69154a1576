// Completion, hover and signature help inside real VS Code: typing on a server line and accepting the
// suggestion inserts `check`; the completion provider offers server options with the manual's text
// once resolved; hovering `balance` shows the manual; signature help follows a server line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fromServer, openDocument, requestScreenshot, revertAndCloseAll, untilAnswered, workspaceFile } from './helpers';

const FIXTURE = 'completion/haproxy.cfg';

async function readFixture(): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(FIXTURE)));
}

/** Position `offset` characters into the first occurrence of `needle` (default: at its end). */
function positionOf(document: vscode.TextDocument, needle: string, offset = needle.length): vscode.Position {
  const at = document.getText().indexOf(needle);
  if (at < 0) throw new Error(`${JSON.stringify(needle)} is not in ${document.uri.path}`);
  return document.positionAt(at + offset);
}

function markdownOf(content: vscode.MarkdownString | vscode.MarkedString | string | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return 'value' in content ? content.value : '';
}

/** Opens the fixture and inserts `line` after the line `after` (unsaved); returns the end of the new line. */
async function withNewLine(after: string, line: string): Promise<{ editor: vscode.TextEditor; end: vscode.Position }> {
  const document = await openDocument(FIXTURE);
  assert.equal(document.languageId, 'haproxy');
  const editor = await vscode.window.showTextDocument(document);
  const anchor = positionOf(document, after);
  assert.ok(await editor.edit((b) => b.insert(anchor, `\n${line}`)));
  const end = new vscode.Position(anchor.line + 1, line.length);
  editor.selection = new vscode.Selection(end, end);
  return { editor, end };
}

suite('editing-completion', () => {
  let onDisk = '';
  suiteSetup(async () => { onDisk = await readFixture(); });
  teardown(revertAndCloseAll);
  suiteTeardown(async () => { assert.equal(await readFixture(), onDisk, `${FIXTURE} is unchanged on disk`); });

  test('completion at a server line offers check, and resolving it gives the manual\'s text', async () => {
    const { editor, end } = await withNewLine('    server api2 10.0.1.2:8080 check', '    server api3 10.0.1.3:8080 ');
    const list = await untilAnswered('completion items',
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end, undefined, 200),
      (l) => l.items.some((i) => i.label === 'check' && fromServer(i)));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const option of ['check', 'inter', 'weight', 'backup']) assert.ok(labels.includes(option), `${option} in ${labels.length} items`);
    assert.ok(!labels.includes('accept-proxy'), 'no bind option on a server line');
    const check = list.items.find((i) => i.label === 'check')!;
    assert.match(markdownOf(check.documentation as vscode.MarkdownString), /health checks/, 'resolved documentation');
  });

  test('typing `ch` on a server line and accepting the suggestion inserts `check`', async () => {
    const { editor } = await withNewLine('    server web2 10.0.2.2:80 check', '    server web3 10.0.2.3:80 ch');
    const line = editor.selection.active.line;
    await untilAnswered('completion items for ch',
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, editor.selection.active),
      (l) => l.items.some((i) => i.label === 'check' && fromServer(i)));
    const deadline = Date.now() + 20_000;
    while (editor.document.lineAt(line).text.endsWith(' ch')) {
      if (Date.now() > deadline) throw new Error(`the suggestion was not accepted: ${editor.document.lineAt(line).text}`);
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
      await new Promise((resolve) => setTimeout(resolve, 700));
      if (Date.now() + 1000 > deadline) await requestScreenshot('completion-suggest-not-accepted');
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const text = editor.document.lineAt(line).text;
    assert.match(text, /^ {4}server web3 10\.0\.2\.3:80 check/, `the line after accepting: ${JSON.stringify(text)}`);
    assert.ok(editor.document.isDirty, 'typed in the editor, not on disk');
  });

  test('the suggest widget on a server line (screenshot)', async () => {
    const { editor } = await withNewLine('    server web2 10.0.2.2:80 check', '    server web4 10.0.2.4:80 ');
    await untilAnswered('completion items',
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, editor.selection.active),
      (l) => l.items.some(fromServer));
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await requestScreenshot('completion-server-options');
    await vscode.commands.executeCommand('hideSuggestWidget');
  });

  test('hover on balance shows the manual\'s text', async () => {
    const document = await openDocument(FIXTURE);
    const position = positionOf(document, '    balance leastconn', 6);
    const hovers = await untilAnswered('hover',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position),
      (h) => h.length > 0);
    const text = hovers.flatMap((h) => h.contents.map((c) => markdownOf(c as vscode.MarkdownString))).join('\n');
    assert.match(text, /balance <algorithm> \[ <arguments> \]/);
    assert.match(text, /Define the load balancing algorithm to be used in a backend/);
    assert.match(text, /leastconn/);
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await requestScreenshot('hover-balance');
  });

  test('signature help on a server line follows the parameter under the cursor', async () => {
    const { editor, end } = await withNewLine('    server api2 10.0.1.2:8080 check', '    server ');
    const help = await untilAnswered('signature help',
      () => vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', editor.document.uri, end, ' '),
      (h) => h.signatures.length > 0);
    const signature = help.signatures[help.activeSignature];
    assert.equal(signature.label, 'server <name> <address>[:[port]] [param*]');
    const parameter = signature.parameters[help.activeParameter];
    assert.ok(Array.isArray(parameter.label));
    assert.equal(signature.label.slice(parameter.label[0], parameter.label[1]), '<name>');
  });
});
