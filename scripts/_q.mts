import { createApp } from '/work/wt/search2/src/app.js';
import { loadConfig } from '/work/wt/search2/src/config.js';
import { createLogger } from '/work/wt/search2/src/core/log.js';
import { describeRoute } from '/work/wt/search2/src/core/router.js';
const app = await createApp(loadConfig({ STORE_URL: 'memory://', LOG_LEVEL: 'silent' }), { baseDir: '/work/wt/search2', log: createLogger({ level: 'silent' }) });
const lines = process.argv.slice(2);
for (let i = 0; i < lines.length; i += 2) {
  const [lang, q] = [lines[i]!, lines[i + 1]!];
  const r = app.search.search(q, { limit: 5, lang });
  console.log(`[${lang}] ${q} -> route ${describeRoute(app.bot.decide(q)).intent}`);
  console.log('   ', r.hits.map((h) => `${h.practice.id}`).join(', ') || '(none)', JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'hits'))).slice(0, 300));
}
await app.close();
