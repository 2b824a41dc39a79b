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

export function createI18n(messages: Map<string, Messages>, fallback = 'en'): I18n {
  const cache = new Map<string, IntlMessageFormat>();
  const locales = [...messages.keys()].sort();

  const format = (locale: string, key: string, vars?: Record<string, unknown>): string => {
    const chain = locale === fallback ? [fallback] : [locale, fallback];
    for (const loc of chain) {
      const source = messages.get(loc)?.[key];
      if (source === undefined) continue;
      // Most messages have no argument, plural or ICU escape: they are their own formatted text.
      if (!LITERAL_UNSAFE.test(source)) return source;
      const cacheKey = `${loc}\u0000${key}`;
      let mf = cache.get(cacheKey);
      if (!mf) {
        mf = new IntlMessageFormat(source, loc, undefined, { ignoreTag: true });
        cache.set(cacheKey, mf);
      }
      try {
        return String(mf.format(vars as Record<string, string | number>));
      } catch {
        return source;
      }
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
    translator: (locale) => (key, vars) => format(locale, key, vars),
    has: (locale, key) => messages.get(locale)?.[key] !== undefined,
  };
}
