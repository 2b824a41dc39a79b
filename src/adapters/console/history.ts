/**
 * The console chat's line history, kept between sessions like a shell's: one line per entry, oldest
 * first, at most `size` entries, readable by its owner only (it holds what they typed).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The last `size` lines of the file, oldest first; none when it is missing or unreadable. */
export function loadHistory(file: string, size: number): string[] {
  if (!existsSync(file)) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(-size);
  } catch {
    // An unreadable history is no reason to refuse the chat.
    return [];
  }
}

/** Writes the last `size` lines (oldest first) atomically; a failure loses the history, never the chat. */
export function saveHistory(file: string, lines: readonly string[], size: number): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    const kept = lines.filter((l) => l.trim() !== '' && !l.includes('\n')).slice(-size);
    writeFileSync(tmp, kept.length ? kept.join('\n') + '\n' : '', { mode: 0o600 });
    renameSync(tmp, file);
    chmodSync(file, 0o600);
    return true;
  } catch {
    return false;
  }
}
