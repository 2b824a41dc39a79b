/**
 * The self-check through the real `icc-assistant` processes: console chat transcripts on a shared
 * SQLite file, a process killed mid-run and resumed by another, and `selfcheck results`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/app.js';
import { runCli, runCliInProcess } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'icc-sc-cli-'));
const envFor = (db: string) => ({ STORE_URL: `sqlite://${join(dir, db)}`, DATA_DIR: dir });
const lines = (...xs: Array<string | string[]>) => xs.flat().join('\n') + '\n';
const times = (n: number, s: string) => Array.from({ length: n }, () => s);
// Each process loads the content and the TypeScript sources; a busy machine can make that slow.
const SLOW = 60_000;
const cli = (args: string[], opts: { input?: string; env: Record<string, string> }) => runCli(args, { ...opts, timeoutMs: SLOW });

const inProcess = (args: string[], env: Record<string, string>) => runCliInProcess(args, env);

/** A chat process fed one line at a time; `send` resolves with that line's answer. */
function liveChat(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'icc-assistant.js'), 'chat', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let waiting: (() => void) | undefined;
  child.stdout.on('data', (d) => {
    out += d;
    waiting?.();
  });
  child.stderr.on('data', (d) => (err += d));
  const answers = () => out.split('\n---\n').slice(0, -1);
  return {
    async send(line: string): Promise<string> {
      const before = answers().length;
      child.stdin.write(line + '\n');
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to "${line}"\n${err}`)), SLOW);
        waiting = () => {
          if (answers().length > before) {
            clearTimeout(timer);
            resolve();
          }
        };
        waiting();
      });
      return answers().at(-1)!;
    },
    kill(): Promise<void> {
      return new Promise((resolve) => {
        child.on('close', () => resolve());
        child.kill('SIGKILL');
      });
    },
  };
}

describe('self-check through the console CLI', () => {
  it('seventeen yes give 100 in every area, seventeen no give 0, in `selfcheck results --json`', async () => {
    // One process at a time: the suite's other CLI tests run beside this file.
    const yes = await cli(['chat', '--user', 'officer-yes'], { input: lines('my city is Oslo', 'start the self-check', times(17, 'yes')), env: envFor('yes.sqlite') });
    const no = await cli(['chat', '--user', 'officer-no'], { input: lines('/icc city Bergen', 'start the self-check', times(17, 'no')), env: envFor('no.sqlite') });
    expect(yes.code, yes.stderr).toBe(0);
    expect(no.code, no.stderr).toBe(0);
    const answersYes = yes.stdout.split('\n---\n');
    expect(answersYes[1]).toMatch(/1\/17 · Commitment/);
    expect(answersYes[1]).toMatch(/\[1\] Yes {2}\[2\] Partly {2}\[3\] No {2}\[4\] Don’t know/);
    expect(answersYes[18]).toMatch(/Overall: 100\/100/);
    expect(answersYes[18]).toMatch(/Indicative self-check, not the official ICC Index/);
    // The chart's saved path is printed by the console.
    const chart = /: (\/\S+\.png)/.exec(answersYes[18]!)?.[1];
    expect(chart && existsSync(chart)).toBe(true);

    const ry = await cli(['selfcheck', 'results', '--user', 'officer-yes', '--json'], { env: envFor('yes.sqlite') });
    const rn = await cli(['selfcheck', 'results', '--user', 'officer-no', '--json'], { env: envFor('no.sqlite') });
    expect(ry.code, ry.stderr).toBe(0);
    const y = JSON.parse(ry.stdout);
    expect(Object.keys(y)).toEqual(['city', 'completedAt', 'overall', 'areas']);
    expect(y.city).toBe('oslo');
    expect(y.overall).toBe(100);
    expect(Object.keys(y.areas)).toHaveLength(17);
    expect(Object.values(y.areas).every((s) => s === 100)).toBe(true);
    expect(new Date(y.completedAt).toISOString()).toBe(y.completedAt);
    const n = JSON.parse(rn.stdout);
    expect(n.city).toBe('bergen');
    expect(n.overall).toBe(0);
    expect(Object.values(n.areas)).toEqual(Array(17).fill(0));
  }, 5 * SLOW);

  it('a run paused and killed in one process completes in another; two runs compare and export as CSV', async () => {
    const env = envFor('split.sqlite');
    const first = liveChat(['--user', 'officer-split'], env);
    expect(await first.send('start the self-check')).toMatch(/Which city/);
    expect(await first.send('lisboa')).toMatch(/1\/17 · Commitment/);
    for (let i = 0; i < 4; i++) await first.send('yes');
    expect(await first.send('1')).toMatch(/6\/17 · Cultural and social life/); // "1" presses the Yes button
    expect(await first.send('pause')).toMatch(/Paused after 5 answers of 17/);
    await first.kill();

    const second = await cli(['chat', '--user', 'officer-split'], {
      input: lines('continue', 'back', 'no', times(12, 'yes'), 'start the self-check', times(17, 'partly')),
      env,
    });
    expect(second.code, second.stderr).toBe(0);
    const a = second.stdout.split('\n---\n');
    expect(a[0]).toMatch(/5 answers of 17 saved/);
    expect(a[0]).toMatch(/6\/17 · Cultural and social life/);
    expect(a[1]).toMatch(/5\/17 · Business and labour market/);
    expect(a[1]).toMatch(/Your answer was: Yes/);
    expect(a[14]).toMatch(/Overall: \d+\/100/);
    expect(a[14]).toMatch(/██████████ 100 {2}Commitment/);
    expect(a[14]).toMatch(/░░░░░░░░░░ {3}0 {2}Business and labour market/);
    const last = a[32]!;
    expect(last).toMatch(/Business and labour market 0 -> 50 since \d{4}-\d{2}-\d{2}/);
    expect(last).toMatch(/Commitment 100 -> 50 since/);

    const json = await inProcess(['selfcheck', 'results', '--user', 'officer-split', '--json'], env);
    const csv = await inProcess(['selfcheck', 'results', '--user', 'officer-split', '--tenant', 'local', '--platform', 'console', '--csv'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ city: 'lisbon', overall: 50 });
    const rows = csv.stdout.trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^city,completedAt,kind,user,overall,commitment,education,/);
    const firstRun = rows[1]!.split(',');
    expect(firstRun.slice(0, 4)).toEqual(['lisbon', firstRun[1], 'quick', 'officer-split']);
    expect(firstRun[5]).toBe('100');
    expect(firstRun[9]).toBe('0'); // business-labour
    expect(rows[2]!.split(',').slice(5, 22)).toEqual(Array(17).fill('50'));
    expect(rows[0]).toMatch(/,notes$/);
  }, 5 * SLOW);

  it('bad `selfcheck` usage is one line on stderr; a user without a city or result exits 1 (in process)', async () => {
    const env = envFor('empty.sqlite');
    const bad = [['selfcheck'], ['selfcheck', 'results'], ['selfcheck', 'nope', '--user', 'x'], ['selfcheck', 'results', '--user', 'x', '--json', '--csv'], ['selfcheck', 'results', '--user', 'x', '--platform', 'irc'], ['selfcheck', 'results', '--user', 'x', '--bogus']];
    for (const args of bad) {
      const r = await inProcess(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    const nobody = await inProcess(['selfcheck', 'results', '--user', 'nobody', '--json'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/has no city set/);
    expect(nobody.stdout).toBe('');
  }, 5 * SLOW);
});
