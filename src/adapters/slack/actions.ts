/**
 * How a button travels through Slack and back. An intent's button (`ActionInput {intent, name, data}`)
 * becomes `action_id = icc:<intent>:<name>:<n>` and `value = JSON(data)`; a value too long for Slack's
 * 2,000 characters is kept in the store and the button carries `ref:<id>` instead. The adapter's own
 * buttons (share, suggested replies, the search modal) use `icc.<verb>` ids. Everything that comes
 * back is untrusted: it is parsed here and anything odd becomes `invalid` (a polite reply).
 */
import { z } from 'zod';

/** Block Kit limits (https://docs.slack.dev/reference/block-kit). */
export const LIMITS = {
  blocks: 50,
  /** A text object (section, context element) holds at most 3,000 characters. */
  text: 3000,
  header: 150,
  buttonLabel: 75,
  actionId: 255,
  value: 2000,
  actionsElements: 25,
  contextElements: 10,
  /** The notification / fallback `text` of a message (Slack truncates at 40,000; we keep it short). */
  fallback: 3000,
  optionText: 75,
  options: 100,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  placeholder: 150,
  privateMetadata: 3000,
} as const;

const NAME = '[a-z][a-zA-Z0-9_-]{0,63}';
const INTENT_ACTION_RE = new RegExp(`^icc:(${NAME}):(${NAME}):\\d{1,3}$`);
const NAME_RE = new RegExp(`^${NAME}$`);

export const SHARE_ACTION = 'icc.share';
export const OPEN_SEARCH_ACTION = 'icc.search.open';
const CHOICE_PREFIX = 'icc.choice:';
export const SPILL_PREFIX = 'ref:';

/** action_id of an intent button, or null when the intent/action name could not round-trip. */
export function intentActionId(intent: string, name: string, index: number): string | null {
  if (!NAME_RE.test(intent) || !NAME_RE.test(name) || index < 0 || index > 999) return null;
  return `icc:${intent}:${name}:${index}`;
}

export function choiceActionId(index: number): string {
  return `${CHOICE_PREFIX}${index}`;
}

/** A button value: the JSON of the data, or a store reference when it would not fit. */
export function encodeValue(data: Record<string, unknown>, spill: (json: string) => string): string {
  const json = JSON.stringify(data);
  return json.length <= LIMITS.value ? json : SPILL_PREFIX + spill(json);
}

export const DataSchema = z.record(z.string(), z.unknown());

/** Parses a button's JSON data; null when it is not a JSON object. */
export function parseData(json: string): Record<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const res = DataSchema.safeParse(parsed);
  return res.success && !Array.isArray(parsed) ? res.data : null;
}

export type IncomingAction =
  | { kind: 'intent'; intent: string; name: string; data: Record<string, unknown> }
  /** The data was too long for the button and must be read from the store. */
  | { kind: 'intent-ref'; intent: string; name: string; ref: string }
  | { kind: 'choice'; text: string }
  | { kind: 'share'; id: string }
  | { kind: 'open-search' }
  | { kind: 'invalid'; reason: string };

const RefSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const ShareIdSchema = RefSchema;
const ChoiceSchema = z.string().min(1).max(LIMITS.value);

/** One pressed Block Kit element -> what it means to us. Never throws. */
export function decodeAction(element: { action_id?: unknown; value?: unknown }): IncomingAction {
  const id = typeof element.action_id === 'string' ? element.action_id : '';
  const value = typeof element.value === 'string' ? element.value : undefined;
  if (id.length > LIMITS.actionId) return { kind: 'invalid', reason: 'action_id too long' };
  const m = INTENT_ACTION_RE.exec(id);
  if (m) {
    const intent = m[1]!;
    const name = m[2]!;
    if (value === undefined || value.length > LIMITS.value) return { kind: 'invalid', reason: 'missing or oversize value' };
    if (value.startsWith(SPILL_PREFIX)) {
      const ref = RefSchema.safeParse(value.slice(SPILL_PREFIX.length));
      return ref.success ? { kind: 'intent-ref', intent, name, ref: ref.data } : { kind: 'invalid', reason: 'bad value reference' };
    }
    const data = parseData(value);
    return data ? { kind: 'intent', intent, name, data } : { kind: 'invalid', reason: 'value is not a JSON object' };
  }
  if (id === SHARE_ACTION) {
    const share = ShareIdSchema.safeParse(value);
    return share.success ? { kind: 'share', id: share.data } : { kind: 'invalid', reason: 'bad share id' };
  }
  if (id === OPEN_SEARCH_ACTION) return { kind: 'open-search' };
  if (/^icc\.choice:\d{1,3}$/.test(id)) {
    const text = ChoiceSchema.safeParse(value);
    return text.success ? { kind: 'choice', text: text.data } : { kind: 'invalid', reason: 'bad choice' };
  }
  return { kind: 'invalid', reason: 'unknown action_id' };
}
