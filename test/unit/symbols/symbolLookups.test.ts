// SymbolIndex lookups against a plain filter of the definitions (sections small enough to be
// scanned and large enough to be indexed by name), and call patterns found several times per word
// and in consecutive words (the scanner reuses its patterns between words).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from '../../../server/src/syntax/parser';
import { buildSymbolIndex, SymbolIndex } from '../../../server/src/analysis/symbols';
import type { SymbolKind } from '../../../server/src/analysis/symbols';

/** Backends with the given server names (repeats included) and an ACL per backend named like a server. */
function configOf(backends: string[][]): string {
  return backends.map((servers, b) => [
    `backend be${b}`,
    ...servers.map((s, i) => `    server ${s} 10.0.${b}.${i + 1}:80`),
    `    acl ${servers[0] ?? 'a'} path /x`,
    '',
  ].join('\n')).join('\n');
}

test('findDefinitions in a section equals a filter of the definitions, small and large sections alike', () => {
  const names = fc.constantFrom('web1', 'web2', 'db', 'a', 'b');
  const backend = fc.array(names, { maxLength: 40 }); // up to 40 definitions: both sides of the per-name index threshold
  fc.assert(fc.property(fc.array(backend, { minLength: 1, maxLength: 4 }), (backends) => {
    const tree = parse(configOf(backends));
    const index = buildSymbolIndex(tree);
    const kindsList: Array<SymbolKind | SymbolKind[]> = ['server', 'acl', ['server', 'acl'], ['backend']];
    for (const scope of [undefined, ...tree.sections]) {
      for (const name of ['web1', 'web2', 'db', 'a', 'b', 'be0', 'nope']) {
        for (const kinds of kindsList) {
          const wanted = Array.isArray(kinds) ? kinds : [kinds];
          const expected = index.definitions.filter((d) => d.name === name && wanted.includes(d.kind) && (!scope || d.section === scope));
          assert.deepEqual(index.findDefinitions(kinds, name, scope), expected, `${String(kinds)} ${name} in ${scope?.name?.text ?? 'file'}`);
        }
      }
    }
  }), { numRuns: 60 });
});

test('an index given its name map answers from it; one built without it indexes on first lookup', () => {
  const tree = parse(configOf([['s1', 's2'], ['s1']]));
  const built = buildSymbolIndex(tree);
  const again = new SymbolIndex(built.definitions, built.references);
  assert.deepEqual(again.findDefinitions('server', 's1').map((d) => d.section.name?.text), ['be0', 'be1']);
  const onlyFirst = new Map([['s1', [built.definitions.find((d) => d.name === 's1')!]]]);
  const given = new SymbolIndex(built.definitions, built.references, onlyFirst);
  assert.equal(given.findDefinitions('server', 's1').length, 1, 'the caller-kept map is the source of truth');
});

test('several call patterns in one word and in the following words are all found', () => {
  const tree = parse([
    'backend be',
    '    http-request set-var(txn.a) req.hdr(host),map(/etc/a.map),map_str(/etc/b.map) if { nbsrv(be2) gt 0 } { nbsrv(be3) gt 0 }',
    '    http-request set-var(txn.b) str(x),map(/etc/c.map)',
    '    acl up srv_is_up(be2/s1) srv_is_up(s2)',
    '    server s2 10.0.0.1:80',
    'backend be2',
    '    server s1 10.0.0.2:80',
    'backend be3',
  ].join('\n'));
  const refs = buildSymbolIndex(tree).references;
  assert.deepEqual(refs.filter((r) => r.kinds.includes('file')).map((r) => r.name), ['/etc/a.map', '/etc/b.map', '/etc/c.map']);
  assert.deepEqual(refs.filter((r) => r.kinds.includes('backend')).map((r) => r.name), ['be2', 'be3', 'be2']);
  const servers = refs.filter((r) => r.kinds.includes('server'));
  assert.deepEqual(servers.map((r) => [r.name, r.scopeName ?? r.scope?.name?.text]), [['s1', 'be2'], ['s2', 'be']]);
  const map = refs.find((r) => r.name === '/etc/b.map')!;
  assert.deepEqual(map.range, { start: { line: 1, character: 70 }, end: { line: 1, character: 80 } });
});
