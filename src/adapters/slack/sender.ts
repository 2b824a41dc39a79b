/**
 * Getting rendered replies into Slack: post, post ephemerally, update in place, or answer through a
 * response_url; images and files (a data export) go up with files.uploadV2. `SlackSender` is the core's Sender for proactive
 * messages (reminders, nudges, introductions): it finds the workspace's token, renders, posts.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { I18n, Translate } from '../../core/i18n.js';
import type { Logger } from '../../core/log.js';
import { SendError, type Sender } from '../../core/sender.js';
import type { Address, FileAttachment, ImageAttachment, Reply, Scope } from '../../core/turn.js';
import type { SlackApi } from './api.js';
import type { TokenSource } from './installation-store.js';
import { renderReply, type SlackMessage } from './render.js';
import { slackScope, type SlackState } from './state.js';
import { address, enterpriseOf } from './to-turn.js';

export type Target =
  | { kind: 'post'; channel: string; thread?: string | undefined }
  | { kind: 'ephemeral'; channel: string; user: string; thread?: string | undefined }
  | { kind: 'update'; channel: string; ts: string }
  | { kind: 'respond'; responseUrl: string; replace: boolean };

const USER_ID = /^[UW][A-Z0-9]{2,20}$/;

export class SlackOutbox {
  constructor(
    readonly api: SlackApi,
    private readonly state: SlackState,
    private readonly log: Logger,
  ) {}

  /** Renders a reply; button data too long for Slack is kept in the store first. */
  async render(tenant: string, reply: Reply, opts: { t: Translate; shareId?: string; reserve?: number }): Promise<SlackMessage> {
    const spilled: Array<[string, string]> = [];
    const msg = renderReply(reply, {
      ...opts,
      spill: (json) => {
        const id = randomUUID();
        spilled.push([id, json]);
        return id;
      },
    });
    for (const [id, json] of spilled) await this.state.payloads.set(slackScope(tenant), id, json);
    return msg;
  }

  async deliver(token: string, target: Target, msg: SlackMessage): Promise<{ ts?: string }> {
    const content = { text: msg.text, blocks: msg.blocks };
    switch (target.kind) {
      case 'post': {
        const r = await this.api.call(token, 'chat.postMessage', {
          channel: target.channel,
          ...content,
          ...(target.thread ? { thread_ts: target.thread } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        return typeof r.ts === 'string' ? { ts: r.ts } : {};
      }
      case 'ephemeral':
        await this.api.call(token, 'chat.postEphemeral', { channel: target.channel, user: target.user, ...content, ...(target.thread ? { thread_ts: target.thread } : {}) });
        return {};
      case 'update':
        await this.api.call(token, 'chat.update', { channel: target.channel, ts: target.ts, ...content });
        return { ts: target.ts };
      case 'respond':
        await this.api.respond(target.responseUrl, target.replace ? { replace_original: true, ...content } : { response_type: 'ephemeral', replace_original: false, ...content });
        return {};
    }
  }

  async deleteViaResponseUrl(responseUrl: string): Promise<void> {
    await this.api.respond(responseUrl, { delete_original: true });
  }

  /** Uploads a reply's image (a PNG the bot wrote) into a conversation. */
  async uploadImage(token: string, channel: string, thread: string | undefined, image: ImageAttachment): Promise<void> {
    const file = await readFile(image.path);
    const common = { file, filename: basename(image.path), title: (image.title ?? image.alt).slice(0, 250), alt_text: image.alt.slice(0, 1000) };
    await this.api.uploadFile(token, thread ? { ...common, channel_id: channel, thread_ts: thread } : { ...common, channel_id: channel });
    this.log.debug('image uploaded', { channel });
  }

  /** Uploads a reply's file (e.g. a data export) into a conversation (files cannot be ephemeral: a DM). */
  async uploadAttachment(token: string, channel: string, thread: string | undefined, file: FileAttachment): Promise<void> {
    const content = await readFile(file.path);
    const common = { file: content, filename: file.name, title: file.name.slice(0, 250) };
    await this.api.uploadFile(token, thread ? { ...common, channel_id: channel, thread_ts: thread } : { ...common, channel_id: channel });
    this.log.debug('file uploaded', { channel });
  }

  /** The direct conversation with one user (or a group DM with several), opening it when needed. */
  async openConversation(token: string, userIds: string[]): Promise<string> {
    const users = [...new Set(userIds)];
    if (users.length === 0 || users.length > 8 || !users.every((u) => USER_ID.test(u))) throw new SendError('unsupported', 'conversations.open needs 1 to 8 Slack user ids');
    const r = await this.api.call(token, 'conversations.open', { users: users.join(','), return_im: false });
    const id = (r.channel as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') throw new SendError('unsupported', 'conversations.open returned no channel');
    return id;
  }
}

export interface SlackSenderDeps {
  outbox: SlackOutbox;
  tokens: TokenSource;
  i18n: I18n;
  defaultLocale: string;
  /** Called with the path of a reply's file once it is uploaded (exports are removed then). */
  delivered?: (path: string) => void;
}

export class SlackSender implements Sender {
  readonly platform = 'slack' as const;
  constructor(private readonly deps: SlackSenderDeps) {}

  private async token(tenant: string, enterpriseId?: string): Promise<string> {
    const auth = await this.deps.tokens.find({ teamId: tenant, enterpriseId });
    if (!auth) throw new SendError('forbidden', `the Slack app is not installed in ${tenant}`);
    return auth.botToken;
  }

  async send(addr: Address, replies: Reply[]): Promise<void> {
    if (addr.platform !== 'slack') throw new SendError('unsupported', `not a Slack address: ${addr.platform}`);
    const token = await this.token(addr.tenant, enterpriseOf(addr));
    const t = this.deps.i18n.translator(this.deps.i18n.supported(this.deps.defaultLocale) ?? 'en');
    for (const reply of replies) {
      const msg = await this.deps.outbox.render(addr.tenant, reply, { t });
      if (msg.blocks.length > 0) await this.deps.outbox.deliver(token, { kind: 'post', channel: addr.conversation, thread: addr.thread }, msg);
      if (reply.image) await this.deps.outbox.uploadImage(token, addr.conversation, addr.thread, reply.image);
      if (reply.file) {
        await this.deps.outbox.uploadAttachment(token, addr.conversation, addr.thread, reply.file);
        this.deps.delivered?.(reply.file.path);
      }
    }
  }

  async openConversation(scope: Scope, userIds: string[]): Promise<Address | null> {
    if (scope.platform !== 'slack') return null;
    const token = await this.token(scope.tenant);
    const channel = await this.deps.outbox.openConversation(token, userIds);
    return address(scope.tenant, channel, new Set(userIds).size > 1 ? 'group' : 'dm');
  }
}
