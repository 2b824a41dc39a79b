/**
 * `icc-assistant report gaps` through the real bin: searches made in the console chat (one process)
 * are reported by another on the same SQLite file, most asked first, in JSON or as text; bad flags exit 2
 * with one line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'icc-gaps-cli-'));
const envFor = (db: string) => ({ STORE_URL: `sqlite://${join(dir, db)}`, DATA_DIR: dir });
const lines = (...xs: string[]) => xs.join('\n') + '\n';
// Each process loads the content; a busy machine can make that slow.
const SLOW = 60_000;

describe('icc-assistant report gaps', () => {
  it('after three searches with nothing relevant, lists that query with count 3', async () => {
    const env = envFor('three.sqlite');
    const chat = await runCli(['chat', '--user', 'officer'], {
      input: lines('/icc search quantum teleportation spaceships', 'practices on quantum teleportation of spaceships', 'how did other cities do Quantum-Teleportation with spaceships?', '/icc search anti-rumour campaign'),
      env,
      timeoutMs: SLOW,
    });
    expect(chat.code).toBe(0);
    expect(chat.stdout).toMatch(/found no practice/);

    const json = await runCli(['report', 'gaps', '--json'], { env, timeoutMs: SLOW });
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const { gaps } = JSON.parse(json.stdout) as { gaps: Array<Record<string, unknown>> };
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ query: 'how did other cities do Quantum-Teleportation with spaceships?', count: 3, results: 0, notHelpful: 0 });
    expect(Date.parse(gaps[0]!['lastAsked'] as string)).toBeGreaterThan(Date.now() - 10 * 60_000);
    // No person in the report.
    expect(json.stdout).not.toMatch(/officer/);

    const text = await runCli(['report', 'gaps', '--since', '7d'], { env, timeoutMs: SLOW });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Gaps in console\/local since \d{4}-\d{2}-\d{2}, most asked first:/);
    expect(text.stdout).toMatch(/\n\s+3\s+0\s+0\s+\d{4}-\d{2}-\d{2}\s+how did other cities do Quantum-Teleportation with spaceships\?\n/);

    // Another workspace has none.
    const other = await runCli(['report', 'gaps', '--platform', 'slack', '--tenant', 'T0OTHER', '--json'], { env, timeoutMs: SLOW });
    expect(JSON.parse(other.stdout)).toEqual({ gaps: [] });
  });

  it('refuses a bad --since, platform or subcommand with one line and exit 2', async () => {
    const env = envFor('bad.sqlite');
    for (const args of [['report', 'gaps', '--since', 'lately'], ['report', 'gaps', '--since', '0d'], ['report', 'gaps', '--platform', 'irc'], ['report', 'stuff'], ['report', 'gaps', '--bogus']]) {
      const r = await runCli(args, { env, timeoutMs: SLOW });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    const since = await runCli(['report', 'gaps', '--since', 'lately'], { env, timeoutMs: SLOW });
    expect(since.stderr).toBe('icc-assistant: --since must be a period like 30d, 12h or 2w, or a past date like 2026-11-01; got "lately"\n');
  });
});
