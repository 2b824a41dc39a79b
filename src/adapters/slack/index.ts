/**
 * The Slack adapter: Bolt on our HTTP server, wired to `bot.handle`. Listeners ack first, then do the
 * slow work (users.info, the turn, the Web API calls). Where answers go:
 *   - a DM: in the DM (in a thread only when the user wrote in one); a mention: in a thread under it;
 *   - `/icc`: ephemeral, through the command's response_url, with "Share to channel" on results;
 *   - a button: "replace" replies update the message in place (chat.update, or response_url for an
 *     ephemeral message), others follow in the same conversation; buttons on App Home and the search
 *     modal answer in the user's DM.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { App as BoltApp, type AuthorizeResult, type AuthorizeSourceData } from '@slack/bolt';
import { z } from 'zod';
import type { App } from '../../app.js';
import { ConfigError } from '../../config.js';
import { SecretBox } from '../../core/secret-box.js';
import { AREA_IDS } from '../../content/schemas.js';
import type { Translate } from '../../core/i18n.js';
import { deliverOutbound, type Senders } from '../../core/sender.js';
import { RETENTION } from '../../core/stores.js';
import type { Address, Form, Reply, Turn } from '../../core/turn.js';
import { removeDeliveredExport } from '../../privacy/files.js';
import type { PlatformAdapter } from '../platform.js';
import { parseData } from './actions.js';
import { SlackApi, SlackCallError, sdkLogger, type RetryPolicy } from './api.js';
import { FORM_MODAL, FORM_SESSION_TTL_MS, FormSchema, FormSessionSchema, formModal, formSessionKey, readFormMetadata, readFormModal, type FormSession } from './form.js';
import { homeView } from './home.js';
import { readSearchModal, SEARCH_MODAL, SEARCH_SHORTCUT, searchModal, type ModalChoices } from './modal.js';
import { InstallationStore, oauthRoutes, singleWorkspaceTokens, type TokenSource } from './oauth.js';
import { RouteReceiver } from './receiver.js';
import { escapeText, mrkdwn, type Block } from './render.js';
import { SlackOutbox, SlackSender, type Target } from './sender.js';
import { createSlackState, slackScope } from './state.js';
import {
  address,
  blockActionToPress,
  commandToTurn,
  eventToTurn,
  homeOpened,
  interactionWho,
  parseEnvelope,
  pressToTurn,
  tenantOfEnvelope,
  userTurn,
  type ActionPress,
  type Who,
} from './to-turn.js';
import { UserDirectory } from './users.js';

export interface SlackAdapter extends PlatformAdapter {
  readonly mode: TokenSource['mode'];
  /** Resolves when every Slack payload received so far has been fully handled (tests, shutdown). */
  idle(): Promise<void>;
}

export interface SlackAdapterOptions {
  retry?: Partial<RetryPolicy>;
  ackTimeoutMs?: number;
}

/** Where the answers to one turn go. */
type Where =
  | { via: 'event'; address: Address }
  | { via: 'command'; address: Address; responseUrl: string }
  | { via: 'message-action'; address: Address; messageTs: string; ephemeral: boolean; responseUrl?: string | undefined }
  | { via: 'dm'; address: Address };

/** How long work bound by Slack's 3-second limit waits for users.info. */
const QUICK_LOOKUP_MS = 1000;

const ManifestSchema = z.object({ oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()).min(1) }) }) });

/** The bot scopes the manifest asks for (the install link requests the same). */
export function manifestScopes(): string[] {
  const raw: unknown = JSON.parse(readFileSync(new URL('./app-manifest.json', import.meta.url), 'utf8'));
  return ManifestSchema.parse(raw).oauth_config.scopes.bot;
}

