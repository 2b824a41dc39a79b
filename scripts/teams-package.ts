/**
 * Builds the Teams app package: a zip with manifest.json (ids, host and URLs from config, validated
 * against its schema) and the two icons from appPackage/, as Teams' "Upload a custom app" expects.
 */
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yazl from 'yazl';
import type { Config } from '../src/config.js';
import { buildManifest, COLOR_ICON, ManifestError, OUTLINE_ICON } from '../src/adapters/teams/manifest.js';
import { validateTeamsManifest } from './teams-manifest-schema.js';

export const PACKAGE_FILE = 'icc-assistant-teams.zip';

export interface PackageResult {
  file: string;
  manifest: Record<string, any>;
}

export async function packageTeamsApp(config: Pick<Readonly<Config>, 'teams' | 'publicUrl'>, opts: { baseDir: string; outDir?: string }): Promise<PackageResult> {
  const template = JSON.parse(readFileSync(join(opts.baseDir, 'manifest.json'), 'utf8')) as Record<string, any>;
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
  zip.end();
  await new Promise<void>((done, fail) => {
    const out = createWriteStream(file);
    out.on('close', () => done());
    out.on('error', fail);
    zip.outputStream.on('error', fail).pipe(out);
  });
  return { file, manifest };
}
