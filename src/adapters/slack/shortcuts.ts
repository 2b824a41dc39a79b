/**
 * The shortcuts that start a practice proposal (issue #17): the message shortcut "Propose as a practice"
 * on any message, and the global shortcut "Propose a practice". Each acks, then runs the `propose`
 * intent's `start` action (the message's text prefills the proposal) in the conversation it was used in;
 * the form it answers with opens as a modal straight away (modals.ts), anything else reaches only the
 * user: ephemerally through the shortcut's response_url, or in their DM.
 */
import { randomUUID } from 'node:crypto';
import type { App as BoltApp } from '@slack/bolt';
import type { Logger } from '../../core/log.js';
import type { ActionInput } from '../../core/turn.js';
import type { Where } from './delivery.js';
import type { Modals } from './modals.js';
import type { SlackOutbox } from './sender.js';
import { address, interactionWho, messageShortcutOf, userTurn } from './to-turn.js';
import { QUICK_LOOKUP_MS, userContextOf } from './user-context.js';

/** callback_id of the message shortcut (app-manifest.json, features.shortcuts). */
export const PROPOSE_MESSAGE_SHORTCUT = 'propose_practice';
/** callback_id of the global shortcut. */
export const PROPOSE_GLOBAL_SHORTCUT = 'propose_practice_new';
/** The contract with the proposal feature: this action starts a proposal, `text` prefills it. */
const start = (text?: string): ActionInput => ({ intent: 'propose', name: 'start', data: text ? { text } : {} });

export interface ShortcutDeps {
  outbox: SlackOutbox;
  modals: Modals;
  log: Logger;
}

export function registerShortcuts(bolt: BoltApp, d: ShortcutDeps): void {
  const { outbox, modals, log } = d;

  bolt.shortcut(PROPOSE_MESSAGE_SHORTCUT, async ({ ack, body, context }) => {
    await ack();
    const s = messageShortcutOf(body);
    if (!s?.triggerId) {
      log.warn('unreadable message shortcut payload');
      return;
    }
    const uc = userContextOf(context);
    // The trigger_id lives 3 seconds: the user's details are waited for briefly only.
    const turn = { ...(await uc.withUser(userTurn(s, s.conversation, randomUUID()), QUICK_LOOKUP_MS)), action: start(s.text) };
    // The message may be in a channel the bot is not in: its answers go where only the user sees them.
    let where: Where;
    if (s.responseUrl) where = { via: 'message-action', address: s.conversation, messageTs: s.messageTs, ephemeral: true, responseUrl: s.responseUrl };
    else where = { via: 'dm', address: address(s.tenant, await outbox.openConversation(uc.token, [s.user]), 'dm', undefined, s.enterpriseId) };
    // Submissions are answered in the user's DM with the bot: the message's conversation may be a channel
    // the bot is not in, or a DM between two people (a `D…` id that is not the bot's).
    await modals.answerShortcut(turn, uc, s.triggerId, where, true);
  });

  bolt.shortcut(PROPOSE_GLOBAL_SHORTCUT, async ({ ack, body, context }) => {
    await ack();
    const who = interactionWho(body);
    if (!who?.triggerId) {
      log.warn('unreadable global shortcut payload');
      return;
    }
    const uc = userContextOf(context);
    // No conversation comes with a global shortcut: the proposal starts in the user's DM with the bot.
    const dm = address(who.tenant, await outbox.openConversation(uc.token, [who.user]), 'dm', undefined, who.enterpriseId);
    const turn = { ...(await uc.withUser(userTurn(who, dm, randomUUID()), QUICK_LOOKUP_MS)), action: start() };
    await modals.answerShortcut(turn, uc, who.triggerId, { via: 'dm', address: dm }, false);
  });
}
