/**
 * Exactly one route per turn, in this order: a button press -> a slash-style command -> an
 * interrupt word -> the active dialog -> the best intent above the threshold -> fallback
 * (a practice search when the text looks like a topic, help otherwise). No I/O here beyond the word lists, read once from content.
 */
import type { Intent } from './intent.js';
import type { ActionInput } from './turn.js';
import { MATCH_TEXT_CHARS, boundText } from './text-limits.js';
import { tokenize, wordLists } from './words.js';
import type { IntentClassifier } from './intent-classifier.js';
import type { Route } from './route.js';

export const MATCH_THRESHOLD = 0.5;
const SEARCH = 'search';
/** The classifier's answer counts only this sure (its probabilities run high: naive Bayes). */
export const CLASSIFIER_THRESHOLD = 0.8;
/**
 * ... and this sure to take a message from the search when it names a search cue or the search finds
 * practices for it (wrong guesses on topic questions measured 0.89-0.997, right ones above 0.9999).
 */
export const CLASSIFIER_SURE = 0.999;
/** Longer than any interrupt word with its spaces and punctuation. */
const INTERRUPT_MAX_CHARS = 64;

export type { Route };

export interface RouteInput {
  text?: string;
  action?: ActionInput;
  /** Intent name of the user's active dialog, if any. */
  activeDialog?: string;
}

const COMMAND_RE = /^\s*\/?icc(?:\s+|$)(.*)$/isu;
/** The interrupt words (content/words/interrupts.json): one word alone, in any of the network's languages, so it works inside any dialog. */
function interruptWord(text: string): 'cancel' | 'help' | undefined {
  if (text === '?') return 'help';
  const lists = wordLists('interrupts');
  const tokens = tokenize(text);
  if (lists.cancel?.has(tokens)) return 'cancel';
  if (lists.help?.has(tokens)) return 'help';
  return undefined;
}

export interface Classification {
  intent: string;
  confidence: number;
}

/** Every intent's confidence for the text (its first MATCH_TEXT_CHARS), best first. */
export function classify(text: string, intents: readonly Intent[]): Classification[] {
  const head = boundText(text, MATCH_TEXT_CHARS);
  const out: Classification[] = [];
  for (const intent of intents) {
    const c = intent.match(head);
    if (c !== null && c > 0) out.push({ intent: intent.name, confidence: Math.min(1, c) });
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

/** `/icc search foo` -> { command: 'search', args: 'foo' }; `/icc` alone -> command ''. */
export function parseCommand(text: string): { command: string; args: string } | null {
  const m = COMMAND_RE.exec(text);
  if (!m) return null;
  const rest = (m[1] ?? '').trim();
  const [command = '', ...args] = rest.split(/\s+/);
  return { command: command.toLowerCase(), args: args.join(' ').trim() };
}

/**
 * `classifier`: consulted when no phrase matched; a sure answer naming an intent routes there, one
 * saying "search" makes a search even of a question the search may answer with nothing (it says so, and
 * offers areas) rather than the help text. `namesTopic`: whether an unrouted text names a topic (content
 * words) though no practice is about it; it too goes to the search.
 */
export function route(input: RouteInput, intents: readonly Intent[], looksLikeTopic: (text: string) => boolean, classifier?: IntentClassifier, namesTopic?: (text: string) => boolean): Route {
  if (input.action) return { kind: 'action', intent: input.action.intent, action: input.action };
  const text = (input.text ?? '').trim();

  const cmd = parseCommand(text);
  if (cmd) {
    if (cmd.command === '') return { kind: 'command', intent: 'help', args: '' };
    const target = intents.find((i) => i.commands.includes(cmd.command));
    if (target) return { kind: 'command', intent: target.name, args: cmd.args };
    // Typed without the slash ("icc search foo" in a DM) only a known command counts: "ICC Index?" is
    // a question about the Index, not an unknown command.
    if (text.startsWith('/')) return { kind: 'unknown-command', command: cmd.command };
  }

  // Interrupts are one word alone: a longer text is never one (and is not tokenized for it).
  const short = text.length <= INTERRUPT_MAX_CHARS;
  const word = short ? interruptWord(text) : undefined;
  if (word) return { kind: 'interrupt', word };
  if (input.activeDialog) return { kind: 'dialog', intent: input.activeDialog };

  const head = boundText(text, MATCH_TEXT_CHARS);
  const [best] = classify(head, intents);
  // The search's phrases are cues any question for practices has ("practice", "project", "how do cities"):
  // a message that names one can still ask for something else ("post a good practice here every week").
  const phrased = best && best.confidence >= MATCH_THRESHOLD ? best : undefined;
  if (phrased && phrased.intent !== SEARCH) return { kind: 'intent', intent: phrased.intent, confidence: phrased.confidence };
  const guess = head ? classifier?.classify(head) : null;
  if (guess && guess.p >= CLASSIFIER_THRESHOLD) {
    if (guess.intent === 'cancel') return { kind: 'interrupt', word: 'cancel' };
    // Taking a question away from the search needs a very sure answer when it reads as a topic.
    const other = guess.intent !== 'help' && guess.intent !== SEARCH && intents.some((i) => i.name === guess.intent);
    if (other && (guess.p >= CLASSIFIER_SURE || (!phrased && !looksLikeTopic(head)))) return { kind: 'classified', intent: guess.intent, confidence: guess.p };
    if (guess.intent === SEARCH && !phrased) return { kind: 'fallback', intent: SEARCH, confidence: guess.p };
    if (guess.intent === 'help' && !phrased && guess.p >= CLASSIFIER_SURE) return { kind: 'classified', intent: 'help', confidence: guess.p };
  }
  if (phrased) return { kind: 'intent', intent: phrased.intent, confidence: phrased.confidence };
  // A topic we have nothing on ("déneigement des trottoirs") gets the search's honest "nothing found"
  // with areas to browse, not the help text meant for messages it cannot read at all.
  if (head && (looksLikeTopic(head) || namesTopic?.(head))) return { kind: 'fallback', intent: 'search', confidence: 0.4 };
  return { kind: 'fallback', intent: 'help', confidence: 0.2 };
}

/** A route as one line of facts: where the text goes, how sure, and which rule decided. */
export function describeRoute(r: Route): { intent: string; confidence: number; via: Route['kind'] } {
  switch (r.kind) {
    case 'action':
    case 'dialog':
      return { intent: r.intent, confidence: 1, via: r.kind };
    case 'command':
      return { intent: r.intent, confidence: 1, via: 'command' };
    case 'unknown-command':
      return { intent: 'help', confidence: 1, via: 'unknown-command' };
    case 'interrupt':
      return { intent: r.word === 'help' ? 'help' : 'cancel', confidence: 1, via: 'interrupt' };
    case 'intent':
    case 'classified':
    case 'fallback':
      return { intent: r.intent, confidence: r.confidence, via: r.kind };
  }
}
