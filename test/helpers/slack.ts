/** Starts the real server with the Slack adapter against the fake Web API, and sends signed requests. */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SlackAdapter } from '../../src/adapters/slack/index.js';
import { loadConfig } from '../../src/config.js';
import type { Intent } from '../../src/core/intent.js';
import { createLogger } from '../../src/core/log.js';
import { startServer, type RunningServer } from '../../src/serve.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { ROOT } from './app.js';

export const SIGNING_SECRET = 'test-signing-secret-5f1c';
export const BOT_TOKEN = 'xoxb-111-222-testbottoken';

export interface SlackHarness {
  server: RunningServer;
  fake: FakeSlackApi;
  slack: SlackAdapter;
  base: string;
  logs: string[];
  close(): Promise<void>;
}

export async function startSlackServer(env: Record<string, string> = {}, opts: { intents?: readonly Intent[] } = {}): Promise<SlackHarness> {
  const fake = await new FakeSlackApi().start();
  const config = loadConfig({
    STORE_URL: 'memory://',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'icc-slack-')),
    LOG_LEVEL: 'debug',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.url,
    ...env,
  });
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', secrets: config.secrets, write: (l) => logs.push(l) });
  const server = await startServer(config, { port: 0, ticker: false, baseDir: ROOT, log, ...(opts.intents ? { intents: opts.intents } : {}) });
  const slack = server.adapters.find((a) => a.name === 'slack') as SlackAdapter | undefined;
  if (!slack) throw new Error('the Slack adapter was not mounted');
  return {
    server,
    fake,
    slack,
    base: `http://127.0.0.1:${server.port}`,
    logs,
    close: async () => {
      await server.close();
      await fake.close();
    },
  };
}

export function signature(body: string, ts: number, secret = SIGNING_SECRET): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
}

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Override the computed signature (forged requests). */
  signature?: string;
  retryNum?: number;
  secret?: string;
}

async function send(base: string, body: string, contentType: string, o: SendOptions): Promise<Response> {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': o.signature ?? signature(body, ts, o.secret),
      ...(o.retryNum !== undefined ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    },
    body,
  });
}

/** An Events API request (JSON). */
export function postEvent(base: string, envelope: object, o: SendOptions = {}): Promise<Response> {
  return send(base, JSON.stringify(envelope), 'application/json', o);
}

/** A slash command (form-encoded fields). */
export function postCommand(base: string, fields: Record<string, string>, o: SendOptions = {}): Promise<Response> {
  return send(base, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', o);
}

/** An interaction (form-encoded `payload=<json>`). */
export function postInteraction(base: string, payload: object, o: SendOptions = {}): Promise<Response> {
  return send(base, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', o);
}

let tsSeq = 0;
export function slackTs(): string {
  tsSeq++;
  return `1710000${String(tsSeq).padStart(3, '0')}.${String(tsSeq).padStart(6, '0')}`;
}

export function envelope(event: Record<string, unknown>, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event,
    ...over,
  };
}

export function dm(text: string, over: Record<string, unknown> = {}, team = 'T1'): Record<string, unknown> {
  const ts = slackTs();
  return envelope(
    { type: 'message', channel: 'D0USER1', channel_type: 'im', user: 'U0USER1', text, ts, event_ts: ts, team, ...over },
    { team_id: team, authorizations: [{ enterprise_id: null, team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }] },
  );
}

/** Slack's `user_change`: the user edited their profile (language, time zone...). */
export function userChange(user = 'U0USER1', team = 'T1', over: Record<string, unknown> = {}): Record<string, unknown> {
  return envelope(
    { type: 'user_change', user: { id: user, team_id: team, name: 'someone', deleted: false, tz: 'Europe/Rome', ...over }, cache_ts: 1700000000, event_ts: slackTs() },
    { team_id: team, authorizations: [{ enterprise_id: null, team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }] },
  );
}

export function mention(text: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = slackTs();
  return envelope({ type: 'app_mention', channel: 'C0GENERAL', user: 'U0USER1', text: `<@UBOT> ${text}`, ts, event_ts: ts, team: 'T1', ...over });
}

export function command(text: string, responseUrl: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'test',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0USER1',
    user_name: 'someone',
    command: '/icc',
    text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomUUID().replace(/-/g, '')}`,
    ...over,
  };
}

export interface PressedButton {
  action_id: string;
  value?: string;
}

export function blockAction(button: PressedButton, container: Record<string, unknown>, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: 'U0USER1', username: 'someone', name: 'someone', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container,
    trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomUUID().replace(/-/g, '')}`,
    team: { id: 'T1', domain: 'test' },
    enterprise: null,
    is_enterprise_install: false,
    ...(typeof container.channel_id === 'string' ? { channel: { id: container.channel_id, name: 'x' } } : {}),
    actions: [{ type: 'button', block_id: 'b1', text: { type: 'plain_text', text: 'x' }, action_ts: `${Date.now() / 1000}`, ...button }],
    ...over,
  };
}

type AnyBlock = { type: string; text?: { text: string }; elements?: Array<Record<string, unknown>>; accessory?: Record<string, unknown> };

/** Every button in a list of blocks (actions blocks and section accessories). */
export function buttonsIn(blocks: unknown): Array<{ action_id: string; value?: string; text: { text: string } }> {
  const out: Array<{ action_id: string; value?: string; text: { text: string } }> = [];
  for (const b of (blocks ?? []) as AnyBlock[]) {
    if (b.accessory?.type === 'button') out.push(b.accessory as never);
    if (b.type === 'actions') for (const e of b.elements ?? []) if (e.type === 'button') out.push(e as never);
  }
  return out;
}

/** All text in blocks, joined (for "does it mention X" checks). */
export function textIn(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}

/** The text Slack would display: every `text` string, not button values or ids. */
export function visibleText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (key === 'text') out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(blocks);
  return out.join('\n');
}
