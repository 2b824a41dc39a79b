/**
 * Prints our rendered Slack answer (text + Block Kit blocks) to the load generator's first question,
 * as JSON: what the "bare Bolt posting our answer" contender posts for every message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReply } from '../../src/adapters/slack/render.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { QUESTIONS } from '../lib/loadgen.js';

const { root } = JSON.parse(process.argv[2] ?? '{}') as { root: string };
const dir = mkdtempSync(join(tmpdir(), 'icc-bench-answer-'));
const app = await createApp(loadConfig({ CONTENT_DIR: join(root, 'content'), DATA_DIR: dir, STORE_URL: 'memory://', LOG_LEVEL: 'error' }), { baseDir: root });
try {
  const [reply] = await app.bot.handle({
    id: 'bench-answer',
    platform: 'slack',
    tenant: 'T1',
    user: { id: 'U0BENCH0' },
    conversation: { platform: 'slack', tenant: 'T1', conversation: 'DU0BENCH0', kind: 'dm' },
    text: QUESTIONS[0]!,
    locale: 'en-US',
    receivedAt: new Date(),
  });
  const msg = renderReply(reply!, { t: app.bot.deps.i18n.translator('en'), spill: () => 'spilled' });
  process.stdout.write(`${JSON.stringify({ text: msg.text, blocks: msg.blocks })}\n`);
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
