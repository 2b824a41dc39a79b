/** `npm run package:teams`: writes dist/icc-assistant-teams.zip from manifest.json, appPackage/ icons and the environment. */
import { loadConfig } from '../src/config.js';
import { packageTeamsApp } from './teams-package.js';

try {
  const config = loadConfig();
  const { file, manifest } = await packageTeamsApp(config, { baseDir: process.cwd() });
  if (!config.publicUrl) process.stderr.write('note: PUBLIC_URL is not set; validDomains keeps the placeholder from manifest.json\n');
  process.stdout.write(`Teams app package written to ${file} (app id ${manifest.id}, manifest ${manifest.manifestVersion})\n`);
} catch (err) {
  process.stderr.write(`package:teams: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
