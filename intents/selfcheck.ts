/**
 * The guided self-check: "start the self-check" (a quick check, one question per policy area) or
 * "/icc check education" (every question of one area). One question at a time with Yes / Partly /
 * No / Don't know; back, pause, continue, cancel. The run is saved after every answer in its own
 * namespace (not only in the dialog), so a restart, a dialog timeout or another conversation loses
 * nothing and "continue" picks it up exactly where it was.
 */
import { selfcheckSummary } from '../src/selfcheck/summary.js';
import { z } from 'zod';
import { chooseCity, cityDirectory, cityLabel, guessNote, profileCity, saveProfileCity, unknownCityReply } from '../src/cities/choose.js';
import { button, defineIntent, parseAction, type DialogState, type IntentContext } from '../src/core/intent.js';
import { bestOf, phraseMatcher } from '../src/core/phrases.js';
import { MATCH_THRESHOLD } from '../src/core/router.js';
import type { Route } from '../src/core/route.js';
import { afterPhrase, tokenize, wordLists } from '../src/core/words.js';
import { cityNamedIn } from '../src/cities/named.js';
import type { AreaId, City } from '../src/content/schemas.js';
import type { RunKind } from '../src/selfcheck/model.js';
import { scopeOf, type Address, type Reply, type Turn } from '../src/core/turn.js';
import { areaIn, parseConfirm, parseDialogInput } from '../src/selfcheck/input.js';
import { cityResults, type SelfCheckResult } from '../src/selfcheck/model.js';
import { resultReplies, summaryCard, resultChart } from '../src/selfcheck/results.js';
import { NAME, DialogSchema, type Dialog, RunRef, AnswerAction, StartAction, CityAction, ShareAction, ShareToAction, privately, startData, loadRun, ask, start, restart, resume, record, freeText, askDiscard, discard, back, pause, handOver, notAnAnswer, otherIntent } from '../src/selfcheck/flow.js';

async function latestResult(turn: Turn, ctx: IntentContext): Promise<{ result: SelfCheckResult; earlier: SelfCheckResult[] } | undefined> {
  const city = await profileCity(turn, ctx);
  if (!city) return undefined;
  const all = await cityResults(ctx.stores.store, scopeOf(turn), city.id);
  const result = all.at(-1);
  return result ? { result, earlier: all.slice(0, -1) } : undefined;
}

async function findResult(turn: Turn, ctx: IntentContext, city: string, completedAt: string) {
  const all = await cityResults(ctx.stores.store, scopeOf(turn), city);
  const i = all.findIndex((r) => r.completedAt === completedAt);
  return i < 0 ? undefined : { result: all[i]!, earlier: all.slice(0, i) };
}

/**
 * Where a result may be shared: the channel or group chat the person is asking from, and nowhere else.
 * They are in it (the platform delivered their message or button press from there), so results never
 * reach a channel, private or not, that they are not a member of; from a DM there is no target.
 */
function shareTarget(turn: Turn): Address | undefined {
  const here = turn.conversation;
  return here.kind === 'channel' || here.kind === 'group' ? here : undefined;
}

/** "Share with my working group": the current channel or group chat, as a button (one click posts). */
async function shareChoices(turn: Turn, ctx: IntentContext, result: SelfCheckResult): Promise<Reply[]> {
  const here = shareTarget(turn);
  if (!here) return [{ text: ctx.t('selfcheck.share.fromChannel', { button: ctx.t('selfcheck.share.button') }), ephemeral: true }];
  const buttons = [button(ctx.t('selfcheck.share.to', { name: here.conversation }), NAME, 'shareTo', { c: result.city, t: result.completedAt, to: here.conversation })];
  return [{ text: ctx.t('selfcheck.share.pick'), buttons, ephemeral: true }];
}

async function shareTo(turn: Turn, ctx: IntentContext, data: z.infer<typeof ShareToAction>): Promise<Reply[]> {
  const found = await findResult(turn, ctx, data.c, data.t);
  // Checked again when sharing: a button naming another conversation (old, or forged) posts nothing.
  const address = shareTarget(turn);
  if (!found || !address || address.conversation !== data.to) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
  const image = resultChart(ctx, turn, found.result, found.earlier);
  const city = cityDirectory(ctx.content).get(found.result.city)?.name ?? found.result.city;
  return [
    {
      to: address,
      text: ctx.t('selfcheck.share.posted', { user: turn.user.name ?? turn.user.id, city }),
      cards: [summaryCard(ctx, found.result, found.earlier)],
      ...(image ? { image } : {}),
    },
    { text: ctx.t('selfcheck.share.done', { name: address.conversation }), ephemeral: true },
  ];
}

