/** Peer cities: ranked suggestions with reasons, opt-in contacts, introductions and their follow-up job. */
import type { Feature } from '../feature.js';
import peers from '../../intents/peers.js';
import { peersJobHandlers } from '../peers/introductions.js';
import { peerContactData, peerIntroData } from '../peers/privacy.js';

export const peersFeature: Feature = {
  name: 'peers',
  intents: [peers],
  jobHandlers: peersJobHandlers,
  personalData: [peerContactData, peerIntroData],
  i18nNamespace: 'peers',
};
