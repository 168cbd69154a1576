// The repository root, found from the compiled test's location (out/test/unit/catalog/...).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function repoRoot(): string {
  for (let dir = __dirname, up = 0; up < 8; up++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data', 'haproxy-docs'))) return dir;
  }
  throw new Error(`repository root not found above ${__dirname}`);
}
