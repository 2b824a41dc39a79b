/**
 * The user's own settings: "my city is Oslo", `/icc city Oslo`. Each setting is one entry of SETTINGS
 * (its `/icc` words, its free-text pattern, how to show and set it), so adding one (language, time
 * zone) is one more entry.
 */
import { z } from 'zod';
import { chooseCity, cityDirectory, cityLabel, guessNote, profileCity, saveProfileCity, unknownCityReply } from '../src/cities/choose.js';
import { button, defineIntent, parseAction, type IntentContext } from '../src/core/intent.js';
import { parseCommand } from '../src/core/router.js';
import type { ActionInput, Reply, Turn } from '../src/core/turn.js';

interface Setting {
  name: string;
  /** `/icc <word> <value>` */
  commands: string[];
  /** Free text that sets it; group 1 is the value (may be empty). */
  text: RegExp;
  confidence: number;
  show(turn: Turn, ctx: IntentContext): Promise<Reply[]>;
  set(turn: Turn, ctx: IntentContext, value: string): Promise<Reply[]>;
  onAction?(turn: Turn, ctx: IntentContext, action: ActionInput): Promise<Reply[]>;
}

const CityActionSchema = z.object({ id: z.string().min(1).max(120) }).strict();

const citySetting: Setting = {
  name: 'city',
  commands: ['city'],
  text: /(?:\bmy city is|\bi(?:'m| am) from the city of|\bi work (?:for|in|at) (?:the )?city of|\b(?:set|change|update) my city(?: to)?|\bma ville est|\bmi ciudad es|\bla mia citt[aà] [eè])\s*(.*)$/iu,
  confidence: 0.95,
  async show(turn, ctx) {
    const city = await profileCity(turn, ctx);
    return [{ text: city ? ctx.t('settings.city.current', { city: cityLabel(city) }) : ctx.t('settings.city.notSet') }];
  },
  async set(turn, ctx, value) {
    const choice = chooseCity(ctx.content, value);
    if (choice.kind === 'unknown') return [unknownCityReply(ctx, value, choice.suggestions, (c) => button(c.name, 'settings', 'city', { id: c.id }))];
    await saveProfileCity(turn, ctx, choice.city);
    const text = [guessNote(ctx, value, choice), ctx.t('settings.city.saved', { city: cityLabel(choice.city) })].filter(Boolean).join('\n');
    const buttons = choice.alternatives.map((c) => button(c.name, 'settings', 'city', { id: c.id }));
    return [{ text, ...(buttons.length ? { buttons } : {}) }];
  },
  async onAction(turn, ctx, action) {
    const { id } = parseAction(CityActionSchema, action);
    const city = cityDirectory(ctx.content).get(id);
    if (!city) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    await saveProfileCity(turn, ctx, city);
    return [{ text: ctx.t('settings.city.saved', { city: cityLabel(city) }) }];
  },
};

const SETTINGS: Setting[] = [citySetting];

const clean = (s: string) => s.trim().replace(/^["“”']+|["“”'.!?]+$/gu, '').trim();

export default defineIntent({
  name: 'settings',
  description: 'intent.settings.description',
  examples: ['my city is Oslo', '/icc city Bergen'],
  commands: SETTINGS.flatMap((s) => s.commands),
  match: (text) => {
    let best: number | null = null;
    for (const s of SETTINGS) if (s.text.test(text) && (best === null || s.confidence > best)) best = s.confidence;
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
      const m = setting.text.exec(text);
      if (!m) continue;
      const value = clean(m[1] ?? '');
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
