/**
 * The guided self-check: "start the self-check" (a quick check, one question per policy area) or
 * "/icc check education" (every question of one area). One question at a time with Yes / Partly /
 * No / Don't know; back, pause, continue, cancel. The run is saved after every answer in its own
 * namespace (not only in the dialog), so a restart, a dialog timeout or another conversation loses
 * nothing and "continue" picks it up exactly where it was.
 */
import { selfcheckSummary } from '../src/selfcheck/summary.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { chooseCity, cityDirectory, cityLabel, guessNote, profileCity, saveProfileCity, unknownCityReply } from '../src/cities/choose.js';
import { AreaIdSchema, type AreaId, type City } from '../src/content/schemas.js';
import { button, defineIntent, matchPatterns, parseAction, type DialogState, type IntentContext, type IntentInput } from '../src/core/intent.js';
import { bestOf, phraseMatcher } from '../src/core/phrases.js';
import { classify, MATCH_THRESHOLD } from '../src/core/router.js';
import { scopeOf, type Address, type Button, type Reply, type Turn } from '../src/core/turn.js';
import { areaIn, parseConfirm, parseDialogInput } from '../src/selfcheck/input.js';
import { aboutUs, freeAnswer, noteOf } from '../src/selfcheck/free-text.js';
import { areaQuestions, cityResults, questionInfo, quickQuestions, resultKey, selfcheckStores, selfcheckText, type Run, type RunKind, type SelfCheckResult } from '../src/selfcheck/model.js';
import { cancelReminder, scheduleReminder } from '../src/selfcheck/reminder.js';
import { resultReplies, summaryCard, resultChart } from '../src/selfcheck/results.js';
import { roundScore, scoreAnswers, type Response } from '../src/selfcheck/scoring.js';

const NAME = 'selfcheck';

const Kind = z.enum(['quick', 'area']);
const DialogSchema = z.discriminatedUnion('step', [
  /** Waiting for the city before a first run. */
  z.object({ step: z.literal('city'), kind: Kind, area: AreaIdSchema.optional() }),
  /** An unfinished run exists: resume it or start again. */
  z.object({ step: z.literal('choose'), kind: Kind, area: AreaIdSchema.optional() }),
  /** A question of run `run` is open. */
  z.object({ step: z.literal('question'), run: z.string() }),
  /** "cancel" with answers in run `run`: waiting for "Yes, discard" or "No, keep going". */
  z.object({ step: z.literal('confirmCancel'), run: z.string() }),
]);
type Dialog = z.infer<typeof DialogSchema>;

const RunRef = z.object({ r: z.string().min(1).max(80) }).strict();
const AnswerAction = z.object({ r: z.string().min(1).max(80), p: z.number().int().min(0).max(200), v: z.enum(['yes', 'partly', 'no', 'unknown']) }).strict();
const StartAction = z.object({ k: Kind, a: AreaIdSchema.optional() }).strict();
const CityAction = z.object({ id: z.string().min(1).max(120), k: Kind, a: AreaIdSchema.optional() }).strict();
const ShareAction = z.object({ c: z.string().min(1).max(120), t: z.string().min(10).max(40) }).strict();
const ShareToAction = ShareAction.extend({ to: z.string().min(1).max(300) }).strict();

const ANSWERS: Array<[Response, string]> = [
  ['yes', 'selfcheck.answer.yes'],
  ['partly', 'selfcheck.answer.partly'],
  ['no', 'selfcheck.answer.no'],
  ['unknown', 'selfcheck.answer.unknown'],
];

const stores = (ctx: IntentContext) => selfcheckStores(ctx.stores.store);
const now = (ctx: IntentContext) => ctx.clock.now().toISOString();
const privately = (turn: Turn, replies: Reply[]): Reply[] => (turn.conversation.kind === 'dm' ? replies : replies.map((r) => ({ ...r, ephemeral: true })));

const answeredCount = (run: Run) => run.questions.filter((q) => run.answers[q] !== undefined).length;

function startData(kind: RunKind, area: AreaId | undefined) {
  return area ? { k: kind, a: area } : { k: kind };
}

async function setDialog(ctx: IntentContext, d: Dialog) {
  await ctx.dialog.set<Dialog>(NAME, d);
}

function areaName(ctx: IntentContext, area: AreaId): string {
  return selfcheckText(ctx.content, ctx.locale).areas[area].name;
}

