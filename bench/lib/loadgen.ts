/**
 * The end-to-end benchmarks' load generator, run as its own process (bench/lib/e2e.ts spawns it):
 * `connections` keep-alive HTTP/1.1 connections, each sending its next request as soon as the last one
 * is answered (closed loop, like autocannon), for `warmupMs` (not measured) then `durationMs`.
 * Every request is a fresh payload: a Slack `message` event (signed, unique event_id) or a Teams
 * message activity (unique id), from one of a few users, asking one of a few practice questions.
 * At the start of the measured window it resets the fake platforms' counts, and at its end reads
 * them, so "replies/s" are the replies the server delivered during the window.
 * Prints one JSON line: requests, errors, rps, p50, p99, max (ms), replies by kind.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { Turn } from '../../src/core/turn.js';

export interface LoadInput {
  kind: 'slack' | 'teams';
  /** Target, e.g. http://127.0.0.1:3978/slack/events */
  url: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** The fake platforms process (http://127.0.0.1:port), for counts and the Teams serviceUrl. */
  fakeUrl: string;
  signingSecret?: string;
  /** The server's pid: its CPU time (Linux /proc) over the window gives CPU ms per request. */
  serverPid?: number;
  /**
   * Open loop: send this many requests per second on a fixed schedule, whatever the answers do
   * (`connections` is then only the socket pool's cap). Latency is measured from each request's
   * scheduled time, so a server that falls behind shows it in p99 instead of slowing the load down.
   */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  replies: Record<string, number>;
  /** Server CPU time (user + system) per measured request, ms; NaN when /proc is not readable. */
  cpuMsPerRequest: number;
  /** The first body of each kind the fake received in the window. */
  sample: Record<string, string>;
  /** Open loop only: requests sent in the window, and whether the fake saw exactly one reply for each. */
  sent?: number;
  repliesAfterDrain?: Record<string, number>;
}

/**
 * The questions users ask in the load: 30 topics x 10 phrasings = 300 different messages, asked in
 * turn, so no question comes back before 299 others. That is more than the search's ranking cache
 * holds (256, for "More results" pages), so every turn ranks afresh, as real, varied questions do.
 */
const TOPICS = [
  'anti-rumour campaigns',
  'intercultural mediation in schools',
  'migrant participation in local politics',
  'intercultural festivals in public space',
  'welcoming newcomers',
  'anti-discrimination training for city staff',
  'housing policies against segregation',
  'language learning for refugees',
  'intercultural neighbourhoods',
  'diversity in business',
  'media and communication about migration',
  'sport and inclusion',
  'libraries as meeting places',
  'police and diverse communities',
  'health services for migrants',
  'youth and intercultural dialogue',
  'migrant women',
  'Roma inclusion',
  'employment of migrants',
  'culture and the arts',
  'interfaith dialogue',
  'hate speech',
  'citizenship and naturalisation',
  'volunteering',
  'urban planning and public space',
  'mentoring programmes',
  'museums and heritage',
  'education and diversity',
  'intercultural competence training',
  'participation of residents',
];
const PHRASINGS = [
  (t: string) => `how did other cities run ${t}?`,
  (t: string) => `practices on ${t}`,
  (t: string) => `show me practices about ${t}`,
  (t: string) => `examples of ${t}`,
  (t: string) => `good practices for ${t}`,
  (t: string) => t,
  (t: string) => `what have cities done about ${t}`,
  (t: string) => `ideas for ${t} please`,
  (t: string) => `any projects on ${t}?`,
  (t: string) => `looking for ${t}`,
];
export const QUESTIONS: string[] = PHRASINGS.flatMap((_, p) => TOPICS.map((t) => PHRASINGS[p]!(t)));
export const question = (n: number): string => QUESTIONS[n % QUESTIONS.length]!;

const USERS = 16;

