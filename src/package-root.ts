/**
 * The package's own directory (package.json, content/, data/), found from this module's place: it is
 * src/package-root.ts in the sources (tests, tsx) and dist/src/package-root.js when built, so the first
 * directory above it holding a package.json is the package root either way.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname);
