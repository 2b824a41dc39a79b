/**
 * Peer cities: "which cities are good at welcoming newcomers?", "find a peer city like ours for
 * anti-rumours", "connect me with Getxo", `/icc peers optin|optout|connect <city>|<topic>`.
 * Other intents hand over with {intent:'peers', name:'area', data:{a}} and {name:'topic', data:{q}}.
 */
import { z } from 'zod';
import { AreaIdSchema } from '../src/content/schemas.js';
import { defineIntent, parseAction } from '../src/core/intent.js';
import { phraseMatcher } from '../src/core/phrases.js';
import { findPeers, ownCity } from '../src/peers/find.js';
import { findSimilar } from '../src/peers/find-similar.js';
import { answerFollowUp, connect, optIn, optOut, setDeclined } from '../src/peers/introductions.js';
import { directoryOf, parsePeersText } from '../src/peers/topic.js';

const cityId = z.string().min(1).max(120);
const AreaSchema = z.object({ a: AreaIdSchema });
const TopicSchema = z.object({ q: z.string().max(300) });
const MoreSchema = z.object({ q: z.string().max(300).optional(), a: AreaIdSchema.optional(), r: cityId.optional(), o: z.number().int().min(0).max(1000) }).strict();
const CitySchema = z.object({ c: cityId, q: z.string().max(120).optional() }).strict();
const SimilarSchema = z.object({ c: cityId, o: z.number().int().min(0).max(1000) }).strict();
const FollowUpSchema = z.object({ i: z.string().min(1).max(200), o: z.enum(['yes', 'not-yet', 'not-useful']) }).strict();

export default defineIntent({
  name: 'peers',
  description: 'intent.peers.description',
  examples: ['which cities are good at welcoming newcomers?', 'find a peer city like ours for anti-rumours', 'connect me with Getxo'],
  commands: ['peers', 'peer'],
  // What people type, in every language English included, is in content/intents/peers.json.
  match: phraseMatcher('peers'),
  async handle(turn, ctx, input) {
    const req = parsePeersText(input.text, ctx.content.cities);
    switch (req.kind) {
      case 'optin':
        return optIn(turn, ctx, req.city ? { name: req.city } : {});
      case 'optout':
        return optOut(turn, ctx);
      case 'connect':
        return connect(turn, ctx, { name: req.city, topic: req.topic });
      case 'find':
        // A city and no topic ("ciudades parecidas a Getxo"): cities like it, on size, language and country.
        if (req.reference && !req.topic) return findSimilar(turn, ctx, { reference: req.reference });
        if (req.ours && !req.topic) {
          // "cities similar to ours": the profile's city when there is one, else the reply asks for a topic.
          const own = await ownCity(turn, ctx);
          if (own) return findSimilar(turn, ctx, { reference: own });
        }
        return findPeers(turn, ctx, { text: req.topic, ...(req.reference ? { reference: req.reference } : {}) });
    }
  },
  async onAction(turn, ctx, action) {
    switch (action.name) {
      case 'area':
        return findPeers(turn, ctx, { area: parseAction(AreaSchema, action).a });
      case 'topic':
        return findPeers(turn, ctx, { text: parseAction(TopicSchema, action).q });
      case 'more': {
        const { q, a, r, o } = parseAction(MoreSchema, action);
        const reference = r ? directoryOf(ctx.content.cities).get(r) : undefined;
        return findPeers(turn, ctx, { ...(a ? { area: a } : { text: q ?? '' }), ...(reference ? { reference } : {}), offset: o });
      }
      case 'similar': {
        const { c, o } = parseAction(SimilarSchema, action);
        const reference = directoryOf(ctx.content.cities).get(c);
        return reference ? findSimilar(turn, ctx, { reference, offset: o }) : [{ text: ctx.t('error.staleButton'), ephemeral: true }];
      }
      case 'connect': {
        const { c, q } = parseAction(CitySchema, action);
        return connect(turn, ctx, { id: c, ...(q ? { topic: q } : {}) });
      }
      case 'optin':
        return optIn(turn, ctx, { id: parseAction(CitySchema, action).c });
      case 'decline':
        return setDeclined(turn, ctx, parseAction(CitySchema, action).c, true);
      case 'undecline':
        return setDeclined(turn, ctx, parseAction(CitySchema, action).c, false);
      case 'followup': {
        const { i, o } = parseAction(FollowUpSchema, action);
        return answerFollowUp(turn, ctx, i, o);
      }
      default:
        return [{ text: ctx.t('error.staleButton'), ephemeral: true }];
    }
  },
});
