import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { main, type CliIO } from '../src/cli.js';
import { ROOT } from './helpers/app.js';
import { runCli } from './helpers/cli.js';

function fakeIO(): CliIO & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d) => (o += d));
  stderr.on('data', (d) => (e += d));
  return { stdin: new PassThrough(), stdout, stderr, env: { STORE_URL: 'memory://', LOG_LEVEL: 'silent' }, cwd: ROOT, out: () => o, err: () => e };
}

describe('icc-assistant peers (real process)', () => {
  it('--json prints ranked peers with city, country, score, reasons and practice ids', async () => {
    const r = await runCli(['peers', 'anti-rumours', '--city', 'Bilbao', '--limit', '4', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { peers } = JSON.parse(r.stdout);
    expect(peers).toHaveLength(4);
    for (const p of peers) {
      expect(Object.keys(p).sort()).toEqual(['city', 'country', 'practices', 'reasons', 'score']);
      expect(p.city).not.toBe('Bilbao');
      expect(p.reasons[0]).toMatch(/^\d+ practices? on anti-rumours$/);
      expect(p.practices.length).toBeGreaterThan(0);
    }
    expect(peers[0]).toMatchObject({ city: 'Getxo', country: 'Spain', reasons: ['3 practices on anti-rumours', 'Spanish-speaking', 'RECI network'] });
    expect(peers[0].practices).toContain('getxo-antirumour-strategy');
    expect(peers[0].score).toBeGreaterThanOrEqual(peers[3].score);
  }, 30_000);

  it('bad flags, an empty topic or an unknown city: one line on stderr, exit 2 (in process)', async () => {
    for (const [args, re] of [
      [['peers'], /peers needs a topic/],
      [['peers', '  ', '--json'], /peers needs a topic/],
      [['peers', 'x', '--bogus'], /Unknown option '--bogus'/],
      [['peers', 'x', '--limit', '0'], /--limit must be/],
      [['peers', 'x', '--city', 'Bilbaoo'], /unknown city "Bilbaoo" \(did you mean Bilbao\?\)/],
    ] as const) {
      const io = fakeIO();
      expect(await main([...args], io), args.join(' ')).toBe(2);
      expect(io.err().trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(io.err()).toMatch(re);
      expect(io.out()).toBe('');
    }
  });
});
