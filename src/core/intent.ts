/**
 * The contract of an intent: its name, how it matches, and its handlers. One intent per file in
 * intents/; each feature (src/features/) brings its intents and src/app.ts lists the features.
 * Handlers return Reply[] and never call a platform.
 */
import type { z } from 'zod';
import type { Clock } from './clock.js';
import type { DialogHandle, DialogState } from './dialog.js';
import type { Logger } from './log.js';
import type { I18n, Translate } from './i18n.js';
import type { Route } from './route.js';
import type { Stores } from './stores.js';
import type { ActionInput, Button, Reply, Turn } from './turn.js';
import { BadActionError } from './errors.js';

export { systemClock, type Clock } from './clock.js';
export type { DialogHandle, DialogState } from './dialog.js';

/**
 * The app's own services (config, content, search, jobs, ...). Core knows none of them: src/services.ts
 * adds them to this interface (TypeScript declaration merging, as Fastify's decorators do), so intents
 * see them typed while nothing in src/core imports a feature. The bot passes them through untouched.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppServices {}

/** The app's long-lived parts, shared by the bot and every turn: core's own, plus the app's services. */
export interface AppDeps extends AppServices {
  stores: Stores;
  clock: Clock;
  log: Logger;
  /** Every catalogue, for a reply in another language than the turn's (the language setting confirms in the new one). */
  i18n: I18n;
}

/** Everything a handler may use; no singletons, so tests pass fakes in. */
export interface IntentContext extends AppDeps {
  locale: string;
  t: Translate;
  /** The active dialog of this user in this conversation. */
  dialog: DialogHandle;
  /** Other intents, for hand-offs (e.g. "not helpful" offering peers). */
  intents: ReadonlyMap<string, Intent>;
  /**
   * Where the text would go with no dialog open (phrases, then the classifier), so a dialog can let go of
   * a message plainly meant for another intent; phrases alone miss most free-text questions.
   */
  decide?: (text: string) => Route;
}

export interface IntentInput {
  /** The text the intent should act on: for `/icc search foo` it is `foo`. */
  text: string;
  via: 'command' | 'text' | 'fallback';
  confidence: number;
}

export interface Intent {
  name: string;
  /** i18n key of a one-line description, shown by help. */
  description: string;
  /** Example phrases (English): help shows them and routing tests replay them. */
  examples: string[];
  /** False for intents help should not list (small talk). */
  inHelp?: boolean;
  /** `/icc <command>` words that route here directly. */
  commands: string[];
  /** Confidence 0..1 that the free text is for this intent, or null. */
  match(text: string): number | null;
  handle(turn: Turn, ctx: IntentContext, input: IntentInput): Promise<Reply[]>;
  /** A button of this intent was pressed; `action.data` is untrusted until parsed. */
  onAction?(turn: Turn, ctx: IntentContext, action: ActionInput): Promise<Reply[]>;
  /** A short status for this user's home page (e.g. Slack App Home), or undefined. Never changes state. */
  summary?(turn: Turn, ctx: IntentContext): Promise<string | undefined>;
  /**
   * A section of this user's home page with buttons (e.g. a curator's queue of pending proposals, each
   * with its buttons), or undefined when there is nothing to show. Pressing a button runs this intent's
   * `onAction` in the user's direct conversation. Never changes state.
   */
  home?(turn: Turn, ctx: IntentContext): Promise<Reply | undefined>;
  /** The user answered while this intent's dialog was active. */
  continueDialog?(turn: Turn, ctx: IntentContext, state: DialogState): Promise<Reply[]>;
  /**
   * "cancel" interrupted this intent's dialog (already cleared): drop what it kept, or open a dialog
   * again to ask first when something would be lost; replies replace the default.
   */
  onCancel?(turn: Turn, ctx: IntentContext, state: DialogState): Promise<Reply[]>;
}

export function defineIntent(intent: Intent): Intent {
  return intent;
}

const sticky = new WeakMap<RegExp, RegExp>();
/** The same RegExp with the `g` flag, so a search can start at an offset (`lastIndex`). */
function searchable(re: RegExp): RegExp {
  let g = sticky.get(re);
  if (!g) sticky.set(re, (g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)));
  return g;
}

/**
 * Whether each RegExp matches after the previous one's match, in order: linear in the text. A phrase's
 * "a ... b" is searched this way rather than as `a.*b`, since each `.*` between two words multiplies the
 * backtracking (three of them made a 40k message take a minute).
 */
export function inOrder(text: string, parts: readonly RegExp[]): boolean {
  let from = 0;
  for (const part of parts) {
    const re = searchable(part);
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) return false;
    from = m.index + m[0].length;
  }
  return true;
}

/** Validates a button payload; a stale or forged one becomes a BadActionError (a polite reply). */
export function parseAction<T>(schema: z.ZodType<T>, action: ActionInput): T {
  const res = schema.safeParse(action.data);
  if (!res.success) throw new BadActionError(`invalid ${action.intent}:${action.name} payload`);
  return res.data;
}

export function button(label: string, intent: string, name: string, data: Record<string, unknown> = {}, style?: Button['style']): Button {
  return { label, action: { intent, name, data }, ...(style ? { style } : {}) };
}
