/**
 * Validates a Teams app manifest against the official JSON schema of the version it declares,
 * offline: the schemas ship in the npm package @microsoft/app-manifest (draft-04, checked with ajv).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

export function teamsSchemaPath(manifestVersion: string): string {
  const pkgDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const path = join(pkgDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!existsSync(path)) throw new Error(`@microsoft/app-manifest has no schema for manifest version ${manifestVersion}`);
  return path;
}

export interface ManifestValidation {
  valid: boolean;
  schemaPath: string;
  errors: string[];
}

const compiled = new Map<string, ValidateFunction>();

export function validateTeamsManifest(manifest: Record<string, unknown>): ManifestValidation {
  const version = typeof manifest.manifestVersion === 'string' ? manifest.manifestVersion : '';
  const schemaPath = teamsSchemaPath(version);
  let validate = compiled.get(schemaPath);
  if (!validate) {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    // Both are CommonJS modules: under NodeNext the default import is module.exports, whose .default is the export.
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    validate = ajv.compile(schema);
    compiled.set(schemaPath, validate);
  }
  const valid = validate(manifest) as boolean;
  const errors = (validate.errors ?? []).map((e: { instancePath: string; message?: string; params?: unknown }) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  return { valid, schemaPath, errors };
}
