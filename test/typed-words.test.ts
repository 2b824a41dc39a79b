/**
 * Every word the bot tells people to type works in every language: this reads the catalogues, takes
 * each quoted word of the sentences that say "type …", and checks, through the real bot, that the word
 * does what the sentence promises (after a pause, «продовжити» / „weiter“ resume the run; "back" goes
 * back; "start the self-check" starts one...).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { describeRoute } from '../src/core/router.js';
import type { Turn } from '../src/core/turn.js';
import { parseDialogInput } from '../src/selfcheck/input.js';
import { selfcheckStores } from '../src/selfcheck/model.js';
import { ROOT, testApp, textOf, turn } from './helpers/app.js';

const LOCALES = ['en', 'fr', 'es', 'it', 'de', 'pt', 'uk'] as const;

function catalogue(locale: string): Record<string, string> {
  const dir = join(ROOT, 'content', 'i18n', locale);
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) Object.assign(out, JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return out;
}

/** The quoted words of a sentence (“…”, „…“, «…», "…"), placeholders and "…" made concrete. */
export function quoted(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/[“„«"]([^“”»"{}]{1,80})[”“»"]/gu)) {
    const q = m[1]!.replace(/[\s\u00a0\u202f]+/gu, ' ').trim();
    if (q) out.push(q.replace(/…|\.\.\./u, 'Oslo').trim());
  }
  return out;
}

type Outcome = 'answer' | 'back' | 'pause' | 'cancel' | 'resume' | 'selfcheck' | 'help' | 'other';
type Check =
  | { context: 'question'; allowed: Outcome[]; required: Outcome[] }
  | { context: 'paused'; allowed: Outcome[]; required: Outcome[] }
  | { context: 'route'; intent: string | string[] };

/** Which sentences tell people to type something, and what those words must do. */
const SENTENCES: Record<string, Check> = {
  'selfcheck.intro.how': { context: 'question', allowed: ['answer', 'back', 'pause', 'cancel'], required: ['back', 'pause', 'cancel'] },
  'selfcheck.notUnderstood': { context: 'question', allowed: ['answer', 'back', 'pause', 'cancel'], required: ['back', 'pause', 'cancel'] },
  'selfcheck.paused': { context: 'paused', allowed: ['resume'], required: ['resume'] },
  'selfcheck.summary.inProgress': { context: 'paused', allowed: ['resume'], required: ['resume'] },
  'selfcheck.staleRun': { context: 'paused', allowed: ['resume', 'selfcheck'], required: ['resume', 'selfcheck'] },
  'selfcheck.noRun': { context: 'route', intent: 'selfcheck' },
  'selfcheck.cancelled': { context: 'route', intent: 'selfcheck' },
  'selfcheck.noResult': { context: 'route', intent: 'selfcheck' },
  'selfcheck.summary.none': { context: 'route', intent: 'selfcheck' },
  'smalltalk.greeting': { context: 'route', intent: 'help' },
  'teams.welcome.personal': { context: 'route', intent: 'help' },
  'settings.language.current': { context: 'route', intent: 'settings' },
  'settings.language.auto': { context: 'route', intent: 'settings' },
  'settings.city.current': { context: 'route', intent: 'settings' },
  'settings.city.notSet': { context: 'route', intent: 'settings' },
  'peers.ownCityUnknown': { context: 'route', intent: 'settings' },
  'peers.connect.askCity': { context: 'route', intent: 'peers' },
  'peers.optin.whichCity': { context: 'route', intent: ['peers', 'settings'] },
  'peers.optin.done': { context: 'route', intent: 'peers' },
  'peers.paused': { context: 'route', intent: 'peers' },
  'selfcheck.noCity': { context: 'route', intent: 'settings' },
  'selfcheck.share.fromChannel': { context: 'route', intent: 'selfcheck' },
  // The welcome also quotes the network's name («Міжкультурні міста»): typed, it is a question about the programme.
  'console.welcome': { context: 'route', intent: ['help', 'about'] },
  'console.noOptions': { context: 'route', intent: 'help' },
  'legal.privacy.how': { context: 'route', intent: 'privacy' },
  'followup.noList': { context: 'route', intent: 'search' },
  'followup.noItem': { context: 'route', intent: 'followup' },
};

let app: App;
let users = 0;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

async function userIn(locale: string): Promise<Partial<Turn>> {
  const id = `U${++users}`;
  await app.stores.profile.set({ platform: 'console', tenant: 'T1' }, id, { locale, city: 'oslo', updatedAt: new Date().toISOString() });
  return { user: { id } };
}

