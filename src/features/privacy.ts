/**
 * Privacy: what is kept about the asking person, its export and erasure (walking every feature's
 * personal data), the data kept whatever the feature (dialogs, scheduled messages, undelivered exports),
 * and the tick task that drops what is past its retention.
 */
import type { Feature } from '../feature.js';
import privacy from '../../intents/privacy.js';
import { dialogData, exportFileData, jobData } from '../privacy/sources.js';
import { storePurgeTaskFactory } from '../scheduler/store-purge.js';

export const privacyFeature: Feature = {
  name: 'privacy',
  intents: [privacy],
  tickTasks: [storePurgeTaskFactory],
  personalData: [dialogData, jobData, exportFileData],
  i18nNamespace: 'privacy',
};