/** The open question of a run, with its buttons (Yes / Partly / No / Don't know first: 1-4 in the console). */
function questionReply(ctx: IntentContext, run: Run, note?: string): Reply {
  const qid = run.questions[run.position]!;
  const info = questionInfo(ctx.content.selfcheck.structure, qid);
  const text = selfcheckText(ctx.content, ctx.locale);
  const lines: string[] = [];
  if (note) lines.push(note);
  if (info) {
    lines.push(ctx.t('selfcheck.progress', { n: run.position + 1, total: run.questions.length, area: text.areas[info.area].name }));
    if (run.kind === 'quick' || run.position === 0) lines.push(ctx.t('selfcheck.why', { why: text.areas[info.area].why }));
  }
  lines.push('', text.questions[qid] ?? qid);
  const previous = run.answers[qid];
  if (previous) lines.push(ctx.t('selfcheck.previousAnswer', { answer: ctx.t(ANSWERS.find(([v]) => v === previous)![1]) }));
  const buttons: Button[] = ANSWERS.map(([v, key]) => button(ctx.t(key), NAME, 'answer', { r: run.id, p: run.position, v }));
  if (run.position > 0) buttons.push(button(ctx.t('selfcheck.button.back'), NAME, 'back', { r: run.id }));
  buttons.push(button(ctx.t('selfcheck.button.pause'), NAME, 'pause', { r: run.id }));
  return { text: lines.join('\n'), buttons };
}

/** Drops question ids the content no longer has (a run saved before a content change). */
function validQuestions(ctx: IntentContext, run: Run): Run {
  const questions = run.questions.filter((q) => questionInfo(ctx.content.selfcheck.structure, q));
  if (questions.length === run.questions.length) return run;
  const current = run.questions[run.position];
  const position = current && questions.includes(current) ? questions.indexOf(current) : Math.min(questions.length, questions.filter((q) => run.answers[q]).length);
  return { ...run, questions, position };
}

async function loadRun(turn: Turn, ctx: IntentContext): Promise<Run | undefined> {
  const run = await stores(ctx).runs.get(scopeOf(turn), turn.user.id);
  return run ? validQuestions(ctx, run) : undefined;
}

async function saveRun(turn: Turn, ctx: IntentContext, run: Run) {
  await stores(ctx).runs.set(scopeOf(turn), turn.user.id, run);
}

async function discardRun(turn: Turn, ctx: IntentContext) {
  await stores(ctx).runs.delete(scopeOf(turn), turn.user.id);
  await cancelReminder(ctx.jobs, scopeOf(turn), turn.user.id);
}

/** Asks the current question of `run` in this conversation and makes it the active dialog. */
async function ask(turn: Turn, ctx: IntentContext, run: Run, note?: string, intro?: string): Promise<Reply[]> {
  if (run.position >= run.questions.length) return complete(turn, ctx, run);
  await setDialog(ctx, { step: 'question', run: run.id });
  const replies: Reply[] = [];
  if (intro) replies.push({ text: intro });
  replies.push(questionReply(ctx, run, note));
  return privately(turn, replies);
}

async function begin(turn: Turn, ctx: IntentContext, city: City, kind: RunKind, area: AreaId | undefined): Promise<Reply[]> {
  const structure = ctx.content.selfcheck.structure;
  const questions = kind === 'area' && area ? areaQuestions(structure, area) : quickQuestions(structure);
  const at = now(ctx);
  const run: Run = {
    id: randomUUID(),
    user: turn.user.id,
    city: city.id,
    kind: kind === 'area' && area ? 'area' : 'quick',
    ...(kind === 'area' && area ? { area } : {}),
    questions,
    answers: {},
    position: 0,
    status: 'active',
    startedAt: at,
    updatedAt: at,
    address: turn.conversation,
    locale: ctx.locale,
  };
  await saveRun(turn, ctx, run);
  await scheduleReminder(ctx.jobs, scopeOf(turn), run);
  const intro =
    run.kind === 'quick'
      ? ctx.t('selfcheck.intro.quick', { city: city.name, count: questions.length })
      : ctx.t('selfcheck.intro.area', { city: city.name, count: questions.length, area: areaName(ctx, run.area!) });
  return ask(turn, ctx, run, undefined, `${intro}\n${ctx.t('selfcheck.intro.how')}`);
}

