/** Paging and references in words, in every language: "weitere", "далі", "das zweite", "tell me more about Botkyrka". */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { describeRoute } from '../src/core/router.js';
import type { Reply, Turn } from '../src/core/turn.js';
import { testApp, turn } from './helpers/app.js';

let app: App;
let users = 0;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

const WORDS: Record<string, { more: string[]; second: string; last: string; about: (city: string) => string }> = {
  en: { more: ['more', 'next page', 'show more please'], second: 'the second one', last: 'the last one', about: (c) => `tell me more about ${c}` },
  fr: { more: ['plus', 'page suivante', 'la suite'], second: 'le deuxième', last: 'le dernier', about: (c) => `dites-m'en plus sur ${c}` },
  es: { more: ['más', 'siguiente', 'ver más'], second: 'el segundo', last: 'el último', about: (c) => `cuéntame más sobre ${c}` },
  it: { more: ['altri', 'pagina successiva', 'mostrami altri'], second: 'il secondo', last: "l'ultimo", about: (c) => `dimmi di più su ${c}` },
  de: { more: ['weitere', 'nächste Seite', 'mehr bitte'], second: 'das zweite', last: 'das letzte', about: (c) => `erzähl mir mehr über ${c}` },
  pt: { more: ['mais', 'próxima página', 'mostrar mais'], second: 'o segundo', last: 'o último', about: (c) => `conta-me mais sobre ${c}` },
  uk: { more: ['далі', 'наступна сторінка', 'покажи ще'], second: 'другий', last: 'останній', about: (c) => `розкажи більше про ${c}` },
};

const shownIds = (replies: Reply[]) => replies.flatMap((r) => (r.cards ?? []).flatMap((c) => (c.buttons ?? []).filter((b) => b.action.name === 'like').map((b) => String(b.action.data['id']))));

async function userIn(locale: string): Promise<Partial<Turn>> {
  const id = `UF${++users}`;
  await app.stores.profile.set({ platform: 'console', tenant: 'T1' }, id, { locale, updatedAt: new Date().toISOString() });
  return { user: { id } };
}

describe('follow-ups in words no list has (routed by the classifier)', () => {
  it('an ordinal among other words opens that item', async () => {
    const over = await userIn('de');
    const first = shownIds(await app.bot.handle(turn('/icc search anti-rumour', over)));
    expect(describeRoute(app.bot.decide('das dritte bitte genauer'))).toMatchObject({ intent: 'followup', via: 'classified' });
    expect(shownIds(await app.bot.handle(turn('das dritte bitte genauer', over)))).toEqual([first[2]]);
  });
});

describe('follow-ups on the last list', () => {
  for (const [locale, w] of Object.entries(WORDS)) {
    it(`pages and opens results in words in ${locale}`, async () => {
      for (const more of w.more) expect(describeRoute(app.bot.decide(more)).intent, more).toBe('followup');
      for (const [i, more] of w.more.entries()) {
        const over = await userIn(locale);
        const first = shownIds(await app.bot.handle(turn('/icc search anti-rumour', over)));
        expect(first).toHaveLength(5);
        const page2 = await app.bot.handle(turn(more, over));
        const second = shownIds(page2);
        expect(second.length, `${locale} "${more}"`).toBeGreaterThan(0);
        expect(second.some((id) => first.includes(id)), `${locale} "${more}" shows a new page`).toBe(false);
        expect(page2.every((r) => !r.replaceOriginal)).toBe(true);
        if (i > 0) continue;

        // "the second one" opens the second practice of the page just shown, in full.
        const opened = await app.bot.handle(turn(w.second, over));
        expect(shownIds(opened), `${locale} "${w.second}"`).toEqual([second[1]]);
        // In full, and in the user's language (the practice's translation when it has one).
        const practice = app.search.practice(second[1]!)!;
        expect(opened[0]!.cards![0]!.body).toBe(practice.translations?.[locale]?.summary ?? practice.summary);
        expect(opened[0]!.cards![0]!.title).toBe(practice.translations?.[locale]?.title ?? practice.title);
        expect(shownIds(await app.bot.handle(turn(w.last, over))), `${locale} "${w.last}"`).toEqual([second.at(-1)]);

        // "tell me more about <city>" opens the practice of that city from the list (not a new search).
        const target = app.search.practice(second[2]!)!;
        const city = target.city.split(/\s*\/\s*/)[0]!;
        const about = await app.bot.handle(turn(w.about(city), over));
        const aboutIds = shownIds(about);
        expect(aboutIds, `${locale} "${w.about(city)}"`).toHaveLength(1);
        expect(second).toContain(aboutIds[0]);
        expect(app.search.practice(aboutIds[0]!)!.city).toContain(city);
      }
    });
  }

  it('says so when there is no list, or no more results, or no such item', async () => {
    const t = app.bot.deps.i18n.translator('de');
    const over = await userIn('de');
    expect((await app.bot.handle(turn('weitere', over)))[0]!.text).toBe(t('followup.noList'));
    await app.bot.handle(turn('/icc search Botkyrka libraries anti-rumour cafés', over));
    const r = await app.bot.handle(turn('das fünfte', over));
    expect(r[0]!.text).toMatch(/Liste|Botkyrka/);
  });

  it('"tell me more about" a topic that is not in the list is a search', async () => {
    const over = await userIn('en');
    const replies = await app.bot.handle(turn('tell me more about intercultural mediation', over));
    expect(shownIds(replies).length).toBeGreaterThan(0);
  });

  it('"tell me more about" something other than a practice goes where that would go', async () => {
    const over = await userIn('en');
    const replies = await app.bot.handle(turn('tell me more about the ICC Index', over));
    expect(replies[0]!.text).toContain(app.bot.deps.i18n.translator('en')('about.whatIsIndex'));
  });

  it('"the first anti-rumour campaign" is not a reference', () => {
    expect(describeRoute(app.bot.decide('the first anti-rumour campaign in Spain')).intent).not.toBe('followup');
  });
});
