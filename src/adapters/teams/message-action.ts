/**
 * The action-based messaging extension `proposePractice`: "Propose as a practice" in a message's
 * "…" menu (manifest.json, context `message`, `fetchTask`). Teams asks for a task module with
 * `composeExtension/fetchTask`: the message's text starts the `propose` intent (action `start`, the
 * text prefilling the proposal) in the conversation the message is in, and the form it answers with is
 * the task module's Adaptive Card (render.ts). `composeExtension/submitAction` brings the card's
 * values back: they become the form's `submit` action; problems (`formErrors`) show the form again with
 * them under the fields, anything else closes the task module, and the answers reach the user privately
 * in their 1:1 chat with the bot (the message's conversation may be one the bot is not in).
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { Bot } from '../../core/bot.js';
import type { Translate } from '../../core/i18n.js';
import type { Logger } from '../../core/log.js';
import { deliverOutbound, type Senders } from '../../core/sender.js';
import { RETENTION, type Stores } from '../../core/stores.js';
import { scopeOf, type ActionInput, type Form, type Reply, type Turn } from '../../core/turn.js';
import { FormSchema } from '../form-schema.js';
import { cardAttachment, replyCard } from './render.js';
import { formValues, htmlToText, invokeTurn, submissionOf, SUBMIT_KEY } from './to-turn.js';

export const PROPOSE_COMMAND = 'proposePractice';
export const FETCH_TASK = 'composeExtension/fetchTask';
export const SUBMIT_ACTION = 'composeExtension/submitAction';
/** The contract with the proposal feature: this action starts a proposal, `text` prefills it. */
const start = (text: string): ActionInput => ({ intent: 'propose', name: 'start', data: text ? { text } : {} });