const run = (over: Partial<Turn>) => selfcheckStores(app.stores.store).runs.get({ platform: 'console', tenant: 'T1' }, over.user!.id);

/** A run with one question answered, the second open. */
async function questionOpen(locale: string): Promise<Partial<Turn>> {
  const over = await userIn(locale);
  await app.bot.handle(turn('/icc check', over));
  await app.bot.handle(turn('1', over));
  expect((await run(over))?.position).toBe(1);
  return over;
}

async function outcomeInQuestion(locale: string, word: string): Promise<Outcome> {
  const over = await questionOpen(locale);
  const replies = await app.bot.handle(turn(word, over));
  const after = await run(over);
  const dialog = await app.stores.dialog.get({ platform: 'console', tenant: 'T1' }, `${over.user!.id}|C1`);
  // Dropped, or (with answers that would be lost) asked to confirm first.
  if (!after || (dialog?.state as { step?: string } | undefined)?.step === 'confirmCancel') return 'cancel';
  if (after.status === 'paused') return 'pause';
  if (after.position === 0) return 'back';
  if (after.position === 2) return 'answer';
  if (textOf(replies).includes(app.bot.deps.i18n.translator(locale)('help.intro'))) return 'help';
  return 'other';
}

async function outcomeWhenPaused(locale: string, word: string): Promise<Outcome> {
  const over = await questionOpen(locale);
  const open = await run(over);
  await app.bot.handle({ ...turn('', over), text: undefined, action: { intent: 'selfcheck', name: 'pause', data: { r: open!.id } } });
  expect((await run(over))?.status).toBe('paused');
  const replies = await app.bot.handle(turn(word, over));
  const after = await run(over);
  const dialog = await app.stores.dialog.get({ platform: 'console', tenant: 'T1' }, `${over.user!.id}|C1`);
  // Started: "resume or start again?" is offered. Resumed: the open question is asked again.
  if (replies.some((r) => (r.buttons ?? []).some((b) => b.action.name === 'restart'))) return 'selfcheck';
  const asked = replies.some((r) => (r.buttons ?? []).some((b) => b.action.name === 'answer'));
  if (after?.status === 'active' && after.position === 1 && dialog?.intent === 'selfcheck' && asked) return 'resume';
  return 'other';
}

describe('words the bot tells people to type', () => {
  it('finds the quoted words in every sentence and language (the test reads what it should)', () => {
    for (const locale of LOCALES) {
      const cat = catalogue(locale);
      for (const key of Object.keys(SENTENCES)) expect(quoted(cat[key] ?? '').length, `${locale} ${key}: ${cat[key]}`).toBeGreaterThan(0);
    }
  });

  it('the self-check buttons typed as words do what the buttons do, in every language', () => {
    const wrong: string[] = [];
    for (const locale of LOCALES) {
      const cat = catalogue(locale);
      for (const v of ['yes', 'partly', 'no', 'unknown']) {
        const got = parseDialogInput(cat[`selfcheck.answer.${v}`]!);
        if (got?.kind !== 'answer' || got.value !== v) wrong.push(`${locale} "${cat[`selfcheck.answer.${v}`]}" -> ${JSON.stringify(got)}`);
      }
      for (const [key, kind] of [['selfcheck.button.back', 'back'], ['selfcheck.button.pause', 'pause'], ['selfcheck.button.resume', 'continue']] as const) {
        const got = parseDialogInput(cat[key]!);
        if (got?.kind !== kind) wrong.push(`${locale} "${cat[key]}" -> ${JSON.stringify(got)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  for (const locale of LOCALES) {
    it(`do what the sentence says in ${locale}`, async () => {
      const cat = catalogue(locale);
      const wrong: string[] = [];
      for (const [key, check] of Object.entries(SENTENCES)) {
        const words = quoted(cat[key]!);
        if (check.context === 'route') {
          for (const w of words) {
            const got = describeRoute(app.bot.decide(w)).intent;
            const want = ([] as string[]).concat(check.intent);
            if (!want.includes(got)) wrong.push(`${key}: "${w}" goes to ${got}, not ${want.join(' or ')}`);
          }
          continue;
        }
        const seen = new Set<Outcome>();
        for (const w of words) {
          const o = check.context === 'question' ? await outcomeInQuestion(locale, w) : await outcomeWhenPaused(locale, w);
          seen.add(o);
          if (!check.allowed.includes(o)) wrong.push(`${key}: "${w}" does ${o}, not one of ${check.allowed.join('/')}`);
        }
        for (const r of check.required) if (!seen.has(r)) wrong.push(`${key}: no quoted word does ${r} (${words.join(', ')})`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
