/**
 * A random key kept in the data dir (`DATA_DIR/.files-key`, mode 0600), made on first use: it names
 * published chart copies (so a chart's copy can be found and removed again) and signs download links.
 * Replicas that share DATA_DIR share the key; deleting the file only invalidates links and names.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { privateDir } from '../core/private-files.js';
import { join, resolve } from 'node:path';

const keys = new Map<string, Buffer>();

export function filesKey(dataDir: string): Buffer {
  const dir = resolve(dataDir);
  const known = keys.get(dir);
  if (known) return known;
  const path = join(dir, '.files-key');
  let hex: string;
  try {
    hex = readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    privateDir(dir);
    // Written aside, then linked into place: another process never reads half a key, and the first one wins.
    const tmp = join(dir, `.files-key.${randomUUID()}`);
    writeFileSync(tmp, randomBytes(32).toString('hex'), { mode: 0o600 });
    try {
      linkSync(tmp, path);
    } catch (linkErr) {
      if ((linkErr as NodeJS.ErrnoException).code !== 'EEXIST') throw linkErr;
    } finally {
      rmSync(tmp, { force: true });
    }
    hex = readFileSync(path, 'utf8').trim();
  }
  const key = Buffer.from(hex, 'hex');
  if (key.length < 16) throw new Error(`${path} does not hold a key; delete it to make a new one`);
  keys.set(dir, key);
  return key;
}

/** HMAC-SHA256 of `message` under the data dir's key. */
export function sign(dataDir: string, message: string): Buffer {
  return createHmac('sha256', filesKey(dataDir)).update(message).digest();
}
