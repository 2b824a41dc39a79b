/**
 * A test-only `propose` intent standing in for the practice-proposal feature (the tests put it in place of
 * the real one, intents/propose.ts), so the platform tests do not depend on it. It keeps the contract the adapters rely on: `start` (data `{ text? }`, the message's
 * text) answers with a Form prefilling the summary; the form's `submit` echoes the values and where it
 * ran, answers `formErrors` for the title "bad", and sends each curator a 1:1 (`deliverTo.each`).
 * `/icc propose-test each` sends to the two curators only; its App Home section lists one pending
 * proposal with buttons.
 */
import { button, defineIntent } from '../../src/core/intent.js';
import type { Form } from '../../src/core/turn.js';

export const CURATORS = ['U0CURATOR2', 'U0CURATOR3'];

export function proposalForm(text: string): Form {
  return {
    id: 'proposal',
    title: 'Propose a practice',
    submitLabel: 'Send',
    fields: [
      { id: 'title', label: 'Title', kind: 'text', required: true, maxLength: 120 },
      { id: 'summary', label: 'Summary', kind: 'text', multiline: true, maxLength: 2000, ...(text ? { initial: text } : {}) },
    ],
    submit: { intent: 'propose', name: 'submit', data: { draft: 'd1' } },
  };
}

export const testPropose = (curators: string[] = CURATORS) =>
  defineIntent({
    name: 'propose',
    description: 'intent.search.description',
    examples: [],
    commands: ['propose-test'],
    match: () => null,
    async handle(_turn, _ctx, input) {
      if (input.text === 'each') return [{ text: 'Sent to the curators' }, { text: 'A new proposal <!channel>', deliverTo: { users: curators, each: true } }];
      return [{ text: 'propose?' }];
    },
    async onAction(turn, _ctx, action) {
      const where = `${turn.platform}:${turn.conversation.kind}:${turn.conversation.conversation}`;
      if (action.name === 'start') {
        const text = typeof action.data.text === 'string' ? action.data.text : '';
        if (text === 'no form please') return [{ text: `Nothing to propose in ${where}` }];
        return [{ text: 'Tell the curators about <this> practice', form: proposalForm(text) }];
      }
      if (action.name === 'submit') {
        if (action.data.title === 'bad') return [{ text: 'Please fix the title', formErrors: { title: 'Too short' } }];
        return [
          { text: `Proposed “${String(action.data.title)}” (${String(action.data.draft)}) from ${where}:\n${String(action.data.summary)}` },
          { text: `New proposal: ${String(action.data.title)}`, deliverTo: { users: curators, each: true } },
        ];
      }
      return [{ text: `${action.name} ${JSON.stringify(action.data)} in ${where}` }];
    },
    async home() {
      return { text: 'Proposals waiting for you', cards: [{ title: 'Language café <b>', buttons: [button('Approve', 'propose', 'approve', { id: 'p1' }, 'primary'), button('Decline', 'propose', 'decline', { id: 'p1' })] }] };
    },
  });
