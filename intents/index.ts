/** The registry: every intent, explicitly, in the order help lists them. A duplicate name fails at start-up. */
import type { Intent } from '../src/core/intent.js';
import search from './search.js';
import help from './help.js';
import privacy from './privacy.js';

export const intents: readonly Intent[] = [search, help, privacy];
