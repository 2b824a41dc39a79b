import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/log.js';
import { createHttpServer } from '../src/server/http.js';
import { ROOT } from './helpers/app.js';

const log = createLogger({ level: 'silent' });

describe('HTTP server', () => {
  it('answers /healthz, 404, 405 and rejects bodies over 1 MB with 413', async () => {
    const s = createHttpServer([{ method: 'POST', path: '/echo', handler: async (req, res) => void res.end(String(req.rawBody.length)) }], log);
    const port = await s.listen(0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/nope`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${base}/echo`)).status).toBe(405);
      expect(await (await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(1000) })).text()).toBe('1000');
      expect((await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) })).status).toBe(413);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('on close: stops accepting, lets the in-flight request finish', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = createHttpServer(
      [
        {
          method: 'POST',
          path: '/slow',
          handler: async (_req, res) => {
            await gate;
            res.end('done');
          },
        },
      ],
      log,
    );
    const port = await s.listen(0, '127.0.0.1');
    const inflight = fetch(`http://127.0.0.1:${port}/slow`, { method: 'POST', body: '{}' });
    for (let i = 0; i < 100 && s.inFlight() === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(s.inFlight()).toBe(1);
    const closed = s.close();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    release();
    const res = await inflight;
    expect(await res.text()).toBe('done');
    await closed;
  });

  it('serve exits cleanly on SIGTERM and a restarted process carries on with the same store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-sigterm-'));
    const env = { PATH: process.env.PATH ?? '', STORE_URL: `sqlite://${join(dir, 'icc.sqlite')}`, DATA_DIR: dir, LOG_LEVEL: 'info' };
    for (let round = 0; round < 2; round++) {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'icc-assistant.js'), 'serve', '--port', '0'], { cwd: ROOT, env });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const port = await new Promise<number>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no listen line: ${stderr}`)), 15_000);
        child.stderr.on('data', () => {
          const m = /listening on http:\/\/localhost:(\d+)/.exec(stderr);
          if (m) {
            clearTimeout(t);
            resolve(Number(m[1]));
          }
        });
      });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/"msg":"shutting down","signal":"SIGTERM"/);
    }
  });
});
