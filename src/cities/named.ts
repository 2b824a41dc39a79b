/**
 * A city of the directory named somewhere in a sentence ("introduce me to someone in Getxo", "l'auto-évaluation
 * pour Lyon", "для Мелітополя"), as opposed to src/cities/choose.ts, which reads a whole message as one name.
 */
import type { City } from '../content/schemas.js';
import { tokenize } from '../core/words.js';
import { words } from '../search/text.js';
import type { CityDirectory } from './match.js';

/**
 * The first run of up to four words of the text that is exactly an ICC city's name or alias, with where
 * it ends. Capitalised runs first: "Parla", "Lodi" and "Feira" are also ordinary Italian and Portuguese words.
 */
export function namedCityIn(text: string, dir: CityDirectory): { name: string; city: City; end: number } | undefined {
  const tokens = tokenize(text, 1000);
  for (const capitalised of [true, false])
    for (let i = 0; i < tokens.length; i++) {
      const first = text.slice(tokens[i]!.start, tokens[i]!.end);
      if (capitalised && first === first.toLowerCase()) continue;
      for (let n = Math.min(4, tokens.length - i); n >= 1; n--) {
        const name = text.slice(tokens[i]!.start, tokens[i + n - 1]!.end);
        const found = dir.find(name);
        if (found.kind === 'exact') return { name, city: found.city, end: tokens[i + n - 1]!.end };
        // A capitalised name in another case ("у Луцьку", "in Bergenu"): a close spelling sharing its start.
        if (capitalised && n === 1 && found.kind === 'close' && inflected(tokens[i]!.word, found.city)) return { name: found.city.name, city: found.city, end: tokens[i]!.end };
      }
    }
  return undefined;
}

/**
 * `word` is `city`'s one-word name or alias with another ending ("луцьку" for "луцьк"): the same first four
 * letters and at least as long, so a letter missing ("Bergn") stays a typo for the reply to ask about.
 */
function inflected(word: string, city: City): boolean {
  return word.length >= 5 && [city.name, ...city.aliases].some((n) => {
    const key = words(n);
    return key.length === 1 && key[0]!.startsWith(word.slice(0, 4)) && word.length >= key[0]!.length;
  });
}
