/**
 * The welcome message when the app is added to a personal chat, a team or a group chat. Teams may
 * announce one installation twice (conversationUpdate with the bot in membersAdded, and
 * installationUpdate `add`); the caller claims `welcome:<conversation>` so only one is sent.
 */
import type { Activity } from 'botbuilder';
import type { Translate } from '../../core/i18n.js';
import type { Intent } from '../../core/intent.js';
import type { Reply } from '../../core/turn.js';
import { conversationKind } from './to-turn.js';

/** True when this activity means "the bot was just added here". */
export function isWelcomeActivity(activity: Activity): boolean {
  if (activity.type === 'conversationUpdate') {
    return (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
  }
  if (activity.type === 'installationUpdate') {
    return activity.action === 'add' || activity.action === 'add-upgrade';
  }
  return false;
}

export function welcomeReply(activity: Activity, t: Translate, intents: ReadonlyMap<string, Intent>): Reply {
  const kind = conversationKind(activity);
  const examples = [...intents.values()].filter((i) => i.name !== 'help').map((i) => i.examples[0]).filter((e): e is string => Boolean(e));
  const text = kind === 'dm' ? t('teams.welcome.personal') : t('teams.welcome.shared');
  return { text, choices: [...examples.slice(0, 4), t('teams.welcome.helpChoice')] };
}
