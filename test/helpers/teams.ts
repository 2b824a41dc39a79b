/** The real server with the Teams adapter, a fake Bot Connector, and recorded activities to post. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/log.js';
import { startServer, type RunningServer, type ServeOptions } from '../../src/serve.js';
import { FakeBotConnector } from '../fakes/bot-connector.js';
import { ROOT } from './app.js';

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'teams');

/** A recorded activity (test/fixtures/teams/<name>.json) with a fresh id and the given overrides. */
export function fixture(name: string, over: Record<string, unknown> = {}): any {
  const a = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
  return { ...a, id: randomUUID(), ...over };
}

export interface TeamsHarness {
  server: RunningServer;
  connector: FakeBotConnector;
  logs: string[];
  url: string;
  /** POSTs a JSON body (or raw string) to /api/messages. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  /** A fixture whose serviceUrl points at the fake connector. */
  activity(name: string, over?: Record<string, unknown>): any;
  close(): Promise<void>;
}

/** `opts.intents` replaces the registered intents (e.g. to add a deliberately slow one). */
export async function startTeams(env: Record<string, string> = {}, opts: Pick<ServeOptions, 'intents'> = {}): Promise<TeamsHarness> {
  const connector = await new FakeBotConnector().start();
  const logs: string[] = [];
  // Without an app id the tests run Teams in its explicit local mode (loopback only, no tokens).
  const config = loadConfig({ STORE_URL: 'memory://', DATA_DIR: mkdtempSync(join(tmpdir(), 'icc-teams-')), LOG_LEVEL: 'debug', ...(env.MICROSOFT_APP_ID ? {} : { TEAMS_LOCAL: '1' }), ...env });
  const log = createLogger({ level: 'debug', secrets: config.secrets, write: (l) => logs.push(l) });
  const server = await startServer(config, { port: 0, host: '127.0.0.1', ticker: false, baseDir: ROOT, log, ...opts });
  const url = `http://127.0.0.1:${server.port}`;
  return {
    server,
    connector,
    logs,
    url,
    async post(body, headers = {}) {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, text };
    },
    activity: (name, over = {}) => fixture(name, { serviceUrl: connector.url, ...over }),
    async close() {
      await server.close();
      await connector.stop();
    },
  };
}

/** The Adaptive Card of a recorded Bot Framework message. */
export function cardOf(activity: any): any {
  const att = (activity?.attachments ?? []).find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return att?.content;
}

/** Every TextBlock/Fact text in a card, in order. */
export function cardText(card: any): string {
  const out: string[] = [];
  const walk = (el: any) => {
    if (!el || typeof el !== 'object') return;
    if (el.type === 'TextBlock') out.push(el.text);
    if (el.type === 'FactSet') for (const f of el.facts) out.push(`${f.title}: ${f.value}`);
    for (const k of ['body', 'items', 'columns']) if (Array.isArray(el[k])) el[k].forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

/** Every Action.* in a card, in order. */
export function cardActions(card: any): any[] {
  const out: any[] = [];
  const walk = (el: any) => {
    if (!el || typeof el !== 'object') return;
    if (typeof el.type === 'string' && el.type.startsWith('Action.')) out.push(el);
    for (const k of ['body', 'items', 'columns', 'actions']) if (Array.isArray(el[k])) el[k].forEach(walk);
  };
  walk(card);
  return out;
}
