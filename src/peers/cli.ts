/**
 * `icc-assistant peers "<topic or area>" [--city <own city>] [--limit N] [--json]`: the peer ranking
 * from content alone (no workspace data: self-check scores, declines and follow-ups live in chat).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIO } from '../cli-io.js';
import type { Config } from '../config.js';
import { createSearch } from '../search/setup.js';
import { loadContent } from '../content/loader.js';
import { createI18n } from '../core/i18n.js';
import { UsageError } from '../core/errors.js';
import { rankPeers } from './rank.js';
import { reasonsOf } from './reasons.js';
import { findCity, resolveTopic } from './topic.js';

export async function peersCommand(args: string[], io: CliIO, config: Readonly<Config>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { city: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  const topicText = positionals.join(' ').trim();
  if (!topicText) throw new UsageError('peers needs a topic or area, e.g. icc-assistant peers "anti-rumours" --city Bilbao --json');
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new UsageError('--limit must be a whole number from 1 to 50');

  const content = loadContent(resolve(io.cwd, config.contentDir), { validatedCacheDir: resolve(io.cwd, config.dataDir, 'cache') });
  let own;
  if (values.city !== undefined) {
    const m = findCity(content.cities, values.city);
    if (m.kind !== 'exact') {
      const maybe = m.kind === 'close' ? [m.city, ...m.alternatives] : m.suggestions;
      throw new UsageError(`unknown city "${values.city.slice(0, 60)}"${maybe.length ? ` (did you mean ${maybe.map((c) => c.name).join(', ')}?)` : ''}`);
    }
    own = m.city;
  }

  const { search } = createSearch(content, resolve(io.cwd, config.dataDir, 'cache'));
  const resolved = resolveTopic(search, topicText);
  const ranked = resolved
    ? rankPeers({ cities: content.cities, practices: content.practiceById, topic: resolved.topic, own, countries: resolved.countries, limit })
    : [];
  const t = createI18n(content.messages).translator('en');
  const peers = ranked.map((p) => ({
    city: p.city.name,
    country: p.city.country,
    score: p.score,
    reasons: reasonsOf(t, 'en', (a) => search.areaName(a), p.signals),
    practices: p.practices,
  }));
  const write = (s: string) => io.stdout.write(s + '\n');
  if (values.json) write(JSON.stringify({ peers }));
  else if (peers.length === 0) write(`No peer city found for "${topicText.slice(0, 120)}".`);
  else peers.forEach((p, i) => write(`${i + 1}. ${p.city}, ${p.country} (${p.score.toFixed(2)}): ${p.reasons.join(' · ')}\n   ${p.practices.join(', ')}`));
  return 0;
}
