/**
 * Opening the adapter's two modals and reading what is submitted in them (their views are in
 * modal.ts, the search, and form.ts, an intent's form, opened from its button or straight from a
 * shortcut). A trigger_id lives 3 seconds and validation
 * errors must be in the ack, so the user's details are waited for at most QUICK_LOOKUP_MS here.
 */
import { randomUUID } from 'node:crypto';
import type { App as BoltApp } from '@slack/bolt';
import type { App } from '../../app.js';
import { AREA_IDS } from '../../content/schemas.js';
import type { Translate } from '../../core/i18n.js';
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

  /**
   * The form's modal, bound to the conversation of the message whose button was pressed; a form button
   * on App Home (an intent's home section) binds it to the user's DM, where its answers then go.
   */
  async openForm(press: ActionPress, uc: UserContext, ref: string): Promise<void> {
    const { delivery, outbox } = this.d;
    if (!press.triggerId) {
      this.d.log.warn('form button pressed without a trigger_id', { tenant: press.tenant });
      return;
    }
    const source = press.source;
    let where: Where;
    if (source.kind === 'message') where = { via: 'message-action', address: source.address, messageTs: source.messageTs, ephemeral: source.ephemeral, responseUrl: source.responseUrl };
    else where = { via: 'dm', address: address(press.tenant, await outbox.openConversation(uc.token, [press.user]), 'dm', undefined, press.enterpriseId) };
    const turn = await uc.withUser(pressToTurn(press, where.address), QUICK_LOOKUP_MS);
    const form = await this.storedForm(press.tenant, ref);
    if (!form) return delivery.stale(turn, uc.token, where);
    await this.showForm(turn, uc.token, press.triggerId, { ref, form, t: await delivery.translatorFor(turn) });
  }

  /**
   * A shortcut's turn: its first reply with a form opens as a modal at once (the shortcut's trigger_id
   * lives 3 seconds, a button to press would be one step more); the other replies go to `where`, and so
   * does the form's button when the modal cannot open. `replyInDm`: the submission is answered in the
   * user's DM instead of the turn's conversation.
   */
  async answerShortcut(turn: Turn, uc: UserContext, triggerId: string, where: Where, replyInDm: boolean): Promise<void> {
    const { app, delivery, log } = this.d;
    // Nothing of a shortcut's answer can replace a message: there is no message of ours to replace.
    const replies = (await app.bot.handle(turn)).map(({ replaceOriginal: _replace, ...r }) => r);
    const at = replies.findIndex((r) => r.form);
    const withForm = replies[at];
    if (withForm?.form) {
      const t = withForm.locale ? app.bot.deps.i18n.translator(withForm.locale) : await delivery.translatorFor(turn);
      try {
        const ref = randomUUID();
        // Kept only as long as its modal may be submitted: it may hold the text of someone's message.
        await this.d.state.payloads.set(slackScope(turn.tenant), ref, JSON.stringify(withForm.form), FORM_SESSION_TTL_MS);
        await this.showForm(turn, uc.token, triggerId, { ref, form: withForm.form, t, ...(withForm.text ? { intro: withForm.text } : {}), replyInDm });
        // The modal shows the form and its text; buttons or cards that came with it still go to `where`.
        const { form: _form, text: _text, ...rest } = withForm;
        if (rest.cards?.length || rest.buttons?.length || rest.choices?.length || rest.image || rest.file) replies[at] = rest;
        else replies.splice(at, 1);
      } catch (err) {
        log.warn('form from a shortcut not opened as a modal: its button is posted instead', { turn: turn.id, err });
      }
    }
    if (replies.length) await delivery.answer(turn, uc.token, where, replies);
  }

  /** Opens a stored form's modal; where the submission applies (the turn's conversation) and who may submit stay on the server. */
  private async showForm(turn: Turn, token: string, triggerId: string, o: { ref: string; form: Form; t: Translate; intro?: string; replyInDm?: boolean }): Promise<void> {
    const session = randomUUID();
    const where = turn.conversation;
    const kept: FormSession = { ref: o.ref, channel: where.conversation, kind: where.kind, user: turn.user.id, ...(o.replyInDm ? { replyInDm: true as const } : {}) };
    await this.d.state.payloads.set(slackScope(turn.tenant), formSessionKey(session), JSON.stringify(kept), FORM_SESSION_TTL_MS);
    await this.d.api.call(token, 'views.open', { trigger_id: triggerId, view: formModal(o.form, o.t, { session }, o.intro) });
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
      if (mine?.replyInDm) {
        const dm = await outbox.openConversation(uc.token, [who.user]);
        return delivery.answer(turn, uc.token, { via: 'dm', address: address(who.tenant, dm, 'dm', undefined, who.enterpriseId) }, replies);
      }
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
