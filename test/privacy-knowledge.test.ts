/**
 * Proposals and curator decisions are personal data of their workspace: the export names them, erasing
 * drops the person's pending, sent-back and rejected proposals and their draft, keeps an approved one (still
 * searchable) without their name or address, and removes a curator's name from their decisions.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Turn } from '../src/core/turn.js';
import { approvedPractices } from '../src/knowledge/practice.js';
import { proposalStore, type Proposal } from '../src/knowledge/store.js';
import { buttonsOf, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';
import { PROPOSAL } from './helpers/knowledge.js';

let app: TestApp;
afterEach(async () => app?.close());

const scope = { platform: 'console' as const, tenant: 'T1' };
const curator: Partial<Turn> = { user: { id: 'cur1', name: 'Maria' } };

async function propose(title: string, over: Partial<Turn> = {}): Promise<Proposal> {
  await app.bot.handle(turn('propose a practice', over));
  for (const v of Object.values({ ...PROPOSAL, title })) await app.bot.handle(turn(v, over));
  await app.bot.handle(turn('yes', over));
  return (await proposalStore(app.stores.store).list(scope)).find((p) => p.title === title)!;
}

async function exportOf(over: Partial<Turn> = {}) {
  const [reply] = await app.bot.handle(turn('/icc privacy export', over));
  return JSON.parse(readFileSync(reply!.file!.path, 'utf8')).data as Record<string, unknown[]>;
}

describe('privacy of proposals', () => {
  it('exports and erases a proposer’s proposals and a curator’s decisions', async () => {
    app = await testApp({ CURATORS: 'console:T1=cur1' });
    const approved = await propose('Neighbourhood anti-rumour agents');
    const rejected = await propose('Anti-rumour agents in Bergen libraries');
    const pending = await propose('Anti-rumour agents in Bergen schools');
    const other = await propose('Anti-rumour agents in Bergen sports clubs', { user: { id: 'U2' } });
    // An unsent draft too.
    await app.bot.handle(turn('propose a practice'));
    for (const v of Object.values(PROPOSAL)) await app.bot.handle(turn(v));
    await app.bot.handle(press({ intent: 'curate', name: 'approve', data: { id: approved.id } }, curator));
    await app.bot.handle(press({ intent: 'curate', name: 'reject-form', data: { id: rejected.id, comment: 'Same as the first one.' } }, curator));

    const explained = textOf(await app.bot.handle(turn('what do you store about me?')));
    expect(explained).toMatch(/Proposed practices: 4\./);
    const data = await exportOf();
    const mine = data['proposals'] as Array<Proposal & { draft?: unknown }>;
    expect(mine.filter((p) => p.title).map((p) => p.title).sort()).toEqual([approved.title, rejected.title, pending.title].sort());
    expect(mine.some((p) => p.draft)).toBe(true);
    expect(JSON.stringify(mine)).not.toMatch(/sports clubs/);
    // The conversation address is how the bot reaches them, not data about them: left out.
    expect(mine.every((p) => p.address === undefined)).toBe(true);
    const decisions = (await exportOf(curator))['proposal-decisions'] as Array<{ proposal: string; status: string; comment?: string }>;
    expect(decisions.map((d) => [d.proposal, d.status]).sort()).toEqual([[approved.id, 'approved'], [rejected.id, 'rejected']].sort());

    const ask = await app.bot.handle(turn('/icc privacy delete'));
    await app.bot.handle(press(buttonsOf(ask).find((b) => b.action.name === 'confirm')!.action));
    const store = proposalStore(app.stores.store);
    expect(await store.get(scope, rejected.id)).toBeUndefined();
    expect(await store.get(scope, pending.id)).toBeUndefined();
    expect(await store.drafts.get(scope, 'U1')).toBeUndefined();
    const kept = (await store.get(scope, approved.id))!;
    expect(kept).toMatchObject({ status: 'approved', proposer: { id: '' } });
    expect(kept.address).toBeUndefined();
    expect(JSON.stringify(kept)).not.toMatch(/"U1"/);
    // Still the workspace's practice, still searchable; the other person's proposal untouched.
    expect((await approvedPractices(app.stores.store, scope, app.content)).map((p) => p.title)).toEqual([approved.title]);
    expect(app.searchFor(scope).search('anti-rumour agents neighbourhood associations Bergen', { limit: 3 }).hits[0]!.practice.title).toBe(approved.title);
    expect(await store.get(scope, other.id)).toMatchObject({ proposer: { id: 'U2' } });
    expect((await exportOf())['proposals']).toEqual([]);

    // The curator erases: decisions stay, without their name.
    const ask2 = await app.bot.handle(turn('/icc privacy delete', curator));
    await app.bot.handle(press(buttonsOf(ask2).find((b) => b.action.name === 'confirm')!.action, curator));
    expect((await store.get(scope, approved.id))!.decision!.by).toEqual({ id: '' });
    expect((await exportOf(curator))['proposal-decisions']).toEqual([]);
  });

  it('a practice approved in a workspace and also in content (same id) is shown once: content wins', async () => {
    app = await testApp();
    const content = app.content.practices[0]!;
    const now = new Date().toISOString();
    await proposalStore(app.stores.store).put(scope, {
      id: 'abc12345',
      ...{ title: 'A copy with another title', city: 'bergen', summary: PROPOSAL.summary, areas: ['education'], source: PROPOSAL.source, year: 2020 },
      status: 'approved',
      proposer: { id: 'U1' },
      locale: 'en',
      submittedAt: now,
      updatedAt: now,
      practiceId: content.id,
      verified: now.slice(0, 10),
    });
    expect(await approvedPractices(app.stores.store, scope, app.content)).toEqual([]);
  });
});
