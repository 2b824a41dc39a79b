/**
 * Donut-style introductions between cities: staff opt in as their city's contact (per workspace /
 * tenant); "connect me with Getxo" opens a conversation with an opted-in Getxo contact, or gives what
 * is public and an intro text to copy. Every introduction is recorded and followed up a week later.
 */
import { cityName } from '../cities/choose.js';
import type { City } from '../content/schemas.js';
import type { Translate } from '../core/i18n.js';
import { button, type IntentContext } from '../core/intent.js';
import { SendError } from '../core/sender.js';
import { scopeOf, type Reply, type Turn } from '../core/turn.js';
import { practiceCard } from '../replies/practice-card.js';
import type { JobHandlerFactory } from '../feature.js';
import { ownCity, practiceTitles } from './find.js';
import {
  contactId,
  ignoredCount,
  listContacts,
  listIntros,
  MAX_IGNORED_INTROS,
  offeredContacts,
  peerStores,
  type Intro,
  type IntroOutcome,
} from './store.js';
import { findCity, resolveTopic } from './topic.js';

export const FOLLOWUP_JOB = 'peers.followup';
export const FOLLOWUP_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
const PRACTICES_IN_INTRO = 3;

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function cityById(ctx: Pick<IntentContext, 'content'>, id: string): City | undefined {
  return ctx.content.cities.find((c) => c.id === id);
}

/** Resolves a typed city name: the city, or the replies that ask which one was meant. */
function resolveCityName(ctx: IntentContext, name: string, pick: (c: City) => Reply['buttons']): { city: City } | { replies: Reply[] } {
  const m = findCity(ctx.content.cities, name);
  if (m.kind === 'exact') return { city: m.city };
  if (m.kind === 'close') return { replies: [{ text: ctx.t('peers.connect.didYouMean'), buttons: [m.city, ...m.alternatives].flatMap((c) => pick(c) ?? []) }] };
  const replies: Reply[] = [{ text: ctx.t('peers.connect.unknownCity', { name: name.slice(0, 80) }) }];
  if (m.suggestions.length) replies.push({ text: ctx.t('peers.connect.didYouMean'), buttons: m.suggestions.flatMap((c) => pick(c) ?? []) });
  return { replies };
}

// ---- opt in / opt out -------------------------------------------------------------------------

export async function optIn(turn: Turn, ctx: IntentContext, input: { name?: string; id?: string }): Promise<Reply[]> {
  const { t } = ctx;
  let city: City | undefined;
  if (input.id) city = cityById(ctx, input.id);
  else if (input.name) {
    const r = resolveCityName(ctx, input.name, (c) => [button(t('peers.optin.confirm', { city: cityName(c, ctx.locale) }), 'peers', 'optin', { c: c.id })]);
    if ('replies' in r) return r.replies;
    city = r.city;
  } else city = await ownCity(turn, ctx);
  if (!city) return [{ text: t(input.id ? 'error.staleButton' : 'peers.optin.whichCity') }];

  const scope = scopeOf(turn);
  const stores = peerStores(ctx.stores.store);
  // One city per person: opting in for a city replaces any earlier one.
  for (const c of await listContacts(stores, scope)) if (c.user === turn.user.id && c.city !== city.id) await stores.contact.delete(scope, contactId(c.city, c.user));
  await stores.contact.set(scope, contactId(city.id, turn.user.id), {
    city: city.id,
    user: turn.user.id,
    ...(turn.user.name ? { name: turn.user.name } : {}),
    ...(turn.conversation.kind === 'dm' ? { address: turn.conversation } : {}),
    optedInAt: ctx.clock.now().toISOString(),
  });
  return [{ text: t('peers.optin.done', { city: cityName(city, ctx.locale) }) }];
}

export async function optOut(turn: Turn, ctx: IntentContext): Promise<Reply[]> {
  const scope = scopeOf(turn);
  const stores = peerStores(ctx.stores.store);
  const mine = (await listContacts(stores, scope)).filter((c) => c.user === turn.user.id);
  for (const c of mine) await stores.contact.delete(scope, contactId(c.city, c.user));
  if (mine.length === 0) return [{ text: ctx.t('peers.optout.none') }];
  const names = mine.map((c) => cityById(ctx, c.city)?.name ?? c.city).join(', ');
  return [{ text: ctx.t('peers.optout.done', { cities: names }) }];
}

// ---- connect ----------------------------------------------------------------------------------

