/**
 * Weekly nudges: a channel or group chat subscribes to one digest a week, at its local time.
 * `/icc nudge weekly mon 09:00 Europe/Rome topics education,public-space`, "send this channel a weekly
 * tip every Monday at 9", `/icc nudge list | pause <n weeks> | resume | off`, and the digest's buttons
 * (skip next week, unsubscribe). The scheduler in src/nudges/scheduler.ts does the sending.
 * `/icc nudge` alone, `/icc nudge form` or the "Set up with a form" button answer with a form (day, time,
 * time zone, topics); its submission goes through the same `setWeekly` as the command.
 */
import { nudgesSummary } from '../src/nudges/summary.js';
import { z } from 'zod';
import { AREA_IDS, type AreaId } from '../src/content/schemas.js';
import { button, defineIntent, parseAction, type IntentContext } from '../src/core/intent.js';
import { phraseMatcher } from '../src/core/phrases.js';
import { scopeOf, type Form, type Reply, type Turn } from '../src/core/turn.js';
import { areaLabel } from '../src/nudges/digest.js';
import { FIELD, FORM_ACTION, FORM_ID, FormDataSchema, OPEN_FORM_ACTION, checkForm, halfHours } from '../src/nudges/form.js';
import { DEFAULT_TIME, MAX_PAUSE_WEEKS, parseNudgeRequest, type NudgeRequest, type TopicResolver } from '../src/nudges/parse.js';
import { WEEKDAYS, canonicalTimeZone, formatDate, formatLocal, isoWeekKey, localDateTime, nextOccurrence, nthOccurrence, weekdayName, type Occurrence } from '../src/nudges/schedule.js';
import { Subscriptions, channelAddress, effectiveStatus, specOf, upcomingSend, type Person, type Subscription } from '../src/nudges/subscriptions.js';
import { words } from '../src/search/text.js';

const SkipSchema = z.object({ w: z.string().regex(/^\d{4}-W\d{2}$/) }).strict();
const NoDataSchema = z.object({}).strict();

const norm = (s: string) => words(s).join('-');

/** Area ids, their names in every language the self-check texts carry, and unique id prefixes. */
function topicResolver(ctx: IntentContext): TopicResolver {
  const known = new Map<string, AreaId>();
  for (const id of AREA_IDS) {
    known.set(norm(id), id);
    for (const text of ctx.content.selfcheck.text.values()) known.set(norm(text.areas[id].name), id);
  }
  return (typed) => {
    const key = norm(typed);
    if (!key) return undefined;
    if (['all', 'every', 'any', 'everything', 'all-areas'].includes(key)) return 'all';
    const exact = known.get(key);
    if (exact) return exact;
    const prefixed = AREA_IDS.filter((id) => id.startsWith(key));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  };
}

const personOf = (turn: Turn): Person => ({ id: turn.user.id, ...(turn.user.name ? { name: turn.user.name } : {}) });
const nameOf = (p: Person) => p.name ?? p.id;

function when(ctx: IntentContext, sub: Subscription, o: Occurrence): string {
  return `${formatLocal(o.at, ctx.locale, sub.timeZone)} (${sub.timeZone})`;
}

function topicsText(ctx: IntentContext, sub: Subscription): string {
  if (sub.topics.length === 0) return ctx.t('nudges.topicsAll');
  return ctx.t('nudges.topicsSome', { topics: sub.topics.map((a) => areaLabel(ctx.content, ctx.search, ctx.locale, a)).join(', ') });
}

function scheduleText(ctx: IntentContext, sub: Subscription): Record<string, string> {
  return { weekday: weekdayName(sub.day, ctx.locale), time: sub.time, zone: sub.timeZone, topics: topicsText(ctx, sub) };
}

function errorReply(ctx: IntentContext, req: Extract<NudgeRequest, { kind: 'error' }>): Reply[] {
  const vars = { value: req.value, areas: AREA_IDS.join(', ') };
  const lines = [ctx.t(`nudges.error.${req.error}`, vars)];
  if (req.error === 'unknown') lines.push(ctx.t('nudges.usage'));
  return [{ text: lines.join('\n'), ephemeral: true, buttons: [formButton(ctx)] }];
}

