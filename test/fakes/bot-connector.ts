/**
 * A local fake of the Bot Connector service (the Teams side of the Bot Framework protocol). An
 * activity's `serviceUrl` points here, so everything the bot sends lands in `requests`. Answers
 * like the real connector: 201 with a resource id for new activities, 200 for updates, a new
 * conversation id for POST /v3/conversations. `failNext` scripts errors (429 with Retry-After, 403...).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ConnectorRequest {
  method: string;
  path: string;
  /** The request target as sent (path and query). */
  url: string;
  /** Decoded conversation id from the path (for /v3/conversations/{id}/...). */
  conversationId?: string;
  /** The activity id in the path: replyToId for POST, the updated activity for PUT. */
  activityId?: string;
  kind: 'send' | 'reply' | 'update' | 'create-conversation' | 'other';
  headers: IncomingMessage['headers'];
  body: any;
  /** When the request arrived (Date.now()). */
  at: number;
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class FakeBotConnector {
  readonly requests: ConnectorRequest[] = [];
  /** Files PUT to `/upload/<id>` (the uploadUrl a fake file consent hands out, like OneDrive's). */
  readonly uploads: Array<{ id: string; headers: IncomingMessage['headers']; bytes: Buffer }> = [];
  private server: Server | undefined;
  private failures: Failure[] = [];
  private delays: number[] = [];
  private waiters: Array<{ pred: (r: ConnectorRequest[]) => boolean; resolve: () => void }> = [];
  private seq = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = req.url ?? '/';
        const path = url.split('?')[0]!;
        if (req.method === 'PUT' && path.startsWith('/upload/')) {
          const id = decodeURIComponent(path.slice('/upload/'.length));
          this.uploads.push({ id, headers: req.headers, bytes: Buffer.concat(chunks) });
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id, name: id, size: Buffer.concat(chunks).length }));
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        // The Agents Playground serves its connector under /_connector: accept that prefix too.
        const m = /^(?:\/_connector)?\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
        const conversationId = m?.[1] ? decodeURIComponent(m[1]) : undefined;
        const activityId = m?.[2] ? decodeURIComponent(m[2]) : undefined;
        let kind: ConnectorRequest['kind'] = 'other';
        if (m && !m[1] && req.method === 'POST') kind = 'create-conversation';
        else if (m && m[1] && req.method === 'POST') kind = activityId ? 'reply' : 'send';
        else if (m && activityId && req.method === 'PUT') kind = 'update';
        const record: ConnectorRequest = { method: req.method ?? '', path, url, conversationId, activityId, kind, headers: req.headers, body, at: Date.now() };
        this.requests.push(record);
        this.notify();

        const delay = this.delays.shift() ?? 0;
        if (delay > 0) setTimeout(() => this.answer(res, kind, activityId), delay);
        else this.answer(res, kind, activityId);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    return this;
  }

  private answer(res: ServerResponse, kind: ConnectorRequest['kind'], activityId: string | undefined): void {
    const failure = this.failures.shift();
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      res.end(JSON.stringify(failure.body ?? { error: { code: 'Failure', message: `scripted ${failure.status}` } }));
      return;
    }
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    switch (kind) {
      case 'send':
      case 'reply':
        return json(201, { id: `activity-${++this.seq}` });
      case 'update':
        return json(200, { id: activityId });
      case 'create-conversation':
        return json(201, { id: `a:conversation-${++this.seq}`, activityId: undefined });
      default:
        return json(404, { error: { code: 'NotFound', message: 'unknown route' } });
    }
  }

  /** The next `count` requests are answered with this status (and headers/body). */
  failNext(status: number, count = 1, headers?: Record<string, string>, body?: unknown): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, ...(headers ? { headers } : {}), ...(body ? { body } : {}) });
  }

  /** The next `count` requests are answered only after `ms` (a slow connector). */
  delayNext(ms: number, count = 1): void {
    for (let i = 0; i < count; i++) this.delays.push(ms);
  }

  /** Activities the bot posted (new and replies), optionally into one conversation. */
  activities(conversationId?: string): any[] {
    return this.requests.filter((r) => (r.kind === 'send' || r.kind === 'reply') && (!conversationId || r.conversationId === conversationId)).map((r) => r.body);
  }

  clear(): void {
    this.requests.length = 0;
    this.uploads.length = 0;
    this.failures = [];
    this.delays = [];
  }

  /** Resolves when `pred` holds for the recorded requests (or rejects after `ms`). */
  waitFor(pred: (r: ConnectorRequest[]) => boolean, ms = 5000): Promise<void> {
    if (pred(this.requests)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake connector: condition not met within ${ms}ms (${this.requests.length} requests)`)), ms);
      this.waiters.push({
        pred,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private notify() {
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(this.requests)) return true;
      w.resolve();
      return false;
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