export async function connect(turn: Turn, ctx: IntentContext, input: { name?: string; id?: string; topic?: string }): Promise<Reply[]> {
  const { t } = ctx;
  const topicText = (input.topic ?? '').trim().slice(0, 120);
  let city: City | undefined;
  if (input.id) {
    city = cityById(ctx, input.id);
    if (!city) return [{ text: t('error.staleButton'), ephemeral: true }];
  } else {
    const name = (input.name ?? '').trim();
    if (!name) return [{ text: t('peers.connect.askCity') }];
    const r = resolveCityName(ctx, name, (c) => [button(cityName(c, ctx.locale), 'peers', 'connect', { c: c.id, ...(topicText ? { q: topicText } : {}) })]);
    if ('replies' in r) return r.replies;
    city = r.city;
  }

  const scope = scopeOf(turn);
  const stores = peerStores(ctx.stores.store);
  const own = await ownCity(turn, ctx);
  if (own?.id === city.id) return [{ text: t('peers.connect.ownCity', { city: cityName(city, ctx.locale) }) }];

  const now = ctx.clock.now();
  const intros = await listIntros(stores, scope);
  // A direct introduction to the same city this week is not repeated: the conversation exists.
  const recent = intros.find((i) => i.kind === 'direct' && i.requester === turn.user.id && i.city === city.id && now.getTime() - Date.parse(i.createdAt) < FOLLOWUP_AFTER_MS);
  if (recent) return [{ text: t('peers.connect.already', { city: cityName(city, ctx.locale), date: recent.createdAt.slice(0, 10) }) }];

  const practices = topPractices(ctx, city, topicText);
  const contact = (await offeredContacts(stores, scope, city.id, turn.user.id, intros))[0];
  const requester = turn.user.name ?? turn.user.id;
  const intro: Intro = {
    id: `${now.toISOString()}|${turn.id}`,
    kind: contact ? 'direct' : 'public',
    requester: turn.user.id,
    ...(turn.user.name ? { requesterName: turn.user.name } : {}),
    ...(own ? { requesterCity: own.id } : {}),
    city: city.id,
    ...(contact ? { contact: contact.user, ...(contact.name ? { contactName: contact.name } : {}) } : {}),
    ...(topicText ? { topic: topicText } : {}),
    practices,
    createdAt: now.toISOString(),
    address: turn.conversation,
    locale: ctx.locale,
  };
  await stores.intro.set(scope, intro.id, intro);
  await ctx.jobs.schedule(scope, { id: `${FOLLOWUP_JOB}|${intro.id}`, kind: FOLLOWUP_JOB, dueAt: new Date(now.getTime() + FOLLOWUP_AFTER_MS), data: { intro: intro.id, user: turn.user.id } });

  const titles = practiceTitles(ctx, practices);
  const vars = {
    requester,
    requesterCity: own ? cityName(own, ctx.locale) : '',
    hasCity: yesNo(Boolean(own)),
    city: cityName(city, ctx.locale),
    topic: topicText,
    hasTopic: yesNo(Boolean(topicText)),
    practices: titles.map((x) => `“${x}”`).join(', '),
    hasPractices: yesNo(titles.length > 0),
    question: firstQuestion(t, titles[0], topicText),
  };

  if (contact) {
    await stores.contact.set(scope, contactId(contact.city, contact.user), { ...contact, lastIntroducedAt: now.toISOString() });
    const contactName = contact.name ?? contact.user;
    const message = [
      t('peers.intro.message', { ...vars, contact: contactName, hasContact: 'yes' }),
      t('peers.intro.why', vars),
      t('peers.intro.question', vars),
      t('peers.intro.footer', vars),
    ].filter((l) => l.trim());
    return [
      { text: message.join('\n\n'), cards: practices.map((id) => practiceCard(ctx, ctx.search.practice(id)!, { moreLikeThis: false })), deliverTo: { users: [contact.user] } },
      { text: t('peers.connect.done', { contact: contactName, city: cityName(city, ctx.locale) }) },
    ];
  }

  const publicPractices = city.practices.length ? (practices.length ? practices : city.practices.slice(0, PRACTICES_IN_INTRO)) : [];
  const sources = [...new Set([...publicPractices.map((id) => ctx.search.practice(id)?.source), ...city.sources].filter((x): x is string => Boolean(x)))].slice(0, 6);
  const lines = [t('peers.connect.public', { city: cityName(city, ctx.locale) }), t('peers.connect.practicesHeader', { count: publicPractices.length, city: cityName(city, ctx.locale) })];
  return [
    { text: lines.join('\n'), cards: publicPractices.map((id) => practiceCard(ctx, ctx.search.practice(id)!)) },
    {
      text: [
        ...(sources.length ? [t('peers.connect.sources', { sources: sources.join('\n') })] : []),
        t('peers.connect.copyHeader'),
        t('peers.copy.text', vars),
        t('peers.connect.optinHint', { city: cityName(city, ctx.locale) }),
      ].join('\n\n'),
    },
  ];
}

/** The city's practices for the topic (best first), else its most recent ones. */
function topPractices(ctx: IntentContext, city: City, topic: string): string[] {
  const known = city.practices.filter((id) => ctx.search.practice(id));
  const resolved = topic ? resolveTopic(ctx.search, topic) : null;
  const rel = resolved?.topic.relevance;
  const inAreas = new Set(resolved?.topic.areas ?? []);
  const score = (id: string) => {
    const p = ctx.search.practice(id)!;
    return (rel?.get(id) ?? 0) * 10 + (p.areas.some((a) => inAreas.has(a)) ? 1 : 0) + (p.year ?? 0) / 10_000;
  };
  return [...known].sort((a, b) => score(b) - score(a) || a.localeCompare(b)).slice(0, PRACTICES_IN_INTRO);
}

