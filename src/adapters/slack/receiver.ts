/**
 * A Bolt Receiver that lives on our one HTTP server as `POST /slack/events` (events, slash commands,
 * interactivity and options all arrive here). Per request: verify the signature and the timestamp
 * (401 when either is wrong: nothing is processed), answer url_verification, drop a delivery already
 * seen (Slack's `X-Slack-Retry-Num` re-sends; claimed in the store so it holds across replicas), then
 * hand the payload to `app.processEvent` and answer HTTP as soon as the listener acks; the slow work
 * carries on after the response. Work still running is tracked so shutdown can wait for it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { App as BoltApp, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/log.js';
import { sendJson, type HttpRequest, type HttpRoute } from '../../server/http.js';
import { refusal } from './gate.js';

export const EVENTS_PATH = '/slack/events';
const MAX_SKEW_S = 5 * 60;

export interface DeliveryClaims {
  /** Takes a delivery id for this workspace; false when it was already taken (by any replica). */
  claim(tenant: string, id: string): Promise<boolean>;
  release(tenant: string, id: string): Promise<void>;
}

export interface RouteReceiverOptions {
  signingSecret: string;
  log: Logger;
  claims: DeliveryClaims;
  /** How long to wait for a listener's ack before answering 200 anyway (Slack gives up at 3 s). */
  ackTimeoutMs?: number;
  now?: () => number;
}

type Body = Record<string, unknown>;

function header(req: HttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A workspace id as Slack writes them; anything else is not used as a store scope. */
function slackId(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Z0-9][A-Za-z0-9._-]{0,63}$/.test(v) ? v : undefined;
}

/** Slack's signature: `v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing secret. */
const SIGNATURE = /^v0=([0-9a-f]{64})$/;

/**
 * Whether `signature` is Slack's for this timestamp and body (Bolt's verifySlackRequest, minus its
 * timestamp rule, which `verify` applies more strictly): compared in constant time with
 * crypto.timingSafeEqual, on the digests' bytes (Bolt's tsscmp hashes both sides again with a random key
 * for the same purpose, at three HMACs and random bytes per request).
 */
export function signatureMatches(secret: string, ts: number, body: string, signature: string): boolean {
  const m = SIGNATURE.exec(signature);
  if (!m || !secret) return false;
  const ours = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest();
  return timingSafeEqual(ours, Buffer.from(m[1]!, 'hex'));
}

function idOf(v: unknown): string | undefined {
  return v && typeof v === 'object' ? str((v as { id?: unknown }).id) : undefined;
}

/** Which delivery this is, for dedupe: the event id, else the interaction / command trigger id. */
export function deliveryOf(body: Body): { tenant: string; id: string } | null {
  const auth = Array.isArray(body.authorizations) ? (body.authorizations[0] as Body | undefined) : undefined;
  const tenant = slackId(auth?.team_id) ?? slackId(body.team_id) ?? slackId(idOf(body.team)) ?? slackId(body.enterprise_id) ?? slackId(idOf(body.enterprise)) ?? '-';
  if (body.type === 'event_callback' && str(body.event_id)) return { tenant, id: `event:${body.event_id as string}` };
  if (str(body.trigger_id)) return { tenant, id: `trigger:${body.trigger_id as string}` };
  return null;
}

function writeAck(res: ServerResponse, response: unknown): void {
  if (res.headersSent) return;
  if (response === undefined || response === null || response === '') {
    res.writeHead(200, { 'content-length': 0 });
    res.end();
  } else if (typeof response === 'string') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(response) });
    res.end(response);
  } else sendJson(res, 200, response);
}

export class RouteReceiver implements Receiver {
  private bolt: BoltApp | undefined;
  private readonly pending = new Set<Promise<void>>();
  readonly route: HttpRoute;

  constructor(private readonly opts: RouteReceiverOptions) {
    this.route = { method: 'POST', path: EVENTS_PATH, handler: (req, res) => this.handle(req, res) };
  }

