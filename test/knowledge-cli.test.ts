/**
 * The whole loop through the real bin, each step its own process on one SQLite file: a proposal made in
 * the console chat is pending, approved from `practices approve`, found by `icc-assistant search` in a
 * new process (in its workspace only), and exported as a content line that PracticeSchema accepts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PracticeSchema } from '../src/content/schemas.js';
import { runCli } from './helpers/cli.js';
import { PROPOSAL } from './helpers/knowledge.js';

const dir = mkdtempSync(join(tmpdir(), 'icc-knowledge-cli-'));
const env = { STORE_URL: `sqlite://${join(dir, 'icc.sqlite')}`, DATA_DIR: dir };
const cli = (args: string[], input?: string) => runCli(args, { env, ...(input ? { input } : {}) });
const QUERY = 'anti-rumour agents neighbourhood associations libraries Bergen';

describe('practices from the console chat to the search', () => {
  it('proposed in the chat, pending, approved from the CLI, found by search in a new process, exported as content', async () => {
    const chat = await cli(['chat', '--user', 'ana'], ["I'd like to share a practice from our city", ...Object.values(PROPOSAL), 'yes', ''].join('\n'));
    expect(chat.code).toBe(0);
    expect(chat.stdout).toMatch(/1\/6 · Title[\s\S]*2\/6 · City[\s\S]*6\/6 · Year[\s\S]*Send it to the curators of this workspace\? Answer yes or no\./);
    expect(chat.stdout).toMatch(/is waiting for review/);
    expect(chat.stdout).toMatch(/No curator is set for this workspace yet/);

    const pending = await cli(['practices', 'pending', '--json']);
    expect(pending.code).toBe(0);
    const list = JSON.parse(pending.stdout) as { pending: Array<Record<string, string>> };
    expect(list.pending).toHaveLength(1);
    const p = list.pending[0]!;
    expect(Object.keys(p).sort()).toEqual(['city', 'id', 'submittedAt', 'submittedBy', 'title']);
    expect(p).toMatchObject({ title: PROPOSAL.title, city: 'bergen', submittedBy: 'ana' });

    const show = await cli(['practices', 'show', p['id']!]);
    expect(show.stdout).toMatch(/\[pending\] Neighbourhood anti-rumour agents/);

    // Bad and unknown ids, missing flags: exit 2 with one line.
    for (const args of [
      ['practices', 'approve', 'NOT AN ID!', '--curator', 'maria'],
      ['practices', 'approve', 'deadbeef', '--curator', 'maria'],
      ['practices', 'show', 'deadbeef'],
      ['practices', 'approve', p['id']!],
      ['practices', 'reject', p['id']!, '--curator', 'maria'],
      ['practices', 'frobnicate'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    // Nothing found before the approval.
    expect(JSON.parse((await cli(['search', QUERY, '--json'])).stdout).results.map((h: { title: string }) => h.title)).not.toContain(PROPOSAL.title);

    const approve = await cli(['practices', 'approve', p['id']!, '--curator', 'maria']);
    expect(approve.code).toBe(0);
    expect(approve.stdout.trim()).toBe(`approved ${p['id']} as practice bergen-neighbourhood-anti-rumour-agents`);
    expect(JSON.parse((await cli(['practices', 'pending', '--json'])).stdout)).toEqual({ pending: [] });
    const again = await cli(['practices', 'reject', p['id']!, '--curator', 'maria', '--reason', 'too late']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already approved/);

    const search = await cli(['search', QUERY, '--json']);
    expect(search.code).toBe(0);
    const hits = JSON.parse(search.stdout).results as Array<{ id: string; city: string; country: string }>;
    expect(hits[0]).toMatchObject({ id: 'bergen-neighbourhood-anti-rumour-agents', city: 'Bergen', country: 'Norway' });
    // Only in its own workspace.
    const elsewhere = JSON.parse((await cli(['search', QUERY, '--json', '--tenant', 'another'])).stdout).results as Array<{ id: string }>;
    expect(elsewhere.map((h) => h.id)).not.toContain('bergen-neighbourhood-anti-rumour-agents');

    const exported = await cli(['practices', 'export']);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const practice = PracticeSchema.parse(JSON.parse(lines[0]!));
    expect(practice).toMatchObject({ id: 'bergen-neighbourhood-anti-rumour-agents', title: PROPOSAL.title, city: 'Bergen', country: 'Norway', year: 2019, areas: ['anti-discrimination', 'public-space'], source: PROPOSAL.source });
  }, 180_000);
});
