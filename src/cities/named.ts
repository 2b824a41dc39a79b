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
export function namedCityIn(text: string, dir: CityDirectory): { name: string; city: City; start: number; end: number } | undefined {
  const tokens = tokenize(text, 1000);
  for (const capitalised of [true, false])
    for (let i = 0; i < tokens.length; i++) {
      const first = text.slice(tokens[i]!.start, tokens[i]!.end);
      if (capitalised && first === first.toLowerCase()) continue;
      for (let n = Math.min(4, tokens.length - i); n >= 1; n--) {
        const name = text.slice(tokens[i]!.start, tokens[i + n - 1]!.end);
        const found = dir.find(name);
        if (found.kind === 'exact') return { name, city: found.city, start: tokens[i]!.start, end: tokens[i + n - 1]!.end };
        // A capitalised name in another case ("у Луцьку", "для Івано-Франківська"): a close spelling sharing its start.
        const typed = tokens.slice(i, i + n).map((t) => t.word);
        if (capitalised && found.kind === 'close' && inflected(typed, found.city)) return { name: found.city.name, city: found.city, start: tokens[i]!.start, end: tokens[i + n - 1]!.end };
      }
    }
  return undefined;
}

/**
 * The city a request names for itself ("l'auto-évaluation pour Lyon", "self-check for botkyrka"). A name
 * in lower case counts only as the message's last word after a space: mid-sentence, or joined by a hyphen,
 * it is the ordinary word ("na segunda-feira" is no Santa Maria da Feira, "fermo" no Fermo).
 */
export function cityNamedIn(text: string, dir: CityDirectory): City | undefined {
  const named = namedCityIn(text, dir);
  if (!named) return undefined;
  const typed = text.slice(named.start, named.end);
  if (typed !== typed.toLowerCase()) return named.city;
  const last = tokenize(text.slice(named.end), 100).length === 0;
  return last && [' ', '\t', '\n'].includes(text[named.start - 1] ?? '') ? named.city : undefined;
}

/**
 * `typed` is one of `city`'s names or aliases with its last word in another case: that word has the same
 * first four letters and is at least as long ("луцьку" for "луцьк"), so a letter missing ("Bergn") stays a
 * typo for the reply to ask about; or it is a plural name without its final и, the Ukrainian genitive
 * plural ("для Сум", "для Прилук").
 */
function inflected(typed: string[], city: City): boolean {
  const last = typed.at(-1)!;
  return [city.name, ...city.aliases].some((n) => {
    const key = words(n);
    if (key.length !== typed.length || key.some((k, j) => j < key.length - 1 && k !== typed[j])) return false;
    const own = key.at(-1)!;
    if (own.endsWith('и') && last === own.slice(0, -1)) return true;
    return last.length >= 5 && own.startsWith(last.slice(0, 4)) && last.length >= own.length;
  });
}
