/**
 * Settings given per workspace (Slack team) or tenant (Teams), such as who curates proposed practices
 * (CURATORS) and where the network is asked when nothing is found (NETWORK_CHANNEL). One variable holds
 * every workspace: `platform:tenant=value[,value]` entries separated by `;`, e.g.
 * `slack:T0123=U01,U02; teams:72f988bf-0000-0000-0000-000000000000=29:1aBc; console:local=maria`.
 * Values may contain `:` (Teams ids do) but not `,`, `;` or `=`.
 */
import type { Platform } from './core/turn.js';

export const PLATFORMS: readonly Platform[] = ['console', 'slack', 'teams'];

/** `platform:tenant` → values, in the order given. */
export type PerWorkspace = ReadonlyMap<string, readonly string[]>;

export function workspaceKey(platform: Platform, tenant: string): string {
  return `${platform}:${tenant}`;
}

/** Parses one such variable; returns a message naming the entry that is wrong, never a secret. */
export function parsePerWorkspace(text: string | undefined, opts: { single?: boolean } = {}): PerWorkspace | string {
  const out = new Map<string, string[]>();
  for (const [i, raw] of (text ?? '').split(';').entries()) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.indexOf('=');
    const colon = entry.indexOf(':');
    if (eq < 0 || colon < 0 || colon > eq) return `entry ${i + 1} must look like platform:tenant=value (e.g. slack:T0123=U0456)`;
    const platform = entry.slice(0, colon).trim() as Platform;
    const tenant = entry.slice(colon + 1, eq).trim();
    if (!PLATFORMS.includes(platform)) return `entry ${i + 1}: platform must be one of ${PLATFORMS.join(', ')}`;
    if (!tenant) return `entry ${i + 1}: the workspace or tenant id is missing`;
    const values = entry
      .slice(eq + 1)
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length === 0) return `entry ${i + 1}: no value after =`;
    if (opts.single && values.length > 1) return `entry ${i + 1}: one value per workspace`;
    const key = workspaceKey(platform, tenant);
    if (out.has(key)) return `entry ${i + 1}: ${key} is given twice`;
    out.set(key, values);
  }
  return out;
}

/** The values set for one workspace ([] when none). */
export function forWorkspace(settings: PerWorkspace, platform: Platform, tenant: string): readonly string[] {
  return settings.get(workspaceKey(platform, tenant)) ?? [];
}
