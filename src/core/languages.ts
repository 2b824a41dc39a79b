/**
 * Language names as users type them ("French", "français", "francese", "Französisch", "українською",
 * "norsk", or a code such as "it" / "pt-BR"), for the language setting. The names come from the
 * runtime's CLDR data (Intl.DisplayNames) in every network language, so no list of names lives in
 * code or content; Ukrainian adjectives also match in the instrumental case ("говори українською").
 */
import { fold, NETWORK_LANGUAGES, type NetworkLanguage } from './phrases.js';

/** Display locales whose names users may type; `nb` gives the Norwegian names of the `no` catalogue. */
const NAME_LOCALES = [...NETWORK_LANGUAGES, 'nb'];

let names: Map<string, NetworkLanguage> | undefined;

function nameTable(): Map<string, NetworkLanguage> {
  if (names) return names;
  names = new Map();
  for (const display of NAME_LOCALES) {
    let dn: Intl.DisplayNames;
    try {
      dn = new Intl.DisplayNames([display], { type: 'language' });
    } catch {
      continue;
    }
    for (const code of NETWORK_LANGUAGES) {
      const name = fold(dn.of(code) ?? '');
      if (!name || name === code) continue;
      if (!names.has(name)) names.set(name, code);
      // Ukrainian: "українська" (the language) -> "українською" (in Ukrainian).
      if (name.endsWith('ська')) names.set(`${name.slice(0, -1)}ою`, code);
    }
  }
  return names;
}

/**
 * The network language a short value names, or undefined. A whole value may be a code ("it",
 * "pt-BR", "nb"); otherwise a name is looked for among its first words ("en français", "auf Deutsch").
 */
export function languageIn(value: string, isCode: (tag: string) => string | undefined = () => undefined): string | undefined {
  const raw = value.trim();
  if (!raw) return undefined;
  if (/^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i.test(raw)) {
    const code = isCode(raw);
    if (code) return code;
  }
  const table = nameTable();
  const words = fold(raw).split(' ').slice(0, 5);
  for (let len = Math.min(3, words.length); len >= 1; len--)
    for (let i = 0; i + len <= words.length; i++) {
      const hit = table.get(words.slice(i, i + len).join(' '));
      if (hit) return hit;
    }
  return undefined;
}

/** The name of a language in another ("français" for fr in fr, "French" for fr in en). */
export function languageName(code: string, inLocale: string): string {
  try {
    return new Intl.DisplayNames([inLocale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The language's own name, capitalised for a button or a list ("Français", "Українська", "Norsk"). */
export function endonym(code: string): string {
  const name = languageName(code, code);
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}
