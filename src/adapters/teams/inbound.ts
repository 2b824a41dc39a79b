/**
 * What the Teams adapter checks and bridges before a turn: the inbound activity's schema, the file
 * consent payload, which upload URLs are allowed, token refusals as one log line (botbuilder's console
 * output routed into our log), and the CloudAdapter that runs an already authenticated request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Logger } from '../../core/log.js';
import { z } from 'zod';
import { sendJson } from '../../server/http.js';
import { ClientReusingAuthentication } from './client-reuse.js';
import { isLoopbackHost } from './policy.js';


export const Str = z.string().max(1_000_000);
/**
 * Enough of an activity to route it, and the type of every field the translators and botbuilder read
 * (a number where a string belongs would otherwise throw inside the turn): anything else is a 400.
 */
export const InboundSchema = z.object({
  type: z.string().min(1).max(64),
  name: z.string().max(200).optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: z.string().min(1).max(64),
  conversation: z.object({ id: z.string().min(1).max(1000), conversationType: z.string().max(64).optional(), tenantId: z.string().max(200).optional(), isGroup: z.boolean().optional(), name: Str.optional() }).loose(),
  recipient: z.object({ id: z.string().min(1).max(400), name: Str.optional() }).loose(),
  from: z.object({ id: z.string().min(1).max(400), name: Str.optional(), role: z.string().max(64).optional() }).loose().optional(),
  text: Str.optional(),
  locale: z.string().max(64).optional(),
  localTimezone: z.string().max(100).optional(),
  replyToId: z.string().max(1000).optional(),
  deliveryMode: z.string().max(64).optional(),
  id: z.string().max(1000).optional(),
  entities: z.array(z.object({ type: z.string().max(100).optional() }).loose()).optional(),
  membersAdded: z.array(z.object({ id: z.string().max(400) }).loose()).optional(),
  membersRemoved: z.array(z.object({ id: z.string().max(400) }).loose()).optional(),
  attachments: z.array(z.object({ contentType: z.string().max(200).optional() }).loose()).optional(),
  channelData: z.object({ tenant: z.object({ id: z.string().max(200).optional() }).loose().optional() }).loose().optional(),
}).loose();

/** What Teams sends with `fileConsent/invoke` (the card's context comes back as we sent it). */
export const FileConsentSchema = z
  .object({
    action: z.enum(['accept', 'decline']),
    context: z.object({ f: z.string().max(200) }).loose(),
    uploadInfo: z
      .object({ uploadUrl: z.url({ protocol: /^https?$/ }), contentUrl: z.url({ protocol: /^https?$/ }), name: z.string().min(1).max(300), uniqueId: z.string().max(300), fileType: z.string().max(50) })
      .loose()
      .optional(),
  })
  .loose();

/** The OneDrive upload URL of an accepted consent: https (plain http only on this machine, for tests). */
export function uploadUrlAllowed(url: string): boolean {
  return url.startsWith('https://') || isLoopbackUrl(url);
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The first line of a message, bounded: what a log line keeps of a library's error. */
export function firstLine(text: unknown): string {
  return String(text ?? '').split('\n', 1)[0]!.slice(0, 300);
}

/**
 * botbuilder's token validation calls console.error (stack traces, key material) on its own. While our
 * code authenticates a request, those calls go to our logger as one warn line instead; everywhere
 * else console behaves as usual. Installed once per process.
 */
export const authLog = new AsyncLocalStorage<Logger>();
let consoleRouted = false;
export function quietBotbuilder(): void {
  if (consoleRouted) return;
  consoleRouted = true;
  for (const method of ['error', 'warn', 'log'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const log = authLog.getStore();
      if (!log) return original(...args);
      const first = args[0];
      log.debug('botbuilder token validation said', { said: firstLine(first instanceof Error ? `${first.name}: ${first.message}` : first) });
    };
  }
}

export type AuthResult = Awaited<ReturnType<ClientReusingAuthentication['authenticateRequest']>>;
export type Refused = { status: 401 | 503; error: string; msg: string; reason: string };

/** An authentication failure -> 401 (the token is not good) or 503 (we could not check it). Never 500. */
export function refusalOf(err: unknown): Refused {
  const e = err as { statusCode?: unknown; code?: unknown; name?: unknown; message?: unknown } | undefined;
  const reason = firstLine(`${typeof e?.name === 'string' ? e.name : 'Error'}: ${typeof e?.message === 'string' ? e.message : String(err)}`);
  if (e?.statusCode === 401 || e?.statusCode === 403) return { status: 401, error: 'unauthorized', msg: 'Teams request refused: invalid or missing Bot Framework token', reason };
  return { status: 503, error: 'cannot verify the Bot Framework token now; try again later', msg: 'Teams request not verified: Bot Framework signing keys unavailable', reason };
}

/** What CloudAdapter.process does to a parsed body before processing (timestamps become Dates). */
export function fixTimestamps(activity: Activity): Activity {
  const a = activity as unknown as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    if (typeof a[field] === 'string') {
      a[raw] = a[field];
      a[field] = new Date(a[field] as string);
    }
  }
  return activity;
}

/** CloudAdapter whose protected processActivity the route calls with a result it authenticated itself. */
export class TeamsCloudAdapter extends CloudAdapter {
  run(auth: AuthResult, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** Writes a processed activity's answer (an invoke response, or nothing) to node's ServerResponse. */
export function bridge(res: ServerResponse) {
  let status = 200;
  let body: unknown;
  return {
    status(code: number) {
      status = code;
    },
    send(payload: unknown) {
      body = payload;
    },
    end() {
      if (res.writableEnded) return;
      if (status >= 500) return sendJson(res, status, { error: 'internal error' });
      if (body === undefined || body === null) {
        res.writeHead(status, { 'content-length': 0 });
        res.end();
      } else if (typeof body === 'string') sendJson(res, status, { error: body.slice(0, 200) });
      else sendJson(res, status, body);
    },
  };
}
