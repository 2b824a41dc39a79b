/**
 * The buttons of "what the network asks for": "Ask the network" on an answer that found nothing relevant
 * posts the question to the workspace's NETWORK_CHANNEL. Nothing routes here from text: the gaps are
 * noted by the search (src/gaps/note.ts) and reported by the CLI and the curators' digest.
 */
import { z } from 'zod';
import { defineIntent, parseAction } from '../src/core/intent.js';
import { askNetwork } from '../src/gaps/network.js';
import { MAX_ASK } from '../src/gaps/note.js';

const AskSchema = z.object({ q: z.string().min(1).max(MAX_ASK) }).strict();

export default defineIntent({
  name: 'gaps',
  description: 'intent.gaps.description',
  examples: [],
  inHelp: false,
  commands: [],
  match: () => null,
  async handle(_turn, ctx) {
    // Reached only if something routed text here by name: say what this is instead of guessing.
    return [{ text: ctx.t('gaps.network.howTo') }];
  },
  async onAction(turn, ctx, action) {
    if (action.name !== 'ask') return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    const { q } = parseAction(AskSchema, action);
    return askNetwork(turn, ctx, q);
  },
});
