/**
 * Files the bot shows by URL (a self-check chart in a Teams card, where inline images are capped
 * at a few kilobytes). Nothing else is served.
 *
 * One file per (tenant, result): the name is a keyed hash (HMAC with the data dir's random key, see
 * ./secret.ts) of the chart's own path, which names the tenant and the result, so viewing a result again
 * overwrites the same file instead of adding one, "delete my data" can find the copy from the chart, and
 * the name cannot be guessed. The folder is bounded: files older than PUBLISHED_LIMITS.retentionMs go on
 * the store's purge tick, and beyond maxFiles / maxBytes the oldest go first (checked at every publish too).
 */
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { privateDir } from '../core/private-files.js';
import { sendJson, type HttpRoute } from './http.js';
import { sign } from './secret.js';

const NAME = /^[0-9a-f-]{36}\.png$/;
const DAY = 24 * 60 * 60 * 1000;

export interface PublishedLimits {
  /** A file not published again for this long is removed. */
  retentionMs: number;
  maxFiles: number;
  maxBytes: number;
}

export const PUBLISHED_LIMITS: PublishedLimits = { retentionMs: 30 * DAY, maxFiles: 1_000, maxBytes: 100 * 1024 * 1024 };

export function publishedDir(dataDir: string): string {
  return join(dataDir, 'public');
}

/** The published name of a source file: UUID-shaped, unguessable without the data dir's key. */
export function publishedName(dataDir: string, path: string): string {
  const h = sign(dataDir, `published|${resolve(path)}`).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}.png`;
}

/** Copies a PNG into the published folder (the same name for the same source); returns its URL under `publicUrl`. */
export function publishPng(dataDir: string, publicUrl: string, path: string, limits: PublishedLimits = PUBLISHED_LIMITS): string {
  const dir = publishedDir(dataDir);
  privateDir(dir);
  const name = publishedName(dataDir, path);
  copyFileSync(path, join(dir, name));
  prunePublished(dataDir, Date.now(), limits, name);
  return `${publicUrl.replace(/\/+$/, '')}/files/${name}`;
}

/** Removes a source file and its published copy (if any); returns how many files were removed. */
export function removeWithPublishedCopy(dataDir: string, path: string): number {
  let n = 0;
  for (const file of [path, join(publishedDir(dataDir), publishedName(dataDir, path))]) {
    if (existsSync(file)) {
      rmSync(file, { force: true });
      n++;
    }
  }
  return n;
}

/**
 * Removes published files older than the retention, then the oldest until the folder is within its
 * quota (`keep`, the file just published, stays). Returns how many went.
 */
export function prunePublished(dataDir: string, now: number, limits: PublishedLimits = PUBLISHED_LIMITS, keep?: string): number {
  const dir = publishedDir(dataDir);
  if (!existsSync(dir)) return 0;
  const files: Array<{ name: string; size: number; mtime: number }> = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.png')) continue;
    try {
      const st = statSync(join(dir, name));
      if (st.isFile()) files.push({ name, size: st.size, mtime: st.mtimeMs });
    } catch {
      // Removed meanwhile (another replica's purge): nothing to do.
    }
  }
  files.sort((a, b) => a.mtime - b.mtime);
  let count = files.length;
  let bytes = files.reduce((n, f) => n + f.size, 0);
  let removed = 0;
  for (const f of files) {
    const old = now - f.mtime > limits.retentionMs;
    const over = count > limits.maxFiles || bytes > limits.maxBytes;
    if (!old && !over) break;
    if (f.name === keep && !old) continue;
    try {
      unlinkSync(join(dir, f.name));
      removed++;
    } catch {
      // Gone already.
    }
    count--;
    bytes -= f.size;
  }
  return removed;
}

export function filesRoute(dataDir: string): HttpRoute {
  return {
    method: 'GET',
    path: '/files/',
    handler: async (req, res) => {
      const name = (req.url ?? '').split('?')[0]!.slice('/files/'.length);
      const file = join(publishedDir(dataDir), name);
      if (!NAME.test(name) || !existsSync(file)) {
        sendJson(res, 404, { error: 'not found' });
        return;
      }
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length, 'cache-control': 'private, max-age=86400', 'x-content-type-options': 'nosniff' });
      res.end(body);
    },
  };
}
