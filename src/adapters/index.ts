/** The platform adapters `serve` mounts, in order. Each returns null when it is not configured. */
import type { AdapterFactory } from './platform.js';
import { slackAdapterFactory } from './slack/factory.js';
import { teamsAdapterFactory } from './teams/index.js';

export const adapterFactories: AdapterFactory[] = [slackAdapterFactory, teamsAdapterFactory];
