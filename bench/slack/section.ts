/**
 * Slack end-to-end: our real `icc-assistant serve` (signing on, SQLite store, the search intent
 * answering DMs with Block Kit on a fake Web API) against a bare Bolt app (bench/slack/bare.ts) that
 * only acks and calls chat.postMessage, under the same load in the same run: signed `message` events,
 * each with a unique event_id, from a separate load-generator process (bench/lib/loadgen.ts), 32
 * keep-alive connections, 10 s measured after a 3 s warm-up. Both answer HTTP when the event is acked
 * and post the reply afterwards, so "replies posted/s" is reported beside requests/s. A third contender,
 * the bare app posting our rendered answer instead of "ok", shows what sending a real answer costs the SDK.
 */
import { join } from 'node:path';
import { answerFile, runEndToEnd, serveEnv, startBare, startServe } from '../lib/e2e.js';
import type { BenchSection } from '../lib/types.js';

const SIGNING_SECRET = 'bench-signing-secret-7c2e';
const BOT_TOKEN = 'xoxb-1-2-benchbottoken';

const slackEnv = (fakeUrl: string) => ({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: `${fakeUrl}/api/` });

export const slackSection: BenchSection = {
  id: 'slack',
  title: 'Slack end-to-end (serve vs bare Bolt)',
  run: async (ctx) => {
    const answer = await answerFile(ctx);
    return runEndToEnd(ctx, {
      section: 'slack e2e',
      kind: 'slack',
      signingSecret: SIGNING_SECRET,
      replyKind: 'chat.postMessage',
      ours: {
        label: 'ours (serve, SQLite)',
        path: '/slack/events',
        start: (port, run, fake) => startServe(ctx, port, serveEnv(ctx, join(ctx.tmp, `slack-${run}`), port, slackEnv(fake))),
      },
      bare: {
        label: 'bare Bolt',
        path: '/slack/events',
        start: (port, _run, fake) => startBare(ctx, 'bench/slack/bare.ts', port, slackEnv(fake)),
      },
      bareSameAnswer: {
        label: 'bare Bolt posting our answer',
        path: '/slack/events',
        start: (port, _run, fake) => startBare(ctx, 'bench/slack/bare.ts', port, { ...slackEnv(fake), BARE_ANSWER_FILE: answer }),
      },
      checkOurs(sample) {
        // The search intent answered with Block Kit (a results message, not an error or the help).
        const post = sample['chat.postMessage'] ?? '';
        if (!post.includes('blocks') || !post.includes('section')) {
          throw new Error(`our server did not answer with Block Kit: ${post.slice(0, 300)}`);
        }
      },
    });
  },
};
