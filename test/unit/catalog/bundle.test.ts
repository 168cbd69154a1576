// The bundled server (dist/server.js) finds the catalog in dist/catalog, as esbuild.mjs lays it
// out. Reproduced in a temp dir: bundle a small entry with esbuild, copy the generated files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { repoRoot } from './repoRoot';

test('a bundle loads the catalog lazily from <bundle dir>/catalog', () => {
  const root = repoRoot();
  const dir = mkdtempSync(join(tmpdir(), 'catalog-bundle-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, [
      `import { getCatalog, knownVersions, docText } from ${JSON.stringify(join(root, 'server/src/catalog/catalog'))};`,
      `const c = getCatalog('2.6');`,
      `const k = c.matchKeyword('frontend', ['option', 'httplog']);`,
      `console.log(JSON.stringify({ versions: knownVersions(), keyword: k?.keyword.name, doc: (docText(k?.keyword) ?? '').length > 0 }));`,
    ].join('\n'));
    const outfile = join(dir, 'dist', 'server.js');
    buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
    cpSync(join(root, 'server/src/catalog/generated'), join(dir, 'dist', 'catalog'), { recursive: true });
    const out = JSON.parse(execFileSync(process.execPath, [outfile], { cwd: dir, encoding: 'utf8', timeout: 30_000 }));
    assert.deepEqual(out, { versions: ['2.4', '2.6', '2.8', '3.0', '3.2', '3.4'], keyword: 'option httplog', doc: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
