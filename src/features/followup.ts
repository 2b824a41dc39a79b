/** Follow-ups on the last list of practices ("more", "the second one"): the bot remembers each list shown. */
import type { Feature } from '../feature.js';
import followup from '../../intents/followup.js';
import { rememberList } from '../conversation/last-list.js';

export const followupFeature: Feature = {
  name: 'followup',
  intents: [followup],
  // The practices just shown, for "more" / "the second one" / "tell me more about …" next.
  afterTurn: (deps, turn, replies) => rememberList(deps.stores, turn, replies, deps.clock.now().toISOString()),
  i18nNamespace: 'followup',
};
