/**
 * The Teams adapter factory for `serve` (listed in src/serve.ts). botbuilder is loaded
 * only when a server starts, so the CLI's other commands (search, route, chat) stay fast.
 * Mounted only with MICROSOFT_APP_ID or TEAMS_LOCAL=1 (config.teams.mode; see policy.ts).
 * The wiring is in adapter.ts; translators in to-turn.ts and render.ts.
 */
import type { AdapterFactory } from '../platform.js';

export const teamsAdapterFactory: AdapterFactory = async (app, senders) => {
  // Neither MICROSOFT_APP_ID nor TEAMS_LOCAL=1: /api/messages is not mounted at all (404).
  if (app.config.teams.mode === 'off') return null;
  const { createTeamsAdapter } = await import('./adapter.js');
  return createTeamsAdapter(app, senders);
};
