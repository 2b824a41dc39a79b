/**
 * Wires the pieces once: content, search index, store, i18n and the intents into a Bot.
 * The CLI, the console chat and the server all start from here.
 */
import { join, resolve } from 'node:path';
import { intents as registeredIntents } from '../intents/index.js';
import type { Config } from './config.js';
import { loadContent, type Content } from './content/loader.js';
import { AREA_IDS, type AreaId } from './content/schemas.js';
import { createBot, type Bot } from './core/bot.js';
import { createI18n } from './core/i18n.js';
import { privateDir } from './core/private-files.js';
import { systemClock, type Clock, type Intent } from './core/intent.js';
import { createLogger, type Logger } from './core/log.js';
import { noMetrics, type Metrics } from './core/metrics.js';
import { Store } from './core/store.js';
import { createStores, type Stores } from './core/stores.js';
import { PracticeSearch, type SearchSetup } from './search/practice-search.js';
import { words } from './search/text.js';
import { JobQueue } from './scheduler/jobs.js';

export interface App {
  config: Readonly<Config>;
  content: Content;
  search: PracticeSearch;
  stores: Stores;
  jobs: JobQueue;
  bot: Bot;
  log: Logger;
  clock: Clock;
  /** Where turns, store operations and platform calls are counted (`serve` exposes them at /metrics). */
  metrics: Metrics;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  intents?: readonly Intent[];
  metrics?: Metrics;
  /** Where relative paths (content, data, sqlite file) are resolved; defaults to the process cwd. */
  baseDir?: string;
}

/** Area names in every language the self-check texts carry, English first (used in replies). */
export function areaNamesOf(content: Content): Map<AreaId, string[]> {
  const names = new Map<AreaId, string[]>();
  const locales = [...content.selfcheck.text.keys()].sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
  for (const id of AREA_IDS) names.set(id, locales.map((l) => content.selfcheck.text.get(l)!.areas[id].name));
  return names;
}

/** What the practice search is built from (the bench builds other engines from the same). */
export function searchSetup(content: Content): SearchSetup {
  const cityAliases = new Map<string, string>();
  for (const c of content.cities) {
    if (c.practices.length === 0) continue;
    for (const n of [c.name, ...c.aliases]) cityAliases.set(words(n).join(' '), c.name);
  }
  return { practices: content.practices, glossary: content.glossary, areaNames: areaNamesOf(content), cityAliases };
}

export function createSearch(content: Content, cacheDir?: string): { search: PracticeSearch; loadedFromCache: boolean } {
  return PracticeSearch.create(searchSetup(content), cacheDir);
}

export async function createApp(givenConfig: Readonly<Config>, opts: AppOptions = {}): Promise<App> {
  const baseDir = opts.baseDir ?? process.cwd();
  // Paths are resolved once here, so nothing downstream depends on the process's working directory.
  const config: Readonly<Config> = Object.freeze({ ...givenConfig, contentDir: resolve(baseDir, givenConfig.contentDir), dataDir: resolve(baseDir, givenConfig.dataDir) });
  const log = opts.log ?? createLogger({ level: config.logLevel, secrets: config.secrets });
  const clock = opts.clock ?? systemClock;
  // Start-up phases are timed into the "app ready" debug line (the cold-start bench reads them).
  const t0 = performance.now();
  // One cache dir for what a start derives from the content: the search index and which practice
  // files were validated (a restart with unchanged files skips re-validating every record).
  const cacheDir = join(resolve(baseDir, config.dataDir), 'cache');
  privateDir(config.dataDir);
  const content = loadContent(resolve(baseDir, config.contentDir), { validatedCacheDir: cacheDir });
  const t1 = performance.now();
  const { search, loadedFromCache } = createSearch(content, cacheDir);
  const t2 = performance.now();
  const metrics = opts.metrics ?? noMetrics;
  const store = await Store.open(config.storeUrl, baseDir, metrics);
  const t3 = performance.now();
  const stores = createStores(store);
  const i18n = createI18n(content.messages);
  const jobs = new JobQueue(store, clock, log);
  const bot = createBot({ config, content, search, stores, jobs, clock, log, i18n, metrics }, opts.intents ?? registeredIntents);
  const ms = (a: number, b: number) => Math.round(b - a);
  log.debug('app ready', {
    practices: content.practices.length,
    cities: content.cities.length,
    indexFromCache: loadedFromCache,
    store: store.backend.kind,
    // boot: process start (performance's time origin) to here: node, module loading, config.
    ms: { boot: Math.round(t0), content: ms(t0, t1), search: ms(t1, t2), store: ms(t2, t3), total: ms(t0, performance.now()) },
  });
  return {
    config,
    content,
    search,
    stores,
    jobs,
    bot,
    log,
    clock,
    metrics,
    close: () => store.close(),
  };
}
