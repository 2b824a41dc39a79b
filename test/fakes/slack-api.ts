/**
 * A local fake of the Slack Web API: an HTTP server on 127.0.0.1 answering `/api/<method>` like Slack
 * does (form or JSON bodies, `Authorization: Bearer`), recording every call. It also takes the bytes
 * of file uploads (`/upload/<id>`) and posts to response URLs (`/response/<id>`). One-shot overrides
 * (`failNext`) return a 429 with Retry-After, a 5xx, or an `ok: false` error; `hold` keeps a method's
 * answer back until released, to prove the bot acks before the slow work.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
}

export interface FakeResponsePost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Form values that hold JSON (blocks, view...) are decoded, like Slack does. */
function decodeArgs(contentType: string, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (contentType.includes('multipart/form-data')) return { multipart: true, bytes: raw.length };
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // not JSON after all
      }
    }
    out[k] = v;
  }
  return out;
}

/** The file in an upload body: the body itself, or the first file part of a multipart body. */
function fileContent(contentType: string, raw: Buffer): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.includes('multipart/form-data') || !boundary) return raw;
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = raw.indexOf(sep);
  const headersEnd = raw.indexOf('\r\n\r\n', start);
  const end = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), sep]), headersEnd);
  return start < 0 || headersEnd < 0 || end < 0 ? raw : raw.subarray(headersEnd + 4, end);
}

export class FakeSlackApi {
  readonly calls: FakeCall[] = [];
  readonly responses: FakeResponsePost[] = [];
  /** Bytes posted to upload URLs (`content`: the file itself, taken out of a multipart body when sent as one). */
  readonly uploads: Array<{ id: string; bytes: number; contentType: string; content: Buffer }> = [];
  /** users.info answers, by user id (default: en-US, Europe/Brussels). */
  readonly users = new Map<string, { locale?: string; tz?: string }>();
  /** oauth.v2.access answer (distribution-mode tests set it). */
  oauthAccess: Record<string, unknown> = { ok: false, error: 'invalid_code' };
  port = 0;
  private readonly overrides = new Map<string, FakeReply[]>();
  private readonly holds = new Map<string, Promise<void>>();
  private readonly stalls = new Map<string, number>();
  private seq = 0;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status = 200, headers = {}, body }) => {
          const text = typeof body === 'string' ? body : JSON.stringify(body ?? { ok: true });
          res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
          res.end(text);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        },
      );
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string = randomUUID()): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.uploads.length = 0;
    this.overrides.clear();
    this.stalls.clear();
  }

  /** The next call to `method` (or `response` for response URLs) gets this answer instead. */
  failNext(method: string, reply: FakeReply): void {
    const list = this.overrides.get(method) ?? [];
    list.push(reply);
    this.overrides.set(method, list);
  }

  /** The next `count` calls to `method` (or `response`) are recorded and never answered (a request timeout). */
  stall(method: string, count = 1): void {
    this.stalls.set(method, (this.stalls.get(method) ?? 0) + count);
  }

  private takeStall(method: string): boolean {
    const n = this.stalls.get(method) ?? 0;
    if (n <= 0) return false;
    this.stalls.set(method, n - 1);
    return true;
  }

  /** Calls to `method` wait until the returned function is called. */
  hold(method: string): () => void {
    let release: () => void = () => undefined;
    this.holds.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Polls until `check` holds (for work still running after the HTTP answer). */
  async until(check: () => boolean, timeoutMs = 3000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > end) throw new Error('fake Slack: condition not met in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private nextTs(): string {
    this.seq++;
    return `1700000${String(this.seq).padStart(3, '0')}.${String(this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage): Promise<FakeReply> {
    const path = (req.url ?? '/').split('?')[0]!;
    const raw = await read(req);
    const type = String(req.headers['content-type'] ?? '');
    if (path.startsWith('/upload/')) {
      this.uploads.push({ id: path.slice('/upload/'.length), bytes: raw.length, contentType: type, content: fileContent(type, raw) });
      return { status: 200, body: 'OK' };
    }
    if (path.startsWith('/response/')) {
      const override = this.overrides.get('response')?.shift();
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
      if (this.takeStall('response')) {
        this.responses.push({ id: path.slice('/response/'.length), body, at: Date.now() });
        return new Promise<FakeReply>(() => undefined);
      }
      if (override) return override;
      this.responses.push({ id: path.slice('/response/'.length), body, at: Date.now() });
      return { status: 200, body: { ok: true } };
    }
    const m = /^\/api\/([\w.]+)$/.exec(path);
    if (!m) return { status: 404, body: 'not found' };
    const method = m[1]!;
    const args = decodeArgs(type, raw);
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
    this.calls.push({ method, args, token, at: Date.now() });
    if (this.takeStall(method)) return new Promise<FakeReply>(() => undefined);
    await this.holds.get(method);
    const override = this.overrides.get(method)?.shift();
    if (override) return override;
    return { body: this.answer(method, args) };
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', team: 'Test team', url: 'https://test.slack.com/' };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: this.nextTs(), message: { text: args.text } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'conversations.open': {
        const users = String(args.users ?? '').split(',');
        return { ok: true, channel: { id: users.length > 1 ? `G${users.join('').slice(0, 8)}` : `D${users[0]}` } };
      }
      case 'users.info': {
        const u = this.users.get(String(args.user)) ?? { locale: 'en-US', tz: 'Europe/Brussels' };
        return { ok: true, user: { id: args.user, name: 'someone', ...u } };
      }
      case 'views.publish':
      case 'views.open':
        return { ok: true, view: { id: `V${this.seq++}` } };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.seq}`;
        return { ok: true, file_id: id, upload_url: `http://127.0.0.1:${this.port}/upload/${id}` };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: [{ id: 'F1', title: 'chart' }] };
      case 'oauth.v2.access':
        return this.oauthAccess;
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
