// Where the build puts the compiled CLI, and whether it is older than the sources; shared by
// bin/icc-assistant.js (which runs it) and bin/build.js (which writes it).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist');
export const ENTRY = join(DIST, 'src', 'cli.js');
/** Written last by a successful build, with the time the build started: no stamp, no complete build. */
export const STAMP = join(DIST, '.built');
/** What the build compiles (tsconfig.build.json) and what changes how it compiles. */
export const SOURCES = ['src', 'intents', 'scripts', 'tsconfig.json', 'tsconfig.build.json'];

/** When the build in dist/ started, in ms; undefined when there is no complete build. */
export function builtAt() {
  try {
    return statSync(STAMP).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The first source file (path relative to the package) changed after `time`, or undefined when none was. */
export function changedSince(time) {
  const visit = (rel) => {
    let stat;
    try {
      stat = statSync(join(ROOT, rel));
    } catch {
      return undefined;
    }
    if (!stat.isDirectory()) return stat.mtimeMs > time ? rel : undefined;
    for (const name of readdirSync(join(ROOT, rel))) {
      const found = visit(join(rel, name));
      if (found) return found;
    }
    return undefined;
  };
  for (const source of SOURCES) {
    const found = visit(source);
    if (found) return found;
  }
  return undefined;
}
