/**
 * The build (`npm run build`, bin/build.js): the bin runs the compiled dist/ (the vitest globalSetup
 * builds it when the sources changed), paths found from a module's own place still lead to the package
 * root from dist/, and nothing at run time needs tsx or esbuild.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/app.js';
import { runCli } from './helpers/cli.js';

const DIST = join(ROOT, 'dist');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

/** Runs an ES module snippet in a fresh node (no tsx), from a directory outside the package. */
function nodeEval(code: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: tmpdir(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const distUrl = (path: string) => JSON.stringify(pathToFileURL(join(DIST, path)).href);

describe('dist/', () => {
  it('holds every module of src/ and intents/ and their other files (the Slack app manifest)', () => {
    for (const dir of ['src', 'intents']) {
      for (const file of files(join(ROOT, dir))) {
        const rel = relative(ROOT, file);
        expect(existsSync(join(DIST, rel.replace(/\.ts$/, '.js'))), rel).toBe(true);
      }
    }
    expect(existsSync(join(DIST, 'src', 'cli.js.map'))).toBe(true);
    expect(existsSync(join(DIST, 'scripts', 'package-teams.js'))).toBe(true);
  });

  it('finds the package root, content/intents, content/words and its validation sources from dist/', () => {
    const r = nodeEval(
      [
        `const { PACKAGE_ROOT } = await import(${distUrl('src/config.js')});`,
        `const { PHRASES_DIR } = await import(${distUrl('src/core/phrases.js')});`,
        `const { WORDS_DIR } = await import(${distUrl('src/core/words.js')});`,
        `const { validationFingerprint } = await import(${distUrl('src/content/validated-cache.js')});`,
        // The chart resolves its font files when it loads.
        `await import(${distUrl('src/selfcheck/chart.js')});`,
        'console.log(JSON.stringify({ PACKAGE_ROOT, PHRASES_DIR, WORDS_DIR, fingerprint: validationFingerprint() }));',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { PACKAGE_ROOT: string; PHRASES_DIR: string; WORDS_DIR: string; fingerprint: string | null };
    expect(out.PACKAGE_ROOT).toBe(ROOT);
    expect(out.PHRASES_DIR).toBe(join(ROOT, 'content', 'intents'));
    expect(out.WORDS_DIR).toBe(join(ROOT, 'content', 'words'));
    // null would mean the validated-content cache is off and every start revalidates the corpus.
    expect(out.fingerprint).toMatch(/^[0-9a-f]{40}$/);
  });

  it('the built bin chats from another directory, with content, phrases and data under the package root', async () => {
    const r = await runCli(['chat', '--json'], { cwd: mkdtempSync(join(tmpdir(), 'icc-built-')), input: 'aide\n' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Intercultural Cities assistant');
  }, 60_000);
});

describe('bin/icc-assistant.js', () => {
  /** A package with the real bin and a stub dist/ whose CLI prints what it was given. */
  function fakePackage(opts: { built: boolean }): string {
    const root = mkdtempSync(join(tmpdir(), 'icc-binpkg-'));
    mkdirSync(join(root, 'bin'));
    for (const f of ['icc-assistant.js', 'dist.js']) copyFileSync(join(ROOT, 'bin', f), join(root, 'bin', f));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'cli.ts'), '');
    if (opts.built) {
      mkdirSync(join(root, 'dist', 'src'), { recursive: true });
      writeFileSync(join(root, 'dist', 'src', 'cli.js'), 'export async function main(args, io) { io.stdout.write(`ran ${args.join(" ")}\\n`); return 0; }\n');
      writeFileSync(join(root, 'dist', '.built'), '');
    }
    return root;
  }
  const run = (root: string) => spawnSync(process.execPath, [join(root, 'bin', 'icc-assistant.js'), 'hello'], { cwd: tmpdir(), encoding: 'utf8' });

  it('without dist/ says to run the build, with exit 1', () => {
    const r = run(fakePackage({ built: false }));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/dist\/ is not built: run `npm run build`/);
  });

  it('runs dist/, and says so when a source changed after the build', () => {
    const root = fakePackage({ built: true });
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'src', 'cli.ts'), past, past);
    const fresh = run(root);
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).toBe('ran hello\n');
    expect(fresh.status).toBe(0);
    utimesSync(join(root, 'dist', '.built'), past, new Date(past.getTime() - 1000));
    const stale = run(root);
    expect(stale.stdout).toBe('ran hello\n');
    expect(stale.stderr).toMatch(/src\/cli\.ts changed after dist\/ was built: run `npm run build`/);
  });
});

describe('run-time dependencies', () => {
  it('neither tsx nor esbuild is one, and nothing the bin runs imports them or writes into node_modules', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.dependencies)).not.toContain('esbuild');
    expect(pkg.scripts.prepare).toMatch(/bin\/build\.js/);
    const runtime = [join(ROOT, 'bin', 'icc-assistant.js'), join(ROOT, 'bin', 'dist.js'), ...files(join(ROOT, 'src')), ...files(join(ROOT, 'intents'))];
    const offenders = runtime.filter((f) => /from ['"](tsx|esbuild)[/'"]|import\(['"](tsx|esbuild)[/'"]|node_modules[/'", ]+\.cache/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
