/**
 * The `icc-assistant` command. With the console adapter, the only code that reads stdin and
 * writes stdout. Errors are one line on stderr and a non-zero exit, never a stack trace.
 */
import type { CliIO } from './cli-io.js';
export type { CliIO } from './cli-io.js';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { hasPlatformCredentials, loadConfig, ConfigError, PACKAGE_ROOT, type Config } from './config.js';
import { createApp, features, type App, type AppOptions } from './app.js';
import { createLogger } from './core/log.js';
import { chatLogPath, chatLogWriter } from './adapters/console/log-file.js';
import { loadContent } from './content/loader.js';
import type { Practice } from './content/schemas.js';
import { localizedPractice } from './replies/practice-card.js';
import { AppError, ContentError, UsageError } from './core/errors.js';
import { describeRoute } from './core/router.js';
import { runConsole } from './adapters/console/index.js';
import { startServer } from './serve.js';
import { workspaceScope } from './cli-scope.js';

/** The features' commands (src/features/*: `cli`), listed in help after the app's own. */
const featureCommands = features.flatMap((f) => f.cli ?? []);

const USAGE = `Usage: icc-assistant <command> [options]

Commands:
  start                         serve when Slack/Teams credentials are set, else the console chat
  serve [--port N]              the HTTP server for Slack and Teams (PORT, default 3978), with /healthz
  chat [--json] [--user ID] [--locale xx]
                                chat in the terminal (one message per line when stdin is not a terminal)
  search "<query>" [--limit N] [--json] [--locale xx] [--platform P] [--tenant T]
                                search the practices (content, and those approved in that workspace)
  route "<text>" --json         which intent a message goes to, with the confidence
  content check                 validate everything under content/
${featureCommands.map((c) => `  ${c.usage}`).join('\n')}
  help                          this text
  --version                     the version`;

type Handler = (args: string[], io: CliIO, config: Readonly<Config>) => Promise<number>;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, positionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    // node's own text for an unknown option ends on an unbalanced quote; the rest are one clear line.
    const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '([^']*)'/.exec(e.message) : null;
    if (unknown) throw new UsageError(`unknown option "${unknown[1]!.slice(0, 40)}" (try icc-assistant help)`);
    throw new UsageError(e.message.split('\n')[0]!);
  }
}

function out(io: CliIO, s: string) {
  io.stdout.write(s.endsWith('\n') ? s : s + '\n');
}

async function withApp<T>(config: Readonly<Config>, io: CliIO, fn: (app: App) => Promise<T>, opts: AppOptions = {}): Promise<T> {
  const app = await createApp(config, { baseDir: io.cwd, ...opts });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

const chat: Handler = async (args, io, config) => {
  const { values } = parse(args, { json: { type: 'boolean' }, user: { type: 'string' }, locale: { type: 'string' } }, false);
  if (values.locale !== undefined && !/^[a-z]{2}([-_][A-Za-z]{2})?$/.test(values.locale)) throw new UsageError(`--locale must be a language code like fr or pt-BR, got "${values.locale}"`);
  const user = values.user ?? (safeUsername() || 'local-user');
  const interactive = Boolean(io.stdin.isTTY) && !values.json;
  const dataDir = resolve(io.cwd, config.dataDir);
  // Log lines would land between the answers: unless LOG_LEVEL asks for them, they go to a file.
  const logFile = config.logLevelExplicit ? undefined : chatLogPath(dataDir);
  const log = logFile ? createLogger({ level: config.logLevel, secrets: config.secrets, write: chatLogWriter(logFile) }) : undefined;
  return withApp(
    config,
    io,
    async (app) => {
      const locale = values.locale === undefined ? undefined : app.bot.deps.i18n.supported(values.locale);
      if (values.locale !== undefined && !locale) throw new UsageError(`--locale "${values.locale}" has no messages; one of ${app.bot.deps.i18n.locales.join(', ')}`);
      await runConsole({
        bot: app.bot,
        input: io.stdin as NodeJS.ReadableStream as import('node:stream').Readable,
        output: io.stdout as import('node:stream').Writable,
        interactive,
        json: Boolean(values.json),
        user,
        ...(values.locale ? { locale: values.locale } : {}),
        ...(interactive ? { historyFile: join(dataDir, 'chat_history') } : {}),
        ...(interactive && logFile ? { logFile } : {}),
      });
      return 0;
    },
    log ? { log } : {},
  );
};

function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}


