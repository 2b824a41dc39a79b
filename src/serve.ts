/**
 * `icc-assistant serve`: one HTTP server with every configured platform adapter, /healthz, /readyz,
 * /metrics, and the scheduler tick (due jobs, weekly nudges). Stops gracefully: /readyz turns 503
 * (for SHUTDOWN_DRAIN_SECONDS, while requests are still served), then no new requests, in-flight
 * turns finish, tickers stop, the store closes.
 */
import { adapterFactories } from './adapters/index.js';
import type { PlatformAdapter } from './adapters/platform.js';
import { createApp, type App, type AppOptions } from './app.js';
import type { Config } from './config.js';
import { Senders } from './core/sender.js';
import { createHttpServer, type HttpServer } from './server/http.js';
import { filesRoute } from './server/files.js';
import { downloadsRoute } from './server/downloads.js';
import { legalRoutes } from './server/legal-pages.js';
import { metricsRoute, readiness } from './server/metrics.js';
import type { PrometheusMetrics } from './metrics/prometheus.js';
import { startTicker } from './scheduler/jobs.js';
import { jobHandlers, tickTaskFactories } from './scheduler/registry.js';
import type { NudgeTickReport } from './nudges/scheduler.js';

export interface RunningServer {
  port: number;
  app: App;
  senders: Senders;
  http: HttpServer;
  adapters: PlatformAdapter[];
  /** This server's metrics registry (served at /metrics). */
  metrics: PrometheusMetrics;
  /** Runs one scheduler tick now (tests drive time with an injected clock). */
  tick(): Promise<void>;
  close(): Promise<void>;
}

export interface ServeOptions extends AppOptions {
  port?: number;
  host?: string;
  /** Disable the periodic ticker (tests call `tick()` themselves). */
  ticker?: boolean;
}

export async function startServer(config: Readonly<Config>, opts: ServeOptions = {}): Promise<RunningServer> {
  // Loaded here, not at import: the CLI imports this module, and its other commands never need prom-client.
  const { PrometheusMetrics } = await import('./metrics/prometheus.js');
  const metrics = new PrometheusMetrics();
  const app = await createApp(config, { ...opts, metrics });
  const senders = new Senders();
  const adapters: PlatformAdapter[] = [];
  try {
    for (const factory of adapterFactories) {
      const adapter = await factory(app, senders);
      if (!adapter) continue;
      adapters.push(adapter);
      if (adapter.sender) senders.register(adapter.sender);
    }
  } catch (err) {
    await app.close();
    throw err;
  }
  const http = createHttpServer(
    [...adapters.flatMap((a) => a.routes), filesRoute(app.config.dataDir), downloadsRoute(app.config.dataDir, app.log, () => app.clock.now()), ...legalRoutes(app.bot.deps.i18n, config.defaultLocale), metricsRoute(metrics, config.metricsToken)],
    app.log,
    {
      health: async () => ({ adapters: adapters.map((a) => a.name), teams: config.teams.mode }),
      ready: () => readiness({ draining: () => draining, store: app.stores.store, contentLoaded: () => app.content.practices.length > 0 }),
    },
  );
  let draining = false;
  const deps = { app, senders };
  const handlers = jobHandlers(deps);
  const tasks = tickTaskFactories.map((f) => f(deps));
  // Records stored before the tick's indexes existed are indexed once, from start-up (a walk of the store
  // the first time, then a marker); the first tick waits for it, and retries it if it failed.
  const notYet = (task: string) => (err: unknown) => app.log.warn('cannot index the existing records yet; the first tick retries', { task, err });
  app.jobs.ready().catch(notYet('jobs'));
  for (const t of tasks) t.prepare?.().catch(notYet(t.name));
  const tick = async () => {
    const jobs = await app.jobs.runDue(handlers);
    metrics.jobs(jobs.ran, jobs.failed);
    for (const task of tasks) {
      try {
        const report = await task.run();
        if (task.name === 'nudges') {
          const { sent, failed } = report as NudgeTickReport;
          metrics.nudges(sent, failed);
        }
      } catch (err) {
        app.log.error('tick task failed', { task: task.name, err });
      }
    }
  };
  const ticker = opts.ticker === false ? undefined : startTicker(config.nudges.tickSeconds * 1000, tick, app.log);
  // Local Teams mode has no tokens: keep the whole server on this machine (the route checks peers too).
  const host = config.teams.mode === 'local' ? '127.0.0.1' : opts.host;
  if (opts.host && host !== opts.host) app.log.warn('TEAMS_LOCAL=1: listening on 127.0.0.1 only', { requested: opts.host });
  const port = await http.listen(opts.port ?? config.port, host);
  app.log.info('server listening', { port, host: host ?? '0.0.0.0', adapters: adapters.map((a) => a.name), teams: config.teams.mode, store: app.stores.store.backend.kind });

  let closed: Promise<void> | undefined;
  return {
    port,
    app,
    senders,
    http,
    adapters,
    metrics,
    tick,
    close: () =>
      (closed ??= (async () => {
        // Out of the load balancer first (/readyz 503) while still answering, then stop taking requests.
        draining = true;
        if (config.shutdownDrainSeconds > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainSeconds * 1000));
        await http.close();
        await ticker?.stop();
        for (const a of adapters) await a.stop?.().catch((err) => app.log.warn('adapter stop failed', { adapter: a.name, err }));
        await app.close();
      })()),
  };
}
