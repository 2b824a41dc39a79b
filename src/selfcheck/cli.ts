/**
 * `icc-assistant selfcheck results --user <id> [--tenant T] [--platform P] [--json | --csv]`:
 * the latest self-check result of the user's city (`--json`: {"city","completedAt","overall","areas"}),
 * or every run as CSV (`--csv`; without --user, every city of the tenant).
 */
import { parseArgs } from 'node:util';
import { workspaceScope } from '../cli-scope.js';
import type { App } from '../feature.js';
import type { CliIO } from '../cli-io.js';
import type { Config } from '../config.js';
import { AREA_IDS } from '../content/schemas.js';
import { AppError, UsageError } from '../core/errors.js';
import { cityResults, tenantResults, type SelfCheckResult } from './model.js';

const USAGE = 'usage: icc-assistant selfcheck results --user <id> [--tenant T] [--platform console|slack|teams] [--json | --csv]';

function csvCell(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsCsv(results: SelfCheckResult[]): string {
  const header = ['city', 'completedAt', 'kind', 'user', 'overall', ...AREA_IDS, 'notes'];
  // Notes: the officer's own words on a question, "<question id>: <note>", one per line of the cell.
  const notes = (r: SelfCheckResult) => Object.entries(r.notes ?? {}).map(([q, n]) => `${q}: ${n}`).join('\n') || undefined;
  const rows = results.map((r) => [r.city, r.completedAt, r.kind, r.user, r.overall, ...AREA_IDS.map((a) => r.areas[a]), notes(r)].map(csvCell).join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}

export async function selfcheckCommand(args: string[], io: CliIO, config: Readonly<Config>, openApp: () => Promise<App>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { user: { type: 'string' }, tenant: { type: 'string' }, platform: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'results') throw new UsageError(USAGE);
  if (values.json && values.csv) throw new UsageError('--json and --csv cannot be combined');
  if (!values.user && !values.csv) throw new UsageError(`--user is required (${USAGE})`);
  const scope = workspaceScope(values);

  const app = await openApp();
  try {
    let results: SelfCheckResult[];
    if (values.user) {
      const profile = await app.stores.profile.get(scope, values.user);
      if (!profile?.city) throw new AppError('NOT_FOUND', `user ${values.user} has no city set in ${scope.platform}/${scope.tenant}`);
      results = await cityResults(app.stores.store, scope, profile.city);
      if (results.length === 0 && !values.csv) throw new AppError('NOT_FOUND', `no completed self-check for ${profile.city} in ${scope.platform}/${scope.tenant}`);
    } else {
      results = await tenantResults(app.stores.store, scope);
    }
    if (values.csv) {
      io.stdout.write(resultsCsv(results));
      return 0;
    }
    const latest = results.at(-1)!;
    if (values.json) {
      io.stdout.write(JSON.stringify({ city: latest.city, completedAt: latest.completedAt, overall: latest.overall, areas: latest.areas, ...(latest.notes ? { notes: latest.notes } : {}) }) + '\n');
    } else {
      const lines = [`${latest.city} ${latest.completedAt} (${latest.kind}) overall ${latest.overall}`];
      for (const a of AREA_IDS) if (latest.areas[a] !== undefined) lines.push(`  ${a}: ${latest.areas[a]}`);
      io.stdout.write(lines.join('\n') + '\n');
    }
    return 0;
  } finally {
    await app.close();
  }
}
