import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { createLogger } from '../src/core/log.js';
import { createHttpServer } from '../src/server/http.js';
import { filesRoute, publishPng } from '../src/server/files.js';
import { renderReply } from '../src/adapters/teams/render.js';

function bigPng(dir: string): string {
  const png = new PNG({ width: 400, height: 400 });
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 7919) % 251; // noise: does not compress
  const path = join(dir, 'chart.png');
  writeFileSync(path, PNG.sync.write(png));
  return path;
}

describe('published files (charts shown by URL)', () => {
  it('serves a published PNG under an unguessable name and nothing else', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icc-files-'));
    const url = publishPng(dataDir, 'https://icc.example.net/', bigPng(dataDir));
    expect(url).toMatch(/^https:\/\/icc\.example\.net\/files\/[0-9a-f-]{36}\.png$/);
    const s = createHttpServer([filesRoute(dataDir)], createLogger({ level: 'silent' }));
    const port = await s.listen(0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${port}`;
      const ok = await fetch(base + new URL(url).pathname);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/png');
      expect(PNG.sync.read(Buffer.from(await ok.arrayBuffer())).width).toBe(400);
      for (const bad of ['/files/../icc.sqlite', '/files/chart.png', '/files/%2e%2e%2fchart.png', '/files/']) {
        expect((await fetch(base + bad)).status, bad).toBe(404);
      }
    } finally {
      await s.close();
    }
  });

  it('a Teams card shows a too-big image by URL when one can be published, else a caption', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-files-'));
    const path = bigPng(dir);
    const reply = { text: 'Your profile', image: { path, alt: 'Radar chart', title: 'Your profile' } };
    const t = (k: string) => k;
    const withUrl = JSON.stringify(renderReply(reply, { t, imageUrl: () => 'https://icc.example.net/files/x.png' }));
    expect(withUrl).toContain('"url":"https://icc.example.net/files/x.png"');
    const without = JSON.stringify(renderReply(reply, { t }));
    expect(without).not.toContain('data:image/png');
    expect(without).toContain('teams.imageNotShown');
  });
});
