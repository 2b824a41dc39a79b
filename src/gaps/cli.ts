/**
 * `icc-assistant report gaps [--since 30d] [--platform P --tenant T] [--json]`: what the workspace's
 * people searched for and did not find (src/gaps/), most asked first. The workspace defaults to the
 * console chat's (`console` / `local`), as `selfcheck results` does.
 */
import { parseArgs } from 'node:util';
import { workspaceScope } from '../cli-scope.js';
import type { App } from '../feature.js';
import type { CliIO } from '../cli-io.js';
import type { Config } from '../config.js';
import { UsageError } from '../core/errors.js';
import { gapsText, parseSince } from './report.js';
import { listGaps } from './store.js';

const USAGE = 'usage: icc-assistant report gaps [--since 30d] [--platform console|slack|teams --tenant T] [--json]';

export async function reportCommand(args: string[], io: CliIO, config: Readonly<Config>, openApp: () => Promise<App>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { since: { type: 'string' }, platform: { type: 'string' }, tenant: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'gaps') throw new UsageError(USAGE);
  const scope = workspaceScope(values);

  const sinceText = values.since ?? '30d';
  // Checked before the app opens: a typo costs no content load.
  const since = parseSince(sinceText, new Date());
  if (!since) throw new UsageError(`--since must be a period like 30d, 12h or 2w, or a past date like 2026-11-01; got "${sinceText.slice(0, 40)}"`);

  const app = await openApp();
  try {
    const gaps = await listGaps(app.stores.store, scope, since);
    if (values.json) io.stdout.write(JSON.stringify({ gaps: gaps.map((g) => ({ query: g.query, count: g.count, lastAsked: g.lastAsked, results: g.results, notHelpful: g.notHelpful, key: g.key })) }) + '\n');
    else io.stdout.write(gapsText(gaps, `${scope.platform}/${scope.tenant}`, since));
    return 0;
  } finally {
    await app.close();
  }
}
