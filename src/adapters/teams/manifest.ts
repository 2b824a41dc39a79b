/**
 * The Teams app manifest for the upload package: `manifest.json` (top level, valid as committed, with
 * placeholder ids and domain) with the bot's app id, the server's host and the developer URLs filled
 * in from config. Pure; `npm run package:teams` (scripts/package-teams.ts) zips it with the icons.
 */
import type { Config } from '../../config.js';

export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
export const COLOR_ICON = 'color.png';
export const OUTLINE_ICON = 'outline.png';

/** The manifest fields we fill in; the rest of the template passes through as it is. */
export interface TeamsManifest {
  id?: string;
  manifestVersion?: string;
  bots?: Array<{ botId?: string; [key: string]: unknown }>;
  composeExtensions?: Array<{ botId?: string; [key: string]: unknown }>;
  validDomains?: string[];
  developer?: Record<string, unknown>;
  icons?: { color: string; outline: string };
  localizationInfo?: { additionalLanguages?: Array<{ languageTag: string; file: string }>; [key: string]: unknown };
  [key: string]: unknown;
}
type JsonObject = TeamsManifest;

export class ManifestError extends Error {
  readonly code = 'MANIFEST_INVALID';
}

/** Neither TEAMS_PRIVACY_URL / TEAMS_TERMS_URL nor PUBLIC_URL (where `serve` publishes both pages) says where they are. */
export class LegalUrlsError extends ManifestError {
  constructor(readonly variables: string[]) {
    super(`set ${variables.join(' and ')}, or PUBLIC_URL (serve publishes /privacy and /terms under it): the package needs real privacy and terms URLs`);
  }
}

/** The privacy and terms URLs for the manifest: as set, else the pages `serve` publishes under PUBLIC_URL. */
export function legalUrls(config: Pick<Readonly<Config>, 'teams' | 'publicUrl'>): { privacyUrl: string; termsUrl: string } {
  const base = config.publicUrl?.replace(/\/+$/, '');
  const privacyUrl = config.teams.privacyUrl ?? (base ? `${base}/privacy` : undefined);
  const termsUrl = config.teams.termsUrl ?? (base ? `${base}/terms` : undefined);
  if (!privacyUrl || !termsUrl) throw new LegalUrlsError([...(privacyUrl ? [] : ['TEAMS_PRIVACY_URL']), ...(termsUrl ? [] : ['TEAMS_TERMS_URL'])]);
  return { privacyUrl, termsUrl };
}

export function hostOf(publicUrl: string | undefined): string | undefined {
  if (!publicUrl) return undefined;
  try {
    return new URL(publicUrl).host;
  } catch {
    throw new ManifestError(`PUBLIC_URL is not a URL: ${publicUrl}`);
  }
}

/**
 * A copy of the template with ids, domain and URLs from config. Throws ManifestError when the app id
 * is missing, LegalUrlsError when nothing says where the privacy and terms pages are (the template's
 * are placeholders).
 */
export function buildManifest(template: JsonObject, config: Pick<Readonly<Config>, 'teams' | 'publicUrl'>): JsonObject {
  const appId = config.teams.appId;
  if (!appId || !/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/.test(appId)) {
    throw new ManifestError('MICROSOFT_APP_ID must be set to the bot\'s Microsoft App ID (a GUID) to build the Teams app package');
  }
  const { privacyUrl, termsUrl } = legalUrls(config);
  const manifest = structuredClone(template) as JsonObject;
  manifest.id = appId;
  for (const bot of manifest.bots ?? []) bot.botId = appId;
  for (const ext of manifest.composeExtensions ?? []) ext.botId = appId;
  const host = hostOf(config.publicUrl);
  if (host) manifest.validDomains = [host];
  manifest.developer = {
    ...manifest.developer,
    ...(config.teams.websiteUrl ? { websiteUrl: config.teams.websiteUrl } : {}),
    privacyUrl,
    termsOfUseUrl: termsUrl,
  };
  manifest.icons = { color: COLOR_ICON, outline: OUTLINE_ICON };
  return manifest;
}
