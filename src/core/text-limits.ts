/**
 * How much of a message the bot reads. Slack allows 40,000 characters; routing, matching and the
 * intents' parsers only need the start of it, and reading a bounded prefix keeps every pattern's cost
 * bounded too (issue 19: one 40k message once froze the event loop for a minute).
 *
 * - MATCH_TEXT_CHARS: what the router classifies and each intent's `match` reads (~80 words: any request
 *   that routes says what it wants well before that).
 * - INTENT_TEXT_CHARS: what a handler, a dialog step or a search query gets (a pasted paragraph still
 *   searches; the rest of a 40k paste does not).
 */
export const MATCH_TEXT_CHARS = 500;
export const INTENT_TEXT_CHARS = 1_000;

/** The first `max` characters, cut back to the last whitespace when one is near, so no half word remains. */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const space = head.search(/\s\S*$/);
  return space >= max - 40 ? head.slice(0, space) : head;
}
