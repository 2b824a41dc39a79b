/**
 * The one language the core speaks. Adapters translate platform payloads into a `Turn`
 * and render the `Reply[]` the bot returns; nothing in here knows about Slack or Teams.
 */

export type Platform = 'console' | 'slack' | 'teams';

export type ConversationKind = 'dm' | 'channel' | 'group';

/** Where a conversation lives; enough for an adapter to post into it later (proactive messages). */
export interface Address {
  platform: Platform;
  /** Slack team / enterprise id, Teams tenant id, or `local` for the console. Every stored key starts with it. */
  tenant: string;
  conversation: string;
  kind: ConversationKind;
  /** Thread to answer in (Slack thread_ts, Teams reply-chain id). */
  thread?: string;
  /** Adapter-owned, opaque: e.g. a serialized Teams ConversationReference or a Slack service URL. */
  ref?: string;
}

/** A button press: which intent owns it, which of its actions, and the validated-later data. */
export interface ActionInput {
  intent: string;
  name: string;
  data: Record<string, unknown>;
}

export interface Turn {
  /** Unique per turn; every log line about the turn carries it. */
  id: string;
  platform: Platform;
  tenant: string;
  user: { id: string; name?: string };
  conversation: Address;
  /** Free text as typed (mentions already stripped by the adapter). */
  text?: string;
  action?: ActionInput;
  /** BCP 47 language tag as the platform reports it (e.g. `fr-FR`), if any. */
  locale?: string;
  /** IANA time zone of the user, if the platform tells. */
  timeZone?: string;
  receivedAt: Date;
}

export interface Button {
  label: string;
  action: ActionInput;
  style?: 'primary' | 'danger';
}

export interface Field {
  label: string;
  value: string;
}

export interface Card {
  title: string;
  url?: string;
  subtitle?: string;
  fields?: Field[];
  body?: string;
  buttons?: Button[];
}

export interface ImageAttachment {
  /** Absolute path of a file the bot wrote (e.g. a PNG chart). */
  path: string;
  alt: string;
  title?: string;
}

export interface FileAttachment {
  /** Absolute path of a file the bot wrote. */
  path: string;
  /** File name shown to the user. */
  name: string;
  mimeType: string;
}

export interface FormOption {
  value: string;
  label: string;
}

/** One input of a form. Values always travel back as strings. */
export interface FormField {
  /** Key of the value in the submitted `ActionInput.data`. Letters, digits, `_` and `-`. */
  id: string;
  label: string;
  kind: 'select' | 'text';
  /** For `select`: the choices; a submitted value outside them is rejected by the adapter or the intent. */
  options?: FormOption[];
  /** For `select`: several values may be picked; they come back as one comma-separated string. */
  multiple?: boolean;
  /** Prefilled value (for a multiple select, comma-separated option values). */
  initial?: string;
  placeholder?: string;
  required?: boolean;
  /** For `text`: several lines (Slack multiline input, Adaptive Card isMultiline); newlines are kept. */
  multiline?: boolean;
  /** For `text`: the longest value accepted (adapters cap their own input at this). */
  maxLength?: number;
}

/**
 * A small form the user fills in and submits (Slack: a button opening a modal; Teams: an Adaptive Card
 * with inputs; console: the fields and the command to type instead). Submitting sends `submit` with
 * `data` = `submit.data` plus one string per field id, in the conversation the form was shown in.
 */
export interface Form {
  /** Stable name of the form (e.g. `nudges`), for logs and adapters' ids. */
  id: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  submit: ActionInput;
  /** What to type instead, for surfaces that cannot show a form. */
  command?: string;
}

export interface Reply {
  /** Plain text. Adapters escape it for their platform; the core never emits platform markup. */
  text?: string;
  cards?: Card[];
  /** Buttons that belong to the whole message. */
  buttons?: Button[];
  /** Suggested replies the user may type or click; sent back as text. */
  choices?: string[];
  /** Only the asking user sees it (Slack ephemeral; elsewhere a normal reply). */
  ephemeral?: boolean;
  /** Replace the message whose button was pressed, instead of posting a new one. */
  replaceOriginal?: boolean;
  image?: ImageAttachment;
  /** A file for the user to download (e.g. their data export); adapters upload it. */
  file?: FileAttachment;
  /** Send to this conversation instead of the turn's own (e.g. "share with my working group"). */
  to?: Address;
  /** Send in a direct conversation opened with these users (and the asking user), e.g. an introduction. */
  deliverTo?: {
    users: string[];
    /**
     * Each user in their own direct conversation with the bot, the asking user left out (e.g. a new
     * proposal to each curator), instead of one conversation with all of them and the asking user.
     */
    each?: boolean;
  };
  /** A form to fill in (see `Form`). */
  form?: Form;
  /**
   * The person a message is posted for (e.g. the colleague whose question goes to the network channel).
   * Slack mentions them above the text (`<@id>`: they are notified and follow the thread); elsewhere the
   * text names them when the platform gave a name.
   */
  onBehalfOf?: { id: string };
  /**
   * Problems with a submitted form, by field id. Surfaces that still show the form (the Slack modal)
   * show them on the fields and keep it open; elsewhere the reply's `text` says the same.
   */
  formErrors?: Record<string, string>;
  /**
   * The language the reply is written in. The bot sets it on every reply it returns (the turn's
   * language, or the new one when the turn changed it), so adapters write their own words (button
   * labels, "Share to channel") in the same language without looking the user up again.
   */
  locale?: string;
}

export function scopeOf(turn: Pick<Turn, 'platform' | 'tenant'>): Scope {
  return { platform: turn.platform, tenant: turn.tenant };
}

/** The tenant boundary: every stored key is prefixed with it. */
export interface Scope {
  platform: Platform;
  tenant: string;
}
