/**
 * Opening the adapter's two modals and reading what is submitted in them (their views are in
 * modal.ts, the search, and form.ts, an intent's form). A trigger_id lives 3 seconds and validation
 * errors must be in the ack, so the user's details are waited for at most QUICK_LOOKUP_MS here.
 */
import { randomUUID } from 'node:crypto';
import type { App as BoltApp } from '@slack/bolt';
import type { App } from '../../app.js';
import { AREA_IDS } from '../../content/schemas.js';
import type { Logger } from '../../core/log.js';
import type { Form, Turn } from '../../core/turn.js';
import { parseData } from './actions.js';
import type { SlackApi } from './api.js';
import type { Delivery, Where } from './delivery.js';
import { FORM_MODAL, FORM_SESSION_TTL_MS, FormSchema, FormSessionSchema, formModal, formSessionKey, readFormMetadata, readFormModal, type FormSession } from './form.js';
import { readSearchModal, SEARCH_MODAL, searchModal, type ModalChoices } from './modal.js';
import type { SlackOutbox } from './sender.js';
import { slackScope, type SlackState } from './state.js';
import { address, interactionWho, pressToTurn, userTurn, type ActionPress, type Who } from './to-turn.js';
import { QUICK_LOOKUP_MS, userContextOf, type UserContext } from './user-context.js';

export interface ModalDeps {
  app: App;
  api: SlackApi;
  outbox: SlackOutbox;
  state: SlackState;
  log: Logger;
  delivery: Delivery;
}

export class Modals {
  private readonly choices: ModalChoices;

  constructor(private readonly d: ModalDeps) {
    this.choices = {
      areas: AREA_IDS.map((id) => ({ id, name: d.app.search.areaName(id) })),
      countries: [...new Set(d.app.content.practices.map((p) => p.country))].sort((a, b) => a.localeCompare(b)),
    };
  }

  /** The search modal (shortcut, or a button on App Home). */
  async openSearch(who: Who, uc: UserContext): Promise<void> {
    if (!who.triggerId) return;
    const turn = await uc.withUser(userTurn(who, undefined, randomUUID()), QUICK_LOOKUP_MS);
    const t = await this.d.delivery.translatorFor(turn);
    await this.d.api.call(uc.token, 'views.open', { trigger_id: who.triggerId, view: searchModal(t, this.choices) });
  }

  /** The form's modal, bound to the conversation of the message whose button was pressed. */
  async openForm(press: ActionPress, uc: UserContext, ref: string): Promise<void> {
    const { state, delivery, log } = this.d;
    if (press.source.kind !== 'message' || !press.triggerId) {
      log.warn('form button pressed outside a message', { tenant: press.tenant });
      return;
    }
    const source = press.source;
    const where: Where = { via: 'message-action', address: source.address, messageTs: source.messageTs, ephemeral: source.ephemeral, responseUrl: source.responseUrl };
    const turn = await uc.withUser(pressToTurn(press, source.address), QUICK_LOOKUP_MS);
    const form = await this.storedForm(press.tenant, ref);
    if (!form) return delivery.stale(turn, uc.token, where);
    const t = await delivery.translatorFor(turn);
    // Where the submission applies, and who may submit, stay here; the modal carries the session id only.
    const session = randomUUID();
    const kept: FormSession = { ref, channel: source.address.conversation, kind: source.address.kind, user: press.user };
    await state.payloads.set(slackScope(press.tenant), formSessionKey(session), JSON.stringify(kept), FORM_SESSION_TTL_MS);
    await this.d.api.call(uc.token, 'views.open', { trigger_id: press.triggerId, view: formModal(form, t, { session }) });
  }

  /** The submissions of both modals. */
  register(bolt: BoltApp): void {
    const { app, outbox, delivery, log } = this.d;

    bolt.view(SEARCH_MODAL, async ({ ack, body, view, context }) => {
      const who = interactionWho(body);
      if (!who) return ack();
      const uc = userContextOf(context);
      // Validation errors must be in the ack; the locale is usually cached since the modal opened.
      const quick = await uc.withUser(userTurn(who, undefined, randomUUID()), QUICK_LOOKUP_MS);
      const result = readSearchModal(view, await delivery.translatorFor(quick), this.choices);
      if (!result.ok) return ack({ response_action: 'errors', errors: result.errors });
      await ack();
      const dm = await outbox.openConversation(uc.token, [who.user]);
      const conversation = address(who.tenant, dm, 'dm', undefined, who.enterpriseId);
      const turn = await uc.withUser({ ...quick, conversation, text: `/icc search ${result.query}` });
      await delivery.answer(turn, uc.token, { via: 'dm', address: conversation });
    });

    bolt.view(FORM_MODAL, async ({ ack, body, view, context }) => {
      const who = interactionWho(body);
      const meta = readFormMetadata(view.private_metadata);
      if (!who || !meta) {
        log.warn('unreadable form submission');
        return ack();
      }
      const uc = userContextOf(context);
      // The change applies to the conversation the form was opened from, as kept when it opened: never to
      // anything in the metadata or the values, and only for the person who opened it.
      const session = await this.formSession(who.tenant, meta.session);
      const mine = session && session.user === who.user ? session : null;
      if (session && !mine) log.warn('form submitted by someone else than who opened it', { tenant: who.tenant });
      const conversation = mine ? address(who.tenant, mine.channel, mine.kind, undefined, who.enterpriseId) : undefined;
      // Errors must be in the ack: the user's details are usually cached since the modal opened.
      const quick = await uc.withUser(userTurn(who, conversation, randomUUID()), QUICK_LOOKUP_MS);
      const t = await delivery.translatorFor(quick);
      const form = mine ? await this.storedForm(who.tenant, mine.ref) : null;
      // Errors can only be shown on an input block (a modal from a shortcut may start with a text section).
      const firstInput = view.blocks?.find((b) => b.type === 'input')?.block_id;
      if (!form || !conversation) return ack({ response_action: 'errors', errors: { [String(firstInput ?? 'day')]: t('slack.form.expired') } });
      const result = readFormModal(view, form, t);
      if (!result.ok) return ack({ response_action: 'errors', errors: result.errors });
      const turn: Turn = { ...quick, action: { ...form.submit, data: { ...form.submit.data, ...result.data } } };
      const replies = await app.bot.handle(turn);
      const fieldIds = new Set(form.fields.map((f) => f.id));
      const errors = Object.fromEntries(replies.flatMap((r) => Object.entries(r.formErrors ?? {})).filter(([id]) => fieldIds.has(id)));
      if (Object.keys(errors).length) return ack({ response_action: 'errors', errors });
      await ack();
      await delivery.answer(turn, uc.token, { via: 'event', address: conversation }, replies);
    });
  }

  /** A form kept by the renderer (the open-form button carries its id), or null when gone or unreadable. */
  private async storedForm(tenant: string, ref: string): Promise<Form | null> {
    const json = await this.d.state.payloads.get(slackScope(tenant), ref);
    const data = json ? parseData(json) : null;
    const res = data ? FormSchema.safeParse(data) : null;
    return res?.success ? res.data : null;
  }

  private async formSession(tenant: string, session: string): Promise<FormSession | null> {
    const json = await this.d.state.payloads.get(slackScope(tenant), formSessionKey(session));
    const res = json ? FormSessionSchema.safeParse(parseData(json)) : null;
    return res?.success ? res.data : null;
  }
}