  init(app: BoltApp): void {
    this.bolt = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves when every payload handed to Bolt has been fully processed. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private verify(req: HttpRequest, raw: string): string | null {
    const ts = Number(header(req, 'x-slack-request-timestamp'));
    const signature = header(req, 'x-slack-signature');
    if (!signature || !Number.isInteger(ts)) return 'missing signature headers';
    const nowMs = (this.opts.now ?? Date.now)();
    // Bolt rejects old timestamps; a timestamp far in the future is just as suspicious.
    if (Math.abs(nowMs / 1000 - ts) > MAX_SKEW_S) return 'timestamp outside the 5-minute window';
    return signatureMatches(this.opts.signingSecret, ts, raw, signature) ? null : 'signature mismatch';
  }

  private parse(req: HttpRequest, raw: string): Body | null {
    try {
      const type = header(req, 'content-type') ?? '';
      let parsed: unknown;
      if (type.includes('application/x-www-form-urlencoded')) {
        const params = new URLSearchParams(raw);
        const payload = params.get('payload');
        parsed = payload !== null ? JSON.parse(payload) : Object.fromEntries(params);
      } else parsed = JSON.parse(raw);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Body) : null;
    } catch {
      return null;
    }
  }

  private async handle(req: HttpRequest, res: ServerResponse): Promise<void> {
    const log = this.opts.log;
    const raw = req.rawBody.toString('utf8');
    const rejected = this.verify(req, raw);
    if (rejected) {
      log.warn('slack request rejected', { reason: rejected });
      sendJson(res, 401, { error: 'invalid request signature' });
      return;
    }
    const body = this.parse(req, raw);
    if (!body) {
      sendJson(res, 400, { error: 'unreadable body' });
      return;
    }
    if (body.ssl_check !== undefined) return writeAck(res, undefined);
    if (body.type === 'url_verification') {
      sendJson(res, 200, { challenge: str(body.challenge) ?? '' });
      return;
    }
    const refused = refusal(body);
    if (refused) {
      // Signed but not a shape Slack sends (or one Bolt would trip over): nothing to retry.
      log.warn('slack payload refused', { reason: refused });
      sendJson(res, 400, { error: refused });
      return;
    }
    if (!this.bolt) {
      sendJson(res, 503, { error: 'not ready' });
      return;
    }

    const retryNum = Number(header(req, 'x-slack-retry-num'));
    const retryReason = header(req, 'x-slack-retry-reason');
    const delivery = deliveryOf(body);
    if (delivery && !(await this.opts.claims.claim(delivery.tenant, delivery.id))) {
      log.info('duplicate slack delivery ignored', { delivery: delivery.id, retryNum: Number.isNaN(retryNum) ? undefined : retryNum });
      writeAck(res, undefined);
      return;
    }

    let acked = false;
    let onAck: () => void = () => undefined;
    const ackedP = new Promise<'acked'>((resolve) => (onAck = () => resolve('acked')));
    const event: ReceiverEvent = {
      body,
      ...(Number.isInteger(retryNum) ? { retryNum } : {}),
      ...(retryReason ? { retryReason } : {}),
      ack: async (response?: unknown) => {
        if (acked) {
          log.warn('slack ack called twice');
          return;
        }
        acked = true;
        writeAck(res, response);
        onAck();
      },
    };

    const work = this.bolt.processEvent(event).then(
      () => ({ ok: true as const }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    const tracked = work.then((r) => {
      if (!r.ok && acked) log.error('slack listener failed after ack', { err: r.err });
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.opts.ackTimeoutMs ?? 2500)));
    const first = await Promise.race([ackedP, work, timeout]);
    clearTimeout(timer);
    if (acked) return;
    if (first === 'timeout') {
      log.warn('slack payload not acknowledged in time; answering 200', { type: body.type });
      acked = true;
      writeAck(res, undefined);
      return;
    }
    if (typeof first === 'object' && !first.ok) {
      // Failed before acknowledging: let Slack retry it (events) or show its error (commands).
      if (delivery) await this.opts.claims.release(delivery.tenant, delivery.id).catch(() => undefined);
      log.error('slack payload failed before ack', { err: first.err });
      acked = true;
      sendJson(res, 500, { error: 'internal error' });
      return;
    }
    // Processed without an ack (no listener for it): Slack only needs a 200.
    acked = true;
    writeAck(res, undefined);
  }
}