/** The n-th question as the core sees it: a Slack DM turn from one of the load's 16 users. */
export function questionTurn(n: number): Turn {
  const user = `U0BENCH${n % USERS}`;
  return {
    id: `bench-${n}`,
    platform: 'slack',
    tenant: 'T1',
    user: { id: user },
    conversation: { platform: 'slack', tenant: 'T1', conversation: `D${user}`, kind: 'dm' },
    text: question(n),
    locale: 'en-US',
    receivedAt: new Date(),
  };
}

let seq = 0;
const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;

function slackBody(secret: string): { body: string; headers: Record<string, string> } {
  const n = ++seq;
  const user = `U0BENCH${n % USERS}`;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, '0')}`;
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${tag}${n}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: { type: 'message', channel: `D${user}`, channel_type: 'im', user, text: question(n), ts, event_ts: ts, team: 'T1' },
  });
  const stamp = String(Math.floor(Date.now() / 1000));
  const sig = 'v0=' + createHmac('sha256', secret).update(`v0:${stamp}:${body}`).digest('hex');
  return { body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': stamp, 'x-slack-signature': sig } };
}

function teamsBody(serviceUrl: string): { body: string; headers: Record<string, string> } {
  const n = ++seq;
  const user = n % USERS;
  const now = new Date().toISOString();
  const body = JSON.stringify({
    type: 'message',
    text: question(n),
    id: `${tag}-${n}`,
    from: { id: `user-bench-${user}`, name: 'Bench User', aadObjectId: `00000000-0000-0000-0000-${String(user).padStart(12, '0')}` },
    timestamp: now,
    localTimestamp: now,
    localTimezone: 'UTC',
    serviceUrl,
    conversation: { conversationType: 'personal', tenantId: '00000000-0000-0000-0000-000000000001', id: `conversation-bench-${user}` },
    recipient: { id: '00000000-0000-0000-0000-00000000000011', name: 'Bench Bot' },
    textFormat: 'plain',
    locale: 'en-US',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'UTC' }],
    channelData: { tenant: { id: '00000000-0000-0000-0000-000000000001' } },
    channelId: 'msteams',
  });
  return { body, headers: { 'content-type': 'application/json' } };
}

/** CPU time (user + system) of a process in ms, from /proc/<pid>/stat; NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100/s on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

async function control(fakeUrl: string, path: string): Promise<{ calls?: Record<string, number>; sample?: Record<string, string> }> {
  const res = await fetch(`${fakeUrl}${path}`, { method: path === '/__reset' ? 'POST' : 'GET' });
  return (await res.json()) as { calls?: Record<string, number>; sample?: Record<string, string> };
}

/** What one load run counts: latencies of measured requests, statuses, errors. */
interface Tally {
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
}

/**
 * POSTs one fresh payload; when it is answered (or fails), counts it into `tally` if `measured()` says so
 * at that moment, with its latency from `since` (the send time, or the open loop's scheduled time).
 */
function post(agent: Agent, target: URL, payload: { body: string; headers: Record<string, string> }, since: number, measured: () => boolean, tally: Tally): Promise<void> {
  const { body, headers } = payload;
  return new Promise<void>((resolve) => {
    const req = request(
      { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (measured()) {
            tally.latencies.push(performance.now() - since);
            const s = String(res.statusCode);
            tally.statuses[s] = (tally.statuses[s] ?? 0) + 1;
            if ((res.statusCode ?? 0) >= 300) tally.errors++;
          }
          resolve();
        });
      },
    );
    req.on('error', () => {
      if (measured()) tally.errors++;
      resolve();
    });
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;
}

/** The figures of one measured window, from what was counted in it. */
function summarize(tally: Tally, seconds: number, cpuMsInWindow: number, stats: { calls?: Record<string, number>; sample?: Record<string, string> }): LoadResult {
  const sorted = tally.latencies.sort((a, b) => a - b);
  return {
    requests: sorted.length,
    errors: tally.errors,
    statuses: tally.statuses,
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    replies: stats.calls ?? {},
    cpuMsPerRequest: cpuMsInWindow / sorted.length,
    sample: stats.sample ?? {},
  };
}

/**
 * Open loop at `rate`/s: request i leaves at start + i/rate (a timer checked every millisecond sends
 * every request whose time has come), latency runs from that scheduled time. Warm-up requests are sent
 * the same way and not measured. After the window, waits for every answer and then for the replies the
 * server posts after acking (up to 5 s), and reads the fake's counts: one reply per request sent.
 */
async function runOpenLoop(input: LoadInput, rate: number): Promise<LoadResult> {
  const target = new URL(input.url);
  // Enough sockets that no request waits for one: the schedule, not the pool, sets when it leaves.
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(input.connections, 512) });
  const make = () => (input.kind === 'slack' ? slackBody(input.signingSecret ?? '') : teamsBody(input.fakeUrl));
  const tally: Tally = { latencies: [], statuses: {}, errors: 0 };
  const inFlight = new Set<Promise<void>>();

  const send = (scheduledAt: number, measured: boolean) => {
    const p = post(agent, target, make(), scheduledAt, () => measured, tally);
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  };

  const schedule = async (durationMs: number, measured: boolean): Promise<number> => {
    const start = performance.now();
    const total = Math.round((durationMs / 1000) * rate);
    let sent = 0;
    while (sent < total) {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) {
        send(start + (sent * 1000) / rate, measured);
        sent++;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    return sent;
  };

  await schedule(input.warmupMs, false);
  await Promise.all(inFlight);
  // Replies to warm-up requests may still be on their way: let them land before counting from zero.
  await new Promise((r) => setTimeout(r, 500));
  await control(input.fakeUrl, '/__reset');
  const cpu0 = cpuMs(input.serverPid);
  const t0 = performance.now();
  const sent = await schedule(input.durationMs, true);
  await Promise.all(inFlight);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuMs(input.serverPid);
  const stats = await control(input.fakeUrl, '/__stats');
  // Replies are posted after the ack: wait until the counts stop moving (0.5 s unchanged, 5 s at most).
  let after = stats;
  let last = '';
  for (let waited = 0, still = 0; waited < 5000 && still < 5; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    after = await control(input.fakeUrl, '/__stats');
    const now = JSON.stringify(after.calls ?? {});
    still = now === last ? still + 1 : 0;
    last = now;
  }
  agent.destroy();
  return { ...summarize(tally, seconds, cpu1 - cpu0, stats), sent, repliesAfterDrain: after.calls ?? {} };
}

export async function runLoad(input: LoadInput): Promise<LoadResult> {
  if (input.rate) return runOpenLoop(input, input.rate);
  const target = new URL(input.url);
  const agent = new Agent({ keepAlive: true, maxSockets: input.connections });
  const make = () => (input.kind === 'slack' ? slackBody(input.signingSecret ?? '') : teamsBody(input.fakeUrl));

  let measuring = false;
  let stopped = false;
  const tally: Tally = { latencies: [], statuses: {}, errors: 0 };
  const once = () => post(agent, target, make(), performance.now(), () => measuring, tally);

  const loop = async () => {
    while (!stopped) await once();
  };
  const loops = Array.from({ length: input.connections }, loop);

  await new Promise((r) => setTimeout(r, input.warmupMs));
  await control(input.fakeUrl, '/__reset');
  tally.latencies.length = 0;
  measuring = true;
  const cpu0 = cpuMs(input.serverPid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, input.durationMs));
  measuring = false;
  const cpu1 = cpuMs(input.serverPid);
  const seconds = (performance.now() - t0) / 1000;
  const stats = await control(input.fakeUrl, '/__stats');
  stopped = true;
  await Promise.all(loops);
  agent.destroy();

  return summarize(tally, seconds, cpu1 - cpu0, stats);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const input = JSON.parse(process.argv[2] ?? '{}') as LoadInput;
  runLoad(input).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
}
