/**
 * The Teams adapter factory for `serve` (registered in src/adapters/index.ts). botbuilder is loaded
 * only when a server starts, so the CLI's other commands (search, route, chat) stay fast.
 * The wiring is in adapter.ts; translators in to-turn.ts and render.ts.
 */
import type { AdapterFactory } from '../platform.js';

export const teamsAdapterFactory: AdapterFactory = async (app, senders) => {
  const { createTeamsAdapter } = await import('./adapter.js');
  return createTeamsAdapter(app, senders);
};
