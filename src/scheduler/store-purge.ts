/**
 * Every few minutes `serve` removes expired rows from the store (SQLite, memory; Redis expires keys
 * itself). Reads already ignore them; this keeps the file from growing with every delivery id ever
 * claimed, and keeps what it holds about people within the retention periods of the README. The same
 * tick removes data exports that were not delivered within an hour (src/privacy/files.ts) and published
 * chart files past their retention or quota (src/server/files.ts).
 */
import { removeStaleExports } from '../privacy/files.js';
import { prunePublished } from '../server/files.js';
import type { TickTaskFactory } from '../feature.js';

export const PURGE_EVERY_MS = 10 * 60 * 1000;

export const storePurgeTaskFactory: TickTaskFactory = ({ app }) => {
  let last = Number.NEGATIVE_INFINITY;
  return {
    name: 'store-purge',
    run: async () => {
      const now = app.clock.now().getTime();
      if (now - last < PURGE_EVERY_MS) return 0;
      last = now;
      const removed = await app.stores.store.purgeExpired();
      if (removed > 0) app.log.info('expired store entries removed', { removed });
      const exports = removeStaleExports(app.config.dataDir, app.clock.now());
      if (exports > 0) app.log.info('undelivered data exports removed', { files: exports });
      const files = prunePublished(app.config.dataDir, now);
      if (files > 0) app.log.info('published files removed', { removed: files });
      return removed + exports + files;
    },
  };
};
