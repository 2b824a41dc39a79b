/** `npm run package:teams`: writes dist/icc-assistant-teams.zip from manifest.json, appPackage/ icons and the environment. */
import { loadConfig, PACKAGE_ROOT } from '../src/config.js';
import { LegalUrlsError } from '../src/adapters/teams/manifest.js';
import { packageTeamsApp } from './teams-package.js';

try {
  const config = loadConfig();
  const { file, manifest } = await packageTeamsApp(config, { baseDir: PACKAGE_ROOT });
  if (!config.publicUrl) process.stderr.write('note: PUBLIC_URL is not set; validDomains keeps the placeholder from manifest.json\n');
  process.stdout.write(`Teams app package written to ${file} (app id ${manifest.id}, manifest ${manifest.manifestVersion})\n`);
} catch (err) {
  process.stderr.write(`package:teams: ${(err as Error).message}\n`);
  // Missing settings are a usage error (2), like the CLI's; anything else failed (1).
  process.exitCode = err instanceof LegalUrlsError ? 2 : 1;
}