const formButton = (ctx: IntentContext) => button(ctx.t('nudges.button.form'), 'nudges', OPEN_FORM_ACTION);

/** The form, prefilled from the channel's subscription, else the asking person's time zone. */
async function formReply(turn: Turn, ctx: IntentContext, subs: Subscriptions): Promise<Reply[]> {
  const current = await subs.get(scopeOf(turn), turn.conversation.conversation);
  const day = current?.day ?? 'mon';
  const time = current?.time ?? DEFAULT_TIME;
  const zone = current?.timeZone ?? (await timeZoneFor(turn, ctx));
  const times = halfHours();
  if (!times.includes(time)) times.push(time);
  times.sort();
  const form: Form = {
    id: FORM_ID,
    title: ctx.t('nudges.form.title'),
    submitLabel: ctx.t('nudges.form.submit'),
    fields: [
      { id: FIELD.day, label: ctx.t('nudges.form.day'), kind: 'select', required: true, initial: day, options: WEEKDAYS.map((d) => ({ value: d, label: weekdayName(d, ctx.locale) })) },
      { id: FIELD.time, label: ctx.t('nudges.form.time'), kind: 'select', required: true, initial: time, options: times.map((v) => ({ value: v, label: v })) },
      { id: FIELD.timeZone, label: ctx.t('nudges.form.timeZone'), kind: 'text', initial: zone, placeholder: ctx.t('nudges.form.timeZonePlaceholder') },
      {
        id: FIELD.topics,
        label: ctx.t('nudges.form.topics'),
        kind: 'select',
        multiple: true,
        placeholder: ctx.t('nudges.form.topicsPlaceholder'),
        ...(current?.topics.length ? { initial: current.topics.join(',') } : {}),
        options: AREA_IDS.map((a) => ({ value: a, label: areaLabel(ctx.content, ctx.search, ctx.locale, a) })),
      },
    ],
    submit: { intent: 'nudges', name: FORM_ACTION, data: {} },
    command: `/icc nudge weekly ${day} ${time} ${zone}${current?.topics.length ? ` topics ${current.topics.join(',')}` : ''}`,
  };
  return [{ text: ctx.t('nudges.form.intro'), form }];
}

/** A submitted form: checked field by field, then applied exactly like the typed command. */
async function submitForm(turn: Turn, ctx: IntentContext, subs: Subscriptions, data: Record<string, unknown>): Promise<Reply[]> {
  const parsed = FormDataSchema.safeParse(data);
  if (!parsed.success) return [{ text: ctx.t('nudges.form.invalid'), ephemeral: true }];
  const checked = checkForm(parsed.data);
  if (!checked.ok) {
    const message = ctx.t(`nudges.form.error.${checked.error}`, { value: checked.value });
    return [{ text: message, ephemeral: true, formErrors: { [FIELD[checked.field]]: message }, buttons: [formButton(ctx)] }];
  }
  const v = checked.values;
  return setWeekly(turn, ctx, subs, { kind: 'weekly', day: v.day, time: v.time, topics: v.topics, ...(v.timeZone ? { timeZone: v.timeZone } : {}) });
}

async function timeZoneFor(turn: Turn, ctx: IntentContext): Promise<string> {
  const profile = await ctx.stores.profile.get(scopeOf(turn), turn.user.id);
  return canonicalTimeZone(turn.timeZone) ?? canonicalTimeZone(profile?.timeZone) ?? canonicalTimeZone(ctx.config.defaultTimeZone) ?? 'UTC';
}

async function setWeekly(turn: Turn, ctx: IntentContext, subs: Subscriptions, req: Extract<NudgeRequest, { kind: 'weekly' }>): Promise<Reply[]> {
  const scope = scopeOf(turn);
  const id = turn.conversation.conversation;
  const now = ctx.clock.now().toISOString();
  const existing = await subs.get(scope, id);
  const by = personOf(turn);
  const sub: Subscription = {
    address: channelAddress(turn.conversation),
    day: req.day,
    time: req.time,
    timeZone: req.timeZone ?? existing?.timeZone ?? (await timeZoneFor(turn, ctx)),
    topics: req.topics ?? existing?.topics ?? [],
    locale: ctx.locale,
    createdBy: existing?.createdBy ?? by,
    createdAt: existing?.createdAt ?? now,
    updatedBy: by,
    updatedAt: now,
    activeFrom: now,
    status: 'active',
    skipWeeks: [],
    history: existing?.history ?? {},
    topicCursor: existing?.topicCursor ?? 0,
    ...(existing?.lastSent ? { lastSent: existing.lastSent } : {}),
  };
  await subs.put(scope, id, sub);
  const next = upcomingSend(sub, ctx.clock.now())!;
  const lines = [ctx.t('nudges.set', { ...scheduleText(ctx, sub), name: nameOf(by), next: when(ctx, sub, next) })];
  if (!req.timeZone && !existing) lines.push(ctx.t('nudges.zoneHint', { day: sub.day, time: sub.time }));
  return [{ text: lines.join('\n') }];
}

