import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/loader.js';
import { ContentError } from '../src/core/errors.js';
import { ROOT } from './helpers/app.js';

function copyContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'icc-content-'));
  cpSync(join(ROOT, 'content'), dir, { recursive: true });
  return dir;
}

function expectContentError(dir: string, re: RegExp) {
  try {
    loadContent(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ContentError);
    expect((err as Error).message).toMatch(re);
    return;
  }
  throw new Error('expected a content error');
}

describe('content', () => {
  it('loads the real corpus: every practice of the facts file, valid', () => {
    const c = loadContent(join(ROOT, 'content'));
    expect(c.practices).toHaveLength(140);
    expect(new Set(c.practices.map((p) => p.id)).size).toBe(140);
    expect(c.practiceById.get('barcelona-anti-rumour-strategy')?.city).toBe('Barcelona');
    expect(c.selfcheck.structure.areas).toHaveLength(17);
  });

  it('names the file, line, id and field of a bad practice', () => {
    const dir = copyContent();
    const file = join(dir, 'practices', 'spain.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const second = JSON.parse(lines[1]!);
    second.areas = ['not-an-area'];
    lines[1] = JSON.stringify(second);
    writeFileSync(file, lines.join('\n'));
    expectContentError(dir, new RegExp(`spain\\.jsonl \\(line 2, id ${second.id}\\): areas\\.0: `));
  });

  it('reports broken JSON with its line', () => {
    const dir = copyContent();
    writeFileSync(join(dir, 'practices', 'spain.jsonl'), readFileSync(join(dir, 'practices', 'spain.jsonl'), 'utf8') + '{"id": "oops",\n');
    expectContentError(dir, /spain\.jsonl \(line 23\): \(json\): is not valid JSON/);
  });

  it('rejects a duplicate id and a missing field', () => {
    const dir = copyContent();
    const file = join(dir, 'practices', 'norway.jsonl');
    const first = readFileSync(file, 'utf8').split('\n')[0]!;
    writeFileSync(join(dir, 'practices', 'zz-extra.jsonl'), first + '\n');
    expectContentError(dir, /zz-extra\.jsonl \(line 1, id .+\): id: duplicates/);

    const dir2 = copyContent();
    const p = JSON.parse(readFileSync(join(dir2, 'practices', 'norway.jsonl'), 'utf8').split('\n')[0]!);
    delete p.source;
    writeFileSync(join(dir2, 'practices', 'zz-extra.jsonl'), JSON.stringify({ ...p, id: 'brand-new-id' }) + '\n');
    expectContentError(dir2, /zz-extra\.jsonl \(line 1, id brand-new-id\): source: /);
  });

  it('checks that cities link only to existing practices', () => {
    const dir = copyContent();
    const file = join(dir, 'cities', 'cities.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const city = JSON.parse(lines[0]!);
    city.practices = ['no-such-practice'];
    lines[0] = JSON.stringify(city);
    writeFileSync(file, lines.join('\n'));
    expectContentError(dir, new RegExp(`id ${city.id}\\): practices: names unknown practice no-such-practice`));
  });
});
