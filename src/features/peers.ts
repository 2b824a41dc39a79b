/** Peer cities: ranked suggestions with reasons, opt-in contacts, introductions and their follow-up job. */
import type { Feature } from '../feature.js';
import { peersCommand } from '../peers/cli.js';
import peers from '../../intents/peers.js';
import { peersJobHandlers } from '../peers/introductions.js';
import { peerContactData, peerIntroData } from '../peers/privacy.js';

export const peersFeature: Feature = {
  name: 'peers',
  intents: [peers],
  jobHandlers: peersJobHandlers,
  personalData: [peerContactData, peerIntroData],
  cli: [
    {
      name: 'peers',
      usage: `peers "<topic or area>" [--city NAME] [--limit N] [--json]
                                peer cities to learn from, ranked with reasons`,
      run: peersCommand,
    },
  ],
  i18nNamespace: 'peers',
};