function listReply(ctx: IntentContext, sub: Subscription): Reply[] {
  const now = ctx.clock.now();
  const status = effectiveStatus(sub, now);
  const lines = [ctx.t('nudges.list.schedule', scheduleText(ctx, sub))];
  const next = upcomingSend(sub, now);
  if ((status === 'active' || status === 'paused') && next) lines.push(ctx.t(`nudges.list.${status}`, { next: when(ctx, sub, next) }));
  else if (status === 'broken') lines.push(ctx.t('nudges.list.broken', { reason: ctx.t(`nudges.reason.${sub.brokenReason === 'forbidden' ? 'forbidden' : 'gone'}`) }));
  else lines.push(ctx.t('nudges.list.off'));
  lines.push(ctx.t('nudges.list.setBy', { creator: nameOf(sub.createdBy), editor: nameOf(sub.updatedBy), date: formatDate(new Date(sub.updatedAt), ctx.locale, sub.timeZone) }));
  if (sub.lastSent) lines.push(ctx.t('nudges.list.lastSent', { date: formatDate(new Date(sub.lastSent.at), ctx.locale, sub.timeZone) }));
  return [{ text: lines.join('\n'), buttons: [formButton(ctx)] }];
}

/** Applies a change made by someone in the channel and records who made it. */
async function change(turn: Turn, ctx: IntentContext, subs: Subscriptions, fn: (sub: Subscription) => Subscription): Promise<Subscription | undefined> {
  const now = ctx.clock.now().toISOString();
  return subs.update(scopeOf(turn), turn.conversation.conversation, (sub) => ({ ...fn(sub), updatedBy: personOf(turn), updatedAt: now }));
}

async function turnOff(turn: Turn, ctx: IntentContext, subs: Subscriptions): Promise<Reply[]> {
  const current = await subs.get(scopeOf(turn), turn.conversation.conversation);
  if (!current) return [{ text: ctx.t('nudges.notSubscribed'), ephemeral: true }];
  if (current.status === 'off') return [{ text: ctx.t('nudges.alreadyOff'), ephemeral: true }];
  await change(turn, ctx, subs, (sub) => ({ ...sub, status: 'off' }));
  return [{ text: ctx.t('nudges.off', { name: nameOf(personOf(turn)) }) }];
}

