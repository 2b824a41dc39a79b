import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadContent } from '../src/content/loader.js';
import { PracticeSchema } from '../src/content/schemas.js';
import { ValidatedContentCache, validationFingerprint } from '../src/content/validated-cache.js';
import { ContentError } from '../src/core/errors.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/core/log.js';
import { ROOT } from './helpers/app.js';

function copyContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'icc-content-'));
  cpSync(join(ROOT, 'content'), dir, { recursive: true });
  return dir;
}

const scratch = () => mkdtempSync(join(tmpdir(), 'icc-cache-'));

/** Loads and counts how many records went through zod's practice schema. */
function loadCounting(dir: string, validatedCacheDir?: string) {
  const spy = vi.spyOn(PracticeSchema, 'safeParse');
  try {
    const content = loadContent(dir, validatedCacheDir ? { validatedCacheDir } : {});
    return { content, validated: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

function errorOf(fn: () => unknown): ContentError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ContentError);
    return err as ContentError;
  }
  throw new Error('expected a content error');
}

afterEach(() => vi.restoreAllMocks());

describe('validated content cache', () => {
  it('skips zod on a restart with identical files and returns the same practices, key order included', () => {
    const cache = scratch();
    const first = loadCounting(join(ROOT, 'content'), cache);
    expect(first.validated).toBe(140);
    const second = loadCounting(join(ROOT, 'content'), cache);
    expect(second.validated).toBe(0);
    expect(JSON.stringify(second.content.practices)).toBe(JSON.stringify(first.content.practices));
    expect(second.content.practiceById.get('barcelona-anti-rumour-strategy')?.city).toBe('Barcelona');
  });

  it('returns records with the keys in the order zod returns them, whatever the file order', () => {
    const dir = copyContent();
    const file = join(dir, 'practices', 'italy.jsonl');
    const reversed = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(l) as object).reverse())));
    writeFileSync(file, reversed.join('\n') + '\n');
    const cache = scratch();
    const validated = loadCounting(dir, cache);
    const cached = loadCounting(dir, cache);
    expect(cached.validated).toBe(0);
    expect(JSON.stringify(cached.content.practices)).toBe(JSON.stringify(validated.content.practices));
  });

  it('validates everything without a cache dir (content check), even after a cached start', () => {
    const cache = scratch();
    loadCounting(join(ROOT, 'content'), cache);
    expect(loadCounting(join(ROOT, 'content')).validated).toBe(140);
  });

  it('validates again when a file changes, and reports a bad record exactly as without the cache', () => {
    const dir = copyContent();
    const cache = scratch();
    loadCounting(dir, cache);
    const file = join(dir, 'practices', 'spain.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const second = JSON.parse(lines[1]!) as { id: string; areas: string[] };
    second.areas = ['not-an-area'];
    lines[1] = JSON.stringify(second);
    writeFileSync(file, lines.join('\n'));
    const cached = errorOf(() => loadContent(dir, { validatedCacheDir: cache }));
    const uncached = errorOf(() => loadContent(dir));
    expect(cached.message).toBe(uncached.message);
    expect(cached.message).toMatch(new RegExp(`spain\\.jsonl \\(line 2, id ${second.id}\\): areas\\.0: `));
  });

  it('remembers the new files once they pass', () => {
    const dir = copyContent();
    const cache = scratch();
    loadCounting(dir, cache);
    const file = join(dir, 'practices', 'norway.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n// a comment line changes the bytes, not the records\n');
    expect(loadCounting(dir, cache).validated).toBe(140);
    expect(loadCounting(dir, cache).validated).toBe(0);
  });

  it('still rejects a duplicate id on the cached path', () => {
    const dir = copyContent();
    const cache = scratch();
    const file = join(dir, 'practices', 'norway.jsonl');
    const first = readFileSync(file, 'utf8').split('\n')[0]!;
    // Each file is valid on its own, but the cache is keyed by the whole directory's bytes.
    writeFileSync(join(dir, 'practices', 'zz-extra.jsonl'), first + '\n');
    const uncached = errorOf(() => loadContent(dir, { validatedCacheDir: cache }));
    expect(uncached.message).toMatch(/zz-extra\.jsonl \(line 1, id .+\): id: duplicates/);
    expect(errorOf(() => loadContent(dir, { validatedCacheDir: cache })).message).toBe(uncached.message);
  });

  it('ignores a corrupt cache file', () => {
    const cache = scratch();
    writeFileSync(join(cache, 'content-validated.json'), '{ not json');
    expect(loadCounting(join(ROOT, 'content'), cache).validated).toBe(140);
    expect(loadCounting(join(ROOT, 'content'), cache).validated).toBe(0);
  });
});

describe('the app start', () => {
  it('remembers the validated practices in the data dir’s cache, and a restart skips zod', async () => {
    const dataDir = scratch();
    const start = async () => {
      const config = loadConfig({ STORE_URL: 'memory://', DATA_DIR: dataDir, LOG_LEVEL: 'error' });
      const spy = vi.spyOn(PracticeSchema, 'safeParse');
      try {
        const app = await createApp(config, { baseDir: ROOT, log: createLogger({ level: 'error', secrets: config.secrets, write: () => undefined }) });
        await app.close();
        return { validated: spy.mock.calls.length, practices: app.content.practices.length };
      } finally {
        spy.mockRestore();
      }
    };
    expect(await start()).toEqual({ validated: 140, practices: 140 });
    expect(readFileSync(join(dataDir, 'cache', 'content-validated.json'), 'utf8')).toMatch(/"practice":"[0-9a-f]{40}"/);
    expect(await start()).toEqual({ validated: 0, practices: 140 });
  });
});

describe('ValidatedContentCache', () => {
  it('fingerprints the validation code (readable in a checkout)', () => {
    expect(validationFingerprint()).toMatch(/^[0-9a-f]{40}$/);
  });

  it('forgets a validation when the code fingerprint or the digest changes', () => {
    const dir = scratch();
    new ValidatedContentCache(dir, 'code-a').remember('practice', 'files-1');
    expect(new ValidatedContentCache(dir, 'code-a').has('practice', 'files-1')).toBe(true);
    expect(new ValidatedContentCache(dir, 'code-b').has('practice', 'files-1')).toBe(false);
    expect(new ValidatedContentCache(dir, 'code-a').has('practice', 'files-2')).toBe(false);
    expect(new ValidatedContentCache(dir, 'code-a').has('city', 'files-1')).toBe(false);
  });

  it('remembers nothing when the code cannot be fingerprinted', () => {
    const dir = scratch();
    new ValidatedContentCache(dir, null).remember('practice', 'files-1');
    expect(new ValidatedContentCache(dir, null).has('practice', 'files-1')).toBe(false);
  });
});
