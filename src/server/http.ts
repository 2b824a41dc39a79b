/**
 * One HTTP server for every platform: adapters contribute routes; this module owns body limits,
 * /healthz, /readyz, 404/405/413 and graceful shutdown (stop accepting, finish in-flight requests).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../core/log.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpRequest extends IncomingMessage {
  /** The raw body (Slack signatures are computed over the exact bytes). */
  rawBody: Buffer;
}

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Exact path, or a prefix when it ends with `/` (e.g. `/files/`). */
  path: string;
  handler(req: HttpRequest, res: ServerResponse): Promise<void>;
}

export interface HttpServer {
  server: Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  inFlight(): number;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        resolve('too-large');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
}

/** An error that only says the client closed the connection before its request was read. */
function isClientAbort(req: IncomingMessage, err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  return (req.destroyed || req.readableAborted) && (e?.code === 'ECONNRESET' || e?.code === 'ECONNABORTED' || e?.message === 'aborted');
}

export function createHttpServer(routes: HttpRoute[], log: Logger, opts: { maxBodyBytes?: number; health?: () => Promise<unknown>; ready?: () => Promise<{ ready: boolean }> } = {}): HttpServer {
  const limit = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  let inFlight = 0;
  let closing = false;
  const table = new Map<string, HttpRoute>();
  for (const r of routes) table.set(`${r.method} ${r.path}`, r);

  // The handler catches its own errors; node's request listener expects no promise back.
  const server = createServer((req, res) => void (async () => {
    inFlight++;
    res.on('close', () => inFlight--);
    try {
      const path = (req.url ?? '/').split('?')[0]!;
      if (req.method === 'GET' && path === '/readyz') {
        const r = closing ? { ready: false, reason: 'draining' } : ((await opts.ready?.()) ?? { ready: true });
        sendJson(res, r.ready ? 200 : 503, r);
        return;
      }
      if (closing) {
        res.setHeader('connection', 'close');
        sendJson(res, 503, { error: 'shutting down' });
        return;
      }
      if (req.method === 'GET' && path === '/healthz') {
        sendJson(res, 200, { ok: true, ...((await opts.health?.()) as object | undefined) });
        return;
      }
      const route = table.get(`${req.method} ${path}`) ?? routes.find((r) => r.method === req.method && r.path.endsWith('/') && path.startsWith(r.path) && path.length > r.path.length);
      if (!route) {
        const known = routes.some((r) => r.path === path);
        sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
        return;
      }
      const body = await readBody(req, limit);
      if (body === 'too-large') {
        res.setHeader('connection', 'close');
        sendJson(res, 413, { error: 'request body too large' });
        return;
      }
      const r = req as HttpRequest;
      r.rawBody = body;
      await route.handler(r, res);
      if (!res.writableEnded && !res.headersSent) sendJson(res, 200, {});
    } catch (err) {
      const path = req.url?.split('?')[0];
      // The client went away mid-request (closed tab, proxy timeout): nothing to answer, nothing broken.
      if (isClientAbort(req, err)) {
        log.info('request aborted by the client', { path, method: req.method, reason: (err as { code?: unknown }).code ?? 'aborted' });
        if (!res.writableEnded) res.destroy();
        return;
      }
      log.error('http handler failed', { path, err });
      sendJson(res, 500, { error: 'internal error' });
    }
  })());
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  return {
    server,
    inFlight: () => inFlight,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight requests finish; keep-alive sockets left idle are closed above.
      }),
  };
}