async function run(turn: Turn, ctx: IntentContext, req: NudgeRequest): Promise<Reply[]> {
  const subs = new Subscriptions(ctx.stores.store);
  if (turn.conversation.kind === 'dm') {
    await subs.rememberContact(scopeOf(turn), turn.user.id, turn.conversation);
    return [{ text: ctx.t('nudges.dmOnly') }];
  }
  if (req.kind === 'error') return errorReply(ctx, req);
  if (req.kind === 'usage') return [{ text: ctx.t('nudges.usage'), ephemeral: true, buttons: [formButton(ctx)] }];
  if (req.kind === 'form') return formReply(turn, ctx, subs);
  const scope = scopeOf(turn);
  const id = turn.conversation.conversation;
  const now = ctx.clock.now();
  const name = nameOf(personOf(turn));

  switch (req.kind) {
    case 'weekly':
      return setWeekly(turn, ctx, subs, req);
    case 'list': {
      const sub = await subs.get(scope, id);
      return sub ? listReply(ctx, sub) : [{ text: [ctx.t('nudges.list.none'), ctx.t('nudges.usage')].join('\n'), buttons: [formButton(ctx)] }];
    }
    case 'off':
      return turnOff(turn, ctx, subs);
    case 'pause': {
      const current = await subs.get(scope, id);
      if (!current || current.status === 'off' || current.status === 'broken') return [{ text: ctx.t('nudges.notSubscribed'), ephemeral: true }];
      // The next `weeks` sends are left out; the one after them goes out again.
      const resumeAt = nthOccurrence(specOf(current), now, Math.min(req.weeks, MAX_PAUSE_WEEKS) + 1);
      const sub = (await change(turn, ctx, subs, (s) => ({ ...s, status: 'paused', pausedUntil: resumeAt.at.toISOString() })))!;
      return [{ text: ctx.t('nudges.paused', { weeks: req.weeks, name, next: when(ctx, sub, upcomingSend(sub, now)!) }) }];
    }
    case 'resume': {
      const current = await subs.get(scope, id);
      if (!current) return [{ text: ctx.t('nudges.notSubscribed'), ephemeral: true }];
      // Coming back from off, broken or a pause starts from now; resuming an active one changes nothing,
      // so a send that is due (or waiting for a retry) is not lost.
      const restart = effectiveStatus(current, now) !== 'active';
      const sub = (await change(turn, ctx, subs, ({ pausedUntil: _p, brokenReason: _b, ...s }) => ({
        ...s,
        status: 'active',
        activeFrom: restart ? now.toISOString() : s.activeFrom,
        address: channelAddress(turn.conversation),
      })))!;
      return [{ text: ctx.t('nudges.resumed', { name, next: when(ctx, sub, upcomingSend(sub, now)!) }) }];
    }
  }
}

export default defineIntent({
  name: 'nudges',
  description: 'intent.nudges.description',
  examples: ['send this channel a weekly tip every Monday at 9', '/icc nudge weekly mon 09:00 Europe/Rome topics education,public-space', 'pause the weekly nudges for 2 weeks'],
  commands: ['nudge', 'nudges'],
  summary: nudgesSummary,
  // What people type, in every language English included, is in content/intents/nudges.json.
  match: phraseMatcher('nudges'),
  async handle(turn, ctx, input) {
    // `/icc nudge` alone opens the form; typed words keep their meaning.
    const bare = input.via === 'command' && input.text.trim() === '';
    return run(turn, ctx, bare ? { kind: 'form' } : parseNudgeRequest(input.text, input.via, topicResolver(ctx)));
  },
  async onAction(turn, ctx, action) {
    if (turn.conversation.kind === 'dm') return [{ text: ctx.t('nudges.dmOnly'), ephemeral: true }];
    const subs = new Subscriptions(ctx.stores.store);
    switch (action.name) {
      case 'skip': {
        const { w } = parseAction(SkipSchema, action);
        const current = await subs.get(scopeOf(turn), turn.conversation.conversation);
        if (!current || current.status === 'off' || current.status === 'broken') return [{ text: ctx.t('nudges.notSubscribed'), ephemeral: true }];
        const now = ctx.clock.now();
        // "Next week" is relative to the digest the button came with, so pressing twice skips one week.
        let target = nextOccurrence(specOf(current), now);
        while (target.week <= w || target.week === current.lastSent?.week) target = nextOccurrence(specOf(current), target.at);
        // Weeks already behind us are pruned; ISO week keys sort chronologically.
        const thisWeek = isoWeekKey(localDateTime(now, current.timeZone));
        const sub = (await change(turn, ctx, subs, (s) => ({ ...s, skipWeeks: [...new Set([...s.skipWeeks.filter((k) => k >= thisWeek), target.week])].sort() })))!;
        const next = upcomingSend(sub, now);
        return [{ text: ctx.t('nudges.skipped', { date: formatLocal(target.at, ctx.locale, sub.timeZone), name: nameOf(personOf(turn)), next: next ? when(ctx, sub, next) : '' }) }];
      }
      case 'unsubscribe':
        parseAction(NoDataSchema, action);
        return turnOff(turn, ctx, subs);
      case OPEN_FORM_ACTION:
        parseAction(NoDataSchema, action);
        return formReply(turn, ctx, subs);
      case FORM_ACTION:
        return submitForm(turn, ctx, subs, action.data);
      default:
        return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    }
  },
});
