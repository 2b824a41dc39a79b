/**
 * The user's own settings: "my city is Oslo", `/icc city Oslo`; "/icc language it", "parla italiano".
 * Each setting is one entry of SETTINGS
 * (its `/icc` words, its free-text pattern, how to show and set it), so adding one (language, time
 * zone) is one more entry.
 */
import { z } from 'zod';
import { chooseCity, cityDirectory, cityLabel, guessNote, profileCity, saveProfileCity, unknownCityReply } from '../src/cities/choose.js';
import { button, defineIntent, parseAction, type IntentContext } from '../src/core/intent.js';
import { endonym, languageIn, languageName } from '../src/core/languages.js';
import { currentPhrasesDir, loadIntentPhrases } from '../src/core/phrases.js';
import { afterPhrase, compileWordList, tokenize, wordLists, type WordList } from '../src/core/words.js';
import { join } from 'node:path';
import { parseCommand } from '../src/core/router.js';
import { scopeOf, type ActionInput, type Reply, type Turn } from '../src/core/turn.js';
import { MATCH_TEXT_CHARS, boundText } from '../src/core/text-limits.js';

interface Setting {
  name: string;
  /** `/icc <word> <value>` */
  commands: string[];
  /** The value a free text gives it ("" when the text only names the setting), or undefined. */
  valueIn(text: string): string | undefined;
  /** Whether a value found by `text` is one for this setting ("language courses" is not a language). */
  accepts?(value: string): boolean;
  confidence: number;
  show(turn: Turn, ctx: IntentContext): Promise<Reply[]>;
  set(turn: Turn, ctx: IntentContext, value: string): Promise<Reply[]>;
  onAction?(turn: Turn, ctx: IntentContext, action: ActionInput): Promise<Reply[]>;
}

const CityActionSchema = z.object({ id: z.string().min(1).max(120) }).strict();

let cityList: { dir: string; list: WordList } | undefined;
/** The my-city-is phrases of content/intents/settings.json, as a word list (read on first use, and again when CONTENT_DIR changes). */
function cityPhrases(): WordList {
  const dir = currentPhrasesDir();
  if (cityList?.dir !== dir) {
    const group = loadIntentPhrases(join(dir, 'settings.json')).groups.find((g) => g.id === 'my-city-is');
    cityList = { dir, list: compileWordList(group ? Object.values(group.phrases).flat() : []) };
  }
  return cityList.list;
}

const citySetting: Setting = {
  name: 'city',
  commands: ['city'],
  // "my city is Oslo", "nous sommes la ville de Lyon", "ми місто Вінниця": the phrases of group
  // my-city-is in content/intents/settings.json (which also route here); the value is what follows.
  valueIn: (text) => afterPhrase(cityPhrases(), text),
  // A city name is a few words: "our city is looking for anti-rumour examples" is not a setting.
  accepts: (value) => tokenize(value).length <= 5,
  confidence: 0.95,
  async show(turn, ctx) {
    const city = await profileCity(turn, ctx);
    return [{ text: city ? ctx.t('settings.city.current', { city: cityLabel(city, ctx.locale) }) : ctx.t('settings.city.notSet') }];
  },
  async set(turn, ctx, value) {
    const choice = chooseCity(ctx.content, value);
    if (choice.kind === 'unknown') return [unknownCityReply(ctx, value, choice.suggestions, (c) => button(c.name, 'settings', 'city', { id: c.id }))];
    await saveProfileCity(turn, ctx, choice.city);
    const text = [guessNote(ctx, value, choice), ctx.t('settings.city.saved', { city: cityLabel(choice.city, ctx.locale) })].filter(Boolean).join('\n');
    const buttons = choice.alternatives.map((c) => button(c.name, 'settings', 'city', { id: c.id }));
    return [{ text, ...(buttons.length ? { buttons } : {}) }];
  },
  async onAction(turn, ctx, action) {
    const { id } = parseAction(CityActionSchema, action);
    const city = cityDirectory(ctx.content).get(id);
    if (!city) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    await saveProfileCity(turn, ctx, city);
    return [{ text: ctx.t('settings.city.saved', { city: cityLabel(city, ctx.locale) }) }];
  },
};

const LanguageActionSchema = z.object({ locale: z.string().min(2).max(12) }).strict();

/** The supported locales (a content/i18n/<locale> folder each), as buttons labelled in their own language. */
const languageButtons = (ctx: IntentContext) => ctx.i18n.locales.map((l) => button(endonym(l), 'settings', 'language', { locale: l }));