/** Start a run: ask the city first when unknown, ask resume-or-restart when a run is unfinished. */
async function start(turn: Turn, ctx: IntentContext, kind: RunKind, area: AreaId | undefined): Promise<Reply[]> {
  const city = await profileCity(turn, ctx);
  if (!city) {
    await setDialog(ctx, { step: 'city', kind, ...(area ? { area } : {}) });
    return privately(turn, [{ text: ctx.t('selfcheck.askCity') }]);
  }
  const existing = await loadRun(turn, ctx);
  if (existing) {
    await setDialog(ctx, { step: 'choose', kind, ...(area ? { area } : {}) });
    const existingCity = cityDirectory(ctx.content).get(existing.city)?.name ?? existing.city;
    return privately(turn, [
      {
        text: ctx.t('selfcheck.unfinished', { city: existingCity, answered: answeredCount(existing), total: existing.questions.length, date: existing.startedAt.slice(0, 10) }),
        buttons: [
          button(ctx.t('selfcheck.button.resume'), NAME, 'continue', { r: existing.id }, 'primary'),
          button(ctx.t('selfcheck.button.restart'), NAME, 'restart', startData(kind, area)),
        ],
      },
    ]);
  }
  return begin(turn, ctx, city, kind, area);
}

async function restart(turn: Turn, ctx: IntentContext, kind: RunKind, area: AreaId | undefined): Promise<Reply[]> {
  await discardRun(turn, ctx);
  return start(turn, ctx, kind, area);
}

async function resume(turn: Turn, ctx: IntentContext, runId?: string): Promise<Reply[]> {
  const run = await loadRun(turn, ctx);
  if (!run || (runId && run.id !== runId)) {
    await ctx.dialog.clear();
    return [{ text: ctx.t('selfcheck.noRun'), choices: [ctx.t('selfcheck.choice.start')] }];
  }
  const resumed: Run = { ...run, status: 'active', updatedAt: now(ctx) };
  await saveRun(turn, ctx, resumed);
  await scheduleReminder(ctx.jobs, scopeOf(turn), resumed);
  const city = cityDirectory(ctx.content).get(run.city)?.name ?? run.city;
  return ask(turn, ctx, resumed, ctx.t('selfcheck.resumed', { city, answered: answeredCount(run), total: run.questions.length }));
}

async function record(turn: Turn, ctx: IntentContext, run: Run, value: Response, said?: string): Promise<Reply[]> {
  const qid = run.questions[run.position]!;
  const next: Run = { ...run, answers: { ...run.answers, [qid]: value }, position: run.position + 1, status: 'active', updatedAt: now(ctx) };
  if (next.position >= next.questions.length) return [...(said ? privately(turn, [{ text: said }]) : []), ...(await complete(turn, ctx, next))];
  await saveRun(turn, ctx, next);
  await scheduleReminder(ctx.jobs, scopeOf(turn), next);
  return ask(turn, ctx, next, said);
}

/**
 * An answer in the officer's own words: kept as a note on the question, and recorded as yes / partly /
 * no when it clearly means one; otherwise the question is asked again with the note kept. A question
 * or a clear request for another intent is not an answer, nor is text that says nothing about the
 * city ("what a lovely day").
 */
async function freeText(turn: Turn, ctx: IntentContext, run: Run, text: string): Promise<Reply[]> {
  const question = text.trim().endsWith('?');
  const value = question ? undefined : freeAnswer(text, ctx.locale);
  const qid = run.questions[run.position]!;
  const noted: Run = { ...run, notes: { ...run.notes, [qid]: noteOf(text) } };
  if (value) return record(turn, ctx, noted, value, ctx.t('selfcheck.note.mapped', { answer: ctx.t(`selfcheck.answer.${value}`) }));
  const others = [...ctx.intents.values()].filter((i) => i.name !== NAME && i.name !== 'help');
  const [best] = classify(text, others);
  if (question || (best && best.confidence >= MATCH_THRESHOLD) || !aboutUs(text, ctx.locale)) return notAnAnswer(turn, ctx, run, text);
  await saveRun(turn, ctx, { ...noted, updatedAt: now(ctx) });
  return ask(turn, ctx, noted, ctx.t('selfcheck.note.which', { note: noteOf(text).slice(0, 200) }));
}

