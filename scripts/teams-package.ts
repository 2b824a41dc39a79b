/**
 * Builds the Teams app package: a zip with manifest.json (ids, host and URLs from config, validated
 * against its schema) and the two icons from appPackage/, as Teams' "Upload a custom app" expects.
 */
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yazl from 'yazl';
import type { Config } from '../src/config.js';
import { buildManifest, COLOR_ICON, ManifestError, OUTLINE_ICON, type TeamsManifest } from '../src/adapters/teams/manifest.js';
import { validateTeamsLocalization, validateTeamsManifest } from './teams-manifest-schema.js';

export const PACKAGE_FILE = 'icc-assistant-teams.zip';

export interface PackageResult {
  file: string;
  manifest: TeamsManifest;
}

export async function packageTeamsApp(config: Pick<Readonly<Config>, 'teams' | 'publicUrl'>, opts: { baseDir: string; outDir?: string }): Promise<PackageResult> {
  const template = JSON.parse(readFileSync(join(opts.baseDir, 'manifest.json'), 'utf8')) as TeamsManifest;
  const manifest = buildManifest(template, config);
  const check = validateTeamsManifest(manifest);
  if (!check.valid) throw new ManifestError(`the filled-in manifest does not match its schema: ${check.errors.slice(0, 5).join('; ')}`);

  const file = resolve(opts.baseDir, opts.outDir ?? 'dist', PACKAGE_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const zip = new yazl.ZipFile();
  // A fixed mtime keeps the zip byte-identical for identical inputs.
  const mtime = new Date('2020-01-01T00:00:00Z');
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json', { mtime });
  zip.addBuffer(readFileSync(join(opts.baseDir, 'appPackage', COLOR_ICON)), COLOR_ICON, { mtime });
  zip.addBuffer(readFileSync(join(opts.baseDir, 'appPackage', OUTLINE_ICON)), OUTLINE_ICON, { mtime });
  // One file per additional language, named as manifest.localizationInfo says, checked against its schema.
  for (const lang of (manifest.localizationInfo?.additionalLanguages ?? []) as Array<{ languageTag: string; file: string }>) {
    const text = readFileSync(join(opts.baseDir, 'appPackage', lang.file), 'utf8');
    const loc = validateTeamsLocalization(String(manifest.manifestVersion), JSON.parse(text) as Record<string, unknown>);
    if (!loc.valid) throw new ManifestError(`appPackage/${lang.file} does not match the localization schema: ${loc.errors.slice(0, 3).join('; ')}`);
    zip.addBuffer(Buffer.from(text), lang.file, { mtime });
  }
  zip.end();
  await new Promise<void>((done, fail) => {
    const out = createWriteStream(file);
    out.on('close', () => done());
    out.on('error', fail);
    zip.outputStream.on('error', fail).pipe(out);
  });
  return { file, manifest };
}
