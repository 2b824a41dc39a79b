// Loads src/cli.ts for bin/icc-assistant.js.
//
// A fresh clone works after `npm install` with no build step. Running the sources through tsx costs
// about 0.7 s of CPU on every start (its loader hooks handle each of ~150 modules), more than half of
// a cold start. So the first start after any source change bundles src/ with esbuild (the one tsx
// brings) into node_modules/.cache/icc-assistant/<hash of the sources>/, and later starts import that
// bundle directly. If bundling is not possible (read-only node_modules, no esbuild), tsx runs the
// sources as before.
//
// The bundle behaves as the sources do: packages stay external (resolved from node_modules as
// before), dynamic imports stay lazy (code splitting), import.meta.url / dirname / filename keep
// naming the source file they are written in, and stack traces map back to the .ts files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'icc-assistant');
const SOURCE_DIRS = ['src', 'intents'];
const KEEP = 3;

/** Every file under the source dirs (sorted), plus what changes how they compile. */
function sourceFiles() {
  const out = [join(ROOT, 'package.json'), join(ROOT, 'tsconfig.json'), fileURLToPath(import.meta.url)];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(ROOT, d));
  return out;
}

/** A hash of the sources' contents (not their mtimes), the checkout's location and esbuild's version. */
function fingerprint(esbuildVersion) {
  const h = createHash('sha1');
  h.update(`${ROOT}\0${process.version}\0${esbuildVersion}\0`);
  for (const f of sourceFiles()) {
    if (!existsSync(f)) continue;
    h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex').slice(0, 20);
}

/** esbuild as tsx resolves it (it is tsx's dependency, not ours). */
function loadEsbuild() {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  return fromTsx('esbuild');
}

/** Keeps each source file's own location for import.meta, as if it ran unbundled. */
const sourceLocation = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      if (contents.includes('import.meta.')) {
        contents = contents
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
      }
      return { contents, loader: 'ts' };
    });
  },
};

async function bundle(esbuild, dir) {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { cli: join(ROOT, 'src', 'cli.ts') },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent',
    plugins: [sourceLocation],
  });
  // Packages are resolved from the bundle's directory: node_modules/.cache/... finds node_modules above it.
  writeFileSync(join(tmp, 'package.json'), '{"type":"module"}\n');
  try {
    renameSync(tmp, dir);
  } catch {
    // Another process finished the same bundle first.
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Creates the lock directory; false when another process holds it (a lock older than a minute is stale). */
function takeLock(lock) {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > 60_000) {
        rmSync(lock, { recursive: true, force: true });
        mkdirSync(lock);
        return true;
      }
    } catch {
      // lost a race for the stale lock
    }
    return false;
  }
}

/** Removes all but the newest few bundles. */
function prune(current) {
  try {
    const dirs = readdirSync(CACHE)
      .filter((d) => d !== current && /^[0-9a-f]{20}$/.test(d))
      .map((d) => ({ d, t: statSync(join(CACHE, d)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { d } of dirs.slice(KEEP - 1)) rmSync(join(CACHE, d), { recursive: true, force: true });
  } catch {
    // best effort
  }
}

/** The CLI module: the cached bundle when it can be had, else the sources through tsx. */
export async function loadCli() {
  let entry;
  try {
    const esbuild = loadEsbuild();
    const fp = fingerprint(esbuild.version);
    const dir = join(CACHE, fp);
    entry = join(dir, 'cli.mjs');
    if (!existsSync(entry)) {
      mkdirSync(CACHE, { recursive: true });
      // One process bundles; others starting meanwhile (parallel tests) run through tsx this once.
      const lock = `${dir}.lock`;
      if (takeLock(lock)) {
        try {
          await bundle(esbuild, dir);
          prune(fp);
        } finally {
          rmSync(lock, { recursive: true, force: true });
        }
      }
    }
    if (!existsSync(entry)) entry = undefined;
  } catch {
    entry = undefined;
  }
  if (entry) {
    process.setSourceMapsEnabled(true);
    return import(pathToFileURL(entry).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli.ts');
}