/** "cancel": a run with answers asks first (they would be lost); one without is dropped at once. */
async function askDiscard(turn: Turn, ctx: IntentContext, run: Run): Promise<Reply[]> {
  const answered = answeredCount(run);
  if (answered === 0) return discard(turn, ctx);
  await setDialog(ctx, { step: 'confirmCancel', run: run.id });
  const city = cityDirectory(ctx.content).get(run.city)?.name ?? run.city;
  return privately(turn, [
    {
      text: ctx.t('selfcheck.confirmCancel', { city, answered, total: run.questions.length }),
      buttons: [button(ctx.t('selfcheck.button.discard'), NAME, 'discard', { r: run.id }, 'danger'), button(ctx.t('selfcheck.button.keep'), NAME, 'continue', { r: run.id }, 'primary')],
    },
  ]);
}

async function discard(turn: Turn, ctx: IntentContext): Promise<Reply[]> {
  await discardRun(turn, ctx);
  await ctx.dialog.clear();
  return privately(turn, [{ text: ctx.t('selfcheck.cancelled') }]);
}

async function back(turn: Turn, ctx: IntentContext, run: Run): Promise<Reply[]> {
  if (run.position === 0) return ask(turn, ctx, run, ctx.t('selfcheck.atFirst'));
  const prev: Run = { ...run, position: run.position - 1, status: 'active', updatedAt: now(ctx) };
  await saveRun(turn, ctx, prev);
  return ask(turn, ctx, prev);
}

async function pause(turn: Turn, ctx: IntentContext, run: Run): Promise<Reply[]> {
  await saveRun(turn, ctx, { ...run, status: 'paused', updatedAt: now(ctx) });
  await ctx.dialog.clear();
  return privately(turn, [
    {
      text: ctx.t('selfcheck.paused', { answered: answeredCount(run), total: run.questions.length }),
      buttons: [button(ctx.t('selfcheck.button.resume'), NAME, 'continue', { r: run.id }, 'primary')],
    },
  ]);
}

/** The notes of the questions this run asked and answered, for its result. */
function notesOf(run: Run): { notes?: Record<string, string> } {
  const notes = Object.fromEntries(Object.entries(run.notes ?? {}).filter(([q]) => run.questions.includes(q) && run.answers[q]));
  return Object.keys(notes).length ? { notes } : {};
}

async function complete(turn: Turn, ctx: IntentContext, run: Run): Promise<Reply[]> {
  const structure = ctx.content.selfcheck.structure;
  const asked = Object.fromEntries(run.questions.filter((q) => run.answers[q]).map((q) => [q, run.answers[q]!]));
  const scores = scoreAnswers(structure, asked);
  await discardRun(turn, ctx);
  await ctx.dialog.clear();
  if (scores.overall === null) return privately(turn, [{ text: ctx.t('selfcheck.noScore'), choices: [ctx.t('selfcheck.choice.start')] }]);
  const scope = scopeOf(turn);
  const earlier = await cityResults(ctx.stores.store, scope, run.city);
  let completedAt = now(ctx);
  // Two runs of one city finishing in the same millisecond must not overwrite each other.
  while (earlier.some((r) => r.completedAt === completedAt)) completedAt = new Date(new Date(completedAt).getTime() + 1).toISOString();
  const result: SelfCheckResult = {
    city: run.city,
    completedAt,
    overall: roundScore(scores.overall),
    areas: Object.fromEntries(Object.entries(scores.areas).map(([a, s]) => [a, roundScore(s)])),
    user: run.user,
    kind: run.kind,
    ...notesOf(run),
  };
  await stores(ctx).results.set(scope, resultKey(result), result);
  await stores(ctx).results.indexAdd(scope, resultKey(result), 0); // read by the weekly digest (src/nudges/digest.ts)
  return resultReplies(ctx, turn, result, earlier);
}

/** The latest result of the user's city, with the results before it. */
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

/** Text clearly meant for another intent (a search, a setting) goes there; undefined otherwise. */
async function handOver(turn: Turn, ctx: IntentContext, text: string): Promise<Reply[] | undefined> {
  const others = [...ctx.intents.values()].filter((i) => i.name !== NAME && i.name !== 'help');
  const [best] = classify(text, others);
  const target = best && best.confidence >= MATCH_THRESHOLD ? ctx.intents.get(best.intent) : undefined;
  if (!target) return undefined;
  const input: IntentInput = { text, via: 'text', confidence: best!.confidence };
  return target.handle(turn, ctx, input);
}

