/**
 * The Teams app package: manifest.json against the official schema of its version (offline, from
 * @microsoft/app-manifest), the icons' sizes and colours, the upload zip read back, and the rule that
 * only src/adapters/teams imports botbuilder.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PNG } from 'pngjs';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildManifest, ManifestError } from '../src/adapters/teams/manifest.js';
import { SEARCH_COMMAND, QUERY_PARAMETER } from '../src/adapters/teams/messaging-extension.js';
import { validateTeamsLocalization, validateTeamsManifest } from '../scripts/teams-manifest-schema.js';
import { packageTeamsApp } from '../scripts/teams-package.js';
import { ROOT } from './helpers/app.js';

const APP_ID = '6f1c2b9e-1d2a-4c3b-9e8f-0a1b2c3d4e5f';
const template = () => JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('Teams app manifest', () => {
  it('manifest.json validates against the official schema of the version it declares (1.17 or newer)', () => {
    const manifest = template();
    const [major, minor] = String(manifest.manifestVersion).split('.').map(Number);
    expect(major! > 1 || minor! >= 17).toBe(true);
    const check = validateTeamsManifest(manifest);
    expect(check.schemaPath).toContain(`v${manifest.manifestVersion}`);
    expect(check.errors).toEqual([]);
    expect(check.valid).toBe(true);
  });

  it('the validator is strict: a wrong scope, a non-https privacy URL or a long short name fail', () => {
    const m = template();
    const broken = { ...m, name: { ...m.name, short: 'x'.repeat(31) }, developer: { ...m.developer, privacyUrl: 'ftp://example.org' }, bots: [{ ...m.bots[0], scopes: ['personal', 'everyone'] }] };
    const check = validateTeamsManifest(broken);
    expect(check.valid).toBe(false);
    expect(check.errors.join('\n')).toMatch(/\/name\/short/);
    expect(check.errors.join('\n')).toMatch(/\/developer\/privacyUrl/);
    expect(check.errors.join('\n')).toMatch(/\/bots\/0\/scopes\/1/);
  });

  it('declares the bot in all three scopes with command lists, the messaging extension, domains and localization', () => {
    const m = template();
    expect(m.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(m.bots[0].commandLists.flatMap((l: any) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    const command = m.composeExtensions[0].commands[0];
    expect(command).toMatchObject({ id: SEARCH_COMMAND, type: 'query' });
    expect(command.parameters[0].name).toBe(QUERY_PARAMETER);
    expect(m.validDomains.length).toBeGreaterThan(0);
    expect(m.localizationInfo.defaultLanguageTag).toBe('en');
    expect(m.developer.privacyUrl).toMatch(/^https:\/\//);
  });

  it('buildManifest fills in the app id, host and developer URLs from config, and needs the app id', () => {
    const config = loadConfig({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://icc.example.net:8443/base', TEAMS_PRIVACY_URL: 'https://icc.example.net/privacy' });
    const m = buildManifest(template(), config);
    expect(m.id).toBe(APP_ID);
    expect(m.bots?.[0]?.botId).toBe(APP_ID);
    expect(m.composeExtensions?.[0]?.botId).toBe(APP_ID);
    expect(m.validDomains).toEqual(['icc.example.net:8443']);
    expect(m.developer?.privacyUrl).toBe('https://icc.example.net/privacy');
    expect(m.developer?.websiteUrl).toBe(template().developer.websiteUrl);
    expect(validateTeamsManifest(m).errors).toEqual([]);
    expect(() => buildManifest(template(), loadConfig({}))).toThrow(ManifestError);
    expect(() => buildManifest(template(), loadConfig({ MICROSOFT_APP_ID: 'not-a-guid' }))).toThrow(/GUID/);
  });
});

describe('Teams icons', () => {
  const read = (name: string) => PNG.sync.read(readFileSync(join(ROOT, 'appPackage', name)));

  it('color.png is a 192x192 full-colour icon', () => {
    const png = read('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    const colours = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i + 3]! > 0) colours.add(`${png.data[i]},${png.data[i + 1]},${png.data[i + 2]}`);
    expect(colours.size).toBeGreaterThan(3);
  });

  it('outline.png is 32x32, white on a transparent background', () => {
    const png = read('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
      if (a === 0) transparent++;
      else {
        expect([r, g, b]).toEqual([255, 255, 255]);
        white++;
      }
    }
    expect(transparent).toBeGreaterThan(white / 4);
    expect(white).toBeGreaterThan(50);
  });
});

describe('Teams localization', () => {
  it('covers the supported languages, each file valid against the localization schema and translating every string', () => {
    const manifest = template();
    const tags = manifest.localizationInfo.additionalLanguages.map((l: { languageTag: string }) => l.languageTag).sort();
    expect(tags).toEqual(['de', 'es', 'fr', 'it', 'pt', 'uk']);
    for (const lang of manifest.localizationInfo.additionalLanguages) {
      const file = JSON.parse(readFileSync(join(ROOT, 'appPackage', lang.file), 'utf8'));
      expect(validateTeamsLocalization(manifest.manifestVersion, file).errors, lang.file).toEqual([]);
      expect(file['description.full']).not.toBe(manifest.description.full);
      expect(file['bots[0].commandLists[0].commands[0].description']).not.toBe(manifest.bots[0].commandLists[0].commands[0].description);
    }
  });
});

describe('npm run package:teams', () => {
  it('writes a valid zip with the filled-in manifest and both icons, readable back', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'icc-teams-pkg-'));
    const config = loadConfig({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://icc.example.net' });
    const { file } = await packageTeamsApp(config, { baseDir: ROOT, outDir });
    const entries = await readZip(file);
    const languages = ['de', 'es', 'fr', 'it', 'pt', 'uk'];
    expect([...entries.keys()].sort()).toEqual(['color.png', ...languages.map((l) => `localization/${l}.json`), 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(['icc.example.net']);
    expect(validateTeamsManifest(manifest).errors).toEqual([]);
    expect(entries.get('color.png')).toEqual(readFileSync(join(ROOT, 'appPackage', 'color.png')));
    expect(PNG.sync.read(entries.get('outline.png')!).width).toBe(32);
    await expect(packageTeamsApp(loadConfig({}), { baseDir: ROOT, outDir })).rejects.toThrow(/MICROSOFT_APP_ID/);
  });
});

describe('SDK boundary', () => {
  it('only src/adapters/teams imports botbuilder or botframework-*', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|js|mts)$/.test(name) && /from ['"](botbuilder|botframework-)[^'"]*['"]|require\(['"](botbuilder|botframework-)/.test(readFileSync(path, 'utf8'))) offenders.push(relative(ROOT, path));
      }
    };
    for (const dir of ['src', 'intents', 'scripts', 'bin']) walk(join(ROOT, dir));
    expect(offenders.length).toBeGreaterThan(0);
    expect(offenders.filter((f) => !f.startsWith('src/adapters/teams/'))).toEqual([]);
  });
});
