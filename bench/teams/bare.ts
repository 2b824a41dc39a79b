/**
 * The Teams baseline: a bare botbuilder CloudAdapter echo bot, unauthenticated (no app id), on a plain
 * node HTTP server at POST /api/messages, replying once with `echo: <text>` through the activity's
 * serviceUrl (the fake connector). The request/response shim is the few lines restify or express
 * would otherwise provide. Env: PORT, and optionally BARE_ANSWER_FILE (send that prepared card instead).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (_ctx, err) => {
  process.stderr.write(`turn error: ${String(err)}\n`);
};

// BARE_ANSWER_FILE: send this prepared activity (our rendered Adaptive Card answer) instead of the echo.
const answer = process.env.BARE_ANSWER_FILE ? (JSON.parse(readFileSync(process.env.BARE_ANSWER_FILE, 'utf8')) as { teams: Partial<Activity> }).teams : undefined;

const logic = async (ctx: TurnContext) => {
  if (ctx.activity.type !== ActivityTypes.Message) return;
  await ctx.sendActivity(answer ?? `echo: ${ctx.activity.text ?? ''}`);
};

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/messages') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      res.writeHead(400).end();
      return;
    }
    let status = 200;
    let payload: unknown;
    const shim = {
      socket: res.socket,
      status: (code: number) => void (status = code),
      header: (name: string, value: unknown) => void res.setHeader(name, String(value)),
      send: (b: unknown) => void (payload = b),
      end: () => {
        if (payload === undefined) res.writeHead(status, { 'content-length': 0 }).end();
        else {
          const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
          res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
        }
      },
    };
    adapter.process({ body, headers: req.headers, method: 'POST' }, shim, logic).catch((err: unknown) => {
      process.stderr.write(`process failed: ${String(err)}\n`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 3979), '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
