/**
 * Files the bot shows by URL (a self-check chart in a Teams card, where inline images are capped
 * at a few kilobytes). Each published file gets an unguessable name, derived from the source file's
 * path with the data dir's key, so publishing a chart again reuses its copy and "delete my data" can
 * find the copy from the chart; nothing else is served.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sendJson, type HttpRoute } from './http.js';
import { sign } from './secret.js';

const NAME = /^[0-9a-f-]{36}\.png$/;

export function publishedDir(dataDir: string): string {
  return join(dataDir, 'public');
}

/** The published name of a source file: UUID-shaped, unguessable without the data dir's key. */
export function publishedName(dataDir: string, path: string): string {
  const h = sign(dataDir, `published|${resolve(path)}`).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}.png`;
}

/** Copies a PNG into the published folder; returns its URL under `publicUrl`. */
export function publishPng(dataDir: string, publicUrl: string, path: string): string {
  const dir = publishedDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = publishedName(dataDir, path);
  copyFileSync(path, join(dir, name));
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
