/**
 * Where the CPU of one answered message goes, in a fresh process on one core: the core's turn
 * (`bot.handle`: routing, the search, the reply), rendering that reply as Block Kit and as an
 * Adaptive Card, and the Slack SDK posting it (`WebClient.apiCall('chat.postMessage')`, 32 in flight,
 * against the fake Web API in another process) next to the same SDK posting the word "ok", which is
 * what the bare Bolt app of the Slack section sends. Figures are CPU microseconds per operation
 * (process.cpuUsage), after a warm-up, so they hold on a busy machine better than wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import { renderReply as renderBlockKit } from '../../src/adapters/slack/render.js';
import { renderReply as renderAdaptiveCard } from '../../src/adapters/teams/render.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Reply } from '../../src/core/turn.js';
import { questionTurn, QUESTIONS } from '../lib/loadgen.js';

export interface TurnWorkerInput {
  root: string;
  /** The fake platforms (http://127.0.0.1:port), for the SDK posts. */
  fakeUrl: string;
  iterations: number;
}

export interface TurnWorkerResult {
  handleUs: number;
  blockKitUs: number;
  adaptiveCardUs: number;
  postOursUs: number;
  postOkUs: number;
  /** Size of the Block Kit `blocks` JSON of a typical answer, bytes. */
  blocksBytes: number;
}

async function cpuPerOp(n: number, concurrency: number, op: (i: number) => unknown): Promise<number> {
  let next = 0;
  const t0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await op(next++);
    }),
  );
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / n;
}

export async function measureTurn(input: TurnWorkerInput): Promise<TurnWorkerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'icc-bench-turn-'));
  const config = loadConfig({ CONTENT_DIR: join(input.root, 'content'), DATA_DIR: dir, STORE_URL: `sqlite://${join(dir, 'icc.sqlite')}`, LOG_LEVEL: 'error' });
  const app = await createApp(config, { baseDir: input.root });
  try {
    const replies: Reply[] = [];
    for (let i = 0; i < QUESTIONS.length; i++) replies.push((await app.bot.handle(questionTurn(i)))[0]!);
    const t = app.bot.deps.i18n.translator('en');
    const blockKit = (i: number) => renderBlockKit(replies[i % replies.length]!, { t, spill: () => 'spilled' });
    const card = (i: number) => renderAdaptiveCard(replies[i % replies.length]!, { t });
    const messages = replies.map((_, i) => blockKit(i));

    const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };
    const client = new webApi.WebClient('xoxb-bench', { slackApiUrl: `${input.fakeUrl}/api/`, retryConfig: { retries: 0 }, logger: quiet });
    const postOurs = (i: number) => {
      const m = messages[i % messages.length]!;
      return client.apiCall('chat.postMessage', { channel: 'D1', text: m.text, blocks: m.blocks, unfurl_links: false, unfurl_media: false });
    };
    const postOk = () => client.apiCall('chat.postMessage', { channel: 'D1', text: 'ok' });

    const n = input.iterations;
    // Warm-up (JIT, sockets), then the measured rounds.
    await cpuPerOp(n, 32, (i) => app.bot.handle(questionTurn(i)));
    await cpuPerOp(n, 1, blockKit);
    await cpuPerOp(n, 1, card);
    await cpuPerOp(Math.min(n, 1000), 32, postOurs);
    await cpuPerOp(Math.min(n, 1000), 32, postOk);
    return {
      handleUs: await cpuPerOp(n, 32, (i) => app.bot.handle(questionTurn(n + i))),
      blockKitUs: await cpuPerOp(n, 1, blockKit),
      adaptiveCardUs: await cpuPerOp(n, 1, card),
      postOursUs: await cpuPerOp(n, 32, postOurs),
      postOkUs: await cpuPerOp(n, 32, postOk),
      blocksBytes: Buffer.byteLength(JSON.stringify(messages[0]!.blocks)),
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2]) {
  const result = await measureTurn(JSON.parse(process.argv[2]) as TurnWorkerInput);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
