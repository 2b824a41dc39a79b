/** Settings: language, city and time zone, kept in the person's profile. */
import type { Feature } from '../feature.js';
import settings from '../../intents/settings.js';
import { profileData } from '../privacy/sources.js';

export const settingsFeature: Feature = { name: 'settings', intents: [settings], personalData: [profileData], i18nNamespace: 'settings' };
