/**
 * Files the bot writes about one person: their data exports (`DATA_DIR/exports/`). Each file name
 * starts with a tag of its owner (a hash of platform, workspace and user id), so "delete my data"
 * finds that person's files without any index, and an accepted Teams file consent or a download can
 * check that a file belongs to the person asking. An export is removed once delivered, and at the
 * latest an hour after it was written (`removeStaleExports`, on the store-purge tick).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Scope } from '../core/turn.js';

/** How long an undelivered export may stay on disk. */
export const EXPORT_MAX_AGE_MS = 60 * 60 * 1000;

/** `<owner tag>-<uuid>.json`: the id of an export file (what consent cards and download links carry). */
export const EXPORT_ID = /^([0-9a-f]{16})-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/;

export function exportsDir(dataDir: string): string {
  return join(resolve(dataDir), 'exports');
}

/** The owner part of a file name: stable per person and workspace, reveals neither. */
export function ownerTag(scope: Scope, userId: string): string {
  return createHash('sha256').update(JSON.stringify([scope.platform, scope.tenant, userId])).digest('hex').slice(0, 16);
}

/** Writes one export (readable by this process's user only); returns its path. */
export function writeExport(dataDir: string, scope: Scope, userId: string, data: unknown): string {
  const dir = exportsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${ownerTag(scope, userId)}-${randomUUID()}.json`);
  writeFileSync(path, JSON.stringify(data, null, 2), { mode: 0o600 });
  return path;
}

/** The path of an export id, or undefined when the id is not one. */
export function exportPath(dataDir: string, id: string): string | undefined {
  return EXPORT_ID.test(id) ? join(exportsDir(dataDir), id) : undefined;
}

/** The export id of a path under the exports folder, or undefined. */
export function exportIdOf(dataDir: string, path: string): string | undefined {
  const id = basename(path);
  return EXPORT_ID.test(id) && resolve(dirname(path)) === exportsDir(dataDir) ? id : undefined;
}

/** Whether an export id was written for this person in this workspace. */
export function ownsExport(id: string, scope: Scope, userId: string): boolean {
  return EXPORT_ID.exec(id)?.[1] === ownerTag(scope, userId);
}

function list(dataDir: string): string[] {
  try {
    return readdirSync(exportsDir(dataDir)).filter((f) => EXPORT_ID.test(f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function remove(path: string): boolean {
  try {
    rmSync(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Removes an export once it has been delivered; paths outside the exports folder are left alone. */
export function removeDeliveredExport(dataDir: string, path: string): boolean {
  const id = exportIdOf(dataDir, path);
  return id ? remove(join(exportsDir(dataDir), id)) : false;
}

/** Export files of one person (ids), e.g. waiting for a Teams consent or a download. */
export function exportsOf(dataDir: string, scope: Scope, userId: string): string[] {
  const tag = ownerTag(scope, userId);
  return list(dataDir).filter((f) => f.startsWith(`${tag}-`));
}

/** Removes every export file of one person; returns how many. */
export function removeExportsOf(dataDir: string, scope: Scope, userId: string): number {
  let n = 0;
  for (const id of exportsOf(dataDir, scope, userId)) if (remove(join(exportsDir(dataDir), id))) n++;
  return n;
}

/** Removes export files written more than `maxAgeMs` before `now` (by modification time). */
export function removeStaleExports(dataDir: string, now: Date, maxAgeMs = EXPORT_MAX_AGE_MS): number {
  let n = 0;
  for (const id of list(dataDir)) {
    const path = join(exportsDir(dataDir), id);
    let mtime: number;
    try {
      mtime = statSync(path).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if (now.getTime() - mtime > maxAgeMs && remove(path)) n++;
  }
  return n;
}
