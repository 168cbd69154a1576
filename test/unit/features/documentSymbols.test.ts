// Outline and workspace symbols: sections with their kind, detail and name as selection, children
// (servers, binds, ACLs, users, nameservers, peers, tables), and a ranked, capped workspace query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind } from 'vscode-languageserver';
import type { DocumentSymbol, Range } from 'vscode-languageserver';
import { matchScore, provideDocumentSymbols, provideWorkspaceSymbols, WORKSPACE_SYMBOL_LIMIT } from '../../../server/src/features/documentSymbols';
import { modelOf } from './featureHelpers';
import { at, NAV_CONFIG, rangeIn } from './navigationConfig';

const model = modelOf(NAV_CONFIG);
const outline = provideDocumentSymbols(model);
const section = (name: string): DocumentSymbol => {
  const found = outline.find((s) => s.name === name);
  assert.ok(found, `section ${name} in the outline`);
  return found;
};

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

test('every section is a top-level symbol with its kind and type as detail', () => {
  assert.deepEqual(outline.map((s) => [s.name, s.detail, s.kind]), [
    ['global', 'global', SymbolKind.Module],
    ['logbuf', 'ring', SymbolKind.Struct],
    ['admins', 'userlist', SymbolKind.Struct],
    ['dns', 'resolvers', SymbolKind.Struct],
    ['mesh', 'peers', SymbolKind.Struct],
    ['static', 'cache', SymbolKind.Struct],
    ['site-errors', 'http-errors', SymbolKind.Struct],
    ['base', 'defaults', SymbolKind.Namespace],
    ['fe_main', 'frontend from base', SymbolKind.Interface],
    ['fe_other', 'frontend from base', SymbolKind.Interface],
    ['be_api', 'backend', SymbolKind.Class],
    ['be_web', 'backend', SymbolKind.Class],
  ]);
});

test('the selection range is the name; the range spans the section body', () => {
  const web = section('be_web');
  assert.equal(at(web.selectionRange), at(rangeIn(NAV_CONFIG, '\nbackend be_web', 'be_web')));
  assert.equal(web.range.start.line, web.selectionRange.start.line);
  assert.equal(web.range.end.line, NAV_CONFIG.split('\n').findIndex((l) => l.includes('undefined_acl')));
  for (const s of outline) {
    assert.ok(contains(s.range, s.selectionRange), `${s.name}: selection inside range`);
    for (const c of s.children ?? []) {
      assert.ok(contains(s.range, c.range), `${s.name}/${c.name}: child inside its section`);
      assert.ok(contains(c.range, c.selectionRange), `${s.name}/${c.name}: selection inside range`);
    }
  }
});

test('frontend children: binds (by address) and ACLs (each definition line), in file order', () => {
  assert.deepEqual(section('fe_main').children?.map((c) => [c.name, c.kind, c.detail]), [
    [':443', SymbolKind.Event, 'bind'],
    [':80', SymbolKind.Event, 'bind'],
    ['is_api', SymbolKind.Boolean, 'path_beg /api'],
    ['is_admin', SymbolKind.Boolean, 'path_beg /admin'],
    ['is_admin', SymbolKind.Boolean, 'path_beg /manage'],
  ]);
});

test('backend children: servers with their address; a server in a false .if branch says so', () => {
  const servers = section('be_web').children?.map((c) => [c.name, c.kind, c.detail]);
  assert.deepEqual(servers, [
    ['canary', SymbolKind.Field, '10.0.2.9:80'],
    ['w0', SymbolKind.Field, '10.0.2.0:80'],
    ['future', SymbolKind.Field, '10.0.2.8:80 (disabled by .if)'],
    ['w1', SymbolKind.Field, '10.0.2.1:80 check'],
    ['w2', SymbolKind.Field, '10.0.2.2:80 track w1'],
  ]);
});

test('userlist, resolvers and peers children; user details never show passwords', () => {
  assert.deepEqual(section('admins').children?.map((c) => [c.name, c.kind, c.detail]), [
    ['ops', SymbolKind.Array, 'group'], ['alice', SymbolKind.Key, 'user'], ['bob', SymbolKind.Key, 'user'],
  ]);
  assert.deepEqual(section('dns').children?.map((c) => [c.name, c.detail]), [['ns1', '10.0.0.53:53']]);
  assert.deepEqual(section('mesh').children?.map((c) => [c.name, c.kind]), [['lb1', SymbolKind.Field], ['sessions', SymbolKind.Struct]]);
});

test('server-template lines and unnamed sections', () => {
  const text = 'defaults\n    mode http\nbackend b\n    server-template srv 1-3 app.local:80 check\n';
  const symbols = provideDocumentSymbols(modelOf(text));
  assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['defaults', 'defaults'], ['b', 'backend']]);
  assert.deepEqual(symbols[1].children?.map((c) => [c.name, c.detail]), [['srv', 'server-template 1-3 app.local:80 check']]);
  assert.deepEqual(provideDocumentSymbols(modelOf('')), []);
});

test('workspace symbols: across documents, case-insensitive subsequence, container names', () => {
  const other = modelOf('backend be_webhooks\n    server hook1 10.9.0.1:80\n', '3.2', 'file:///tmp/features/haproxy.d/20-hooks.cfg');
  const found = provideWorkspaceSymbols([model, other], 'BEWEB');
  assert.deepEqual(found.map((s) => [s.name, s.containerName]), [['be_web', 'backend'], ['be_webhooks', 'backend']]);
  assert.equal(found[1].kind, SymbolKind.Class);
  assert.deepEqual(found[1].location, { uri: other.uri, range: rangeIn('backend be_webhooks', 'backend be_webhooks', 'be_webhooks') });
  const servers = provideWorkspaceSymbols([model, other], 'hook1');
  assert.deepEqual(servers.map((s) => [s.name, s.kind, s.containerName]), [['hook1', SymbolKind.Field, 'backend be_webhooks']]);
  assert.deepEqual(provideWorkspaceSymbols([model], 'zzz'), []);
});

test('workspace symbols: exact and prefix matches rank before subsequences; results are capped', () => {
  assert.deepEqual(provideWorkspaceSymbols([model], 'is_a').map((s) => s.name).slice(0, 4), ['is_api', 'is_admin', 'is_admin', 'is_api']);
  assert.ok((matchScore('w1', 'w1') ?? 9) < (matchScore('w10', 'w1') ?? 9));
  assert.ok((matchScore('be_web', 'web') ?? 9) < (matchScore('be_w_e_b', 'web') ?? 9));
  assert.equal(matchScore('abc', 'cab'), undefined);
  const many = modelOf(Array.from({ length: 700 }, (_, i) => `backend b${i}\n    server s 10.0.0.1:80\n`).join(''));
  assert.equal(provideWorkspaceSymbols([many], '').length, WORKSPACE_SYMBOL_LIMIT);
  assert.equal(provideWorkspaceSymbols([many], 'b699')[0].name, 'b699');
});
