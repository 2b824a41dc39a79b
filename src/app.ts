/**
 * Wires the pieces once: content, search index, store, i18n and the features into a Bot.
 * The CLI, the console chat and the server all start from here. `features` is the app's only
 * registry: intents, job handlers, tick tasks and personal data are walked from it.
 */
import { join, resolve } from 'node:path';
import type { Config } from './config.js';
import { loadContent } from './content/loader.js';
import { createBot, type BotHooks } from './core/bot.js';
import { createI18n } from './core/i18n.js';
import { privateDir } from './core/private-files.js';
import { systemClock, type Clock } from './core/clock.js';
import type { AppServices, Intent } from './core/intent.js';
import { createLogger, type Logger } from './core/log.js';
import { noMetrics, type Metrics } from './core/metrics.js';
import { Store } from './core/store.js';
import type { Scope } from './core/turn.js';
import { createStores } from './core/stores.js';
import type { App, Feature } from './feature.js';
import { aboutFeature } from './features/about.js';
import { feedbackFeature } from './features/feedback.js';
import { followupFeature } from './features/followup.js';
import { gapsFeature } from './features/gaps.js';
import { helpFeature } from './features/help.js';
import { knowledgeFeature } from './features/knowledge.js';
import { nudgesFeature } from './features/nudges.js';
import { peersFeature } from './features/peers.js';
import { privacyFeature } from './features/privacy.js';
import { searchFeature } from './features/search.js';
import { selfcheckFeature } from './features/selfcheck.js';
import { settingsFeature } from './features/settings.js';
import { smalltalkFeature } from './features/smalltalk.js';
import { usePhrasesFrom } from './core/phrases.js';
import { useWordsFrom } from './core/words.js';
import type { PracticeSearch } from './search/practice-search.js';
import { createSearch } from './search/setup.js';
import type { PersonalDataSource } from './privacy/personal-data.js';
import { JobQueue } from './scheduler/jobs.js';

export type { App, Feature } from './feature.js';
// Where the search is built from, kept importable from here (tests, bench).
export { areaNamesOf, createSearch, searchSetup } from './search/setup.js';

/** The features, in the order help lists their intents. Adding a feature is one line here. */
export const features: readonly Feature[] = [
  searchFeature,
  selfcheckFeature,
  peersFeature,
  nudgesFeature,
  knowledgeFeature,
  settingsFeature,
  helpFeature,
  privacyFeature,
  aboutFeature,
  smalltalkFeature,
  followupFeature,
  feedbackFeature,
  gapsFeature,
];

/** Every feature's intents, in the features' order (a duplicate name fails at start-up). */
export const intents: readonly Intent[] = features.flatMap((f) => f.intents ?? []);

/** What every feature keeps about a person, in the features' order. */
export const personalDataSources: readonly PersonalDataSource[] = features.flatMap((f) => f.personalData ?? []);

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** The intents the bot routes to (default: the features'); tests add or replace some. */
  intents?: readonly Intent[];
  metrics?: Metrics;
  /** Where relative paths (content, data, sqlite file) are resolved; defaults to the process cwd. */
  baseDir?: string;
}

/**
 * The search as one turn's intent sees it: the same engine, noting whether a first page came back
 * empty (icc_search_no_match_total) without the intents knowing about metrics.
 */
function watchedSearch(search: PracticeSearch, onEmpty: () => void): PracticeSearch {
  const run: PracticeSearch['run'] = (query, opts, boostAreas) => {
    const r = search.run(query, opts, boostAreas);
    if (r.total === 0 && r.offset === 0) onEmpty();
    return r;
  };
  // Every other member is the engine's own, called on the engine itself (private fields included).
  return new Proxy(search, {
    get(target, prop) {
      if (prop === 'run') return run;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * What the bot needs from the features: the search for the fallback, the turn's workspace's search (with
 * the metrics' watch), the features' after-turn work. `searchFor` answers once the app is built.
 */
function botHooks(services: AppServices, metrics: Metrics, searchFor: (scope: Scope) => PracticeSearch): BotHooks {
  const { search } = services;
  return {
    defaultLocale: services.config.defaultLocale,
    // The practices' titles in every language are what people ask the search about: without them, a
    // topic word seen once in an example of another intent ("our anti-rumour campaign should be in
    // your list") pulled "campagne anti-rumeurs" away from the search.
    intentExamples() {
      return services.content.practices.flatMap((p) => [p.title, ...Object.values(p.translations ?? {}).map((t) => t?.title ?? '')].filter(Boolean).map((text) => ({ text, intent: 'search' })));
    },
    looksLikeTopic(text, scope) {
      const s = scope ? searchFor(scope) : search;
      const q = s.parse(text);
      if (q.terms.length === 0) return q.filters.areas.length + q.filters.countries.length + q.filters.cities.length > 0;
      return s.run(q, { limit: 1 }).total > 0;
    },
    // Two content words or more: a topic, answered by the search even when it has nothing on it.
    namesTopic: (text) => search.parse(text).terms.length >= 2,
    beginTurn(scope) {
      let noMatch = false;
      return {
        services: { search: watchedSearch(searchFor(scope), () => (noMatch = true)) },
        end(intent) {
          if (noMatch && intent === 'search') metrics.searchNoMatch(scope.platform);
        },
      };
    },
    async afterTurn(turn, replies, deps) {
      for (const f of features) await f.afterTurn?.(deps, turn, replies);
    },
  };
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
  usePhrasesFrom(config.contentDir);
  useWordsFrom(config.contentDir);
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
  const services: AppServices = { config, content, search, jobs, personalData: personalDataSources };
  // Filled in below, once the app exists; no turn runs before that.
  let searchFor: (scope: Scope) => PracticeSearch = () => search;
  const bot = createBot({ ...services, stores, clock, log, i18n, metrics, hooks: botHooks(services, metrics, (scope) => searchFor(scope)) }, opts.intents ?? intents);
  const ms = (a: number, b: number) => Math.round(b - a);
  log.debug('app ready', {
    practices: content.practices.length,
    cities: content.cities.length,
    indexFromCache: loadedFromCache,
    store: store.backend.kind,
    // boot: process start (performance's time origin) to here: node, module loading, config.
    ms: { boot: Math.round(t0), content: ms(t0, t1), search: ms(t1, t2), store: ms(t2, t3), total: ms(t0, performance.now()) },
  });
  const app: App = {
    config,
    content,
    search,
    stores,
    jobs,
    bot,
    log,
    clock,
    metrics,
    features,
    searchFor: (scope) => searchFor(scope),
    close: () => store.close(),
  };
  searchFor = (scope) => {
    for (const f of features) {
      const own = f.workspaceSearch?.(app, scope);
      if (own) return own;
    }
    return search;
  };
  try {
    for (const f of features) await f.start?.(app);
  } catch (err) {
    await store.close();
    throw err;
  }
  return app;
}
