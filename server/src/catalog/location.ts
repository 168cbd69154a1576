// Finds the generated catalog files at run time, for every way the code runs:
//  - bundled: dist/server.js or dist/cli.js -> dist/catalog/*.json (copied by esbuild.mjs)
//  - compiled tests: out/server/src/catalog/*.js -> <repo>/server/src/catalog/generated/*.json
//  - anything else: setCatalogDirectory(dir)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let override: string | undefined;

/** Use the catalog files in `dir` (must hold index.json); for hosts that ship them elsewhere. */
export function setCatalogDirectory(dir: string | undefined): void {
  override = dir;
  cachedDir = undefined;
}

let cachedDir: string | undefined;

export function catalogDirectory(): string {
  if (override) return override;
  if (cachedDir) return cachedDir;
  const candidates = [join(__dirname, 'catalog'), join(__dirname, 'generated')];
  for (let dir = __dirname, up = 0; up < 6; up++, dir = dirname(dir)) {
    candidates.push(join(dir, 'server', 'src', 'catalog', 'generated'));
  }
  const found = candidates.find((c) => existsSync(join(c, 'index.json')));
  if (!found) {
    throw new Error(`HAProxy keyword catalog not found (looked for index.json in: ${candidates.join(', ')}); run "npm run gen-catalog" or "npm run build"`);
  }
  cachedDir = found;
  return found;
}

export function readCatalogFile<T>(name: string): T {
  const path = join(catalogDirectory(), name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new Error(`cannot read HAProxy keyword catalog file ${path}: ${(e as Error).message}`);
  }
}
