/**
 * The self-check run as the intent drives it: its dialog steps and button payloads, asking one question
 * at a time, recording answers, back / pause / discard, and completing a run into a result.
 * intents/selfcheck.ts routes turns and buttons here.
 */
import { cityName } from '../cities/choose.js';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { cityDirectory, profileCity } from '../cities/choose.js';
import { AreaIdSchema, type AreaId, type City } from '../content/schemas.js';
import { button, type IntentContext, type IntentInput } from '../core/intent.js';
import { classify, MATCH_THRESHOLD } from '../core/router.js';
import type { Route } from '../core/route.js';
import { scopeOf, type Button, type Reply, type Turn } from '../core/turn.js';
import { aboutUs, freeAnswer, noteOf } from './free-text.js';
import { areaQuestions, cityResults, questionInfo, quickQuestions, resultKey, selfcheckStores, selfcheckText, type Run, type RunKind, type SelfCheckResult } from './model.js';
import { cancelReminder, scheduleReminder } from './reminder.js';
import { resultReplies } from './results.js';
import { roundScore, scoreAnswers, type Response } from './scoring.js';

export const NAME = 'selfcheck';

export const Kind = z.enum(['quick', 'area']);
export const DialogSchema = z.discriminatedUnion('step', [
  /** Waiting for the city before a first run. */
  z.object({ step: z.literal('city'), kind: Kind, area: AreaIdSchema.optional() }),
  /** An unfinished run exists: resume it or start again. */
  z.object({ step: z.literal('choose'), kind: Kind, area: AreaIdSchema.optional() }),
  /** A question of run `run` is open. */
  z.object({ step: z.literal('question'), run: z.string() }),
  /** "cancel" with answers in run `run`: waiting for "Yes, discard" or "No, keep going". */
  z.object({ step: z.literal('confirmCancel'), run: z.string() }),
]);
export type Dialog = z.infer<typeof DialogSchema>;

export const RunRef = z.object({ r: z.string().min(1).max(80) }).strict();
export const AnswerAction = z.object({ r: z.string().min(1).max(80), p: z.number().int().min(0).max(200), v: z.enum(['yes', 'partly', 'no', 'unknown']) }).strict();
export const StartAction = z.object({ k: Kind, a: AreaIdSchema.optional() }).strict();
export const CityAction = z.object({ id: z.string().min(1).max(120), k: Kind, a: AreaIdSchema.optional() }).strict();
export const ShareAction = z.object({ c: z.string().min(1).max(120), t: z.string().min(10).max(40) }).strict();
export const ShareToAction = ShareAction.extend({ to: z.string().min(1).max(300) }).strict();

export const ANSWERS: Array<[Response, string]> = [
  ['yes', 'selfcheck.answer.yes'],
  ['partly', 'selfcheck.answer.partly'],
  ['no', 'selfcheck.answer.no'],
  ['unknown', 'selfcheck.answer.unknown'],
];

export const stores = (ctx: IntentContext) => selfcheckStores(ctx.stores.store);
export const now = (ctx: IntentContext) => ctx.clock.now().toISOString();
export const privately = (turn: Turn, replies: Reply[]): Reply[] => (turn.conversation.kind === 'dm' ? replies : replies.map((r) => ({ ...r, ephemeral: true })));

export const answeredCount = (run: Run) => run.questions.filter((q) => run.answers[q] !== undefined).length;

export function startData(kind: RunKind, area: AreaId | undefined) {
  return area ? { k: kind, a: area } : { k: kind };
}

export async function setDialog(ctx: IntentContext, d: Dialog) {
  await ctx.dialog.set<Dialog>(NAME, d);
}

export function areaName(ctx: IntentContext, area: AreaId): string {
  return selfcheckText(ctx.content, ctx.locale).areas[area].name;
}

