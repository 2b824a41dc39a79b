/** Weekly nudges: subscriptions of a person or a channel, and the tick task that sends the digests. */
import type { Feature } from '../feature.js';
import nudges from '../../intents/nudges.js';
import { nudgeData } from '../nudges/privacy.js';
import { nudgeTaskFactory } from '../nudges/scheduler.js';

export const nudgesFeature: Feature = {
  name: 'nudges',
  intents: [nudges],
  tickTasks: [nudgeTaskFactory],
  personalData: [nudgeData],
  i18nNamespace: 'nudges',
};
