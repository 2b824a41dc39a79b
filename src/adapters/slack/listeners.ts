/**
 * The Bolt listeners: messages and mentions, App Home, profile changes, uninstalls, the slash command,
 * buttons and the search shortcut (the modals' submissions are in modals.ts). Each acks first, then
 * does the slow work: the user's details (context, user-context.ts), the turn, the Web API calls.
 */
import type { App as BoltApp } from '@slack/bolt';
import type { App } from '../../app.js';
import type { Logger } from '../../core/log.js';
import type { Turn } from '../../core/turn.js';
import { parseData } from './actions.js';
import { SlackCallError, type SlackApi } from './api.js';
import type { Delivery, Where } from './delivery.js';
import { homeView } from './home.js';
import type { TokenSource } from './installation-store.js';
import { SEARCH_SHORTCUT } from './modal.js';
import type { Modals } from './modals.js';
import { escapeText, mrkdwn, type Block } from './render.js';
import type { SlackOutbox } from './sender.js';
import { slackScope, type SlackState } from './state.js';
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
} from './to-turn.js';
import { userContextOf, type UserContext } from './user-context.js';
import type { UserDirectory } from './users.js';

export interface ListenerDeps {
  app: App;
  api: SlackApi;
  outbox: SlackOutbox;
  state: SlackState;
  tokens: TokenSource;
  users: UserDirectory;
  delivery: Delivery;
  modals: Modals;
  log: Logger;
}