/** The open question of a run, with its buttons (Yes / Partly / No / Don't know first: 1-4 in the console). */
export function questionReply(ctx: IntentContext, run: Run, note?: string): Reply {
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
export function validQuestions(ctx: IntentContext, run: Run): Run {
  const questions = run.questions.filter((q) => questionInfo(ctx.content.selfcheck.structure, q));
  if (questions.length === run.questions.length) return run;
  const current = run.questions[run.position];
  const position = current && questions.includes(current) ? questions.indexOf(current) : Math.min(questions.length, questions.filter((q) => run.answers[q]).length);
  return { ...run, questions, position };
}

export async function loadRun(turn: Turn, ctx: IntentContext): Promise<Run | undefined> {
  const run = await stores(ctx).runs.get(scopeOf(turn), turn.user.id);
  return run ? validQuestions(ctx, run) : undefined;
}

export async function saveRun(turn: Turn, ctx: IntentContext, run: Run) {
  await stores(ctx).runs.set(scopeOf(turn), turn.user.id, run);
}

export async function discardRun(turn: Turn, ctx: IntentContext) {
  await stores(ctx).runs.delete(scopeOf(turn), turn.user.id);
  await cancelReminder(ctx.jobs, scopeOf(turn), turn.user.id);
}

/** Asks the current question of `run` in this conversation and makes it the active dialog. */
export async function ask(turn: Turn, ctx: IntentContext, run: Run, note?: string, intro?: string): Promise<Reply[]> {
  if (run.position >= run.questions.length) return complete(turn, ctx, run);
  await setDialog(ctx, { step: 'question', run: run.id });
  const replies: Reply[] = [];
  if (intro) replies.push({ text: intro });
  replies.push(questionReply(ctx, run, note));
  return privately(turn, replies);
}

export async function begin(turn: Turn, ctx: IntentContext, city: City, kind: RunKind, area: AreaId | undefined): Promise<Reply[]> {
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
      ? ctx.t('selfcheck.intro.quick', { city: cityName(city, ctx.locale), count: questions.length })
      : ctx.t('selfcheck.intro.area', { city: cityName(city, ctx.locale), count: questions.length, area: areaName(ctx, run.area!) });
  return ask(turn, ctx, run, undefined, `${intro}\n${ctx.t('selfcheck.intro.how')}`);
}

/** Start a run: ask the city first when unknown, ask resume-or-restart when a run is unfinished. */
export async function start(turn: Turn, ctx: IntentContext, kind: RunKind, area: AreaId | undefined): Promise<Reply[]> {
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

export async function restart(turn: Turn, ctx: IntentContext, kind: RunKind, area: AreaId | undefined): Promise<Reply[]> {
  await discardRun(turn, ctx);
  return start(turn, ctx, kind, area);
}

export async function resume(turn: Turn, ctx: IntentContext, runId?: string): Promise<Reply[]> {
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

export async function record(turn: Turn, ctx: IntentContext, run: Run, value: Response, said?: string): Promise<Reply[]> {
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
export async function freeText(turn: Turn, ctx: IntentContext, run: Run, text: string): Promise<Reply[]> {
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
export async function askDiscard(turn: Turn, ctx: IntentContext, run: Run): Promise<Reply[]> {
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

export async function discard(turn: Turn, ctx: IntentContext): Promise<Reply[]> {
  await discardRun(turn, ctx);
  await ctx.dialog.clear();
  return privately(turn, [{ text: ctx.t('selfcheck.cancelled') }]);
}

export async function back(turn: Turn, ctx: IntentContext, run: Run): Promise<Reply[]> {
  if (run.position === 0) return ask(turn, ctx, run, ctx.t('selfcheck.atFirst'));
  const prev: Run = { ...run, position: run.position - 1, status: 'active', updatedAt: now(ctx) };
  await saveRun(turn, ctx, prev);
  return ask(turn, ctx, prev);
}

export async function pause(turn: Turn, ctx: IntentContext, run: Run): Promise<Reply[]> {
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
export function notesOf(run: Run): { notes?: Record<string, string> } {
  const notes = Object.fromEntries(Object.entries(run.notes ?? {}).filter(([q]) => run.questions.includes(q) && run.answers[q]));
  return Object.keys(notes).length ? { notes } : {};
}

export async function complete(turn: Turn, ctx: IntentContext, run: Run): Promise<Reply[]> {
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

/**
 * The intent text is clearly meant for, other than this one and help: a phrase above the threshold, else
 * the router's choice with no dialog open when it is a sure one (its classifier reads questions no phrase
 * has: "vous stockez quoi comme données sur moi ?"); a guess at a search is not clear. `decided`: that
 * choice, when the caller has it already.
 */
export function otherIntent(ctx: IntentContext, text: string, decided: () => Route | undefined = () => ctx.decide?.(text)): { name: string; confidence: number } | undefined {
  const others = [...ctx.intents.values()].filter((i) => i.name !== NAME && i.name !== 'help');
  const [best] = classify(text, others);
  if (best && best.confidence >= MATCH_THRESHOLD) return { name: best.intent, confidence: best.confidence };
  const r = decided();
  if (r?.kind === 'classified' && r.intent !== NAME && r.intent !== 'help' && ctx.intents.has(r.intent)) return { name: r.intent, confidence: r.confidence };
  return undefined;
}

/** Text clearly meant for another intent (a search, a setting) goes there; undefined otherwise. */
export async function handOver(turn: Turn, ctx: IntentContext, text: string): Promise<Reply[] | undefined> {
  const target = otherIntent(ctx, text);
  if (!target) return undefined;
  const input: IntentInput = { text, via: 'text', confidence: target.confidence };
  return ctx.intents.get(target.name)!.handle(turn, ctx, input);
}

/** Not an answer: a clear request for another intent pauses the run and goes there, else ask again. */
export async function notAnAnswer(turn: Turn, ctx: IntentContext, run: Run, text: string): Promise<Reply[]> {
  const others = [...ctx.intents.values()].filter((i) => i.name !== NAME && i.name !== 'help');
  const [best] = classify(text, others);
  if (best && best.confidence >= MATCH_THRESHOLD) {
    const paused = await pause(turn, ctx, run);
    return [...paused, ...((await handOver(turn, ctx, text)) ?? [])];
  }
  return ask(turn, ctx, run, ctx.t('selfcheck.notUnderstood'));
}
