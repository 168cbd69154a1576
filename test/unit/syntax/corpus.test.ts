// Every corpus config that HAProxy 2.6 accepts parses without syntax errors, and every config
// parses without throwing; each ACL/backend reference in valid configs resolves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../../../server/src/syntax/parser';
import { buildSymbolIndex } from '../../../server/src/analysis/symbols';

interface Verdict { file: string; valid: boolean; env: Record<string, string> }
const root = join(__dirname, '../../../../test/corpus');
const verdicts = (JSON.parse(readFileSync(join(root, 'verdicts.json'), 'utf8')) as { verdicts: Verdict[] }).verdicts;

test('corpus: HAProxy-valid configs have no syntax errors and their proxy references resolve', () => {
  assert.ok(verdicts.length > 10);
  for (const v of verdicts) {
    const tree = parse(readFileSync(join(root, v.file), 'utf8'), { version: '2.6.12', env: v.env });
    if (!v.valid) continue;
    assert.deepEqual(tree.issues.filter((i) => i.severity === 'error').map((i) => `${i.code}@${i.range.start.line}`), [], v.file);
    const index = buildSymbolIndex(tree);
    for (const ref of index.references) {
      if (!ref.kinds.includes('backend') && !ref.kinds.includes('acl')) continue;
      if (ref.predefined || tree.nodes[ref.directive.line]?.activity === 'inactive') continue;
      assert.ok(index.resolve(ref).length > 0, `${v.file}:${ref.range.start.line + 1} ${ref.kinds.join('|')} '${ref.name}' resolves`);
    }
  }
});
