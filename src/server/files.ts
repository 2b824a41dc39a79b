/**
 * Files the bot shows by URL (a self-check chart in a Teams card, where inline images are capped
 * at a few kilobytes). Each published file gets an unguessable name; nothing else is served.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendJson, type HttpRoute } from './http.js';

const NAME = /^[0-9a-f-]{36}\.png$/;

export function publishedDir(dataDir: string): string {
  return join(dataDir, 'public');
}

/** Copies a PNG into the published folder under a random name; returns its URL under `publicUrl`. */
export function publishPng(dataDir: string, publicUrl: string, path: string): string {
  const dir = publishedDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = `${randomUUID()}.png`;
  copyFileSync(path, join(dir, name));
  return `${publicUrl.replace(/\/+$/, '')}/files/${name}`;
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
