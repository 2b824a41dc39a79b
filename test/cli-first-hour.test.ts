/**
 * The command as a new user meets it: from any directory, --version, usage, bad flags, and a chat
 * whose log lines stay out of the conversation.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/app.js';
import { runCli } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

describe('icc-assistant from any directory', () => {
  it('finds its content from /tmp, and a content error names the directory in full', async () => {
    const data = mkdtempSync(join(tmpdir(), 'icc-anywhere-'));
    const r = await runCli(['search', 'mediation', '--limit', '2', '--json'], { cwd: tmpdir(), env: { DATA_DIR: data } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results).toHaveLength(2);
    const empty = mkdtempSync(join(tmpdir(), 'icc-nocontent-'));
    const bad = await runCli(['content', 'check'], { cwd: mkdtempSync(join(tmpdir(), 'icc-cwd-')), env: { CONTENT_DIR: empty } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(join(empty, 'practices'));
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});

describe('icc-assistant flags', () => {
  it('--version prints the version; no arguments print the usage on stderr with exit 2', async () => {
    const [v, none] = await Promise.all([runCli(['--version']), runCli([])]);
    expect(v).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^Usage: icc-assistant <command>/);
  }, 60_000);

  it('an unknown option is one line with balanced quotes; an unknown --locale is refused', async () => {
    const [opt, loc] = await Promise.all([runCli(['search', 'x', '--bogus']), runCli(['chat', '--locale', 'zz'], { input: 'help\n' })]);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toBe('icc-assistant: unknown option "--bogus" (try icc-assistant help)\n');
    expect(loc.code).toBe(2);
    expect(loc.stdout).toBe('');
    expect(loc.stderr.trim().split('\n')).toHaveLength(1);
    expect(loc.stderr).toMatch(/--locale "zz" has no messages; one of .*\bfr\b/);
  }, 60_000);

  it('package.json asks for the Node version import.meta.dirname needs', () => {
    expect(pkg.engines.node).toBe('>=20.11');
  });
});

describe('console chat logs', () => {
  it('without LOG_LEVEL, log lines go to DATA_DIR/chat.log, not into the chat or onto stderr', async () => {
    const data = mkdtempSync(join(tmpdir(), 'icc-chatlog-'));
    const r = await runCli(['chat', '--user', 'officer-log'], { input: '/icc privacy delete\n1\n', env: { DATA_DIR: data, LOG_LEVEL: undefined } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Done: there was nothing to delete/);
    expect(r.stdout + r.stderr).not.toMatch(/"level"/);
    const file = join(data, 'chat.log');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/"msg":"personal data erased"/);
  }, 60_000);

  it('with LOG_LEVEL set, they go to stderr as in every other command', async () => {
    const data = mkdtempSync(join(tmpdir(), 'icc-chatlog-'));
    const r = await runCli(['chat', '--user', 'officer-log'], { input: '/icc privacy delete\n1\n', env: { DATA_DIR: data, LOG_LEVEL: 'info' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/"msg":"personal data erased"/);
    expect(r.stdout).not.toMatch(/"level"/);
    expect(existsSync(join(data, 'chat.log'))).toBe(false);
  }, 60_000);
});
