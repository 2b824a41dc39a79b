/**
 * The privacy and terms pages `serve` publishes for the Teams manifest, and `npm run package:teams`
 * refusing a package whose URLs are neither set nor served.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createI18n } from '../src/core/i18n.js';
import { createLogger } from '../src/core/log.js';
import { buildManifest, LegalUrlsError } from '../src/adapters/teams/manifest.js';
import { privacyPage, termsPage } from '../src/server/legal-pages.js';
import { startServer, type RunningServer } from '../src/serve.js';
import { ROOT } from './helpers/app.js';
import { readFileSync } from 'node:fs';

const APP_ID = '6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f';

let server: RunningServer;
let base: string;
beforeAll(async () => {
  const config = loadConfig({ STORE_URL: 'memory://', DATA_DIR: mkdtempSync(join(tmpdir(), 'icc-legal-')), LOG_LEVEL: 'silent', PUBLIC_URL: 'https://icc.example.net' });
  server = await startServer(config, { baseDir: ROOT, port: 0, host: '127.0.0.1', ticker: false, log: createLogger({ level: 'silent' }) });
  base = `http://127.0.0.1:${server.port}`;
}, 60_000);
afterAll(() => server?.close());

describe('serve publishes /privacy and /terms', () => {
  it('the privacy page lists what the bot says it keeps, escaped, as HTML that loads nothing else', async () => {
    const res = await fetch(`${base}/privacy`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<h1>Intercultural Cities assistant: privacy</h1>');
    // The same sentences as "what do you store about me?", with the numbers filled in and quotes escaped.
    expect(html).toContain('dropped after 30 days without activity');
    expect(html).toContain('Delivery ids of incoming messages are kept 2 hours');
    expect(html).toContain('city&#39;s aggregated self-check results');
    expect(html).not.toMatch(/\{\w+\}/);
    expect(html).not.toMatch(/<script|src=/i);
    expect(html).toContain('href="/terms?lang=en"');
  });

  it('the terms page, and both in the asked language (?lang=, else Accept-Language)', async () => {
    const terms = await (await fetch(`${base}/terms`)).text();
    expect(terms).toContain('terms of use</h1>');
    expect(terms).toMatch(/provided as it is, without any warranty/);
    const fr = await (await fetch(`${base}/privacy?lang=fr`)).text();
    expect(fr).toMatch(/<html lang="fr">/);
    expect(fr).toContain('confidentialité</h1>');
    const de = await (await fetch(`${base}/terms`, { headers: { 'accept-language': 'xx;q=1, de-AT;q=0.9, en;q=0.5' } })).text();
    expect(de).toContain('Nutzungsbedingungen</h1>');
    const odd = await fetch(`${base}/privacy?lang=%3Cscript%3E`, { headers: { 'accept-language': '<b>;q=x' } });
    expect(odd.status).toBe(200);
    expect(await odd.text()).toMatch(/<html lang="en">/);
  });

  it('escapes every text it takes from the catalogues', () => {
    const evil = '<script>alert("x")</script> & \'';
    const messages = new Map([['en', { 'legal.privacy.title': evil, 'legal.terms.title': evil, 'privacy.rights': evil, 'legal.terms.warranty': evil, 'legal.privacyLink': evil }]]);
    const i18n = createI18n(messages);
    for (const html of [privacyPage(i18n, 'en'), termsPage(i18n, 'en')]) {
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;');
    }
  });
});

describe('the Teams package takes its privacy and terms URLs from config or from serve', () => {
  it('uses PUBLIC_URL/privacy and /terms when no URL is set, the set ones otherwise, and refuses neither', () => {
    const template = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
    const served = buildManifest(template, loadConfig({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://icc.example.net/' }));
    expect(served.developer).toMatchObject({ privacyUrl: 'https://icc.example.net/privacy', termsOfUseUrl: 'https://icc.example.net/terms' });
    const set = buildManifest(template, loadConfig({ MICROSOFT_APP_ID: APP_ID, TEAMS_PRIVACY_URL: 'https://coe.example/p', TEAMS_TERMS_URL: 'https://coe.example/t' }));
    expect(set.developer).toMatchObject({ privacyUrl: 'https://coe.example/p', termsOfUseUrl: 'https://coe.example/t' });
    expect(() => buildManifest(template, loadConfig({ MICROSOFT_APP_ID: APP_ID, TEAMS_PRIVACY_URL: 'https://coe.example/p' }))).toThrow(LegalUrlsError);
    expect(() => buildManifest(template, loadConfig({ MICROSOFT_APP_ID: APP_ID }))).toThrow(/TEAMS_PRIVACY_URL and TEAMS_TERMS_URL, or PUBLIC_URL/);
  });

  it('npm run package:teams exits 2 with one line naming the variables', async () => {
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'package-teams.ts')], {
        cwd: mkdtempSync(join(tmpdir(), 'icc-pkg-')),
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', MICROSOFT_APP_ID: APP_ID },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^package:teams: set TEAMS_PRIVACY_URL and TEAMS_TERMS_URL, or PUBLIC_URL/);
  }, 60_000);
});
