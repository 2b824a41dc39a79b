/**
 * The App Home tab: what the assistant can do (from the registered intents), how to reach it, and
 * quick buttons (the search modal, example searches whose answers arrive in the user's DM).
 * Later features (self-check summary, subscriptions) add their own sections here.
 */
import type { types } from '@slack/bolt';
import type { Translate } from '../../core/i18n.js';
import type { Intent } from '../../core/intent.js';
import { choiceActionId, LIMITS, OPEN_SEARCH_ACTION } from './actions.js';
import { clipEscaped, escapeText, mrkdwn, plain, type Block } from './render.js';

export function homeView(t: Translate, intents: ReadonlyMap<string, Intent>): types.HomeView {
  const others = [...intents.values()].filter((i) => i.name !== 'help');
  const can = others.map((i) => `• ${escapeText(t(i.description))}`).join('\n');
  const examples = others.flatMap((i) => i.examples.slice(0, 2)).slice(0, 4);
  const commands = [...intents.values()].flatMap((i) => i.commands.slice(0, 1)).map((c) => `/icc ${c}`);
  const buttons: types.Button[] = [
    { type: 'button', action_id: OPEN_SEARCH_ACTION, style: 'primary', text: plain(t('slack.home.searchButton'), LIMITS.buttonLabel) },
    ...examples.map((e, i): types.Button => ({ type: 'button', action_id: choiceActionId(i), text: plain(e, LIMITS.buttonLabel), value: e.slice(0, LIMITS.value) })),
  ];
  const blocks: Block[] = [
    { type: 'header', text: plain(t('slack.home.title'), LIMITS.header) },
    { type: 'section', text: mrkdwn(clipEscaped(t('help.intro'), LIMITS.text)) },
    ...(can ? [{ type: 'section', text: mrkdwn(can.slice(0, LIMITS.text)) } as Block] : []),
    { type: 'divider' },
    { type: 'section', text: mrkdwn(escapeText(t('slack.home.quick'))) },
    { type: 'actions', elements: buttons.slice(0, LIMITS.actionsElements) },
    { type: 'context', elements: [mrkdwn(clipEscaped(t('slack.home.howTo', { commands: commands.join(', ') }), LIMITS.text))] },
  ];
  return { type: 'home', blocks };
}