async function saveProfileLocale(turn: Turn, ctx: IntentContext, locale: string): Promise<Reply[]> {
  const scope = scopeOf(turn);
  const profile = await ctx.stores.profile.get(scope, turn.user.id);
  await ctx.stores.profile.set(scope, turn.user.id, { ...profile, locale, updatedAt: ctx.clock.now().toISOString() });
  // Confirmed in the new language, so the user sees at once that it worked.
  return [{ text: ctx.i18n.translator(locale)('settings.language.saved', { language: languageName(locale, locale) }), locale }];
}

/**
 * "language: French", "please set my language to Italian", "parle français", "sprich Deutsch": a lead of
 * content/words/settings.json's language-lead (after an optional "please" of its polite list); the
 * value is what follows. The lists are in every language, since people ask in the one they want.
 */
function languageValue(text: string): string | undefined {
  const w = wordLists('settings');
  const rest = afterPhrase(w.polite!, text) ?? text;
  return afterPhrase(w['language-lead']!, rest);
}

const languageSetting: Setting = {
  name: 'language',
  commands: ['language', 'lang'],
  // "language: French", "set my language to Italian", "speak German", "parle français", "habla español",
  // "parla italiano", "sprich Deutsch", "fala português", "говори українською", "snakk norsk".
  valueIn: languageValue,
  accepts: (value) => value === '' || (value.split(/\s+/).length <= 3 && languageIn(value) !== undefined),
  confidence: 0.95,
  async show(turn, ctx) {
    const profile = await ctx.stores.profile.get(scopeOf(turn), turn.user.id);
    const chosen = ctx.i18n.supported(profile?.locale);
    const language = languageName(ctx.locale, ctx.locale);
    return [{ text: ctx.t(chosen ? 'settings.language.current' : 'settings.language.auto', { language }), buttons: languageButtons(ctx) }];
  },
  async set(turn, ctx, value) {
    const locale = languageIn(value, (tag) => ctx.i18n.supported(tag));
    const supported = locale ? ctx.i18n.supported(locale) : undefined;
    if (!supported) {
      const languages = new Intl.ListFormat(ctx.locale, { type: 'conjunction' }).format(ctx.i18n.locales.map(endonym));
      return [{ text: ctx.t('settings.language.unknown', { input: value.slice(0, 40), languages }), buttons: languageButtons(ctx) }];
    }
    return saveProfileLocale(turn, ctx, supported);
  },
  async onAction(turn, ctx, action) {
    const { locale } = parseAction(LanguageActionSchema, action);
    const supported = ctx.i18n.locales.includes(locale) ? locale : undefined;
    if (!supported) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    return saveProfileLocale(turn, ctx, supported);
  },
};

const SETTINGS: Setting[] = [citySetting, languageSetting];

const clean = (s: string) => s.trim().replace(/^["“”'«„]+|["“”'».!?]+$/gu, '').trim();

/** The value a free text gives a setting ("" to show it), or undefined when the text is not about it. */
function found(setting: Setting, text: string): string | undefined {
  const raw = setting.valueIn(text);
  if (raw === undefined) return undefined;
  const value = clean(raw);
  return !setting.accepts || setting.accepts(value) ? value : undefined;
}

export default defineIntent({
  name: 'settings',
  description: 'intent.settings.description',
  examples: ['my city is Oslo', '/icc language fr'],
  commands: SETTINGS.flatMap((s) => s.commands),
  match: (whole) => {
    const text = boundText(whole, MATCH_TEXT_CHARS);
    let best: number | null = null;
    for (const s of SETTINGS) if (found(s, text) !== undefined && (best === null || s.confidence > best)) best = s.confidence;
    return best;
  },
  async handle(turn, ctx, input) {
    if (input.via === 'command') {
      const word = parseCommand(turn.text ?? '')?.command ?? '';
      const setting = SETTINGS.find((s) => s.commands.includes(word)) ?? SETTINGS[0]!;
      const value = clean(input.text);
      return value ? setting.set(turn, ctx, value) : setting.show(turn, ctx);
    }
    const text = input.text || turn.text || '';
    for (const setting of SETTINGS) {
      const value = found(setting, text);
      if (value === undefined) continue;
      return value ? setting.set(turn, ctx, value) : setting.show(turn, ctx);
    }
    return SETTINGS[0]!.show(turn, ctx);
  },
  async onAction(turn, ctx, action) {
    const setting = SETTINGS.find((s) => s.name === action.name);
    if (!setting?.onAction) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    return setting.onAction(turn, ctx, action);
  },
});
