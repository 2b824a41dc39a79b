/**
 * The workspace a command works on, from `--platform` / `--tenant`: the console chat's (`console` /
 * `local`) unless told, so commands line up with what was typed in `icc-assistant chat`.
 */
import { CONSOLE_TENANT } from './adapters/console/index.js';
import { UsageError } from './core/errors.js';
import type { Platform, Scope } from './core/turn.js';
import { PLATFORMS } from './workspace-settings.js';

export function workspaceScope(values: { platform?: string; tenant?: string }): Scope {
  const platform = (values.platform ?? 'console') as Platform;
  if (!PLATFORMS.includes(platform)) throw new UsageError(`--platform must be one of ${PLATFORMS.join(', ')}`);
  if (values.tenant !== undefined && !values.tenant.trim()) throw new UsageError('--tenant needs a workspace or tenant id');
  return { platform, tenant: values.tenant ?? CONSOLE_TENANT };
}
