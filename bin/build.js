#!/usr/bin/env node
// `npm run build`: compiles src/, intents/ and scripts/package-teams.ts with tsc (tsconfig.build.json)
// into dist/, copies the non-TypeScript files under src/ and intents/ next to their modules, then writes
// dist/.built. Content stays in content/: the code finds it from the package root at run time.
//
//   node bin/build.js              build
//   node bin/build.js --if-stale   build only when dist/ is missing or older than the sources (tests, bench)
//   node bin/build.js --prepare    `npm install`'s prepare: build, unless TypeScript is not installed
//                                  (an install without devDependencies) and dist/ is already built
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DIST, ROOT, STAMP, builtAt, changedSince } from './dist.js';

const COMPILED = ['src', 'intents', 'scripts'];
const ASSETS = ['src', 'intents'];

function copyAssets(rel) {
  for (const name of readdirSync(join(ROOT, rel))) {
    const path = join(rel, name);
    if (statSync(join(ROOT, path)).isDirectory()) copyAssets(path);
    else if (!name.endsWith('.ts')) {
      mkdirSync(dirname(join(DIST, path)), { recursive: true });
      copyFileSync(join(ROOT, path), join(DIST, path));
    }
  }
}

function tscPath() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

/** Compiles into dist/; returns the exit code. Other files in dist/ (the Teams app package) are kept. */
export function build() {
  const tsc = tscPath();
  if (!tsc) {
    process.stderr.write('build: TypeScript is not installed (it is a devDependency): run `npm install` first\n');
    return 1;
  }
  const started = new Date();
  rmSync(STAMP, { force: true });
  for (const dir of COMPILED) rmSync(join(DIST, dir), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`build: tsc failed (${r.status ?? r.signal}); dist/ is incomplete\n`);
    return 1;
  }
  for (const dir of ASSETS) copyAssets(dir);
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  // The stamp carries the start time: a source saved while tsc ran counts as newer than the build.
  utimesSync(STAMP, started, started);
  return 0;
}

/** Why dist/ needs building, or undefined when it is up to date. */
export function staleness() {
  const at = builtAt();
  if (at === undefined) return 'dist/ is missing';
  const changed = changedSince(at);
  return changed ? `${changed} changed after the last build` : undefined;
}

if (import.meta.filename === process.argv[1] || import.meta.filename === `${process.argv[1]}.js`) {
  const args = process.argv.slice(2);
  if (args.includes('--if-stale')) {
    const why = staleness();
    if (why) process.stderr.write(`build: ${why}; building dist/\n`);
    process.exitCode = why ? build() : 0;
  } else if (args.includes('--prepare') && !tscPath() && builtAt() !== undefined) {
    process.stderr.write('build: TypeScript is not installed (no devDependencies); keeping the dist/ already built\n');
  } else {
    process.exitCode = build();
  }
}
