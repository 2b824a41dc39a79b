/** The user directory: users.info once a day per user (store), and the store read at most every few minutes per process (memo). */
import { afterEach, describe, expect, it } from 'vitest';
import { SlackApi } from '../src/adapters/slack/api.js';
import { createSlackState, slackScope } from '../src/adapters/slack/state.js';
import { USER_MEMO_MS, UserDirectory } from '../src/adapters/slack/users.js';
import { createLogger } from '../src/core/log.js';
import { Store } from '../src/core/store.js';
import { FakeSlackApi } from './fakes/slack-api.js';
import { dm, postEvent, startSlackServer, userChange } from './helpers/slack.js';

let fake: FakeSlackApi | undefined;
let store: Store | undefined;
afterEach(async () => {
  await fake?.close();
  await store?.close();
});

describe('slack user directory', () => {
  it('asks Slack once, then answers from memory, then from the store once the memo has expired', async () => {
    fake = await new FakeSlackApi().start();
    fake.users.set('U1', { locale: 'fr-FR', tz: 'Europe/Paris' });
    store = await Store.open('memory://');
    const state = createSlackState(store);
    const log = createLogger({ level: 'error', write: () => undefined });
    let now = 1_000_000;
    const dir = new UserDirectory(state.users, new SlackApi({ apiUrl: fake.url, log }), log, () => now);
    const lookups = () => fake!.calls.filter((c) => c.method === 'users.info').length;

    expect(await dir.lookup('T1', 'xoxb-t', 'U1')).toEqual({ locale: 'fr-FR', timeZone: 'Europe/Paris' });
    expect(lookups()).toBe(1);

    // Changed in the store behind the memo's back: the memo still answers, Slack is not asked.
    await state.users.set(slackScope('T1'), 'U1', { locale: 'it-IT' });
    now += USER_MEMO_MS - 1;
    expect((await dir.lookup('T1', 'xoxb-t', 'U1')).locale).toBe('fr-FR');

    // Expired: read from the store again (still no users.info call).
    now += 2;
    expect((await dir.lookup('T1', 'xoxb-t', 'U1')).locale).toBe('it-IT');
    expect(lookups()).toBe(1);

    // Another workspace's user with the same id is its own entry.
    await dir.lookup('T2', 'xoxb-t2', 'U1');
    expect(lookups()).toBe(2);
  });
});

describe('user_change', () => {
  it('a user who switches Slack to French gets French answers from their next message, not a day later', async () => {
    const h = await startSlackServer();
    try {
      const answerTo = async (text: string) => {
        const from = h.fake.callsTo('chat.postMessage').length;
        expect((await postEvent(h.base, dm(text))).status).toBe(200);
        await h.slack.idle();
        return h.fake.callsTo('chat.postMessage').slice(from).map((c) => String(c.args.text ?? '')).join('\n');
      };
      expect(await answerTo('help')).toMatch(/practices/i);
      h.fake.users.set('U0USER1', { locale: 'fr-FR', tz: 'Europe/Paris' });
      // Remembered: Slack is not asked again for every message.
      expect(await answerTo('help')).not.toMatch(/pratiques/i);
      expect((await postEvent(h.base, userChange('U0USER1'))).status).toBe(200);
      await h.slack.idle();
      expect(await answerTo('help')).toMatch(/pratiques/i);
      expect(h.fake.callsTo('users.info')).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});
