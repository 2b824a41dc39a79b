/**
 * The store disappears mid-conversation: a real redis-server on its own port is stopped and started
 * again. The user gets a friendly "try again", nothing saved is lost, and the bot recovers alone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from "node:fs";
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { testApp, textOf, turn } from './helpers/app.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer) console.warn('[skipped] Redis fault tests: redis-server is not installed');

const PORT = 6300 + Math.floor(Math.random() * 500);
let server: ChildProcess | undefined;

async function startRedis(): Promise<void> {
  server = spawn('redis-server', ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (spawnSync('redis-cli', ['-p', String(PORT), 'ping']).stdout?.toString().includes('PONG')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not start');
}

async function stopRedis(): Promise<void> {
  if (!server) return;
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGKILL');
  await exited;
  server = undefined;
}

afterAll(stopRedis);

describe.skipIf(!hasRedisServer)('store faults (real Redis stopped and restarted)', () => {
  it('answers "try again in a moment" while Redis is down, keeps saved data, and recovers', async () => {
    await startRedis();
    // Redis here keeps nothing on disk, so "nothing lost" is checked for what survives: we
    // restart the same server process data by pausing it instead of killing it.
    const app = await testApp({ STORE_URL: `redis://127.0.0.1:${PORT}` });
    try {
      const scope = { platform: 'console' as const, tenant: `fault-${Date.now()}` };
      await app.stores.profile.set(scope, 'U1', { city: 'oslo', updatedAt: new Date().toISOString() });
      const ok = await app.bot.handle(turn('help', { tenant: scope.tenant }));
      expect(textOf(ok)).toMatch(/Intercultural Cities assistant/);

      server!.kill('SIGSTOP');
      const started = Date.now();
      const down = await app.bot.handle(turn('help', { tenant: scope.tenant }));
      expect(textOf(down)).toMatch(/try again in a moment/);
      expect(Date.now() - started).toBeLessThan(8_000);

      server!.kill('SIGCONT');
      let recovered = '';
      for (let i = 0; i < 40 && !/Intercultural Cities assistant/.test(recovered); i++) {
        await new Promise((r) => setTimeout(r, 250));
        recovered = textOf(await app.bot.handle(turn('help', { tenant: scope.tenant })));
      }
      expect(recovered).toMatch(/Intercultural Cities assistant/);
      expect(await app.stores.profile.get(scope, 'U1')).toMatchObject({ city: 'oslo' });

      // A full stop and a fresh server: the bot reconnects by itself.
      await stopRedis();
      expect(textOf(await app.bot.handle(turn('help', { tenant: scope.tenant })))).toMatch(/try again in a moment/);
      await startRedis();
      let back = '';
      for (let i = 0; i < 40 && !/Intercultural Cities assistant/.test(back); i++) {
        await new Promise((r) => setTimeout(r, 250));
        back = textOf(await app.bot.handle(turn('help', { tenant: scope.tenant })));
      }
      expect(back).toMatch(/Intercultural Cities assistant/);
    } finally {
      await app.close();
    }
  });
});

describe('store faults (SQLite file locked)', () => {
  it('answers "try again in a moment" while another process holds the write lock, then recovers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-lock-'));
    const file = join(dir, 'icc.sqlite');
    const app = await testApp({ STORE_URL: `sqlite://${file}` });
    try {
      const scope = { platform: 'console' as const, tenant: 'T1' };
      await app.stores.profile.set(scope, 'U1', { city: 'oslo', updatedAt: new Date().toISOString() });
      const other = new Database(file, { timeout: 0 });
      other.exec('BEGIN EXCLUSIVE');
      const locked = await app.bot.handle(turn('/icc privacy delete'));
      expect(textOf(locked)).toMatch(/try again in a moment/);
      other.exec('ROLLBACK');
      other.close();
      const ok = await app.bot.handle(turn('help'));
      expect(textOf(ok)).toMatch(/Intercultural Cities assistant/);
      expect(await app.stores.profile.get(scope, 'U1')).toMatchObject({ city: 'oslo' });
    } finally {
      await app.close();
    }
  });
});
