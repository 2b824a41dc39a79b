/** Practice search: free text or `/icc search`, filters in words or fields, "was this helpful?" buttons. */
import type { Feature } from '../feature.js';
import search from '../../intents/search.js';

export const searchFeature: Feature = { name: 'search', intents: [search], i18nNamespace: 'search' };
