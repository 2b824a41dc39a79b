/**
 * Microsoft Teams through botbuilder's CloudAdapter: `POST /api/messages` on the shared server.
 *
 * - Mounted only in an explicit mode (config.teams.mode; rules in policy.ts): `authenticated` from
 *   MICROSOFT_APP_ID / _PASSWORD / _TENANT_ID / _TYPE (every request carries a Bot Framework token), or
 *   `local` with TEAMS_LOCAL=1 for the Agents Playground and the Emulator (no tokens: loopback peers and
 *   loopback service URLs only, the server bound to 127.0.0.1). Without either, not mounted (404).
 * - The request is authenticated here, not in CloudAdapter.process: refusals are one warn line in our
 *   log (botbuilder's console.error stack traces are routed into it too, see quietBotbuilder), a forged
 *   token is 401, signing keys that cannot be fetched in AUTH_TIMEOUT_MS are 503, never 500.
 * - Messages -> Turn -> bot.handle -> deliverOutbound -> one Adaptive Card per reply, in the same
 *   conversation (a channel reply goes to the thread of the post that mentioned the bot). "Typing…"
 *   goes first only when the answer takes longer than TYPING_DELAY_MS (typing.ts).
 * - Connector clients are built once per service URL, not per turn (client-reuse.ts).
 * - Card buttons: each Action.Submit carries a submission id, claimed once in `dedupe`; a double
 *   click or a redelivered activity does nothing the second time.
 * - `composeExtension/query` invokes answer synchronously; the message action's task module
 *   (`composeExtension/fetchTask` / `submitAction`) is message-action.ts; installs get a welcome message.
 *
 * botbuilder is imported only under src/adapters/teams/.
 */
import { publishPng } from '../../server/files.js';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { TeamsMode } from '../../config.js';
import { within } from '../../core/within.js';
import type { App } from '../../app.js';
import type { Translate } from '../../core/i18n.js';
import { deliverOutbound, type Senders } from '../../core/sender.js';
import { RETENTION } from '../../core/stores.js';
import type { Reply, Scope, Turn } from '../../core/turn.js';
import { exportIdOf, exportPath, ownsExport, removeDeliveredExport } from '../../privacy/files.js';
import { DOWNLOAD_TTL_MS, downloadLink } from '../../server/downloads.js';
import { sendJson, type HttpRequest, type HttpRoute } from '../../server/http.js';
import type { PlatformAdapter } from '../platform.js';
import { ClientReusingAuthentication } from './client-reuse.js';
import { answerQuery } from './messaging-extension.js';
import { FETCH_TASK, MessageAction, SUBMIT_ACTION } from './message-action.js';
import { inboundRefusal, isLoopbackAddress } from './policy.js';
import { fileConsentActivity, fileInfoActivity, renderReply, withOpenUrl } from './render.js';
import { TeamsSender } from './sender.js';
import { addressOf, submissionOf, tenantOf, toTurn } from './to-turn.js';
import { TYPING_DELAY_MS, typingAfter } from './typing.js';
import { isWelcomeActivity, welcomeReply } from './welcome.js';
import { InboundSchema, FileConsentSchema, uploadUrlAllowed, authLog, quietBotbuilder, type AuthResult, refusalOf, fixTimestamps, TeamsCloudAdapter, bridge } from './inbound.js';

export const MESSAGES_PATH = '/api/messages';
const WELCOME_WINDOW_MS = 10 * 60 * 1000;
/** How long a token check may wait for Microsoft's signing keys (OpenID metadata) before answering 503. */
export const AUTH_TIMEOUT_MS = 5_000;

interface Answer {
  inline: Reply[];
  t: Translate;
}

