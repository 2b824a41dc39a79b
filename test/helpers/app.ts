/** Builds a real app (real content, real search, in-memory or given store) for in-process tests. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/core/intent.js';
import { createLogger, type Logger } from '../../src/core/log.js';
import type { ActionInput, Reply, Turn } from '../../src/core/turn.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface TestApp extends App {
  logs: string[];
}

// One data dir per test file: the search index is built once and then loaded from its cache.
let sharedDataDir: string | undefined;

export async function testApp(env: Record<string, string> = {}, opts: { clock?: Clock } = {}): Promise<TestApp> {
  const dataDir = (sharedDataDir ??= mkdtempSync(join(tmpdir(), 'icc-test-')));
  const config = loadConfig({ STORE_URL: 'memory://', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...env });
  const logs: string[] = [];
  const log: Logger = createLogger({ level: 'debug', secrets: config.secrets, write: (l) => logs.push(l) });
  const app = await createApp(config, { baseDir: ROOT, log, ...(opts.clock ? { clock: opts.clock } : {}) });
  return Object.assign(app, { logs });
}

export function turn(text: string, over: Partial<Turn> = {}): Turn {
  const tenant = over.tenant ?? 'T1';
  return {
    id: randomUUID(),
    platform: 'console',
    tenant,
    user: { id: 'U1' },
    conversation: { platform: 'console', tenant, conversation: 'C1', kind: 'dm' },
    text,
    receivedAt: new Date(),
    ...over,
  };
}

export function press(action: ActionInput, over: Partial<Turn> = {}): Turn {
  const t = turn('', over);
  delete t.text;
  return { ...t, action };
}

/** All buttons of a reply list, card buttons included, in display order. */
export function buttonsOf(replies: Reply[]) {
  return replies.flatMap((r) => [...(r.cards ?? []).flatMap((c) => c.buttons ?? []), ...(r.buttons ?? [])]);
}

export function textOf(replies: Reply[]): string {
  return replies
    .map((r) => [r.text ?? '', ...(r.cards ?? []).map((c) => `${c.title}\n${c.subtitle ?? ''}\n${c.body ?? ''}`)].join('\n'))
    .join('\n');
}

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(iso).getTime();
  return {
    now: () => new Date(now),
    set: (s) => {
      now = new Date(s).getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
