/**
 * Short-lived signed download links for data exports (Teams group chats and channels, where file
 * consent cards do not exist): `GET /exports/<id>?e=<expiry, unix s>&n=<file name>&s=<HMAC>`, the
 * HMAC (SHA-256, the data dir's key) covering the id, the expiry and the name, so a link opens one
 * file, until it expires (15 minutes), and only once: the file is removed when it has been sent.
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { removeDeliveredExport, exportPath } from '../privacy/files.js';
import type { Logger } from '../core/log.js';
import { sendJson, type HttpRoute } from './http.js';
import { sign } from './secret.js';

export const DOWNLOAD_PATH = '/exports/';
export const DOWNLOAD_TTL_MS = 15 * 60 * 1000;
const FILE_NAME = /^[A-Za-z0-9._-]{1,100}$/;

const signature = (dataDir: string, id: string, expires: number, name: string) => sign(dataDir, `download|${id}|${expires}|${name}`).toString('base64url');

/** A link to one export file under `publicUrl`, valid for `ttlMs` from `now`. */
export function downloadLink(dataDir: string, publicUrl: string, id: string, name: string, now: Date, ttlMs = DOWNLOAD_TTL_MS): string {
  const e = Math.floor((now.getTime() + ttlMs) / 1000);
  const safeName = FILE_NAME.test(name) ? name : 'export.json';
  const q = new URLSearchParams({ e: String(e), n: safeName, s: signature(dataDir, id, e, safeName) });
  return `${publicUrl.replace(/\/+$/, '')}${DOWNLOAD_PATH}${id}?${q}`;
}

export function downloadsRoute(dataDir: string, log: Logger, now: () => Date = () => new Date()): HttpRoute {
  return {
    method: 'GET',
    path: DOWNLOAD_PATH,
    handler: async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const id = url.pathname.slice(DOWNLOAD_PATH.length);
      const e = Number(url.searchParams.get('e'));
      const name = url.searchParams.get('n') ?? '';
      const given = Buffer.from(url.searchParams.get('s') ?? '', 'base64url');
      const path = exportPath(dataDir, id);
      const expected = path && FILE_NAME.test(name) && Number.isInteger(e) ? Buffer.from(signature(dataDir, id, e, name), 'base64url') : undefined;
      // One answer for every failure: a wrong signature, an expired link and a used one look alike.
      if (!path || !expected || given.length !== expected.length || !timingSafeEqual(given, expected) || e * 1000 < now().getTime() || !existsSync(path)) {
        sendJson(res, 404, { error: 'this link has expired or was already used' });
        return;
      }
      const body = readFileSync(path);
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': body.length,
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(body, () => {
        try {
          removeDeliveredExport(dataDir, path);
        } catch (err) {
          log.warn('downloaded export not removed (the hourly purge will)', { err });
        }
      });
    },
  };
}
