/**
 * The App Home tab: what the assistant can do (from the registered intents), how to reach it, and
 * quick buttons (the search modal, example searches whose answers arrive in the user's DM).
 * Intents add a status line (`summary`: self-check, subscriptions) or a section with buttons (`home`).
 */
import type { types } from '@slack/bolt';
import type { Translate } from '../../core/i18n.js';
import type { Intent } from '../../core/intent.js';
import { choiceActionId, LIMITS, OPEN_SEARCH_ACTION } from './actions.js';
import { clipEscaped, escapeText, mrkdwn, plain, type Block } from './render.js';

/** A Home tab holds at most 100 blocks; the intents' sections share what the fixed parts leave. */
const HOME_BLOCKS = 100;
const SECTIONS_BLOCKS = 80;

/**
 * `sections`: the intents' home sections (`Intent.home`), each a reply already rendered as blocks
 * (escaped, buttons encoded like any message's); sections that no longer fit are left out whole.
 */
export function homeView(t: Translate, intents: ReadonlyMap<string, Intent>, summaries: string[] = [], sections: Block[][] = []): types.HomeView {
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
    // The city's self-check summary and the workspace's subscriptions, from the intents that have one.
    ...(summaries.length ? [{ type: 'divider' } as Block, ...summaries.slice(0, 5).map((s): Block => ({ type: 'section', text: mrkdwn(clipEscaped(s, LIMITS.text)) }))] : []),
    // Sections with buttons (e.g. a curator's queue), after the summaries.
    ...fitting(sections),
    { type: 'divider' },
    { type: 'section', text: mrkdwn(escapeText(t('slack.home.quick'))) },
    { type: 'actions', elements: buttons.slice(0, LIMITS.actionsElements) },
    { type: 'context', elements: [mrkdwn(clipEscaped(t('slack.home.howTo', { commands: commands.join(', ') }), LIMITS.text))] },
  ];
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCKS) };
}

/** Each section after a divider, as many whole sections as fit in SECTIONS_BLOCKS. */
function fitting(sections: Block[][]): Block[] {
  const out: Block[] = [];
  for (const section of sections) {
    if (section.length === 0 || out.length + section.length + 1 > SECTIONS_BLOCKS) continue;
    out.push({ type: 'divider' }, ...section);
  }
  return out;
}
