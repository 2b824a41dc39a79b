/**
 * What the network asks for: searches that found nothing relevant and "Not helpful" marks, counted per
 * workspace without a person (`icc-assistant report gaps`), the curators' weekly digest of them, and
 * "Ask the network", which posts such a question to the workspace's NETWORK_CHANNEL.
 */
import type { Feature } from '../feature.js';
import { reportCommand } from '../gaps/cli.js';
import gaps from '../../intents/gaps.js';
import { networkQuestionData } from '../gaps/privacy.js';
import { gapDigestTaskFactory } from '../gaps/scheduler.js';

export const gapsFeature: Feature = {
  name: 'gaps',
  intents: [gaps],
  tickTasks: [gapDigestTaskFactory],
  personalData: [networkQuestionData],
  cli: [
    {
      name: 'report',
      usage: `report gaps [--since 30d] [--platform P --tenant T] [--json]
                                what people searched for and did not find, most asked first`,
      run: reportCommand,
    },
  ],
  i18nNamespace: 'gaps',
};
