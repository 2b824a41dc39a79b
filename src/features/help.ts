/** Help: what the assistant can do, from every intent's description and examples (messages in core.json). */
import type { Feature } from '../feature.js';
import help from '../../intents/help.js';

export const helpFeature: Feature = { name: 'help', intents: [help], i18nNamespace: 'core' };
