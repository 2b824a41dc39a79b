/** Small talk: greetings, thanks and goodbyes (not listed by help). */
import type { Feature } from '../feature.js';
import smalltalk from '../../intents/smalltalk.js';

export const smalltalkFeature: Feature = { name: 'smalltalk', intents: [smalltalk], i18nNamespace: 'smalltalk' };
