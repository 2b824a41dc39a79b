/**
 * In the console chat, log lines would land between the answers: they go to a file instead
 * (DATA_DIR/chat.log, owner-only), rotated once to chat.log.1 when it passes a few megabytes.
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CHAT_LOG = 'chat.log';
const MAX_BYTES = 5 * 1024 * 1024;

export function chatLogPath(dataDir: string): string {
  return join(dataDir, CHAT_LOG);
}

/** A line writer for createLogger; the file and its directory are created on start. */
export function chatLogWriter(path: string): (line: string) => void {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && statSync(path).size > MAX_BYTES) renameSync(path, `${path}.1`);
  appendFileSync(path, '', { mode: 0o600 });
  chmodSync(path, 0o600);
  // Synchronous appends: a chat logs a few lines a turn, and none is lost when the process exits.
  return (line) => appendFileSync(path, line + '\n');
}