export async function createSlackAdapter(app: App, senders: Senders, opts: SlackAdapterOptions = {}): Promise<SlackAdapter | null> {
  const cfg = app.config.slack;
  const log = app.log.child({ adapter: 'slack' });
  const oauthParts = [cfg.clientId, cfg.clientSecret, cfg.stateSecret];
  const distribution = oauthParts.some(Boolean);
  if (!cfg.signingSecret) {
    if (cfg.botToken || distribution) log.warn('Slack is not started: SLACK_SIGNING_SECRET is missing');
    return null;
  }
  if (distribution && !oauthParts.every(Boolean)) {
    throw new ConfigError('Slack distribution mode needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together');
  }
  if (!distribution && !cfg.botToken) {
    log.warn('Slack is not started: set SLACK_BOT_TOKEN (one workspace) or the SLACK_CLIENT_* settings (distribution)');
    return null;
  }
  if (distribution && app.config.storeEncryptionKeys.length === 0) {
    throw new ConfigError(
      'Slack distribution mode keeps every installed workspace\'s bot token in the store and needs STORE_ENCRYPTION_KEY to encrypt them: set it to 32 random bytes in base64 (`openssl rand -base64 32`), or `<id>:<base64>,...` to rotate keys',
    );
  }
  if (distribution && cfg.botToken) log.warn('SLACK_BOT_TOKEN is ignored in distribution mode; tokens come from installations');

  const api = new SlackApi({ apiUrl: cfg.apiUrl, log, metrics: app.metrics, ...(opts.retry ? { retry: opts.retry } : {}) });
  const state = createSlackState(app.stores.store);
  const installations = distribution ? new InstallationStore(state.installations, new SecretBox(app.config.storeEncryptionKeys), log) : undefined;
  const tokens: TokenSource = installations ?? singleWorkspaceTokens(cfg.botToken!, api, log);
  const outbox = new SlackOutbox(api, state, log);
  const users = new UserDirectory(state.users, api, log);
  const i18n = app.bot.deps.i18n;
  // A data export is removed once it is in Slack (src/privacy/files.ts; other paths are left alone).
  const delivered = (path: string): void => {
    try {
      removeDeliveredExport(app.config.dataDir, path);
    } catch (err) {
      log.warn('delivered export not removed (the hourly purge will)', { err });
    }
  };
  const sender = new SlackSender({ outbox, tokens, i18n, defaultLocale: app.config.defaultLocale, delivered });

  const receiver = new RouteReceiver({
    signingSecret: cfg.signingSecret,
    log,
    ...(opts.ackTimeoutMs ? { ackTimeoutMs: opts.ackTimeoutMs } : {}),
    claims: {
      claim: (tenant, id) => app.stores.dedupe.claim(slackScope(tenant), id, RETENTION.dedupeMs),
      release: (tenant, id) => app.stores.dedupe.release(slackScope(tenant), id),
    },
  });

  const authorize = async (source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> => {
    const auth = await tokens.find({ teamId: source.teamId, enterpriseId: source.enterpriseId, isEnterpriseInstall: source.isEnterpriseInstall });
    if (!auth) throw new Error(`no installation for team ${source.teamId ?? '-'} / enterprise ${source.enterpriseId ?? '-'}`);
    return { ...auth, ...(source.teamId ? { teamId: source.teamId } : {}), ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}) };
  };

  const bolt = new BoltApp({
    receiver,
    authorize,
    logger: sdkLogger(log, 'bolt'),
    clientOptions: { slackApiUrl: cfg.apiUrl ?? 'https://slack.com/api/', retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
    convoStore: false,
    ignoreSelf: true,
  });

  const choices: ModalChoices = {
    areas: AREA_IDS.map((id) => ({ id, name: app.search.areaName(id) })),
    countries: [...new Set(app.content.practices.map((p) => p.country))].sort((a, b) => a.localeCompare(b)),
  };

  const translatorFor = async (turn: Turn): Promise<Translate> => i18n.translator(await app.bot.localeFor(turn));

  /** The turn with the user's locale and time zone; `withinMs` bounds the wait where Slack's 3-second limit applies. */
  const enrich = async (turn: Turn, token: string, withinMs?: number): Promise<Turn> => {
    const info = withinMs === undefined ? await users.lookup(turn.tenant, token, turn.user.id) : await users.lookupWithin(turn.tenant, token, turn.user.id, withinMs);
    return { ...turn, ...(info.locale ? { locale: info.locale } : {}), ...(info.timeZone ? { timeZone: info.timeZone } : {}) };
  };

  const targetFor = (turn: Turn, where: Where, reply: Reply): { target: Target; ephemeral: boolean } => {
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
  };

  const deliverOne = async (turn: Turn, token: string, where: Where, given: Reply, t: Translate): Promise<void> => {
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
        delivered(reply.file.path);
      } catch (err) {
        // Left on disk for the hourly purge; the user hears that it did not work.
        log.warn('file not uploaded', { turn: turn.id, reason: err instanceof SlackCallError ? err.reason : undefined, slackError: err instanceof SlackCallError ? err.slackError : undefined, err });
        await outbox.deliver(token, target, await outbox.render(turn.tenant, { text: t('slack.fileFailed'), ephemeral: true }, { t }));
      }
    }
  };

  /** Runs a turn through the bot and delivers every reply; one failed delivery does not stop the rest. */
  const answer = async (turn: Turn, token: string, where: Where, given?: Reply[]): Promise<void> => {
    const replies = given ?? (await app.bot.handle(turn));
    // The bot marks each reply with its language; only replies made here need the user's looked up.
    let fallback: Translate | undefined;
    const tFor = async (reply: Reply): Promise<Translate> => (reply.locale ? i18n.translator(reply.locale) : (fallback ??= await translatorFor(turn)));
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
        await deliverOne(turn, token, where, reply, await tFor(reply));
      } catch (err) {
        log.error('slack reply not delivered', { turn: turn.id, via: where.via, reason: err instanceof SlackCallError ? err.reason : undefined, slackError: err instanceof SlackCallError ? err.slackError : undefined, err });
      }
    }
  };

  const stale = async (turn: Turn, token: string, where: Where): Promise<void> => {
    const t = await translatorFor(turn);
    await answer(turn, token, where, [{ text: t('error.staleButton'), ephemeral: true }]);
  };

  const botToken = (context: { botToken?: string }): string => {
    if (!context.botToken) throw new Error('no bot token in context');
    return context.botToken;
  };

  const openSearchModal = async (who: Who, token: string): Promise<void> => {
    if (!who.triggerId) return;
    // A trigger_id is only valid for 3 seconds: do not wait long for the user's locale.
    const turn = await enrich(userTurn(who, undefined, randomUUID()), token, QUICK_LOOKUP_MS);
    const t = await translatorFor(turn);
    await api.call(token, 'views.open', { trigger_id: who.triggerId, view: searchModal(t, choices) });
  };

  /** A form kept by the renderer (the open-form button carries its id), or null when gone or unreadable. */
  const storedForm = async (tenant: string, ref: string): Promise<Form | null> => {
    const json = await state.payloads.get(slackScope(tenant), ref);
    const data = json ? parseData(json) : null;
    const res = data ? FormSchema.safeParse(data) : null;
    return res?.success ? res.data : null;
  };

  const formSession = async (tenant: string, session: string): Promise<FormSession | null> => {
    const json = await state.payloads.get(slackScope(tenant), formSessionKey(session));
    const res = json ? FormSessionSchema.safeParse(parseData(json)) : null;
    return res?.success ? res.data : null;
  };

  /** The form's modal, bound to the conversation of the message whose button was pressed. */
  const openForm = async (press: ActionPress, token: string, ref: string): Promise<void> => {
    if (press.source.kind !== 'message' || !press.triggerId) {
      log.warn('form button pressed outside a message', { tenant: press.tenant });
      return;
    }
    const source = press.source;
    const where: Where = { via: 'message-action', address: source.address, messageTs: source.messageTs, ephemeral: source.ephemeral, responseUrl: source.responseUrl };
    // A trigger_id is only valid for 3 seconds: do not wait long for the user's locale.
    const turn = await enrich(pressToTurn(press, source.address), token, QUICK_LOOKUP_MS);
    const form = await storedForm(press.tenant, ref);
    if (!form) return stale(turn, token, where);
    const t = await translatorFor(turn);
    // Where the submission applies, and who may submit, stay here; the modal carries the session id only.
    const session = randomUUID();
    const kept: FormSession = { ref, channel: source.address.conversation, kind: source.address.kind, user: press.user };
    await state.payloads.set(slackScope(press.tenant), formSessionKey(session), JSON.stringify(kept), FORM_SESSION_TTL_MS);
    await api.call(token, 'views.open', { trigger_id: press.triggerId, view: formModal(form, t, { session }) });
  };

  const share = async (press: ActionPress, turn: Turn, token: string, where: Where, id: string): Promise<void> => {
    const scope = slackScope(press.tenant);
    const entry = await state.shares.get(scope, id);
    if (!entry || where.via !== 'message-action' || entry.channel !== where.address.conversation || entry.user !== press.user) return stale(turn, token, where);
    const t = await translatorFor(turn);
    const mark = '\u0001';
    const by: Block = { type: 'context', elements: [mrkdwn(escapeText(t('slack.sharedBy', { user: mark })).replace(mark, `<@${press.user}>`))] };
    try {
      await outbox.deliver(token, { kind: 'post', channel: entry.channel, thread: entry.thread }, { text: entry.message.text, blocks: [...entry.message.blocks, by] });
    } catch (err) {
      if (err instanceof SlackCallError && (err.reason === 'forbidden' || err.reason === 'gone')) {
        await answer(turn, token, where, [{ text: t('slack.shareFailed'), ephemeral: true }]);
        return;
      }
      throw err;
    }
    await state.shares.delete(scope, id);
    if (where.responseUrl) await outbox.deleteViaResponseUrl(where.responseUrl).catch((err: unknown) => log.warn('could not remove the shared ephemeral message', { err }));
  };

  const onPress = async (press: ActionPress, token: string): Promise<void> => {
    const a = press.action;
    if (a.kind === 'open-form') return openForm(press, token, a.ref);
    if (a.kind === 'open-search') return openSearchModal({ tenant: press.tenant, user: press.user, ...(press.triggerId ? { triggerId: press.triggerId } : {}) }, token);
    let where: Where;
    if (press.source.kind === 'message') {
      where = { via: 'message-action', address: press.source.address, messageTs: press.source.messageTs, ephemeral: press.source.ephemeral, responseUrl: press.source.responseUrl };
    } else {
      const dm = await outbox.openConversation(token, [press.user]);
      where = { via: 'dm', address: address(press.tenant, dm, 'dm', undefined, press.enterpriseId) };
    }
    let turn = await enrich(pressToTurn(press, where.address), token);
    switch (a.kind) {
      case 'share':
        return share(press, turn, token, where, a.id);
      case 'invalid':
        log.warn('invalid button payload', { turn: turn.id, reason: a.reason });
        return stale(turn, token, where);
      case 'intent-ref': {
        const json = await state.payloads.get(slackScope(press.tenant), a.ref);
        const data = json ? parseData(json) : null;
        if (!data) return stale(turn, token, where);
        turn = { ...turn, action: { intent: a.intent, name: a.name, data } };
        break;
      }
      default:
        break;
    }
    await answer(turn, token, where);
  };

  // --- listeners: ack first, then the work --------------------------------------------------------

  const onMessage = async ({ body, context }: { body: unknown; context: { botToken?: string; botUserId?: string; botId?: string } }) => {
    const turn = eventToTurn(body, { botUserId: context.botUserId, botId: context.botId });
    if (!turn) return;
    const token = botToken(context);
    await answer(await enrich(turn, token), token, { via: 'event', address: turn.conversation });
  };
  bolt.event('message', onMessage);
  bolt.event('app_mention', onMessage);

  bolt.event('app_home_opened', async ({ body, context }) => {
    const who = homeOpened(body);
    if (!who) return;
    const token = botToken(context);
    const conv = who.channel ? address(who.tenant, who.channel, 'dm', undefined, who.enterpriseId) : undefined;
    const turn = await enrich(userTurn(who, conv, who.eventId), token);
    const t = await translatorFor(turn);
    await api.call(token, 'views.publish', { user_id: who.user, view: homeView(t, app.bot.intents, await app.bot.summaries(turn)) });
  });

  // A user changed their profile (language, time zone...): answer their next message with fresh details.
  bolt.event('user_change', async ({ body, event }) => {
    const env = parseEnvelope(body);
    const who = env ? tenantOfEnvelope(env) : null;
    const user = (event as { user?: { id?: unknown } }).user?.id;
    if (who && typeof user === 'string') await users.forget(who.tenant, user);
  });

  const onUninstall = async ({ body, event }: { body: unknown; event: { type: string; tokens?: { bot?: string[] } } }) => {
    if (event.type === 'tokens_revoked' && !(event.tokens?.bot?.length)) return;
    const env = body as { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean };
    await tokens.forget({ teamId: env.team_id, enterpriseId: env.enterprise_id, isEnterpriseInstall: env.is_enterprise_install });
    log.info('slack installation removed', { team: env.team_id, event: event.type });
  };
  bolt.event('app_uninstalled', onUninstall);
  bolt.event('tokens_revoked', onUninstall);

  bolt.command(/^\/.+/, async ({ ack, body, context }) => {
    await ack();
    const parsed = commandToTurn(body);
    if (!parsed) {
      log.warn('unreadable slash command payload');
      return;
    }
    const token = botToken(context);
    await answer(await enrich(parsed.turn, token), token, { via: 'command', address: parsed.turn.conversation, responseUrl: parsed.responseUrl });
  });

  bolt.action(/.*/, async ({ ack, body, context }) => {
    await ack();
    const press = blockActionToPress(body);
    if (!press) {
      log.warn('unreadable block action payload');
      return;
    }
    await onPress(press, botToken(context));
  });

  bolt.shortcut(SEARCH_SHORTCUT, async ({ ack, body, context }) => {
    await ack();
    const who = interactionWho(body);
    if (who) await openSearchModal(who, botToken(context));
  });

  bolt.view(SEARCH_MODAL, async ({ ack, body, view, context }) => {
    const who = interactionWho(body);
    if (!who) return ack();
    const token = botToken(context);
    // Validation errors must be in the ack (within 3 s); the locale is usually cached since the modal opened.
    const quick = await enrich(userTurn(who, undefined, randomUUID()), token, QUICK_LOOKUP_MS);
    const result = readSearchModal(view, await translatorFor(quick), choices);
    if (!result.ok) return ack({ response_action: 'errors', errors: result.errors });
    await ack();
    const dm = await outbox.openConversation(token, [who.user]);
    const conversation = address(who.tenant, dm, 'dm', undefined, who.enterpriseId);
    const turn = await enrich({ ...quick, conversation, text: `/icc search ${result.query}` }, token);
    await answer(turn, token, { via: 'dm', address: conversation });
  });

  bolt.view(FORM_MODAL, async ({ ack, body, view, context }) => {
    const who = interactionWho(body);
    const meta = readFormMetadata(view.private_metadata);
    if (!who || !meta) {
      log.warn('unreadable form submission');
      return ack();
    }
    const token = botToken(context);
    // The change applies to the conversation the form was opened from, as kept when it opened: never to
    // anything in the metadata or the values, and only for the person who opened it.
    const session = await formSession(who.tenant, meta.session);
    const mine = session && session.user === who.user ? session : null;
    if (session && !mine) log.warn('form submitted by someone else than who opened it', { tenant: who.tenant });
    const conversation = mine ? address(who.tenant, mine.channel, mine.kind, undefined, who.enterpriseId) : undefined;
    // Errors must be in the ack (within 3 s): the user's details are usually cached since the modal opened.
    const quick = await enrich(userTurn(who, conversation, randomUUID()), token, QUICK_LOOKUP_MS);
    const t = await translatorFor(quick);
    const form = mine ? await storedForm(who.tenant, mine.ref) : null;
    if (!form || !conversation) return ack({ response_action: 'errors', errors: { [String(view.blocks?.[0]?.block_id ?? 'day')]: t('slack.form.expired') } });
    const result = readFormModal(view, form, t);
    if (!result.ok) return ack({ response_action: 'errors', errors: result.errors });
    const turn: Turn = { ...quick, action: { ...form.submit, data: { ...form.submit.data, ...result.data } } };
    const replies = await app.bot.handle(turn);
    const fieldIds = new Set(form.fields.map((f) => f.id));
    const errors = Object.fromEntries(replies.flatMap((r) => Object.entries(r.formErrors ?? {})).filter(([id]) => fieldIds.has(id)));
    if (Object.keys(errors).length) return ack({ response_action: 'errors', errors });
    await ack();
    await answer(turn, token, { via: 'event', address: conversation }, replies);
  });

  bolt.error(async (err) => {
    const code = (err as { code?: string }).code;
    if (code === 'slack_bolt_authorization_error') log.warn('slack payload from a workspace without an installation', { code });
    else log.error('slack listener failed', { code, err });
  });

  const routes = [receiver.route];
  if (installations) {
    routes.push(
      ...oauthRoutes({
        clientId: cfg.clientId!,
        clientSecret: cfg.clientSecret!,
        stateSecret: cfg.stateSecret!,
        publicUrl: app.config.publicUrl,
        scopes: manifestScopes(),
        api,
        installations,
        claimState: (nonce, ttlMs) => app.stores.dedupe.claim(slackScope('-oauth'), `oauth-state:${nonce}`, ttlMs),
        t: i18n.translator(i18n.supported(app.config.defaultLocale) ?? 'en'),
        log,
      }),
    );
  }
  log.info('slack adapter ready', { mode: tokens.mode, apiUrl: cfg.apiUrl ? 'custom' : 'slack' });

  return {
    name: 'slack',
    mode: tokens.mode,
    routes,
    sender,
    idle: () => receiver.idle(),
    stop: () => receiver.idle(),
  };
}