/** Not an answer: a clear request for another intent pauses the run and goes there, else ask again. */
async function notAnAnswer(turn: Turn, ctx: IntentContext, run: Run, text: string): Promise<Reply[]> {
  const others = [...ctx.intents.values()].filter((i) => i.name !== NAME && i.name !== 'help');
  const [best] = classify(text, others);
  if (best && best.confidence >= MATCH_THRESHOLD) {
    const paused = await pause(turn, ctx, run);
    return [...paused, ...((await handOver(turn, ctx, text)) ?? [])];
  }
  return ask(turn, ctx, run, ctx.t('selfcheck.notUnderstood'));
}

const CITY_LEAD = /^\s*(?:(?:it'?s|it is|my city is|we are|we're|i work for|i'm from|i am from)\s+)?(?:(?:the )?city of\s+)?/iu;

async function onCity(turn: Turn, ctx: IntentContext, d: Extract<Dialog, { step: 'city' }>, said: string): Promise<Reply[]> {
  const text = said.replace(CITY_LEAD, '');
  const choice = chooseCity(ctx.content, text);
  if (choice.kind === 'unknown') {
    // Not a city name but a clear request for something else ("how did other cities…"): answer that.
    if (choice.suggestions.length === 0) {
      const other = await handOver(turn, ctx, said);
      if (other) {
        await ctx.dialog.clear();
        return other;
      }
    }
    return privately(turn, [unknownCityReply(ctx, text, choice.suggestions, (c) => button(c.name, NAME, 'city', { id: c.id, ...startData(d.kind, d.area) }))]);
  }
  await saveProfileCity(turn, ctx, choice.city);
  const replies = await start(turn, ctx, d.kind, d.area);
  const note = [guessNote(ctx, text, choice), ctx.t('settings.city.saved', { city: cityLabel(choice.city) })].filter(Boolean).join('\n');
  return [...privately(turn, [{ text: note }]), ...replies];
}

/** "continue", „weiter“, «продовжити»... alone: the words the pause message tells people to type, in every language. */
const saysContinue = (text: string) => parseDialogInput(text)?.kind === 'continue';

function wantsStart(text: string): 'discard' | 'continue' | 'share' | 'results' | 'start' {
  if (saysContinue(text)) return 'continue';
  if (/\b(cancel|discard|abandon|delete|drop)\b/i.test(text)) return 'discard';
  if (/^\s*(continue|resume|carry on)\b/i.test(text) || /\b(continue|resume)\b.*\b(self[- ]?check|self[- ]?assessment|check)\b/i.test(text)) return 'continue';
  if (/\bshare\b/i.test(text)) return 'share';
  if (/\b(results?|scores?|last (self[- ]?)?check)\b/i.test(text)) return 'results';
  return 'start';
}

const phrases = phraseMatcher('selfcheck');

export default defineIntent({
  name: NAME,
  description: 'intent.selfcheck.description',
  examples: ['start the self-check', '/icc check education', 'continue my self-check', 'share with my working group'],
  commands: ['check'],
  summary: selfcheckSummary,
  // English here; the other languages' phrases are in content/intents/selfcheck.json.
  match: (text) =>
    bestOf(
      matchPatterns(text, [
        [/\b(self[- ]?check|self[- ]?assessment|quick[- ]check|auto-?[ée]valuation|autoevaluaci[oó]n|autovalutazione)\b/i, 0.9],
        [/\b(assess|evaluate|check|score) (my|our) city\b/i, 0.85],
        [/^\s*(continue|resume|continuer|reprendre|continuar|riprendi)\s*[.!]*\s*$/i, 0.9],
        [/\bshare (it |this |that |them |the results? |my results? )?with (my|our|the) (working )?group\b/i, 0.9],
      ]),
      phrases(text),
      saysContinue(text) ? 0.9 : null,
    ),

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
        return start(turn, ctx, area ? 'area' : 'quick', area);
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
        // Only a clear yes discards; anything else keeps the answers and asks the open question again.
        const choice = parseConfirm(text, { discard: ctx.t('selfcheck.button.discard'), keep: ctx.t('selfcheck.button.keep') });
        return choice === 'discard' ? discard(turn, ctx) : resume(turn, ctx, run.id);
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
        return [{ text: ctx.t('settings.city.saved', { city: cityLabel(city) }) }, ...(await start(turn, ctx, k, a))];
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