const search: Handler = async (args, io, config) => {
  const { values, positionals } = parse(args, { limit: { type: 'string' }, json: { type: 'boolean' }, locale: { type: 'string' }, platform: { type: 'string' }, tenant: { type: 'string' } });
  const query = positionals.join(' ').trim();
  if (values.locale !== undefined && !/^[a-z]{2}$/.test(values.locale)) throw new UsageError(`--locale must be a language code like fr, got "${values.locale}"`);
  if (!query) throw new UsageError('search needs a query, e.g. icc-assistant search "anti-rumour campaign"');
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new UsageError('--limit must be a whole number from 1 to 50');
  const scope = workspaceScope(values);
  // The workspace's search: the content's practices and the ones approved there (the console's by default).
  return withApp(config, io, async (app) => {
    const engine = app.searchFor(scope);
    const r = engine.search(query, { limit, ...(values.locale ? { lang: values.locale } : {}) });
    const title = (p: Practice) => localizedPractice(p, values.locale).title;
    if (values.json) {
      out(io, JSON.stringify({ results: r.hits.map((h) => ({ id: h.practice.id, title: title(h.practice), city: h.practice.city, country: h.practice.country, areas: h.practice.areas, score: Number(h.score.toFixed(4)) })), unmatched: r.unmatched }));
    } else if (r.hits.length === 0) {
      out(io, `No practice found for "${query}".${r.suggestions.length ? ` Did you mean: ${r.suggestions.join(', ')}?` : ''}`);
    } else {
      r.hits.forEach((h, i) => out(io, `${i + 1}. ${title(h.practice)} (${h.practice.city}, ${h.practice.country}) [${h.practice.id}] ${h.score.toFixed(2)}`));
    }
    return 0;
  });
};

const routeCmd: Handler = async (args, io, config) => {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const text = positionals.join(' ').trim();
  if (!text) throw new UsageError('route needs a text, e.g. icc-assistant route "help" --json');
  // The bot's own decision (commands, interrupt words and the fallback included), on a throwaway store.
  return withApp({ ...config, storeUrl: 'memory://' }, io, async (app) => {
    const d = describeRoute(app.bot.decide(text));
    if (values.json) out(io, JSON.stringify({ intent: d.intent, confidence: Number(d.confidence.toFixed(3)), via: d.via }));
    else out(io, `${d.intent} (${d.confidence.toFixed(2)}, via ${d.via})`);
    return 0;
  });
};

const contentCmd: Handler = async (args, io, config) => {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (positionals[0] !== 'check' || positionals.length !== 1) throw new UsageError('usage: icc-assistant content check [--json]');
  const content = loadContent(resolve(io.cwd, config.contentDir));
  if (values.json) {
    out(io, JSON.stringify({ practices: content.practices.length, translations: content.translations }));
    return 0;
  }
  const locales = [...content.messages.keys()].join(', ');
  out(io, `Content OK: ${content.practices.length} practices, ${content.cities.length} cities, ${content.selfcheck.structure.areas.length} self-check areas, ${content.glossary.groups.length} glossary groups, messages in ${locales}.`);
  return 0;
};

const serve: Handler = async (args, io, config) => {
  const { values } = parse(args, { port: { type: 'string' } }, false);
  const port = values.port === undefined ? config.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const server = await startServer(config, { baseDir: io.cwd, port });
  io.stderr.write(`icc-assistant listening on http://localhost:${server.port} (adapters: ${server.adapters.map((a) => a.name).join(', ') || 'none'})\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      server.app.log.info('shutting down', { signal, inFlight: server.http.inFlight() });
      server.close().then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
};

const start: Handler = async (args, io, config) => (hasPlatformCredentials(config) ? serve(args, io, config) : chat(args, io, config));

export const commands: Record<string, Handler | undefined> = {
  chat,
  search,
  route: routeCmd,
  content: contentCmd,
  serve,
  start,
  ...Object.fromEntries(
    featureCommands.map((c): [string, Handler] => [c.name, (args, io, config) => c.run(args, io, config, () => createApp(config, { baseDir: io.cwd }))]),
  ),
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    // No command is a usage error: the text goes where errors go.
    io.stderr.write(USAGE + '\n');
    return 2;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    out(io, USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    out(io, version());
    return 0;
  }
  const handler = commands[command];
  try {
    if (!handler) throw new UsageError(`unknown command "${command.slice(0, 40)}" (try icc-assistant help)`);
    const config = loadConfig(io.env);
    return await handler(rest, io, config);
  } catch (err) {
    if (err instanceof ContentError) io.stderr.write(`Content error: ${err.message}\n`);
    else if (err instanceof UsageError) io.stderr.write(`icc-assistant: ${err.message}\n`);
    else if (err instanceof ConfigError) io.stderr.write(`Configuration error: ${err.message}\n`);
    else if (err instanceof AppError) io.stderr.write(`icc-assistant: ${err.message}\n`);
    else io.stderr.write(`icc-assistant: ${(err as Error)?.message ?? String(err)}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
