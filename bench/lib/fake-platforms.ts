/**
 * The end-to-end benchmarks' fake platforms, run as their own process (`node --import tsx
 * bench/lib/fake-platforms.ts`): a Slack Web API (`/api/<method>`) and a Bot Framework connector
 * (`/v3/conversations/...`) on one loopback port. Unlike the test fakes (test/fakes/), it keeps no
 * call log, only counts per method, so memory stays flat under load. Control routes:
 *   GET  /__stats   {"calls": {"chat.postMessage": n, "connector.send": n, ...}, "sample": {...}}
 *   POST /__reset   zero the counts (the load generator calls it when the measured window starts)
 * Prints {"port": n} on stdout once listening.
 */
import { createServer, type IncomingMessage } from 'node:http';

const calls: Record<string, number> = {};
/** The first body of each kind after a reset, so a section can check what was answered (Block Kit, a card). */
let sample: Record<string, string> = {};
let seq = 0;

function count(kind: string): void {
  calls[kind] = (calls[kind] ?? 0) + 1;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function slackAnswer(method: string, body: string): Record<string, unknown> {
  switch (method) {
    case 'auth.test':
      return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', team: 'Bench', url: 'https://bench.slack.com/' };
    case 'users.info':
      return { ok: true, user: { id: 'U', name: 'someone', locale: 'en-US', tz: 'Europe/Brussels' } };
    case 'chat.postMessage':
    case 'chat.postEphemeral':
      return { ok: true, channel: 'D1', ts: `1700000000.${String(++seq).padStart(6, '0')}`, message: { text: body.length } };
    case 'chat.update':
      return { ok: true };
    case 'conversations.open':
      return { ok: true, channel: { id: 'D1' } };
    default:
      return { ok: true };
  }
}

const server = createServer((req, res) => {
  void read(req).then((body) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const json = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (path === '/__stats') return json(200, { calls, sample });
    if (path === '/__reset') {
      for (const k of Object.keys(calls)) delete calls[k];
      sample = {};
      return json(200, { ok: true });
    }
    const api = /^\/api\/([\w.]+)$/.exec(path);
    if (api) {
      const method = api[1]!;
      count(method);
      sample[method] ??= body.slice(0, 4000);
      return json(200, slackAnswer(method, body));
    }
    const conn = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
    if (conn && req.method === 'POST' && conn[1]) {
      let kind = 'connector.send';
      try {
        if ((JSON.parse(body) as { type?: string }).type === 'typing') kind = 'connector.typing';
      } catch {
        // not JSON: counted as a send
      }
      count(kind);
      sample[kind] ??= body.slice(0, 4000);
      return json(201, { id: `activity-${++seq}` });
    }
    if (conn && req.method === 'PUT') {
      count('connector.update');
      return json(200, { id: conn[2] });
    }
    json(404, { error: 'not found' });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
