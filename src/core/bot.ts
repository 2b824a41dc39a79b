/**
 * `bot.handle(turn) -> Reply[]`: routes the turn, runs one intent, and is the one error boundary:
 * whatever fails, the user gets one friendly sentence and the log gets the error with the turn id.
 */
import { detectLanguage } from './detect-language.js';
import { AppError } from './errors.js';
import type { AppDeps, AppServices, DialogHandle, DialogState, Intent, IntentContext } from './intent.js';
import type { Logger } from './log.js';
import type { Metrics, TurnOutcome } from './metrics.js';
import { describeRoute, route, type Route, type RouteInput } from './router.js';
import { contentClassifier, type IntentClassifier, type IntentExample } from './intent-classifier.js';
import { currentPhrasesDir, loadIntentPhrases } from './phrases.js';
import { scopeOf, type Reply, type Scope, type Turn } from './turn.js';
import { TurnLock, type Lease } from './turn-lock.js';
import { INTENT_TEXT_CHARS, boundText } from './text-limits.js';

/**
 * What the app plugs into the bot; core knows no feature, so whatever needs one (the search) comes as a
 * hook. All optional: a bot without hooks routes unmatched text to help.
 */
export interface BotHooks {
  /** Whether an unrouted text reads like a topic: the fallback then runs the `search` intent, otherwise help. */
  looksLikeTopic?(text: string, scope?: Scope): boolean;
  /** Whether an unrouted text names a topic (words beyond stop words) even when no practice is about it. */
  namesTopic?(text: string): boolean;
  /**
   * One turn's view of the app's services in the turn's workspace (e.g. that workspace's search, noting an
   * empty first page for the metrics);
   * `end` runs once the turn is over, with the intent that answered.
   */
  beginTurn?(scope: Scope): { services: Partial<AppServices>; end(intent: string): void };
  /** After an intent answered, before the replies go out (e.g. remember the practices just listed). */
  afterTurn?(turn: Turn, replies: readonly Reply[], deps: AppDeps): Promise<void>;
  /** The workspace's language when nothing else tells (DEFAULT_LOCALE). */
  defaultLocale?: string;
  /** More training for the intent classifier than content/intents has (e.g. the topics people search for). */
  intentExamples?(): IntentExample[];
}

/** The app's parts, plus where turns are counted and the hooks (kept out of the intents' context). */
export type BotDeps = AppDeps & { metrics?: Metrics; hooks?: BotHooks };

export interface Bot {
  handle(turn: Turn): Promise<Reply[]>;
  /** The locale a turn will be answered in (explicit setting > platform > detected from longer text > workspace default > en). */
  localeFor(turn: Turn): Promise<string>;
  /** Short status lines from the intents that have one (self-check summary, subscriptions), for home pages. */
  summaries(turn: Turn): Promise<string[]>;
  /** Sections with buttons from the intents that have one (e.g. a queue to work through), for home pages. */
  homes(turn: Turn): Promise<Reply[]>;
  /** The route a text would take outside any dialog, fallback included: what `handle` would decide. */
  decide(text: string): Route;
  readonly intents: ReadonlyMap<string, Intent>;
  readonly deps: BotDeps;
}

/** Replies an intent did not mark with a language are in the turn's. */
const withLocale = (replies: Reply[], locale: string): Reply[] => replies.map((r) => (r.locale ? r : { ...r, locale }));

