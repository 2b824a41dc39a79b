/** The registry: every intent, explicitly, in the order help lists them. A duplicate name fails at start-up. */
import type { Intent } from '../src/core/intent.js';
import search from './search.js';
import peers from './peers.js';
import nudges from './nudges.js';
import help from './help.js';
import selfcheck from './selfcheck.js';
import settings from './settings.js';
import privacy from './privacy.js';
import smalltalk from './smalltalk.js';
import about from './about.js';
import followup from './followup.js';

export const intents: readonly Intent[] = [search, selfcheck, peers, nudges, settings, help, privacy, about, smalltalk, followup];
