/**
 * The typing indicator of a message turn, sent only when the answer is slow. Most answers are ready
 * in well under a second, and a "…" that flickers for a moment before the card tells the user
 * nothing; it would also cost a connector round trip on every message. So the indicator is
 * scheduled when the turn starts and cancelled when the answer is ready; if it did go out, the
 * answer waits for the connector to accept it, so the indicator can never arrive after the answer.
 */

/** How long an answer may take before the user sees "typing…" (people notice a pause at ~0.5 s). */
export const TYPING_DELAY_MS = 400;

export interface PendingTyping {
  /**
   * The answer is ready: cancels the indicator if it has not gone out, otherwise waits until the
   * connector has accepted it. Never rejects (a failed indicator is only logged by `send`'s caller).
   */
  settle(): Promise<void>;
}

/**
 * Calls `send` once after `delayMs` unless `settle` comes first. `onError` receives a failed send;
 * the answer is delivered either way.
 */
export function typingAfter(delayMs: number, send: () => Promise<unknown>, onError: (err: unknown) => void): PendingTyping {
  let sending: Promise<void> | undefined;
  const timer = setTimeout(() => {
    sending = send().then(() => undefined, onError);
  }, delayMs);
  return {
    settle() {
      clearTimeout(timer);
      return sending ?? Promise.resolve();
    },
  };
}