export function createBot(deps: BotDeps, intentList: readonly Intent[]): Bot {
  const intents = new Map<string, Intent>();
  for (const intent of intentList) {
    if (intents.has(intent.name)) throw new Error(`Duplicate intent name: ${intent.name}`);
    intents.set(intent.name, intent);
  }
  for (const required of ['help', 'search']) if (!intents.has(required)) throw new Error(`The ${required} intent must be registered`);

  const { metrics, hooks = {}, ...appDeps } = deps;
  // Trained on first use from the content's phrases and examples (currentPhrasesDir follows CONTENT_DIR).
  let trained: { dir: string; classifier: IntentClassifier } | undefined;
  const classifier = (): IntentClassifier => {
    const dir = currentPhrasesDir();
    if (trained?.dir !== dir) trained = { dir, classifier: contentClassifier(dir, [...intents.keys()], loadIntentPhrases, () => hooks.intentExamples?.() ?? []) };
    return trained.classifier;
  };
  const dialogKey = (turn: Turn) => `${turn.user.id}|${turn.conversation.conversation}`;

  // Every inbound turn upserts its conversation's address (for proactive messages later); the
  // bounded memo skips the write when the same address was saved recently by this process.
  const savedAddresses = new Set<string>();
  const rememberAddress = async (turn: Turn) => {
    const memo = JSON.stringify(turn.conversation);
    if (savedAddresses.has(memo)) return;
    await deps.stores.address.set(scopeOf(turn), turn.conversation.conversation, turn.conversation);
    if (savedAddresses.size > 10_000) savedAddresses.clear();
    savedAddresses.add(memo);
  };

  const dialogHandle = (turn: Turn): DialogHandle => {
    const scope = scopeOf(turn);
    return {
      get: async <S>() => (await deps.stores.dialog.get(scope, dialogKey(turn))) as DialogState<S> | undefined,
      set: async <S>(intent: string, state: S) => {
        await deps.stores.dialog.set(scope, dialogKey(turn), { intent, state, updatedAt: deps.clock.now().toISOString() });
      },
      clear: async () => {
        await deps.stores.dialog.delete(scope, dialogKey(turn));
      },
    };
  };

  const localeFor = async (turn: Turn): Promise<string> => {
    const profile = await deps.stores.profile.get(scopeOf(turn), turn.user.id).catch(() => undefined);
    return (
      deps.i18n.supported(profile?.locale) ??
      deps.i18n.supported(turn.locale) ??
      // No better signal: the language of a longer free text, when it is clear and we speak it.
      deps.i18n.supported(detectLanguage(turn.text)) ??
      deps.i18n.supported(hooks.defaultLocale) ??
      'en'
    );
  };

  const looksLikeTopic = (text: string, scope?: Scope) => hooks.looksLikeTopic?.(text, scope) ?? false;
  const namesTopic = (text: string) => hooks.namesTopic?.(text) ?? false;
  // The fallback asks the turn's workspace: a practice approved there is a topic there.
  const routeOf = (input: RouteInput, scope?: Scope): Route => route(input, [...intents.values()], (text) => looksLikeTopic(text, scope), classifier(), namesTopic);

  async function dispatch(turn: Turn, r: Route, ctx: IntentContext, active: DialogState | undefined): Promise<Reply[]> {
    const get = (name: string) => intents.get(name) ?? intents.get('help')!;
    switch (r.kind) {
      case 'action': {
        const intent = intents.get(r.intent);
        if (!intent?.onAction) return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
        return intent.onAction(turn, ctx, r.action);
      }
      case 'command':
        return get(r.intent).handle(turn, ctx, { text: r.args, via: 'command', confidence: 1 });
      case 'unknown-command': {
        const help = await get('help').handle(turn, ctx, { text: '', via: 'command', confidence: 1 });
        return [{ text: ctx.t('error.unknownCommand', { command: r.command.slice(0, 40) }) }, ...help];
      }
      case 'interrupt':
        if (r.word === 'cancel') {
          if (!active) return [{ text: ctx.t('dialog.nothingToCancel') }];
          // Cleared first, so an intent that asks before dropping something can open a dialog again.
          await ctx.dialog.clear();
          const own = (await intents.get(active.intent)?.onCancel?.(turn, ctx, active)) ?? [];
          return own.length ? own : [{ text: ctx.t('dialog.cancelled') }];
        }
        return get('help').handle(turn, ctx, { text: '', via: 'text', confidence: 1 });
      case 'dialog': {
        const intent = intents.get(r.intent);
        if (!intent?.continueDialog || !active) {
          await ctx.dialog.clear();
          return get('help').handle(turn, ctx, { text: turn.text ?? '', via: 'fallback', confidence: 0 });
        }
        return intent.continueDialog(turn, ctx, active);
      }
      case 'intent':
      case 'classified':
      case 'fallback':
        return get(r.intent).handle(turn, ctx, { text: turn.text ?? '', via: r.kind === 'fallback' ? 'fallback' : 'text', confidence: r.confidence });
    }
  }

  const contextFor = (turn: Turn, locale: string, log: Logger, services: Partial<AppServices> = {}): IntentContext => ({
    ...appDeps,
    ...services,
    log,
    locale,
    t: deps.i18n.translator(locale),
    dialog: dialogHandle(turn),
    intents,
    decide: (text) => routeOf({ text }, scopeOf(turn)),
  });

  /** Each intent's short status for this user (a home page); an intent that fails is left out. */
  async function summaries(turn: Turn): Promise<string[]> {
    const log = deps.log.child({ turn: turn.id, platform: turn.platform });
    const ctx = contextFor(turn, await localeFor(turn), log);
    const out: string[] = [];
    for (const intent of intents.values()) {
      if (!intent.summary) continue;
      try {
        const text = await intent.summary(turn, ctx);
        if (text) out.push(text);
      } catch (err) {
        log.warn('summary failed', { intent: intent.name, err });
      }
    }
    return out;
  }

  /** Each intent's home section for this user, in the turn's language; an intent that fails is left out. */
  async function homes(turn: Turn): Promise<Reply[]> {
    const log = deps.log.child({ turn: turn.id, platform: turn.platform });
    const locale = await localeFor(turn);
    const ctx = contextFor(turn, locale, log);
    const out: Reply[] = [];
    for (const intent of intents.values()) {
      if (!intent.home) continue;
      try {
        const reply = await intent.home(turn, ctx);
        if (reply) out.push(reply);
      } catch (err) {
        log.warn('home section failed', { intent: intent.name, err });
      }
    }
    return withLocale(out, locale);
  }

  const turnLock = new TurnLock({ onGiveUp: (reason) => deps.log.warn('turn went on without its conversation lease', { reason }) });
  // Replicas share Redis and take a lease there too; a SQLite file or a memory store is this process's
  // alone (several processes on one SQLite file is not a multi-replica setup).
  const leases = deps.stores.store.backend.kind === 'redis';
  const leaseOf = (turn: Turn): Lease => {
    const scope = scopeOf(turn);
    const id = `turn-lease|${dialogKey(turn)}`;
    return { claim: (ttlMs) => deps.stores.dedupe.claim(scope, id, ttlMs), release: () => deps.stores.dedupe.release(scope, id) };
  };

  /** Turns of one user in one conversation run in order (across replicas too); different users run concurrently. */
  function handle(turn: Turn): Promise<Reply[]> {
    return turnLock.run(`${turn.platform}|${turn.tenant}|${dialogKey(turn)}`, () => handleNow(turn), leases ? leaseOf(turn) : undefined);
  }

  async function handleNow(whole: Turn): Promise<Reply[]> {
    const log = deps.log.child({ turn: whole.id, platform: whole.platform });
    // Intents, dialogs and searches read the first INTENT_TEXT_CHARS; the language is detected on the whole
    // (detectLanguage reads its own bounded prefix).
    const turn = whole.text && whole.text.length > INTENT_TEXT_CHARS ? { ...whole, text: boundText(whole.text, INTENT_TEXT_CHARS) } : whole;
    if (turn !== whole) log.debug('long text: intents read its start', { chars: whole.text?.length });
    const started = performance.now();
    let locale = 'en';
    // For the metrics: which intent answered and how the turn ended.
    let intent = 'none';
    let outcome: TurnOutcome = 'ok';
    const watch = hooks.beginTurn?.(scopeOf(whole));
    try {
      locale = await localeFor(whole);
      const ctx = contextFor(turn, locale, log, watch?.services);
      await rememberAddress(turn);
      const active = turn.action ? undefined : await ctx.dialog.get();
      const r = routeOf({ text: turn.text, action: turn.action, activeDialog: active?.intent }, scopeOf(whole));
      intent = describeRoute(r).intent;
      const replies = await dispatch(turn, r, ctx, active);
      await hooks.afterTurn?.(turn, replies, appDeps);
      log.debug('turn handled', { route: r.kind, intent: 'intent' in r ? r.intent : undefined, ms: Math.round(performance.now() - started) });
      return withLocale(replies.length > 0 ? replies : [{ text: ctx.t('error.generic') }], locale);
    } catch (err) {
      const t = deps.i18n.translator(locale);
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      if (code === 'BAD_ACTION') {
        outcome = 'bad_action';
        log.warn('bad action payload', { err });
        return [{ text: t('error.staleButton'), ephemeral: true, locale }];
      }
      outcome = code === 'STORE_UNAVAILABLE' ? 'store_unavailable' : 'error';
      log.error('turn failed', { code, err });
      return [{ text: code === 'STORE_UNAVAILABLE' ? t('error.storeUnavailable') : t('error.generic'), locale }];
    } finally {
      metrics?.turn(whole.platform, intent, outcome, (performance.now() - started) / 1000);
      watch?.end(intent);
    }
  }

  const decide = (text: string): Route => routeOf({ text });

  return { handle, localeFor, summaries, homes, decide, intents, deps };
}
