/**
 * Teams end-to-end: our real `icc-assistant serve` (unauthenticated Teams endpoint, loopback
 * serviceUrl, SQLite store, the search intent answering with an Adaptive Card) against a bare
 * CloudAdapter echo bot (bench/teams/bare.ts), both posting to the same fake Bot Connector, under the
 * same load in the same run: message activities with unique ids from a separate load-generator
 * process, 32 keep-alive connections, 10 s measured after a 3 s warm-up. CloudAdapter answers HTTP
 * when the turn is done, so latency includes the replies to the connector (ours: the card, with a
 * typing indicator first only when the answer takes longer than TYPING_DELAY_MS; the echo bot: one
 * message).
 */
import { join } from 'node:path';
import { answerFile, runEndToEnd, serveEnv, startBare, startServe } from '../lib/e2e.js';
import type { BenchSection } from '../lib/types.js';

export const teamsSection: BenchSection = {
  id: 'teams',
  title: 'Teams end-to-end (serve vs bare CloudAdapter)',
  run: async (ctx) => {
    const answer = await answerFile(ctx);
    return runEndToEnd(ctx, {
      section: 'teams e2e',
      kind: 'teams',
      replyKind: 'connector.send',
      ours: {
        label: 'ours (serve, SQLite)',
        path: '/api/messages',
        // Local Teams mode (no tokens, like the bare CloudAdapter): loopback peers and service URLs only.
        start: (port, run) => startServe(ctx, port, serveEnv(ctx, join(ctx.tmp, `teams-${run}`), port, { TEAMS_LOCAL: '1' })),
      },
      bare: {
        label: 'bare CloudAdapter',
        path: '/api/messages',
        start: (port) => startBare(ctx, 'bench/teams/bare.ts', port, {}),
      },
      bareSameAnswer: {
        label: 'bare CloudAdapter sending our card',
        path: '/api/messages',
        start: (port) => startBare(ctx, 'bench/teams/bare.ts', port, { BARE_ANSWER_FILE: answer }),
      },
      checkOurs(sample) {
        const send = sample['connector.send'] ?? '';
        if (!send.includes('application/vnd.microsoft.card.adaptive')) throw new Error(`our server did not answer with an Adaptive Card: ${send.slice(0, 300)}`);
      },
    });
  },
};
