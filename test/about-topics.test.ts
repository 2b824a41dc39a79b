/** A programme question no about-phrase has, sent by the classifier: answered on the closest topic. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRoute } from '../src/core/router.js';
import { closestGroup } from '../src/core/intent-classifier.js';
import { loadIntentPhrases } from '../src/core/phrases.js';
import { buttonsOf, ROOT, testApp, textOf, turn, type TestApp } from './helpers/app.js';
import { join } from 'node:path';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

describe('about topics by their words', () => {
  it('picks the closest group in any language', () => {
    const dir = join(ROOT, 'content', 'intents');
    expect(closestGroup(dir, 'about', 'was misst der ICC-Index eigentlich?', loadIntentPhrases)).toBe('what-is-index');
    expect(closestGroup(dir, 'about', 'скільки коштує членство в мережі?', loadIntentPhrases)).toBe('how-to-join');
    expect(closestGroup(dir, 'nonexistent', 'anything', loadIntentPhrases)).toBeUndefined();
  });

  it('"what does the ICC index measure?" explains the Index, not the programme', async () => {
    expect(describeRoute(app.bot.decide('what does the ICC index measure?')).intent).toBe('about');
    const replies = await app.bot.handle(turn('what does the ICC index measure?', { locale: 'en' }));
    expect(textOf(replies)).toMatch(/benchmarking tool/);
    expect(buttonsOf(replies).map((b) => b.label)).not.toContain('The ICC Index');
  });
});