/** content/words/selfcheck.json, read when first needed (and again from another CONTENT_DIR). */
const words = () => wordLists('selfcheck');

/** The city chosen (typed, or named with the start): saved as the user's, and the run starts. */
async function withCity(turn: Turn, ctx: IntentContext, city: City, kind: RunKind, area: AreaId | undefined, note = ''): Promise<Reply[]> {
  await saveProfileCity(turn, ctx, city);
  const replies = await start(turn, ctx, kind, area);
  const lines = [note, ctx.t('settings.city.saved', { city: cityLabel(city, ctx.locale) })].filter(Boolean).join('\n');
  return [...privately(turn, [{ text: lines }]), ...replies];
}

/** Up to this many words, a message that is no city may be a misspelt name; longer, it is a sentence. */
const NAME_WORDS = 4;

/**
 * A city's name as typed: one word ("paris"), or a few with the longer ones capitalised ("Santa Cruz de
 * Tenerife"); "je ne sais pas", "no lo sé todavía" and "для Львова" are not, and get the question again.
 */
function nameLike(text: string): boolean {
  const typed = tokenize(text).map((t) => text.slice(t.start, t.end));
  if (typed.length <= 1) return true;
  const capital = (w: string) => w !== w.toLowerCase() && w[0] === w[0]!.toUpperCase();
  return typed.length <= NAME_WORDS && capital(typed[0]!) && typed.every((w) => w.length < 4 || capital(w));
}

const isQuestion = (text: string) => text.trim().endsWith('?') && tokenize(text).length > 1;

async function onCity(turn: Turn, ctx: IntentContext, d: Extract<Dialog, { step: 'city' }>, said: string): Promise<Reply[]> {
  // "it's Lyon", "nous sommes la ville de Lyon", "ми місто Вінниця": the name is what follows the lead.
  const text = afterPhrase(words()['city-lead']!, said) ?? said.trimStart();
  const choice = chooseCity(ctx.content, text);
  if (choice.kind === 'found') return withCity(turn, ctx, choice.city, d.kind, d.area, guessNote(ctx, text, choice));
  // A sentence: a request for something else ("quelles villes pourraient nous inspirer…") leaves the
  // question and is answered; one naming a city ("on est à Lyon", read as a setting) answers it.
  // The router's choice, asked at most once (for a request and for a question the search would take).
  let routed: { route: Route | undefined } | undefined;
  const decided = () => (routed ??= { route: ctx.decide?.(said) }).route;
  const other = choice.suggestions.length === 0 ? otherIntent(ctx, said, decided) : undefined;
  const named = cityNamedIn(said, cityDirectory(ctx.content));
  if (named && (!other || other.name === 'settings')) return withCity(turn, ctx, named, d.kind, d.area);
  // A question of several words is no name either: one the search would take goes there, as with no dialog open.
  const search = !other && isQuestion(said) ? decided() : undefined;
  const to = other ?? (search?.kind === 'fallback' && search.intent === 'search' ? { name: 'search', confidence: search.confidence } : undefined);
  if (to) {
    await ctx.dialog.clear();
    return ctx.intents.get(to.name)!.handle(turn, ctx, { text: said, via: 'text', confidence: to.confidence });
  }
  if (choice.suggestions.length > 0 || nameLike(text)) {
    return privately(turn, [unknownCityReply(ctx, text, choice.suggestions, (c) => button(c.name, NAME, 'city', { id: c.id, ...startData(d.kind, d.area) }))]);
  }
  // "oui, on a une stratégie…" is no name: say again what is asked, and how to stop, not "no city called <it all>".
  return privately(turn, [{ text: ctx.t('selfcheck.askCityAgain') }]);
}

/** "continue", „weiter“, «продовжити»... alone: the words the pause message tells people to type, in every language. */
const saysContinue = (text: string) => parseDialogInput(text)?.kind === 'continue';