export async function createTeamsAdapter(app: App, senders: Senders): Promise<PlatformAdapter> {
  const { config, bot, stores } = app;
  const log = app.log.child({ adapter: 'teams' });
  const appId = config.teams.appId ?? '';
  const mode: TeamsMode = config.teams.mode;
  const authenticated = mode === 'authenticated';
  const auth = new ClientReusingAuthentication(
    authenticated
      ? {
          MicrosoftAppId: appId,
          MicrosoftAppPassword: config.teams.appPassword,
          MicrosoftAppTenantId: config.teams.tenantId,
          MicrosoftAppType: config.teams.appType,
        }
      : {},
  );
  const adapter = new TeamsCloudAdapter(auth);
  quietBotbuilder();
  if (!authenticated)
    log.warn(
      'Teams adapter is running WITHOUT authentication (TEAMS_LOCAL=1, MICROSOFT_APP_ID is not set): for local testing only; POST /api/messages accepts requests from this machine with loopback service URLs only',
    );

  const i18n = bot.deps.i18n;
  const translator = (locale?: string): Translate => i18n.translator(i18n.supported(locale) ?? i18n.supported(config.defaultLocale) ?? 'en');
  // Charts are too big to inline in a Teams message; with PUBLIC_URL they are shown by URL.
  const imageUrl = config.publicUrl ? (path: string) => publishPng(config.dataDir, config.publicUrl!, path) : undefined;
  const sender = new TeamsSender({ adapter, appId, mode, stores, log, translator, metrics: app.metrics, ...(imageUrl ? { imageUrl } : {}) });

  const scopeOf = (activity: Activity): Scope => ({ platform: 'teams', tenant: tenantOf(activity) });

  /** The locale a non-message activity (invoke, install) is answered in, user settings included. */
  const localeOf = async (activity: Activity): Promise<string> => {
    const pseudo: Turn = {
      id: randomUUID(),
      platform: 'teams',
      tenant: tenantOf(activity),
      user: { id: activity.from?.id ?? 'unknown' },
      conversation: addressOf(activity),
      receivedAt: new Date(),
      ...(activity.locale ? { locale: activity.locale } : {}),
    };
    return bot.localeFor(pseudo);
  };

  /** A data export removed once delivered; a failure to remove is left to the hourly purge. */
  const removeExport = (path: string) => {
    try {
      removeDeliveredExport(config.dataDir, path);
    } catch (err) {
      log.warn('export not removed (the hourly purge will)', { err });
    }
  };

  /**
   * A reply with a file (a data export): in personal chat the text, then a file consent card; in a
   * group chat or channel, with PUBLIC_URL, the text with a signed download link; otherwise a plain
   * sentence that no file can be sent here (and the file goes).
   */
  const sendFile = async (ctx: TurnContext, reply: Reply, turn: Turn, t: Translate) => {
    const { file: given, ...rest } = reply;
    const file = given!;
    const id = exportIdOf(config.dataDir, file.path);
    const opts = { t, ...(imageUrl ? { imageUrl } : {}) };
    if (id && turn.conversation.kind === 'dm') {
      await ctx.sendActivity(renderReply(rest, opts));
      await ctx.sendActivity(fileConsentActivity(file.name, statSync(file.path).size, t('teams.file.consent'), { f: id }));
      return;
    }
    if (id && config.publicUrl) {
      const link = downloadLink(config.dataDir, config.publicUrl, id, file.name, app.clock.now());
      const text = [rest.text, t('teams.file.linkNote', { minutes: DOWNLOAD_TTL_MS / 60_000 })].filter(Boolean).join('\n');
      await ctx.sendActivity(withOpenUrl(renderReply({ ...rest, text }, opts), t('teams.file.link'), link));
      return;
    }
    removeExport(file.path);
    await ctx.sendActivity(renderReply({ ...rest, text: t('teams.file.unavailable') }, opts));
  };

  const sendReply = async (ctx: TurnContext, reply: Reply, turn: Turn, t: Translate) => {
    if (reply.file) return sendFile(ctx, reply, turn, t);
    const activity = renderReply(reply, { t, ...(imageUrl ? { imageUrl } : {}) });
    const original = ctx.activity.replyToId;
    if (reply.replaceOriginal && turn.action && original) {
      try {
        await ctx.updateActivity({ ...activity, id: original });
        return;
      } catch (err) {
        log.warn('could not update the card, posting a new one', { turn: turn.id, err });
      }
    }
    await ctx.sendActivity(activity);
  };

  /** What to post in this conversation (deliverOutbound sends the rest elsewhere), and the translator to render it with. */
  const answerOf = async (turn: Turn): Promise<Answer> => {
    const replies = await bot.handle(turn);
    // The bot marks each reply with its language: the user's profile is read again only for unmarked ones.
    const t = translator(replies.find((r) => r.locale)?.locale ?? (await bot.localeFor(turn)));
    try {
      return { inline: await deliverOutbound(turn, replies, senders), t };
    } catch (err) {
      log.warn('outbound delivery failed', { turn: turn.id, err });
      return { inline: [...replies.filter((r) => !r.to && !r.deliverTo), { text: t('teams.error.delivery') }], t };
    }
  };

  const onMessage = async (ctx: TurnContext) => {
    const activity = ctx.activity;
    // Noise (channel chatter not addressed to the bot, its own messages) needs no store write.
    const turn = toTurn(activity);
    if (!turn) return;
    const scope = scopeOf(activity);
    // Teams redelivers an activity it thinks we missed (slow answers): do each one once.
    if (activity.id && !(await stores.dedupe.claim(scope, `teams-activity|${activity.conversation.id}|${activity.id}`, RETENTION.dedupeMs))) {
      log.info('duplicate activity ignored', { activity: activity.id });
      return;
    }
    const submission = submissionOf(activity);
    // Per person: a card seen by several (a channel, a forwarded card) is not used up by whoever
    // pressed first, nor by someone refused; the same person's double click is still done once.
    if (submission && !(await stores.dedupe.claim(scope, `teams-submit|${turn.user.id}|${submission.sid}`, RETENTION.dedupeMs))) {
      log.info('duplicate card submission ignored', { turn: turn.id, submission: submission.sid });
      return;
    }
    // "Typing…" only for an answer that is not ready within TYPING_DELAY_MS (see typing.ts).
    const typing = typingAfter(
      TYPING_DELAY_MS,
      () => ctx.sendActivity({ type: ActivityTypes.Typing }),
      (err) => log.warn('typing indicator not sent', { turn: turn.id, err }),
    );
    let answer: Answer;
    try {
      answer = await answerOf(turn);
    } finally {
      // Also when the turn fails: no indicator may follow what the user sees.
      await typing.settle();
    }
    for (const reply of answer.inline) await sendReply(ctx, reply, turn, reply.locale ? translator(reply.locale) : answer.t);
  };

  /** The user accepted or declined a file consent card: upload the export to their OneDrive, or drop it. */
  const onFileConsent = async (ctx: TurnContext) => {
    const activity = ctx.activity;
    const done = (status = 200) => ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status } });
    const parsed = FileConsentSchema.safeParse(activity.value);
    if (!parsed.success) return void (await done(400));
    const t = translator(await localeOf(activity));
    const say = (text: string) => ctx.sendActivity(renderReply({ text }, { t }));
    const { action, context, uploadInfo } = parsed.data;
    const path = exportPath(config.dataDir, context.f);
    // The context names a file; it must be this person's, in this tenant, and still there.
    if (!path || !activity.from?.id || !ownsExport(context.f, scopeOf(activity), activity.from.id) || !existsSync(path)) {
      await say(t('teams.file.gone'));
      return void (await done());
    }
    if (action === 'decline') {
      removeExport(path);
      await say(t('teams.file.declined'));
      return void (await done());
    }
    try {
      if (!uploadInfo || !uploadUrlAllowed(uploadInfo.uploadUrl)) throw new Error('no usable uploadUrl in the file consent');
      const body = readFileSync(path);
      const res = await fetch(uploadInfo.uploadUrl, {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${body.length - 1}/${body.length}` },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw new Error(`file upload answered HTTP ${res.status}`);
    } catch (err) {
      log.warn('export not uploaded to OneDrive', { err });
      await say(t('teams.file.failed'));
      return void (await done());
    }
    removeExport(path);
    await ctx.sendActivity(fileInfoActivity(uploadInfo));
    await done();
  };

  const messageAction = new MessageAction({ bot, senders, stores, log, translator, localeOf });

  const onInvoke = async (ctx: TurnContext) => {
    const activity = ctx.activity;
    if (activity.name === 'fileConsent/invoke') return onFileConsent(ctx);
    if (activity.name === FETCH_TASK || activity.name === SUBMIT_ACTION) {
      const body = await messageAction.answer(activity);
      await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
      return;
    }
    if (activity.name === 'composeExtension/query') {
      const t = translator(await localeOf(activity));
      const body = answerQuery((activity.value ?? {}) as Parameters<typeof answerQuery>[0], { search: app.search, t });
      await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
      return;
    }
    log.debug('unhandled invoke', { name: activity.name });
    // An invoke we do not offer is the caller's mistake (4xx), not a server failure (5xx).
    await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 400, body: { error: 'unsupported invoke' } } });
  };

  const onInstall = async (ctx: TurnContext) => {
    const activity = ctx.activity;
    if (!isWelcomeActivity(activity)) return;
    const scope = scopeOf(activity);
    const address = addressOf(activity);
    const { thread: _thread, ...conversation } = address;
    await stores.address.set(scope, conversation.conversation, conversation);
    if (!(await stores.dedupe.claim(scope, `teams-welcome|${conversation.conversation}`, WELCOME_WINDOW_MS))) return;
    const t = translator(await localeOf(activity));
    await ctx.sendActivity(renderReply(welcomeReply(activity, t, bot.intents), { t }));
  };

  const logic = async (ctx: TurnContext) => {
    const a = ctx.activity;
    log.debug('activity', { type: a.type, name: a.name, action: a.action, conversation: a.conversation?.id, conversationType: a.conversation?.conversationType, membersAdded: a.membersAdded?.length });
    switch (ctx.activity.type) {
      case ActivityTypes.Message:
        return onMessage(ctx);
      case ActivityTypes.Invoke:
        return onInvoke(ctx);
      case ActivityTypes.ConversationUpdate:
      case ActivityTypes.InstallationUpdate:
        return onInstall(ctx);
      default:
        return;
    }
  };

  adapter.onTurnError = async (ctx, err) => {
    log.error('teams turn failed', { type: ctx.activity.type, name: ctx.activity.name, err });
    if (ctx.activity.type === ActivityTypes.Invoke && !ctx.responded) {
      await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 500 } }).catch(() => undefined);
    }
  };

  const route: HttpRoute = {
    method: 'POST',
    path: MESSAGES_PATH,
    async handler(req: HttpRequest, res: ServerResponse) {
      // Local mode has no tokens: only this machine may talk to it (the server also binds to 127.0.0.1).
      if (!authenticated && !isLoopbackAddress(req.socket.remoteAddress)) {
        log.warn('Teams request refused: non-loopback peer in local mode', { peer: req.socket.remoteAddress });
        return sendJson(res, 403, { error: 'local Teams mode (TEAMS_LOCAL) accepts requests from this machine only' });
      }
      let body: unknown;
      try {
        body = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON' });
      }
      const parsed = InboundSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return sendJson(res, 400, { error: `not a Bot Framework activity (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})` });
      }
      const refusal = inboundRefusal(parsed.data, mode);
      if (refusal) {
        log.warn('Teams request refused', { status: refusal.status, reason: refusal.error });
        return sendJson(res, refusal.status, { error: refusal.error });
      }
      const activity = fixTimestamps(body as Activity);
      const header = req.headers.authorization ?? '';
      let authResult: AuthResult;
      try {
        authResult = await authLog.run(log, () =>
          within(auth.authenticateRequest(activity, header), AUTH_TIMEOUT_MS, () => {
            throw Object.assign(new Error(`no answer from the Bot Framework's OpenID metadata within ${AUTH_TIMEOUT_MS} ms`), { name: 'TimeoutError' });
          }),
        );
      } catch (err) {
        const refused = refusalOf(err);
        log.warn(refused.msg, { status: refused.status, reason: refused.reason });
        return sendJson(res, refused.status, { error: refused.error });
      }
      const out = bridge(res);
      const invoke = await adapter.run(authResult, activity, logic);
      out.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) out.send(invoke.body);
      out.end();
    },
  };

  return { name: 'teams', routes: [route], sender };
}
