/**
 * A feature's `i18nNamespace` (src/feature.ts) names its message file, content/i18n/<locale>/<ns>.json.
 * The loader reads every file of a locale into one catalogue, so nothing at run time stops a feature's
 * message from landing in another feature's file, where a feature branch editing its own file would
 * not see it. This test holds each feature to its namespace:
 *   - the file exists in every complete locale;
 *   - every `t('<ns>.…')` key written in the feature's intent files (intents/<intent>.ts) and its own
 *     code (src/<feature>/) is in that file, in every complete locale;
 *   - its intents' descriptions (`intent.<name>.description`) are in that file too.
 * (test/i18n.test.ts checks that each locale's file has the English file's keys.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { features } from '../src/app.js';
import { ROOT } from './helpers/app.js';

const I18N = join(ROOT, 'content', 'i18n');
/** The complete locales, as in test/i18n.test.ts (importing a test file would run its tests here too). */
const COMPLETE_LOCALES = ['en', 'fr', 'es', 'it', 'de', 'pt', 'uk'] as const;

/** The literal keys of `t('…')` calls (ctx.t, a translator's t) in a source file. */
function keysUsed(source: string): string[] {
  return [...source.matchAll(/\bt\(\s*'([a-z][\w.-]*)'/g)].map((m) => m[1]!);
}

function sourcesOf(feature: (typeof features)[number]): string[] {
  const files = (feature.intents ?? []).map((i) => join(ROOT, 'intents', `${i.name}.ts`)).filter((f) => existsSync(f));
  const own = join(ROOT, 'src', feature.name);
  if (existsSync(own))
    for (const f of readdirSync(own, { recursive: true, encoding: 'utf8' })) if (f.endsWith('.ts')) files.push(join(own, f));
  return files;
}

describe('each feature’s i18nNamespace is its message file', () => {
  it('every feature with intents or personal data names one', () => {
    for (const f of features) if (f.intents?.length || f.personalData?.length) expect(f.i18nNamespace, f.name).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  for (const f of features.filter((x) => x.i18nNamespace)) {
    const ns = f.i18nNamespace!;
    it(`${f.name}: content/i18n/<locale>/${ns}.json has its keys in ${COMPLETE_LOCALES.join(', ')}`, () => {
      const files = sourcesOf(f);
      const used = [...new Set(files.flatMap((file) => keysUsed(readFileSync(file, 'utf8'))))].filter((k) => k.startsWith(`${ns}.`));
      const descriptions = (f.intents ?? []).map((i) => i.description);
      for (const locale of COMPLETE_LOCALES) {
        const file = join(I18N, locale, `${ns}.json`);
        expect(existsSync(file), file).toBe(true);
        const messages = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
        expect(used.filter((k) => !(k in messages)), `${locale}/${ns}.json`).toEqual([]);
        expect(descriptions.filter((k) => !(k in messages)), `${locale}/${ns}.json`).toEqual([]);
      }
    });
  }

  it('reads the keys a feature uses (so the test above has something to check)', () => {
    expect(keysUsed("return [{ text: ctx.t('peers.askTopic') }, t( 'peers.header', { count })];")).toEqual(['peers.askTopic', 'peers.header']);
    const peers = features.find((f) => f.name === 'peers')!;
    expect(sourcesOf(peers).flatMap((file) => keysUsed(readFileSync(file, 'utf8'))).filter((k) => k.startsWith('peers.')).length).toBeGreaterThan(20);
  });
});
