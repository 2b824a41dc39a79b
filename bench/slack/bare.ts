/**
 * The Slack baseline: a bare @slack/bolt app (HTTPReceiver, signature verification on) that acks each
 * `message` event (Bolt acks events before the listener runs) and calls chat.postMessage once on the
 * fake Web API. No store, no search, no Block Kit. Env: PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN,
 * SLACK_API_URL, and optionally BARE_ANSWER_FILE (post that prepared message instead of "ok").
 */
import { readFileSync } from 'node:fs';
import { App, LogLevel } from '@slack/bolt';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};

const app = new App({
  signingSecret: env('SLACK_SIGNING_SECRET'),
  token: env('SLACK_BOT_TOKEN'),
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: env('SLACK_API_URL'), retryConfig: { retries: 0 } },
});

// BARE_ANSWER_FILE: post this message (text + blocks, our rendered answer) instead of "ok".
const answer = process.env.BARE_ANSWER_FILE ? (JSON.parse(readFileSync(process.env.BARE_ANSWER_FILE, 'utf8')) as { slack: { text: string; blocks: unknown[] } }).slack : undefined;

app.message(async ({ message, client }) => {
  if (!('channel' in message)) return;
  if (answer) await client.chat.postMessage({ channel: message.channel, text: answer.text, blocks: answer.blocks as never, unfurl_links: false, unfurl_media: false });
  else await client.chat.postMessage({ channel: message.channel, text: 'ok' });
});

await app.start(Number(env('PORT')));
process.on('SIGTERM', () => {
  void app.stop().finally(() => process.exit(0));
});
