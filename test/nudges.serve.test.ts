/**
 * Issue 7's "done when": three real `serve` processes sharing one Redis, one subscription due, the
 * channel's fake Slack Web API receives exactly one digest. The subscription is written due one
 * minute ago (inside the catch-up window) so the test does not wait for a wall-clock minute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/core/store.js';
import { Subscriptions, type Subscription } from '../src/nudges/subscriptions.js';
import { WEEKDAYS } from '../src/nudges/schedule.js';
import { FakeSlackApi } from './fakes/slack-api.js';
import { ServeProcesses } from './helpers/serve.js';
import { BOT_TOKEN, SIGNING_SECRET } from './helpers/slack.js';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('[skipped] nudges across three serve processes: REDIS_URL is not set');

let fake: FakeSlackApi;
const serves = new ServeProcesses();
beforeAll(async () => {
  fake = await new FakeSlackApi().start();
});
afterAll(async () => {
  serves.stopAll();
  await fake.close();
});


describe.skipIf(!REDIS_URL)('weekly nudge with three serve replicas on one Redis', () => {
  it('posts exactly one digest to the channel', async () => {
    const tenant = `TN${Date.now()}`;
    const scope = { platform: 'slack' as const, tenant };
    const due = new Date(Date.now() - 60_000);
    const store = await Store.open(REDIS_URL!);
    const subs = new Subscriptions(store);
    const sub: Subscription = {
      address: { platform: 'slack', tenant, conversation: 'CWORKGROUP', kind: 'channel' },
      day: WEEKDAYS[(due.getUTCDay() + 6) % 7]!,
      time: `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`,
      timeZone: 'UTC',
      topics: ['anti-discrimination'],
      locale: 'en',
      createdBy: { id: 'U0USER1', name: 'someone' },
      createdAt: new Date(Date.now() - 3_600_000).toISOString(),
      updatedBy: { id: 'U0USER1', name: 'someone' },
      updatedAt: new Date(Date.now() - 3_600_000).toISOString(),
      activeFrom: new Date(Date.now() - 3_600_000).toISOString(),
      status: 'active',
      skipWeeks: [],
      history: {},
      topicCursor: 0,
    };
    await subs.put(scope, 'CWORKGROUP', sub);
    try {
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        STORE_URL: REDIS_URL!,
        LOG_LEVEL: 'warn',
        NUDGE_TICK_SECONDS: '1',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: fake.url,
      };
      await Promise.all([serves.start(env), serves.start(env), serves.start(env)]);
      const toChannel = () => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CWORKGROUP');
      await fake.until(() => toChannel().length > 0, 20_000);
      // Every replica ticks several more times; none may send again.
      await new Promise((r) => setTimeout(r, 4_000));
      expect(toChannel()).toHaveLength(1);
      expect(JSON.stringify(toChannel()[0]!.args)).toMatch(/weekly intercultural tip/);
      expect((await subs.get(scope, 'CWORKGROUP'))?.lastSent?.week).toMatch(/^\d{4}-W\d{2}$/);
    } finally {
      await subs.delete(scope, 'CWORKGROUP');
      await store.close();
    }
  }, 120_000);
});