const ActionValueSchema = z
  .object({
    commandId: z.string().max(200),
    messagePayload: z.object({ body: z.object({ content: z.string().max(1_000_000).optional() }).loose().optional() }).loose().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

/** What an action invoke answers: a task module (card or message), or `{}` to close it. */
export type TaskResponse =
  | { task: { type: 'continue'; value: { title: string; height: 'large'; width: 'medium'; card: ReturnType<typeof cardAttachment> } } }
  | { task: { type: 'message'; value: string } }
  | Record<string, never>;

export interface MessageActionDeps {
  bot: Bot;
  senders: Senders;
  stores: Stores;
  log: Logger;
  /** A translator in this locale (or the workspace's). */
  translator(locale?: string): Translate;
  /** The locale the invoke is answered in when no reply says (the user's setting, Teams' locale). */
  localeOf(activity: Activity): Promise<string>;
}

const message = (value: string): TaskResponse => ({ task: { type: 'message', value: value.slice(0, 2000) } });
const textOf = (replies: Reply[]) => replies.map((r) => r.text?.trim()).filter(Boolean).join('\n\n');

/** The form (with its reply's text above it and problems under its fields) as the task module's card. */
function taskCard(reply: Reply & { form: Form }, t: Translate): TaskResponse {
  const shown: Reply = { form: reply.form, ...(reply.text ? { text: reply.text } : {}), ...(reply.formErrors ? { formErrors: reply.formErrors } : {}) };
  const card = replyCard(shown, { t, formTitle: false, carryForm: true });
  return { task: { type: 'continue', value: { title: reply.form.title.slice(0, 100), height: 'large', width: 'medium', card: cardAttachment(card) } } };
}

export class MessageAction {
  constructor(private readonly d: MessageActionDeps) {}

  async answer(activity: Activity): Promise<TaskResponse> {
    const parsed = ActionValueSchema.safeParse(activity.value);
    const t = async () => this.d.translator(await this.d.localeOf(activity));
    if (!parsed.success || parsed.data.commandId !== PROPOSE_COMMAND) return message((await t())('teams.extension.unknownCommand'));
    if (activity.name === FETCH_TASK) return this.fetch(activity, htmlToText(parsed.data.messagePayload?.body?.content ?? ''), t);
    return this.submit(activity, parsed.data.data ?? {}, t);
  }

  private async fetch(activity: Activity, text: string, t: () => Promise<Translate>): Promise<TaskResponse> {
    const turn = invokeTurn(activity, start(text));
    if (!turn) return message((await t())('teams.task.expired'));
    const { inline, tr } = await this.run(turn);
    const withForm = inline.find((r): r is Reply & { form: Form } => r.form !== undefined);
    if (withForm) return taskCard(withForm, tr);
    return message(textOf(inline) || tr('teams.task.done'));
  }

  private async submit(activity: Activity, data: Record<string, unknown>, t: () => Promise<Translate>): Promise<TaskResponse> {
    const submission = submissionOf({ value: data });
    const base = submission && 'action' in submission && submission.fields ? submission : undefined;
    const turnOf = (action: ActionInput) => invokeTurn(activity, action);
    if (!base?.fields) return message((await t())('teams.task.expired'));
    const values = formValues(data, base.fields);
    const turn = turnOf({ ...base.action, data: { ...base.action.data, ...values } });
    if (!turn) return message((await t())('teams.task.expired'));
    // A double click on Submit, or Teams sending it again: done once.
    if (!(await this.d.stores.dedupe.claim(scopeOf(turn), `teams-submit|${turn.user.id}|${base.sid}`, RETENTION.dedupeMs))) return {};
    const replies = await this.d.bot.handle(turn);
    const fields = new Set(base.fields);
    const errors = Object.fromEntries(replies.flatMap((r) => Object.entries(r.formErrors ?? {})).filter(([id]) => fields.has(id)));
    // The card carried its form (nothing else keeps it between fetch and submit): shown again with the
    // problems. Like any card submission it comes from the client: it only shapes what is shown (escaped
    // by the renderer); what is done is the submit action, which the intent validates.
    const carried = FormSchema.safeParse((data[SUBMIT_KEY] as { form?: unknown } | undefined)?.form);
    if (Object.keys(errors).length && carried.success) {
      const form = { ...carried.data, fields: carried.data.fields.map((f) => (values[f.id] !== undefined ? { ...f, initial: values[f.id] } : f)) };
      const tr = this.d.translator(replies.find((r) => r.locale)?.locale ?? (await this.d.localeOf(activity)));
      return taskCard({ form, formErrors: errors, ...(textOf(replies) ? { text: textOf(replies) } : {}) }, tr);
    }
    const { inline, tr } = await this.run(turn, replies);
    if (inline.length === 0) return {};
    try {
      const sender = this.d.senders.for('teams');
      const chat = await sender?.openConversation(scopeOf(turn), [turn.user.id]);
      if (!sender || !chat) throw new Error('no 1:1 chat with the user');
      await sender.send(chat, inline);
      return {};
    } catch (err) {
      // No 1:1 chat (the app not installed for the user, a connector failure): the task module says it.
      this.d.log.warn('task module answers not sent to the 1:1 chat; shown in the task module', { turn: turn.id, err });
      return message(textOf(inline) || tr('teams.task.done'));
    }
  }

  /** Runs the turn (unless its replies are given), sends what is addressed elsewhere, and returns the rest. */
  private async run(turn: Turn, given?: Reply[]): Promise<{ inline: Reply[]; tr: Translate }> {
    const replies = given ?? (await this.d.bot.handle(turn));
    const tr = this.d.translator(replies.find((r) => r.locale)?.locale ?? (await this.d.bot.localeFor(turn)));
    try {
      return { inline: await deliverOutbound(turn, replies, this.d.senders), tr };
    } catch (err) {
      this.d.log.warn('outbound delivery failed', { turn: turn.id, err });
      return { inline: [...replies.filter((r) => !r.to && !r.deliverTo), { text: tr('teams.error.delivery') }], tr };
    }
  }
}
