/**
 * The message catalogues under content/i18n/<locale>/<feature>.json.
 * - Complete locales carry every key of every English feature file (the directory is read, so a
 *   feature file added later is covered without touching this test).
 * - Every message of every locale parses as ICU, uses the English placeholders, covers the plural
 *   categories its language needs, and formats with sample values.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../src/core/i18n.js';
import { loadContent } from '../src/content/loader.js';
import { ROOT } from './helpers/app.js';

/** Must be complete: the list (en and fr are the Council of Europe's official languages). */
export const COMPLETE_LOCALES = ['en', 'fr', 'es', 'it', 'de', 'pt', 'uk'] as const;

const I18N = join(ROOT, 'content', 'i18n');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
const featureFiles = (locale: string) => (existsSync(join(I18N, locale)) ? readdirSync(join(I18N, locale)).filter((f) => f.endsWith('.json')).sort() : []);
const allLocales = readdirSync(I18N, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

function catalogue(locale: string): Map<string, { file: string; message: string }> {
  const out = new Map<string, { file: string; message: string }>();
  for (const file of featureFiles(locale)) for (const [key, message] of Object.entries(readJson(join(I18N, locale, file)))) out.set(key, { file, message });
  return out;
}

// AST node types of @formatjs/icu-messageformat-parser (the parser intl-messageformat uses).
const ARGUMENT = 1;
const NUMBER = 2;
const DATE = 3;
const TIME = 4;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

type Kind = 'text' | 'number' | 'date' | 'select' | 'plural';
interface ArgInfo {
  kind: Kind;
  options: Set<string>;
}
interface AstNode {
  type: number;
  value?: string;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
  pluralType?: 'cardinal' | 'ordinal';
}

function argsOf(nodes: AstNode[], out = new Map<string, ArgInfo>()): Map<string, ArgInfo> {
  for (const n of nodes) {
    const name = n.value ?? '';
    const add = (kind: Kind, options: string[] = []) => {
      const prev = out.get(name);
      // `{n}` next to `{n, plural, ...}` is fine: the stronger kind wins.
      const rank: Kind[] = ['text', 'date', 'select', 'number', 'plural'];
      const k = prev && rank.indexOf(prev.kind) > rank.indexOf(kind) ? prev.kind : kind;
      out.set(name, { kind: k, options: new Set([...(prev?.options ?? []), ...options]) });
    };
    if (n.type === ARGUMENT) add('text');
    else if (n.type === NUMBER) add('number');
    else if (n.type === DATE || n.type === TIME) add('date');
    else if (n.type === SELECT || n.type === PLURAL) add(n.type === PLURAL ? 'plural' : 'select', Object.keys(n.options ?? {}));
    if (n.options) for (const o of Object.values(n.options)) argsOf(o.value, out);
    if (n.type === TAG && n.children) argsOf(n.children, out);
  }
  return out;
}

function sampleValues(args: Map<string, ArgInfo>, n: number): Record<string, string | number | Date> {
  const vars: Record<string, string | number | Date> = {};
  for (const [name, a] of args) {
    if (a.kind === 'plural' || a.kind === 'number') vars[name] = n;
    else if (a.kind === 'date') vars[name] = new Date('2026-03-02T10:00:00Z');
    else if (a.kind === 'select') vars[name] = [...a.options].find((o) => o !== 'other') ?? 'other';
    else vars[name] = `sample-${name}`;
  }
  return vars;
}

const en = catalogue('en');

describe('message catalogues', () => {
  it('has English feature files to compare against', () => {
    expect(featureFiles('en').length).toBeGreaterThan(0);
    expect(en.size).toBeGreaterThan(10);
  });

  for (const locale of COMPLETE_LOCALES.filter((l) => l !== 'en')) {
    it(`${locale} has every key of every en/<feature>.json, in the same feature file`, () => {
      const missing: string[] = [];
      for (const file of featureFiles('en')) {
        const path = join(I18N, locale, file);
        const theirs = existsSync(path) ? readJson(path) : {};
        for (const key of Object.keys(readJson(join(I18N, 'en', file)))) if (!(key in theirs)) missing.push(`content/i18n/${locale}/${file}: ${key}`);
      }
      expect(missing, `missing translations:\n${missing.join('\n')}`).toEqual([]);
    });
  }

  for (const locale of allLocales) {
    it(`${locale}: every message parses as ICU, keeps the English placeholders and formats`, () => {
      const problems: string[] = [];
      const rules = new Intl.PluralRules(locale);
      for (const [key, { file, message }] of catalogue(locale)) {
        const where = `content/i18n/${locale}/${file}: ${key}`;
        const source = en.get(key);
        if (!source) {
          problems.push(`${where}: not an English key (stale or misspelt)`);
          continue;
        }
        let mf: IntlMessageFormat;
        try {
          mf = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
        } catch (err) {
          problems.push(`${where}: does not parse: ${(err as Error).message}`);
          continue;
        }
        const args = argsOf(mf.getAst() as unknown as AstNode[]);
        const enArgs = argsOf(new IntlMessageFormat(source.message, 'en', undefined, { ignoreTag: true }).getAst() as unknown as AstNode[]);
        const names = [...args.keys()].sort().join(', ');
        const enNames = [...enArgs.keys()].sort().join(', ');
        if (names !== enNames) problems.push(`${where}: placeholders {${names}} differ from English {${enNames}}`);
        for (const [name, a] of args) {
          const enKind = enArgs.get(name)?.kind;
          if (enKind && (enKind === 'plural' || enKind === 'number') !== (a.kind === 'plural' || a.kind === 'number'))
            problems.push(`${where}: {${name}} is ${a.kind} here but ${enKind} in English`);
          if (a.kind !== 'plural') continue;
          if (!a.options.has('other')) problems.push(`${where}: plural {${name}} has no "other" case`);
          const known = new Set(rules.resolvedOptions().pluralCategories);
          for (const o of a.options) if (!o.startsWith('=') && !known.has(o as Intl.LDMLPluralRule)) problems.push(`${where}: plural {${name}} uses "${o}", not a ${locale} category`);
          // Every category whole numbers up to 120 fall into must be written out (uk: one/few/many).
          for (let n = 0; n <= 120; n++) {
            const cat = rules.select(n);
            if (cat !== 'other' && !a.options.has(cat) && !a.options.has(`=${n}`)) {
              problems.push(`${where}: plural {${name}} lacks the "${cat}" case (e.g. ${n})`);
              break;
            }
          }
        }
        for (const n of [0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 1000]) {
          try {
            const out = String(mf.format(sampleValues(args, n) as Record<string, string | number>));
            if (!out.trim() || /[{}]/.test(out)) problems.push(`${where}: formats to "${out}" with ${n}`);
          } catch (err) {
            problems.push(`${where}: does not format with ${n}: ${(err as Error).message}`);
            break;
          }
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }

  it('Ukrainian plurals agree with the number (1 практика, 3 практики, 5 практик, 21 практика)', () => {
    const i18n = createI18n(loadContent(join(ROOT, 'content')).messages);
    const t = i18n.translator('uk');
    expect(t('search.header', { total: 1, query: 'x' })).toMatch(/^1 практика /);
    expect(t('search.header', { total: 3, query: 'x' })).toMatch(/^3 практики /);
    expect(t('search.header', { total: 5, query: 'x' })).toMatch(/^5 практик /);
    expect(t('search.header', { total: 21, query: 'x' })).toMatch(/^21 практика /);
    expect(i18n.translator('fr')('search.header', { total: 2, query: 'x' })).toBe('2 pratiques pour «\u00a0x\u00a0»');
  });

  it('formats every message exactly as ICU MessageFormat does, including the ones returned as they are', () => {
    const i18n = createI18n(loadContent(join(ROOT, 'content')).messages);
    const vars = { total: 2, count: 2, n: 2, query: 'q', city: 'C', name: 'N', area: 'A', language: 'L' };
    let checked = 0;
    for (const locale of allLocales) {
      const t = i18n.translator(locale);
      for (const [key, { message }] of catalogue(locale)) {
        let expected: string;
        try {
          expected = String(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).format(vars));
        } catch {
          continue; // needs a variable not in the sample: covered by the per-locale check above
        }
        expect(t(key, vars), `${locale} ${key}`).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // An ICU escape is not returned raw: '' is one apostrophe.
    expect(createI18n(new Map([['en', { k: "it''s" }]])).translator('en')('k')).toBe("it's");
  });

  it('the loader sees every locale directory, and Norwegian tags map to the one catalogue', () => {
    const i18n = createI18n(loadContent(join(ROOT, 'content')).messages);
    for (const l of COMPLETE_LOCALES) expect(i18n.locales).toContain(l);
    expect(i18n.supported('nb-NO')).toBe(i18n.locales.includes('no') ? 'no' : undefined);
    expect(i18n.supported('pt-BR')).toBe('pt');
    expect(i18n.supported('uk-UA')).toBe('uk');
  });

  it('self-check texts exist for every complete locale, translated (not copies of English)', () => {
    const text = loadContent(join(ROOT, 'content')).selfcheck.text;
    const en = text.get('en')!;
    for (const l of COMPLETE_LOCALES) {
      const t = text.get(l);
      expect(t, l).toBeDefined();
      if (l === 'en') continue;
      const same = Object.entries(t!.questions).filter(([id, q]) => q === en.questions[id]);
      expect(same, l).toEqual([]);
      const names = Object.values(t!.areas).map((a) => a.name);
      expect(new Set(names).size, l).toBe(names.length);
    }
    expect(text.get('uk')!.areas['welcoming-newcomers'].name).toBe('Прийом новоприбулих');
  });
});
