/**
 * The "done when", literally: `SLACK_SIGNING_SECRET=… SLACK_BOT_TOKEN=… SLACK_API_URL=… icc-assistant serve`
 * (a real process) answers a signed DM asking for anti-rumour practices with one chat.postMessage whose
 * blocks name such a practice, and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from './fakes/slack-api.js';
import { ROOT } from './helpers/app.js';
import { BOT_TOKEN, SIGNING_SECRET, dm, postEvent } from './helpers/slack.js';

let fake: FakeSlackApi;
beforeAll(async () => {
  fake = await new FakeSlackApi().start();
});
afterAll(async () => {
  await fake.close();
});

describe('icc-assistant serve with Slack credentials (real process)', () => {
  it('answers a signed DM event with one chat.postMessage naming an anti-rumour practice', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'icc-assistant.js'), 'serve', '--port', '0'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        STORE_URL: 'memory://',
        LOG_LEVEL: 'warn',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_API_URL: fake.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 25_000);
        child.stderr.on('data', () => {
          const m = /listening on http:\/\/localhost:(\d+) \(adapters: ([^)]*)\)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            expect(m[2]).toContain('slack');
            resolve(Number(m[1]));
          }
        });
      });
      const res = await postEvent(`http://127.0.0.1:${port}`, dm('Which anti-rumour practices do other cities have?'));
      expect(res.status).toBe(200);
      await fake.until(() => fake.callsTo('chat.postMessage').length > 0, 10_000);
      // Nothing else follows.
      await new Promise((r) => setTimeout(r, 300));
      const posts = fake.callsTo('chat.postMessage');
      expect(posts).toHaveLength(1);
      expect(posts[0]!.token).toBe(BOT_TOKEN);
      expect(JSON.stringify(posts[0]!.args.blocks)).toMatch(/anti-rumou?r/i);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(BOT_TOKEN);
  });
});
