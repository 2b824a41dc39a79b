/**
 * Found by the French, Italian, Portuguese and Spanish new-user trial (eval/trial/*-3.*): asking about
 * a result by its place in the list with the everyday "tell me about" verb of each language.
 */
import { describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { route, type Route } from '../src/core/router.js';

const routed = (r: Route) => (r.kind === 'interrupt' ? `interrupt:${r.word}` : 'intent' in r ? `${r.kind}:${r.intent}` : r.kind);
const goesTo = (text: string) => routed(route({ text }, intents, () => false));

describe('a result asked about by its place in the list', () => {
  it.each(['háblame del segundo', 'cuéntame el tercero', 'parle-moi du deuxième', 'parlami del secondo', 'fala-me do segundo', 'erzähl mir mehr über das zweite', 'поясни другу', 'tell me about the second one'])('%s', (text) => {
    expect(goesTo(text)).toMatch(/:followup$/);
  });
});
