/**
 * Knowledge that grows: people propose practices from their city, the workspace's curators approve,
 * send back or reject them, and approved ones join that workspace's search at once (on every replica
 * within a tick or two). `icc-assistant practices` reviews and exports them from the command line. Once
 * a month curators get the practices due a check (Still valid / Needs update / Retire).
 */
import type { Feature } from '../feature.js';
import { practicesCommand } from '../knowledge/cli.js';
import curate from '../../intents/curate.js';
import propose from '../../intents/propose.js';
import { decisionData, proposalData } from '../knowledge/privacy.js';
import { knowledgeJobHandlers } from '../knowledge/review.js';
import { verificationTask } from '../knowledge/verification.js';
import { startWorkspaceSearches, workspaceSearchTask, workspaceSearchesOf } from '../knowledge/workspace-search.js';

export const knowledgeFeature: Feature = {
  name: 'knowledge',
  intents: [propose, curate],
  jobHandlers: knowledgeJobHandlers,
  tickTasks: [workspaceSearchTask, verificationTask],
  personalData: [proposalData, decisionData],
  start: (app) => startWorkspaceSearches({ base: app.search, content: app.content, store: app.stores.store, log: app.log }),
  workspaceSearch: (app, scope) => workspaceSearchesOf(app.stores.store)?.get(scope),
  cli: [
    {
      name: 'practices',
      usage: `practices pending [--json] | show <id> | approve <id> --curator NAME
            | reject <id> --curator NAME --reason TEXT | export   [--platform P] [--tenant T]
                                proposed practices: review them; export the approved ones as content lines`,
      run: practicesCommand,
    },
  ],
  i18nNamespace: 'knowledge',
};
