/**
 * Issue 19 item 7: a response_url post never follows a redirect. A local "Slack" answers 302, 307 or 308
 * pointing at a second local server that counts what reaches it: nothing must, and the post is not
 * repeated.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackApi } from '../src/adapters/slack/api.js';
import { createLogger } from '../src/core/log.js';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

let target: Server;
let targetHits: Array<{ method: string; body: string }>;
let slack: Server;
let slackHits: number;
let targetUrl: string;
let slackUrl: string;
let status = 302;

beforeAll(async () => {
  targetHits = [];
  slackHits = 0;
  target = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      targetHits.push({ method: req.method ?? '', body });
      res.end('ok');
    });
  });
  targetUrl = await listen(target);
  slack = createServer((req, res) => {
    slackHits++;
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { location: `${targetUrl}/collect` });
      res.end();
    });
  });
  slackUrl = await listen(slack);
});

afterAll(async () => {
  await new Promise((r) => target.close(r));
  await new Promise((r) => slack.close(r));
});

describe('response_url posts', () => {
  for (const code of [302, 307, 308]) {
    it(`do not follow a ${code} to another host, and are not repeated`, async () => {
      status = code;
      targetHits = [];
      slackHits = 0;
      const api = new SlackApi({ apiUrl: `${slackUrl}/api/`, log: createLogger({ level: 'silent' }), retry: { retries: 3, baseMs: 1, sleep: async () => undefined, random: () => 1 } });
      expect(api.responseUrlAllowed(`${slackUrl}/hook/1`)).toBe(true);
      await expect(api.respond(`${slackUrl}/hook/1`, { text: 'secret result' })).rejects.toMatchObject({ reason: 'unsupported', slackError: 'redirect_refused' });
      expect(targetHits).toEqual([]);
      expect(slackHits).toBe(1);
    });
  }
});