/** What a message routed here asks for, from the lists of content/words/selfcheck.json (first that matches wins). */
function wantsStart(text: string): 'discard' | 'continue' | 'share' | 'results' | 'start' {
  if (saysContinue(text)) return 'continue';
  const w = words();
  const tokens = tokenize(text);
  if (w.discard!.has(tokens)) return 'discard';
  // "continue", "resume where I was": the verb first (last in German: „Selbstcheck fortsetzen“).
  if (w['continue-verb']!.has(tokens)) return 'continue';
  // "resume my self-check": the continue word, then the self-check's name later in the message.
  const cont = w.continue!.find(tokens);
  if (cont && w['selfcheck-name']!.has(tokens.slice(cont.to))) return 'continue';
  if (w.share!.has(tokens)) return 'share';
  if (w.results!.has(tokens)) return 'results';
  return 'start';
}

const phrases = phraseMatcher('selfcheck');

export default defineIntent({
  name: NAME,
  description: 'intent.selfcheck.description',
  examples: ['start the self-check', '/icc check education', 'continue my self-check', 'share with my working group'],
  commands: ['check'],
  summary: selfcheckSummary,
  // What people type, in every language English included, is in content/intents/selfcheck.json.
  match: (text) => bestOf(phrases(text), saysContinue(text) ? 0.9 : null),

  async handle(turn, ctx, input) {
    const text = input.text;
    switch (input.via === 'command' && !text ? 'start' : wantsStart(text)) {
      case 'discard': {
        const run = await loadRun(turn, ctx);
        if (!run) return [{ text: ctx.t('selfcheck.noRun') }];
        return askDiscard(turn, ctx, run);
      }
      case 'continue':
        return resume(turn, ctx);
      case 'share': {
        if (!(await profileCity(turn, ctx))) return [{ text: ctx.t('selfcheck.noCity') }];
        const latest = await latestResult(turn, ctx);
        return latest ? shareChoices(turn, ctx, latest.result) : [{ text: ctx.t('selfcheck.noResult') }];
      }
      case 'results': {
        // No city set is another answer than "your city has none": say how to set it.
        if (!(await profileCity(turn, ctx))) return [{ text: ctx.t('selfcheck.noCity'), choices: [ctx.t('selfcheck.choice.start')] }];
        const latest = await latestResult(turn, ctx);
        return latest ? resultReplies(ctx, turn, latest.result, latest.earlier) : [{ text: ctx.t('selfcheck.noResult'), choices: [ctx.t('selfcheck.choice.start')] }];
      }
      case 'start': {
        const area = areaIn(ctx.content, text);
        const kind = area ? 'area' : 'quick';
        // "l'auto-évaluation pour Lyon", "самооцінку для Мелітополя": the city named is the run's.
        const named = cityNamedIn(text, cityDirectory(ctx.content));
        if (named && named.id !== (await profileCity(turn, ctx))?.id) return withCity(turn, ctx, named, kind, area);
        return start(turn, ctx, kind, area);
      }
    }
  },

  async continueDialog(turn, ctx, state: DialogState) {
    const parsed = DialogSchema.safeParse(state.state);
    if (!parsed.success) {
      await ctx.dialog.clear();
      return [{ text: ctx.t('selfcheck.noRun') }];
    }
    const d = parsed.data;
    const text = turn.text ?? '';
    const cmd = parseDialogInput(text);
    switch (d.step) {
      case 'city':
        return onCity(turn, ctx, d, text);
      case 'choose':
        if (cmd?.kind === 'continue') return resume(turn, ctx);
        if (cmd?.kind === 'restart') return restart(turn, ctx, d.kind, d.area);
        await ctx.dialog.clear();
        return (await handOver(turn, ctx, text)) ?? start(turn, ctx, d.kind, d.area);
      case 'confirmCancel': {
        const run = await loadRun(turn, ctx);
        if (!run || run.id !== d.run) {
          await ctx.dialog.clear();
          return [{ text: ctx.t('selfcheck.noRun'), choices: [ctx.t('selfcheck.choice.start')] }];
        }
        // Only a clear yes discards. A request for something else ("find peer cities") keeps the answers,
        // pauses the run and is answered; anything else keeps the answers and asks the open question again.
        const choice = parseConfirm(text, { discard: ctx.t('selfcheck.button.discard'), keep: ctx.t('selfcheck.button.keep') });
        if (choice === 'discard') return discard(turn, ctx);
        return choice === 'keep' ? resume(turn, ctx, run.id) : notAnAnswer(turn, ctx, run, text);
      }
      case 'question': {
        const run = await loadRun(turn, ctx);
        if (!run || run.id !== d.run) {
          await ctx.dialog.clear();
          return [{ text: ctx.t('selfcheck.noRun'), choices: [ctx.t('selfcheck.choice.start')] }];
        }
        switch (cmd?.kind) {
          case 'answer':
            return record(turn, ctx, run, cmd.value);
          case 'back':
            return back(turn, ctx, run);
          case 'pause':
            return pause(turn, ctx, run);
          case 'continue':
            return resume(turn, ctx, run.id);
          case 'restart':
            return restart(turn, ctx, run.kind, run.area);
          default: {
            // "start the self-check", "share with my working group"... while a question is open.
            const own = ctx.intents.get(NAME)!;
            if ((own.match(text) ?? 0) >= MATCH_THRESHOLD) return own.handle(turn, ctx, { text, via: 'text', confidence: own.match(text)! });
            return freeText(turn, ctx, run, text);
          }
        }
      }
    }
  },

  /**
   * "cancel" / "stop" during a run ends the run too, not only the dialog, after asking when answers
   * would be lost. "cancel" again at that question keeps the answers (paused).
   */
  async onCancel(turn, ctx, state) {
    const parsed = DialogSchema.safeParse(state.state);
    if (!parsed.success || (parsed.data.step !== 'question' && parsed.data.step !== 'confirmCancel')) return [];
    const run = await loadRun(turn, ctx);
    if (!run || run.id !== parsed.data.run) return [];
    return parsed.data.step === 'question' ? askDiscard(turn, ctx, run) : pause(turn, ctx, run);
  },

  async onAction(turn, ctx, action) {
    switch (action.name) {
      case 'answer': {
        const a = parseAction(AnswerAction, action);
        const run = await loadRun(turn, ctx);
        if (!run || run.id !== a.r) return [{ text: ctx.t('selfcheck.staleRun'), ephemeral: true }];
        if (a.p !== run.position) return ask(turn, ctx, run, ctx.t('selfcheck.alreadyAnswered'));
        return record(turn, ctx, run, a.v);
      }
      case 'back':
      case 'pause': {
        const { r } = parseAction(RunRef, action);
        const run = await loadRun(turn, ctx);
        if (!run || run.id !== r) return [{ text: ctx.t('selfcheck.staleRun'), ephemeral: true }];
        return action.name === 'back' ? back(turn, ctx, run) : pause(turn, ctx, run);
      }
      case 'continue': {
        const { r } = parseAction(RunRef, action);
        return resume(turn, ctx, r);
      }
      case 'discard': {
        const { r } = parseAction(RunRef, action);
        const run = await loadRun(turn, ctx);
        if (!run || run.id !== r) return [{ text: ctx.t('selfcheck.staleRun'), ephemeral: true }];
        return discard(turn, ctx);
      }
      case 'restart': {
        const { k, a } = parseAction(StartAction, action);
        return restart(turn, ctx, k, a);
      }
      case 'start': {
        const { k, a } = parseAction(StartAction, action);
        return start(turn, ctx, k, a);
      }
      case 'city': {
        const { id, k, a } = parseAction(CityAction, action);
        const city = cityDirectory(ctx.content).get(id);
        if (!city) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
        await saveProfileCity(turn, ctx, city);
        return [{ text: ctx.t('settings.city.saved', { city: cityLabel(city, ctx.locale) }) }, ...(await start(turn, ctx, k, a))];
      }
      case 'share': {
        const { c, t } = parseAction(ShareAction, action);
        const found = await findResult(turn, ctx, c, t);
        return found ? shareChoices(turn, ctx, found.result) : [{ text: ctx.t('error.staleButton'), ephemeral: true }];
      }
      case 'shareTo':
        return shareTo(turn, ctx, parseAction(ShareToAction, action));
      default:
        return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    }
  },
});
