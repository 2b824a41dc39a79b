/**
 * Setting "my city": what a person typed -> an ICC city (exact, accent- and case-insensitive, or a
 * close spelling), saved on their profile; otherwise a "did you mean" reply. Shared by the settings
 * intent and the self-check, which asks for the city before a first run.
 */
import { countryLabel } from '../replies/practice-card.js';
import { localCityName } from '../search/places.js';
import type { Content } from '../content/loader.js';
import type { City } from '../content/schemas.js';
import type { IntentContext } from '../core/intent.js';
import { scopeOf, type Button, type Reply, type Turn } from '../core/turn.js';
import { CityDirectory } from './match.js';

const directories = new WeakMap<Content, CityDirectory>();

export function cityDirectory(content: Content): CityDirectory {
  let dir = directories.get(content);
  if (!dir) {
    dir = new CityDirectory(content.cities);
    directories.set(content, dir);
  }
  return dir;
}

export type CityChoice = { kind: 'found'; city: City; guessed: boolean; alternatives: City[] } | { kind: 'unknown'; suggestions: City[] };

export function chooseCity(content: Content, input: string): CityChoice {
  const m = cityDirectory(content).find(input.trim().replace(/[.!?]+$/, '').slice(0, 120));
  if (m.kind === 'exact') return { kind: 'found', city: m.city, guessed: false, alternatives: [] };
  if (m.kind === 'close') return { kind: 'found', city: m.city, guessed: true, alternatives: m.alternatives };
  return { kind: 'unknown', suggestions: m.suggestions };
}

/** The city's name for a reader of `locale` when we have one in that language (Torino, Genf, Суми), else the directory's. */
export function cityName(c: City, locale?: string): string {
  return localCityName(c.name, locale);
}

/** "Мелітополь (Україна)": city and country in the reply's language. */
export const cityLabel = (c: City, locale?: string) => `${cityName(c, locale)} (${countryLabel(c.country, locale)})`;

/** The user's city from their profile, if it is (still) an ICC city. */
export async function profileCity(turn: Turn, ctx: Pick<IntentContext, 'stores' | 'content'>): Promise<City | undefined> {
  const profile = await ctx.stores.profile.get(scopeOf(turn), turn.user.id);
  return profile?.city ? cityDirectory(ctx.content).get(profile.city) : undefined;
}

export async function saveProfileCity(turn: Turn, ctx: Pick<IntentContext, 'stores' | 'clock'>, city: City): Promise<void> {
  const scope = scopeOf(turn);
  const profile = await ctx.stores.profile.get(scope, turn.user.id);
  await ctx.stores.profile.set(scope, turn.user.id, { ...profile, city: city.id, updatedAt: ctx.clock.now().toISOString() });
}

/** "I took “Bergn” to be Bergen (Norway)." plus buttons for the other close names, or "" when exact. */
export function guessNote(ctx: Pick<IntentContext, 't' | 'locale'>, input: string, choice: Extract<CityChoice, { kind: 'found' }>): string {
  return choice.guessed ? ctx.t('settings.city.guessed', { input: input.trim().slice(0, 60), city: cityLabel(choice.city, ctx.locale) }) : '';
}

/** The reply for a name that matched no ICC city: suggestions as buttons made by `buttonFor`. */
export function unknownCityReply(ctx: Pick<IntentContext, 't' | 'locale'>, input: string, suggestions: City[], buttonFor: (c: City) => Button): Reply {
  const name = input.trim().slice(0, 60);
  if (suggestions.length === 0) return { text: ctx.t('settings.city.unknown', { input: name }) };
  return {
    text: ctx.t('settings.city.didYouMean', { input: name, cities: suggestions.map((c) => cityLabel(c, ctx.locale)).join(', ') }),
    buttons: suggestions.map(buttonFor),
  };
}
