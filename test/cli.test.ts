import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/app.js';
import { runCli } from './helpers/cli.js';

describe('icc-assistant CLI (real process)', () => {
  it('search --json prints ranked results with the documented fields', async () => {
    const r = await runCli(['search', 'anti-rumour campaign', '--limit', '3', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.results).toHaveLength(3);
    for (const x of body.results) {
      expect(Object.keys(x).sort()).toEqual(['areas', 'city', 'country', 'id', 'score', 'title']);
      expect(x.title.toLowerCase()).toMatch(/rumou?r/);
    }
    expect(body.results[0].score).toBeGreaterThanOrEqual(body.results[2].score);
  });

  it('route --json prints the intent and a confidence', async () => {
    const r = await runCli(['route', 'how did other cities run an anti-rumour campaign?', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.intent).toBe('search');
    expect(body.confidence).toBeGreaterThan(0.5);
    expect(JSON.parse((await runCli(['route', 'help', '--json'])).stdout).intent).toBe('help');
  });

  it('route reports the bot\'s decision, fallback included, and which rule made it', async () => {
    // No intent phrase matches this; the bot searches it anyway (the fallback), and route must say so.
    const r = JSON.parse((await runCli(['route', 'intercultural mediation in hospitals', '--json'])).stdout);
    expect(r).toMatchObject({ intent: 'search', via: 'fallback' });
    expect(JSON.parse((await runCli(['route', '/icc peers', '--json'])).stdout)).toMatchObject({ intent: 'peers', via: 'command' });
  });

  it('content check validates the content directory', async () => {
    const r = await runCli(['content', 'check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Content OK: 140 practices/);
  });

  it('bad input: one line on stderr, non-zero exit, no stack trace', async () => {
    const cases = [['frobnicate'], ['search'], ['search', '   '], ['search', 'x', '--limit', 'lots'], ['search', 'x', '--bogus'], ['route'], ['content', 'nope'], ['chat', '--locale', 'klingon!']];
    // Two at a time: enough to be quick, without starving a 2-core machine.
    const results = [];
    for (let i = 0; i < cases.length; i += 2) results.push(...(await Promise.all(cases.slice(i, i + 2).map((args) => runCli(args)))));
    results.forEach((r, i) => {
      const args = cases[i]!.join(' ');
      expect(r.code, args).toBe(2);
      expect(r.stderr.trim().split('\n'), args).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
    const badEnv = await runCli(['search', 'x'], { env: { STORE_URL: 'ftp://nope' } });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/STORE_URL/);
  }, 180_000);

  it('chat transcript: a search, a button by number, help, and an unknown command', async () => {
    const input = ['how did other cities run an anti-rumour campaign?', '6', 'help', '/icc frobnicate', ''].join('\n');
    const r = await runCli(['chat', '--user', 'officer-1'], { input });
    expect(r.code).toBe(0);
    const answers = r.stdout.split('\n---\n');
    expect(answers.length).toBeGreaterThanOrEqual(4);
    expect(answers[0]).toMatch(/practices for “how did other cities run an anti-rumour campaign\?”/);
    expect(answers[0]).toMatch(/Showing 1–5 of \d+/);
    expect(answers[0]).toMatch(/\[1\] More like this/);
    expect(answers[0]).toMatch(/\[6\] More results {2}\[7\] Helpful {2}\[8\] Not helpful/);
    expect(answers[0]).toMatch(/https?:\/\//);
    expect(answers[1]).toMatch(/Showing 6–\d+ of \d+/);
    expect(answers[2]).toMatch(/I'm the Intercultural Cities assistant/);
    expect(answers[3]).toMatch(/I don't know the command “frobnicate”/);
  });

  it('chat --json prints one JSON object per reply with numbered buttons', async () => {
    const r = await runCli(['chat', '--json'], { input: 'mediation\n' });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0].cards.length).toBeGreaterThan(0);
    expect(lines[0].cards[0].buttons[0]).toMatchObject({ n: 1, label: 'More like this' });
  });

  it('a broken content file stops start-up with its file, id and field, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-badcontent-'));
    cpSync(join(ROOT, 'content'), dir, { recursive: true });
    const file = join(dir, 'practices', 'italy.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const p = JSON.parse(lines[2]!);
    p.source = 'not a url';
    lines[2] = JSON.stringify(p);
    writeFileSync(file, lines.join('\n'));
    for (const args of [['content', 'check'], ['chat'], ['serve', '--port', '0']]) {
      const r = await runCli(args, { env: { CONTENT_DIR: dir } });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`Content error: .*italy\\.jsonl \\(line 3, id ${p.id}\\): source: `));
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
