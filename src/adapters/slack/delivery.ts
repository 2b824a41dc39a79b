/**
 * Where the answers to one turn go, and getting them there:
 *   - a DM: in the DM (in a thread only when the user wrote in one); a mention: in a thread under it;
 *   - `/icc`: ephemeral, through the command's response_url, with "Share to channel" on results;
 *   - a button: "replace" replies update the message in place (chat.update, or response_url for an
 *     ephemeral message), others follow in the same conversation; buttons on App Home and the search
 *     modal answer in the user's DM.
 * Replies addressed elsewhere (another conversation, another platform) go through `deliverOutbound`.
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../../app.js';
import type { Translate } from '../../core/i18n.js';
import type { Logger } from '../../core/log.js';
import { deliverOutbound, type Senders } from '../../core/sender.js';
import type { Address, Reply, Turn } from '../../core/turn.js';
import { SlackCallError } from './api.js';
import type { SlackOutbox, Target } from './sender.js';
import { slackScope, type SlackState } from './state.js';

/** Where the answers to one turn go. */
export type Where =
  | { via: 'event'; address: Address }
  | { via: 'command'; address: Address; responseUrl: string }
  | { via: 'message-action'; address: Address; messageTs: string; ephemeral: boolean; responseUrl?: string | undefined }
  | { via: 'dm'; address: Address };

export interface DeliveryDeps {
  app: App;
  senders: Senders;
  outbox: SlackOutbox;
  state: SlackState;
  log: Logger;
  /** A data export is in Slack: remove it from disk. */
  delivered(path: string): void;
}

/** The target for one reply, and whether only the user sees it. */
export function targetFor(turn: Turn, where: Where, reply: Reply): { target: Target; ephemeral: boolean } {
  const { conversation: channel, thread, kind } = where.address;
  const user = turn.user.id;
  switch (where.via) {
    case 'event':
      if (reply.ephemeral && kind !== 'dm') return { target: { kind: 'ephemeral', channel, user, thread }, ephemeral: true };
      return { target: { kind: 'post', channel, thread }, ephemeral: false };
    case 'command':
      return { target: { kind: 'respond', responseUrl: where.responseUrl, replace: false }, ephemeral: true };
    case 'message-action': {
      if (reply.replaceOriginal) {
        if (!where.ephemeral) return { target: { kind: 'update', channel, ts: where.messageTs }, ephemeral: false };
        if (where.responseUrl) return { target: { kind: 'respond', responseUrl: where.responseUrl, replace: true }, ephemeral: true };
      }
      if (where.ephemeral || (reply.ephemeral && kind !== 'dm')) {
        if (where.responseUrl) return { target: { kind: 'respond', responseUrl: where.responseUrl, replace: false }, ephemeral: true };
        return { target: { kind: 'ephemeral', channel, user, thread }, ephemeral: true };
      }
      return { target: { kind: 'post', channel, thread }, ephemeral: false };
    }
    case 'dm':
      return { target: { kind: 'post', channel }, ephemeral: false };
  }
}

export class Delivery {
  constructor(private readonly d: DeliveryDeps) {}

  /** A translator in the turn's language (the user's, else the workspace default). */
  async translatorFor(turn: Turn): Promise<Translate> {
    return this.d.app.bot.deps.i18n.translator(await this.d.app.bot.localeFor(turn));
  }

  /** Runs a turn through the bot (unless the replies are given) and delivers every reply; one failed delivery does not stop the rest. */
  async answer(turn: Turn, token: string, where: Where, given?: Reply[]): Promise<void> {
    const { app, senders, log } = this.d;
    const i18n = app.bot.deps.i18n;
    const replies = given ?? (await app.bot.handle(turn));
    // The bot marks each reply with its language; only replies made here need the user's looked up.
    let fallback: Translate | undefined;
    const tFor = async (reply: Reply): Promise<Translate> => (reply.locale ? i18n.translator(reply.locale) : (fallback ??= await this.translatorFor(turn)));
    const inline: Reply[] = [];
    for (const reply of replies) {
      try {
        inline.push(...(await deliverOutbound(turn, [reply], senders)));
      } catch (err) {
        log.warn('reply addressed elsewhere could not be delivered', { turn: turn.id, err });
        inline.push({ text: (await tFor(reply))('slack.sendFailed'), ephemeral: true, ...(reply.locale ? { locale: reply.locale } : {}) });
      }
    }
    for (const reply of inline) {
      try {
        await this.deliverOne(turn, token, where, reply, await tFor(reply));
      } catch (err) {
        log.error('slack reply not delivered', { turn: turn.id, via: where.via, reason: err instanceof SlackCallError ? err.reason : undefined, slackError: err instanceof SlackCallError ? err.slackError : undefined, err });
      }
    }
  }

  /** "This button has expired", where the button was. */
  async stale(turn: Turn, token: string, where: Where): Promise<void> {
    const t = await this.translatorFor(turn);
    await this.answer(turn, token, where, [{ text: t('error.staleButton'), ephemeral: true }]);
  }

  private async deliverOne(turn: Turn, token: string, where: Where, given: Reply, t: Translate): Promise<void> {
    const { outbox, state, log } = this.d;
    const { target, ephemeral } = targetFor(turn, where, given);
    const addr = where.address;
    // A file (a data export) always goes to the user's own DM; elsewhere the answer says so.
    const reply = given.file && addr.kind !== 'dm' ? { ...given, text: [given.text, t('slack.fileInDm')].filter(Boolean).join('\n') } : given;
    // Results only this user sees can be shared to the channel (where the bot can post).
    const shareable = ephemeral && (reply.cards?.length ?? 0) > 0 && addr.kind !== 'dm';
    const shareId = shareable ? randomUUID() : undefined;
    const msg = await outbox.render(turn.tenant, reply, { t, ...(shareId ? { shareId } : {}) });
    if (shareId) {
      const copy = await outbox.render(turn.tenant, reply, { t, reserve: 1 });
      await state.shares.set(slackScope(turn.tenant), shareId, { user: turn.user.id, channel: addr.conversation, ...(addr.thread ? { thread: addr.thread } : {}), message: copy });
    }
    if (msg.blocks.length > 0) await outbox.deliver(token, target, msg);
    if (reply.image) {
      // Files cannot be ephemeral: an image for "only you" goes to the user's DM.
      const channel = ephemeral ? await outbox.openConversation(token, [turn.user.id]) : addr.conversation;
      await outbox.uploadImage(token, channel, ephemeral ? undefined : addr.thread, reply.image);
    }
    if (reply.file) {
      try {
        const channel = addr.kind === 'dm' ? addr.conversation : await outbox.openConversation(token, [turn.user.id]);
        await outbox.uploadAttachment(token, channel, addr.kind === 'dm' ? addr.thread : undefined, reply.file);
        this.d.delivered(reply.file.path);
      } catch (err) {
        // Left on disk for the hourly purge; the user hears that it did not work.
        log.warn('file not uploaded', { turn: turn.id, reason: err instanceof SlackCallError ? err.reason : undefined, slackError: err instanceof SlackCallError ? err.slackError : undefined, err });
        await outbox.deliver(token, target, await outbox.render(turn.tenant, { text: t('slack.fileFailed'), ephemeral: true }, { t }));
      }
    }
  }
}