export function registerListeners(bolt: BoltApp, d: ListenerDeps): void {
  const { app, api, outbox, state, delivery, modals, log } = d;

  /** The user's Home tab: what the bot can do, the intents' summaries and their sections with buttons. */
  const publishHome = async (turn: Turn, token: string): Promise<void> => {
    const t = await delivery.translatorFor(turn);
    // The intents' sections with buttons, rendered like messages (button data too long is kept in the store).
    const sections = [];
    for (const reply of await app.bot.homes(turn)) {
      const rt = reply.locale ? app.bot.deps.i18n.translator(reply.locale) : t;
      sections.push((await outbox.render(turn.tenant, reply, { t: rt })).blocks);
    }
    await api.call(token, 'views.publish', { user_id: turn.user.id, view: homeView(t, app.bot.intents, await app.bot.summaries(turn), sections) });
  };

  /** "Share to channel" on an ephemeral result: post the kept copy where it was shown, then remove the ephemeral one. */
  const share = async (press: ActionPress, turn: Turn, token: string, where: Where, id: string): Promise<void> => {
    const scope = slackScope(press.tenant);
    const entry = await state.shares.get(scope, id);
    if (!entry || where.via !== 'message-action' || entry.channel !== where.address.conversation || entry.user !== press.user) return delivery.stale(turn, token, where);
    const t = await delivery.translatorFor(turn);
    const mark = '\u0001';
    const by: Block = { type: 'context', elements: [mrkdwn(escapeText(t('slack.sharedBy', { user: mark })).replace(mark, `<@${press.user}>`))] };
    try {
      await outbox.deliver(token, { kind: 'post', channel: entry.channel, thread: entry.thread }, { text: entry.message.text, blocks: [...entry.message.blocks, by] });
    } catch (err) {
      if (err instanceof SlackCallError && (err.reason === 'forbidden' || err.reason === 'gone')) {
        await delivery.answer(turn, token, where, [{ text: t('slack.shareFailed'), ephemeral: true }]);
        return;
      }
      throw err;
    }
    await state.shares.delete(scope, id);
    if (where.responseUrl) await outbox.deleteViaResponseUrl(where.responseUrl).catch((err: unknown) => log.warn('could not remove the shared ephemeral message', { err }));
  };

  const onPress = async (press: ActionPress, uc: UserContext): Promise<void> => {
    const a = press.action;
    const token = uc.token;
    if (a.kind === 'open-form') return modals.openForm(press, uc, a.ref);
    if (a.kind === 'open-search') return modals.openSearch({ tenant: press.tenant, user: press.user, ...(press.triggerId ? { triggerId: press.triggerId } : {}) }, uc);
    let where: Where;
    if (press.source.kind === 'message') {
      where = { via: 'message-action', address: press.source.address, messageTs: press.source.messageTs, ephemeral: press.source.ephemeral, responseUrl: press.source.responseUrl };
    } else {
      const dm = await outbox.openConversation(token, [press.user]);
      where = { via: 'dm', address: address(press.tenant, dm, 'dm', undefined, press.enterpriseId) };
    }
    let turn = await uc.withUser(pressToTurn(press, where.address));
    switch (a.kind) {
      case 'share':
        return share(press, turn, token, where, a.id);
      case 'invalid':
        log.warn('invalid button payload', { turn: turn.id, reason: a.reason });
        return delivery.stale(turn, token, where);
      case 'intent-ref': {
        const json = await state.payloads.get(slackScope(press.tenant), a.ref);
        const data = json ? parseData(json) : null;
        if (!data) return delivery.stale(turn, token, where);
        turn = { ...turn, action: { intent: a.intent, name: a.name, data } };
        break;
      }
      default:
        break;
    }
    await delivery.answer(turn, token, where);
    // An intent's button on App Home may have changed what Home shows (an item of a queue handled): show it again.
    if (press.fromHome && (a.kind === 'intent' || a.kind === 'intent-ref')) await publishHome(turn, token).catch((err: unknown) => log.warn('App Home not refreshed', { turn: turn.id, err }));
  };

  // Events are acked by Bolt as they arrive.
  type EventArgs = { body: unknown; event: { type: string }; context: Parameters<typeof userContextOf>[0] };
  const onMessage = async ({ body, context }: EventArgs) => {
    const turn = eventToTurn(body, { botUserId: context.botUserId, botId: context.botId });
    if (!turn) return;
    const uc = userContextOf(context);
    await delivery.answer(await uc.withUser(turn), uc.token, { via: 'event', address: turn.conversation });
  };

  const onHomeOpened = async ({ body, context }: EventArgs) => {
    const who = homeOpened(body);
    if (!who) return;
    const uc = userContextOf(context);
    const conv = who.channel ? address(who.tenant, who.channel, 'dm', undefined, who.enterpriseId) : undefined;
    await publishHome(await uc.withUser(userTurn(who, conv, who.eventId)), uc.token);
  };

  // A user changed their profile (language, time zone...): answer their next message with fresh details.
  const onUserChange = async ({ body, event }: EventArgs) => {
    const env = parseEnvelope(body);
    const who = env ? tenantOfEnvelope(env) : null;
    const user = (event as { user?: { id?: unknown } }).user?.id;
    if (who && typeof user === 'string') await d.users.forget(who.tenant, user);
  };

  const onUninstall = async ({ body, event }: EventArgs) => {
    const ev = event as { type: string; tokens?: { bot?: string[] } };
    if (ev.type === 'tokens_revoked' && !ev.tokens?.bot?.length) return;
    const env = body as { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean };
    await d.tokens.forget({ teamId: env.team_id, enterpriseId: env.enterprise_id, isEnterpriseInstall: env.is_enterprise_install });
    log.info('slack installation removed', { team: env.team_id, event: ev.type });
  };

  // One Bolt listener for every event type handled here: Bolt runs every listener's matching middleware
  // (copying the listener arguments for each step) for every payload, so one listener per event type made
  // each message pay for six.
  const onEvent = new Map<string, (args: EventArgs) => Promise<void>>([
    ['message', onMessage],
    ['app_mention', onMessage],
    ['app_home_opened', onHomeOpened],
    ['user_change', onUserChange],
    ['app_uninstalled', onUninstall],
    ['tokens_revoked', onUninstall],
  ]);
  bolt.event(/^(?:message|app_mention|app_home_opened|user_change|app_uninstalled|tokens_revoked)$/, async (args) => {
    await onEvent.get(args.event.type)?.(args as unknown as EventArgs);
  });

  bolt.command(/^\/.+/, async ({ ack, body, context }) => {
    await ack();
    const parsed = commandToTurn(body);
    if (!parsed) {
      log.warn('unreadable slash command payload');
      return;
    }
    const uc = userContextOf(context);
    await delivery.answer(await uc.withUser(parsed.turn), uc.token, { via: 'command', address: parsed.turn.conversation, responseUrl: parsed.responseUrl });
  });

  bolt.action(/.*/, async ({ ack, body, context }) => {
    await ack();
    const press = blockActionToPress(body);
    if (!press) {
      log.warn('unreadable block action payload');
      return;
    }
    await onPress(press, userContextOf(context));
  });

  bolt.shortcut(SEARCH_SHORTCUT, async ({ ack, body, context }) => {
    await ack();
    const who = interactionWho(body);
    if (who) await modals.openSearch(who, userContextOf(context));
  });

  bolt.error(async (err) => {
    const code = (err as { code?: string }).code;
    if (code === 'slack_bolt_authorization_error') log.warn('slack payload from a workspace without an installation', { code });
    else log.error('slack listener failed', { code, err });
  });
}
