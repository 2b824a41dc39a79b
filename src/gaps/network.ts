/**
 * "Ask the network": the question nobody's practice answered goes to the workspace's NETWORK_CHANNEL,
 * where colleagues answer in its thread. The post is the asking person's message, so a record of it
 * (who, what, where, when) is their personal data (namespace `network-question`, src/gaps/privacy.ts);
 * the gap counts (src/gaps/store.ts) carry no one.
 */
import type { IntentContext } from '../core/intent.js';
import { RETENTION } from '../core/stores.js';
import { scopeOf, type Address, type Reply, type Turn } from '../core/turn.js';
import type { Store } from '../core/store.js';
import { queryKey } from '../feedback/boost.js';
import { networkChannelOf } from './note.js';

export const NETWORK_QUESTION_NAMESPACE = 'network-question';
/** The same question from the same person is posted once a day at most (a double press, a second click). */
const ASK_AGAIN_MS = 24 * 60 * 60 * 1000;

export interface NetworkQuestion {
  user: string;
  question: string;
  /** The channel it was posted in. */
  channel: string;
  at: string;
}

/** Kept as long as feedback: the person's own question, exported and erased with their data. */
export const networkQuestions = (store: Store) => store.namespace<NetworkQuestion>(NETWORK_QUESTION_NAMESPACE, { ttlMs: RETENTION.feedbackMs });

/**
 * Where to post: the channel's address as the bot saw it (it carries what the platform needs to post
 * there, e.g. a Teams conversation reference), else one built from its id. Teams cannot post from an id
 * alone: undefined until the bot has been added to that channel (or mentioned there).
 */
async function channelAddress(turn: Turn, ctx: IntentContext, channel: string): Promise<Address | undefined> {
  const seen = await ctx.stores.address.get(scopeOf(turn), channel);
  if (seen) {
    const { thread: _thread, ...top } = seen;
    return top;
  }
  if (turn.platform === 'teams') return undefined;
  // Slack keeps the workspace's enterprise (for org-wide installs) in `ref`; the console needs nothing.
  return { platform: turn.platform, tenant: turn.tenant, conversation: channel, kind: 'channel', ...(turn.conversation.ref ? { ref: turn.conversation.ref } : {}) };
}

/** The press of "Ask the network" on an empty answer to `question`. */
export async function askNetwork(turn: Turn, ctx: IntentContext, question: string): Promise<Reply[]> {
  const channel = networkChannelOf(ctx, turn);
  if (!channel) return [{ text: ctx.t('gaps.network.notSet'), ephemeral: true }];
  const text = question.trim();
  if (!queryKey(text)) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
  const address = await channelAddress(turn, ctx, channel);
  if (!address) return [{ text: ctx.t('gaps.network.unreachable'), ephemeral: true }];
  const scope = scopeOf(turn);
  if (!(await ctx.stores.dedupe.claim(scope, `gap-ask|${turn.user.id}|${queryKey(text)}`, ASK_AGAIN_MS))) return [{ text: ctx.t('gaps.network.already'), ephemeral: true }];
  const at = ctx.clock.now().toISOString();
  await networkQuestions(ctx.stores.store).set(scope, `${turn.user.id}|${at}`, { user: turn.user.id, question: text, channel, at });
  // The channel is the workspace's: its post is in the workspace's language, the question as asked.
  const locale = ctx.i18n.supported(ctx.config.defaultLocale) ?? 'en';
  const t = ctx.i18n.translator(locale);
  // The name when the platform gave one (Teams); Slack mentions the person above the text instead.
  const name = turn.user.name?.trim();
  const post = name ? t('gaps.network.post', { name, question: text }) : t('gaps.network.postUnnamed', { question: text });
  return [
    { to: address, text: post, onBehalfOf: { id: turn.user.id }, locale },
    { text: ctx.t('gaps.network.sent'), ephemeral: true },
  ];
}