function firstQuestion(t: Translate, practiceTitle: string | undefined, topic: string): string {
  if (practiceTitle) return t('peers.question.practice', { practice: practiceTitle });
  if (topic) return t('peers.question.topic', { topic });
  return t('peers.question.general');
}

// ---- declines ---------------------------------------------------------------------------------

export async function setDeclined(turn: Turn, ctx: IntentContext, cityId: string, declined: boolean): Promise<Reply[]> {
  const city = cityById(ctx, cityId);
  if (!city) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
  const scope = scopeOf(turn);
  const stores = peerStores(ctx.stores.store);
  const id = `${turn.user.id}|${city.id}`;
  if (declined) {
    await stores.decline.set(scope, id, { at: ctx.clock.now().toISOString() });
    return [{ text: ctx.t('peers.declined', { city: cityName(city, ctx.locale) }), buttons: [button(ctx.t('peers.button.undecline'), 'peers', 'undecline', { c: city.id })], ephemeral: true }];
  }
  await stores.decline.delete(scope, id);
  return [{ text: ctx.t('peers.undeclined', { city: cityName(city, ctx.locale) }), ephemeral: true }];
}

// ---- follow-up --------------------------------------------------------------------------------

export function followUpMessage(t: Translate, intro: Pick<Intro, 'id'>, city: string): Reply {
  const data = (o: IntroOutcome) => ({ i: intro.id, o });
  return {
    text: t('peers.followup.ask', { city }),
    buttons: [
      button(t('peers.followup.yes'), 'peers', 'followup', data('yes'), 'primary'),
      button(t('peers.followup.notYet'), 'peers', 'followup', data('not-yet')),
      button(t('peers.followup.notUseful'), 'peers', 'followup', data('not-useful')),
    ],
  };
}

export async function answerFollowUp(turn: Turn, ctx: IntentContext, introId: string, outcome: IntroOutcome): Promise<Reply[]> {
  const scope = scopeOf(turn);
  const stores = peerStores(ctx.stores.store);
  const intro = await stores.intro.get(scope, introId);
  if (!intro || intro.requester !== turn.user.id) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
  const city = cityById(ctx, intro.city);
  const shownCity = city ? cityName(city, ctx.locale) : intro.city;
  await stores.intro.set(scope, intro.id, { ...intro, outcome, answeredAt: ctx.clock.now().toISOString() });

  const key = outcome === 'yes' ? 'peers.followup.thanksYes' : outcome === 'not-yet' ? 'peers.followup.thanksNotYet' : 'peers.followup.thanksNotUseful';
  const replies: Reply[] = [{ text: ctx.t(key, { city: shownCity }), replaceOriginal: true }];
  if (outcome !== 'yes' && intro.topic) replies[0]!.buttons = [button(ctx.t('peers.followup.otherPeers'), 'peers', 'topic', { q: intro.topic })];

  // A contact whose introductions keep going unanswered stops being offered until they opt in again.
  if (outcome === 'not-yet' && intro.kind === 'direct' && intro.contact && intro.outcome !== 'not-yet') {
    const contact = await stores.contact.get(scope, contactId(intro.city, intro.contact));
    if (contact) {
      const ignored = ignoredCount(contact, await listIntros(stores, scope));
      if (ignored === MAX_IGNORED_INTROS && contact.address) {
        replies.push({ text: ctx.t('peers.paused', { count: ignored, city: shownCity }), to: contact.address });
      }
    }
  }
  return replies;
}

/** `peers.followup` jobs: a week after an introduction, ask the requester whether they connected. */
export const peersJobHandlers: JobHandlerFactory = ({ app, senders }) => [
  [
    FOLLOWUP_JOB,
    async (job) => {
      const id = typeof job.data.intro === 'string' ? job.data.intro : undefined;
      if (!id) {
        app.log.warn('peers follow-up job without an intro id', { job: job.id });
        return;
      }
      const stores = peerStores(app.stores.store);
      const intro = await stores.intro.get(job.scope, id);
      if (!intro || intro.outcome || intro.followUpSentAt) return;
      const t = app.bot.deps.i18n.translator(intro.locale);
      const city = app.content.cities.find((c) => c.id === intro.city);
      try {
        await senders.send(intro.address, [followUpMessage(t, intro, city ? cityName(city, intro.locale) : intro.city)]);
      } catch (err) {
        // The conversation is gone or closed to us: retrying will not help.
        if (err instanceof SendError && err.reason !== 'transient' && err.reason !== 'rate-limited') {
          app.log.warn('peers follow-up not delivered', { job: job.id, reason: err.reason });
          return;
        }
        throw err;
      }
      await stores.intro.set(job.scope, id, { ...intro, followUpSentAt: app.clock.now().toISOString() });
    },
  ],
];
