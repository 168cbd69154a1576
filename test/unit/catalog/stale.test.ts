// The committed catalog must be exactly what the generator makes from data/haproxy-docs today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildAll, renderFiles } from '../../../scripts/gen-catalog/build';
import { repoRoot } from './repoRoot';

test('generated catalog files are up to date with the manuals (run "npm run gen-catalog")', () => {
  const root = repoRoot();
  const files = renderFiles(buildAll(join(root, 'data', 'haproxy-docs')));
  const dir = join(root, 'server', 'src', 'catalog', 'generated');
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.json')).sort(), Object.keys(files).sort());
  for (const [name, text] of Object.entries(files)) {
    assert.ok(readFileSync(join(dir, name), 'utf8') === text, `${name} differs from the generator's output`);
  }
});
