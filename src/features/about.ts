/** About: the network, the ICC Index, and this assistant. */
import type { Feature } from '../feature.js';
import about from '../../intents/about.js';

export const aboutFeature: Feature = { name: 'about', intents: [about], i18nNamespace: 'about' };
