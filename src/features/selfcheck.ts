/** The self-check: questions per area, scores and a chart, a reminder job, results shared with a group. */
import type { Feature } from '../feature.js';
import { selfcheckCommand } from '../selfcheck/cli.js';
import selfcheck from '../../intents/selfcheck.js';
import { selfcheckResultData, selfcheckRunData } from '../selfcheck/privacy.js';
import { selfcheckJobHandlers } from '../selfcheck/reminder.js';

export const selfcheckFeature: Feature = {
  name: 'selfcheck',
  intents: [selfcheck],
  jobHandlers: selfcheckJobHandlers,
  personalData: [selfcheckRunData, selfcheckResultData],
  cli: [
    {
      name: 'selfcheck',
      usage: `selfcheck results --user ID [--tenant T] [--platform P] [--json | --csv]
                                the latest self-check result of the user's city; --csv: every run`,
      run: selfcheckCommand,
    },
  ],
  i18nNamespace: 'selfcheck',
};
