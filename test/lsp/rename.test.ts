// Rename over stdio: prepareRename ranges, refusals as LSP errors with their reason, and the
// WorkspaceEdit applied to the realistic configuration.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { startLspServer } from './lspClient';
import type { LspSession } from './lspClient';
import { nameRange, NAVIGATION_CFG, positionIn } from './navigationFixture';

const uri = 'file:///tmp/lsp-rename/haproxy.cfg';
const text = NAVIGATION_CFG;
let lsp: LspSession;

before(async () => {
  lsp = await startLspServer();
  await lsp.open(uri, text);
});
after(async () => { await lsp.close(); });

const prepare = (position: Position) =>
  lsp.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position }) as Promise<{ range: Range; placeholder: string } | null>;
const rename = (position: Position, newName: string) =>
  lsp.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName }) as Promise<WorkspaceEdit | null>;

function applied(edit: WorkspaceEdit | null): string {
  const edits = edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, 'a non-empty edit for the document');
  return TextDocument.applyEdits(TextDocument.create(uri, 'haproxy', 1, text), edits);
}

async function rejected(request: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(request, (error: unknown) => {
    assert.ok(error instanceof ResponseError, `a ResponseError, got ${String(error)}`);
    assert.equal(error.code, LSPErrorCodes.RequestFailed);
    assert.match(error.message, message);
    return true;
  });
}

test('prepareRename returns the name part only', async () => {
  const track = await prepare(positionIn(text, 'track be_app/app1', 'track be_app/'.length + 1));
  assert.deepEqual(track, { range: nameRange(text, 'track be_app/app1', 'app1'), placeholder: 'app1' });
  const auth = await prepare(positionIn(text, 'http_auth(ops_users)', 'http_auth('.length));
  assert.deepEqual(auth, { range: nameRange(text, 'http_auth(ops_users)', 'ops_users'), placeholder: 'ops_users' });
});

test('prepareRename refuses keywords and predefined ACLs with a reason', async () => {
  await rejected(prepare(positionIn(text, 'use_backend be_api', 2)), /'use_backend' is an HAProxy keyword/);
  await rejected(prepare(positionIn(text, 'METH_GET', 2)), /'METH_GET' is a predefined ACL/);
});

test('renaming a backend rewrites every use in the document', async () => {
  const result = applied(await rename(positionIn(text, 'default_backend be_app', 'default_backend '.length), 'be_application'));
  assert.ok(!/\bbe_app\b/.test(result), 'no use of the old name is left');
  assert.equal(result.split('be_application').length - 1, 5, 'definition, two default_backend, track, nbsrv');
  assert.match(result, /track be_application\/app1/);
  assert.match(result, /nbsrv\(be_application\)/);
});

test('renaming an ACL rewrites its own frontend only', async () => {
  const result = applied(await rename(positionIn(text, 'acl is_api path_beg /internal', 'acl '.length), 'is_internal_api'));
  assert.match(result, /acl is_internal_api path_beg \/internal\/api\/\n    use_backend be_api if is_internal_api\n/);
  assert.match(result, /acl is_api path_beg \/api\/\n/);
  assert.match(result, /use_backend be_api if is_api\n    use_backend be_static/);
});

test('invalid names and collisions are refused with the reason', async () => {
  const backend = positionIn(text, 'use_backend be_api', 'use_backend '.length);
  await rejected(rename(backend, 'be api'), /' ' is not allowed in a backend name/);
  await rejected(rename(backend, ''), /cannot be empty/);
  await rejected(rename(backend, 'be_static'), /a backend named 'be_static' already exists/);
  await rejected(rename(positionIn(text, 'acl is_admin', 'acl '.length), 'is_api'), /an ACL named 'is_api' already exists in frontend fe_https/);
});
