/**
 * Issue 17's "done when": two real `serve` processes on one Redis; a proposal approved from the CLI
 * (a third process) is found by a Slack search on both replicas within two ticks, without a restart,
 * and only in its own workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/core/store.js';
import { proposalStore, type Proposal } from '../src/knowledge/store.js';
import { FakeSlackApi } from './fakes/slack-api.js';
import { ServeProcesses } from './helpers/serve.js';
import { runCli } from './helpers/cli.js';
import { BOT_TOKEN, SIGNING_SECRET, dm, postEvent } from './helpers/slack.js';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('[skipped] knowledge across two serve processes: REDIS_URL is not set');

const TICK_SECONDS = 1;
let fake: FakeSlackApi;
const serves = new ServeProcesses();
beforeAll(async () => {
  fake = await new FakeSlackApi().start();
});
afterAll(async () => {
  serves.stopAll();
  await fake.close();
});


const TITLE = 'Harbour choir of newcomers and dockworkers';

describe.skipIf(!REDIS_URL)('an approved practice with two serve replicas on one Redis', () => {
  it('is found on both replicas within two ticks, in its own workspace only', async () => {
    const tenant = `TK${Date.now()}`;
    const other = `${tenant}X`;
    const scope = { platform: 'slack' as const, tenant };
    const store = await Store.open(REDIS_URL!);
    const proposals = proposalStore(store);
    const now = new Date().toISOString();
    const proposal: Proposal = {
      id: `p${Date.now().toString(36)}`,
      status: 'pending',
      title: TITLE,
      city: 'bergen',
      summary: 'Bergen brought newcomers and retired dockworkers together in a harbour choir that rehearses weekly and sings in both Norwegian and the members’ own languages at city events.',
      areas: ['culture-civil-life'],
      source: 'https://www.bergen.kommune.no/harbour-choir',
      year: 2021,
      proposer: { id: 'U0USER1', name: 'Ana' },
      locale: 'en',
      submittedAt: now,
      updatedAt: now,
    };
    await proposals.put(scope, proposal);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      STORE_URL: REDIS_URL!,
      LOG_LEVEL: 'warn',
      NUDGE_TICK_SECONDS: String(TICK_SECONDS),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: fake.url,
    };
    try {
      const replicas = await Promise.all([serves.start(env), serves.start(env)]);
      const ask = async (base: string, team: string, channel: string) => {
        const before = fake.callsTo('chat.postMessage').length;
        const res = await postEvent(base, dm('harbour choir dockworkers', { channel }, team));
        expect(res.status).toBe(200);
        await fake.until(() => fake.callsTo('chat.postMessage').slice(before).some((c) => c.args.channel === channel), 10_000);
        return JSON.stringify(fake.callsTo('chat.postMessage').slice(before).filter((c) => c.args.channel === channel));
      };
      // Pending: neither replica shows it.
      for (const [i, base] of replicas.entries()) expect(await ask(base, tenant, `D0BEFORE${i}`)).not.toContain(TITLE);

      const approved = await runCli(['practices', 'approve', proposal.id, '--platform', 'slack', '--tenant', tenant, '--curator', 'maria'], { env: { STORE_URL: REDIS_URL } });
      expect(approved.code, approved.stderr).toBe(0);
      const at = Date.now();
      // Within two ticks (plus a turn's time), both replicas answer with it.
      await new Promise((r) => setTimeout(r, 2 * TICK_SECONDS * 1000 + 500));
      for (const [i, base] of replicas.entries()) expect(await ask(base, tenant, `D0AFTER${i}`), `replica ${i + 1}, ${Date.now() - at} ms after approval`).toContain(TITLE);
      // Another workspace on the same replicas never sees it.
      for (const [i, base] of replicas.entries()) expect(await ask(base, other, `D0OTHER${i}`)).not.toContain(TITLE);
    } finally {
      await proposals.remove(scope, proposal).catch(() => undefined);
      await store.close();
    }
  }, 120_000);
});
