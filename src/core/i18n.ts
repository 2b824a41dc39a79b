/**
 * User-facing strings come from content/i18n/<locale>.json as ICU messages (plurals, selects).
 * Lookup falls back from the requested locale to English, so a missing translation degrades to
 * English rather than to a key (a test keeps every locale complete).
 */
import { IntlMessageFormat } from 'intl-messageformat';

/** Flat `key -> ICU message` map of one locale (content/i18n/<locale>/*.json, validated by the loader). */
export type Messages = Record<string, string>;

export type Translate = (key: string, vars?: Record<string, string | number | boolean | Date | null | undefined>) => string;

export interface I18n {
  locales: string[];
  /** Best supported locale for a BCP 47 tag ("fr-CA" -> "fr"), or undefined. */
  supported(tag: string | undefined): string | undefined;
  translator(locale: string): Translate;
  has(locale: string, key: string): boolean;
}

/** What ICU MessageFormat would change in a message: arguments, plural `#`, quoted ('') text. */
const LITERAL_UNSAFE = /[{}#']/;

/** Formatted messages kept per locale, key and arguments (a card's "checked Nov 2026" is formatted once, not per card per turn). */
const FORMATTED_MAX = 20_000;
/** Longer string arguments (someone's query) are not kept: they rarely repeat. */
const MEMO_STRING_CHARS = 64;

/**
 * A key for one message's arguments: each name and value with its length in front, so no two argument
 * lists share a key; undefined when an argument is not worth keeping (a long string, an invalid date).
 */
function argsKey(vars: Record<string, unknown> | undefined): string | undefined {
  if (!vars) return '';
  let k = '';
  for (const name in vars) {
    const v = vars[name];
    let s: string;
    if (typeof v === 'string') {
      if (v.length > MEMO_STRING_CHARS) return undefined;
      s = `s${v}`;
    } else if (typeof v === 'number' || typeof v === 'boolean') s = `${typeof v === 'number' ? 'n' : 'b'}${String(v)}`;
    else if (v instanceof Date) {
      const time = v.getTime();
      if (Number.isNaN(time)) return undefined;
      s = `d${time}`;
    } else if (v === null || v === undefined) s = v === null ? 'l' : 'u';
    else return undefined;
    k += `${name.length}:${name}${s.length}:${s}`;
  }
  return k;
}

export function createI18n(messages: Map<string, Messages>, fallback = 'en'): I18n {
  const cache = new Map<string, IntlMessageFormat>();
  const formatted = new Map<string, string>();
  const translators = new Map<string, Translate>();
  const locales = [...messages.keys()].sort();

  const format = (locale: string, key: string, vars?: Record<string, unknown>): string => {
    const chain = locale === fallback ? [fallback] : [locale, fallback];
    for (const loc of chain) {
      const source = messages.get(loc)?.[key];
      if (source === undefined) continue;
      // Most messages have no argument, plural or ICU escape: they are their own formatted text.
      if (!LITERAL_UNSAFE.test(source)) return source;
      const cacheKey = `${loc}\u0000${key}`;
      const args = argsKey(vars);
      const memoKey = args === undefined ? undefined : `${cacheKey}\u0000${args}`;
      const known = memoKey === undefined ? undefined : formatted.get(memoKey);
      if (known !== undefined) return known;
      let mf = cache.get(cacheKey);
      if (!mf) {
        mf = new IntlMessageFormat(source, loc, undefined, { ignoreTag: true });
        cache.set(cacheKey, mf);
      }
      let text: string;
      try {
        text = String(mf.format(vars as Record<string, string | number>));
      } catch {
        return source;
      }
      if (memoKey !== undefined) {
        if (formatted.size >= FORMATTED_MAX) formatted.clear();
        formatted.set(memoKey, text);
      }
      return text;
    }
    return key;
  };

  return {
    locales,
    supported(tag) {
      if (!tag) return undefined;
      const lower = tag.toLowerCase().replace('_', '-');
      if (messages.has(lower)) return lower;
      const lang = lower.split('-')[0]!;
      // Norwegian Bokmål / Nynorsk tags map to the one Norwegian catalogue.
      const alias = lang === 'nb' || lang === 'nn' ? 'no' : lang;
      return messages.has(alias) ? alias : undefined;
    },
    translator: (locale) => {
      let t = translators.get(locale);
      if (!t) {
        t = (key, vars) => format(locale, key, vars);
        // Locales come from settings and platforms, a handful; the bound is only against odd tags.
        if (translators.size < 1000) translators.set(locale, t);
      }
      return t;
    },
    has: (locale, key) => messages.get(locale)?.[key] !== undefined,
  };
}
