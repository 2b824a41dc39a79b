/**
 * Prints our answer to the load generator's first question, rendered for each platform, as JSON
 * `{ slack: { text, blocks }, teams: <message activity with the Adaptive Card> }`: what the "bare app
 * sending our answer" contenders of the end-to-end sections send for every message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReply as renderBlockKit } from '../../src/adapters/slack/render.js';
import { renderReply as renderAdaptiveCard } from '../../src/adapters/teams/render.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { questionTurn } from './loadgen.js';

const { root } = JSON.parse(process.argv[2] ?? '{}') as { root: string };
const dir = mkdtempSync(join(tmpdir(), 'icc-bench-answer-'));
const app = await createApp(loadConfig({ CONTENT_DIR: join(root, 'content'), DATA_DIR: dir, STORE_URL: 'memory://', LOG_LEVEL: 'error' }), { baseDir: root });
try {
  const [reply] = await app.bot.handle(questionTurn(0));
  const t = app.bot.deps.i18n.translator('en');
  const slack = renderBlockKit(reply!, { t, spill: () => 'spilled' });
  const teams = renderAdaptiveCard(reply!, { t });
  process.stdout.write(`${JSON.stringify({ slack: { text: slack.text, blocks: slack.blocks }, teams })}\n`);
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
