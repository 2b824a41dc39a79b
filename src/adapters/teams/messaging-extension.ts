/**
 * The search-based messaging extension `searchPractices`: as the user types in the compose box (or
 * the command box), Teams sends a `composeExtension/query` invoke and shows what the synchronous
 * invoke response lists: a thumbnail preview per practice, and the full Adaptive Card that is
 * inserted into the conversation when picked. Inserted cards carry no Action.Submit (the bot may
 * not be in that conversation); the title links to the source.
 */
import type { Attachment } from 'botbuilder';
import type { Translate } from '../../core/i18n.js';
import type { Card } from '../../core/turn.js';
import { practiceCard } from '../../replies/practice-card.js';
import type { PracticeSearch } from '../../search/practice-search.js';
import { ADAPTIVE_CARD, CARD_VERSION, cardContainer, safeUrl } from './render.js';

export const SEARCH_COMMAND = 'searchPractices';
export const QUERY_PARAMETER = 'query';
const MAX_RESULTS = 25;

export interface ExtensionQuery {
  commandId?: string;
  parameters?: Array<{ name?: string; value?: unknown }>;
  queryOptions?: { skip?: number; count?: number };
}

export interface ExtensionResponse {
  composeExtension: { type: 'result'; attachmentLayout: 'list'; attachments: Attachment[] } | { type: 'message'; text: string };
}

/** Thumbnail cards render a little HTML in `text`: keep it literal. */
function plain(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export function practiceAttachment(card: Card, t: Translate): Attachment {
  const url = safeUrl(card.url);
  const content = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body: [cardContainer(card, { t, buttons: false }, false)],
    ...(url ? { actions: [{ type: 'Action.OpenUrl', title: t('teams.openSource'), url }] } : {}),
  };
  return {
    contentType: ADAPTIVE_CARD,
    content,
    preview: { contentType: 'application/vnd.microsoft.card.thumbnail', content: { title: card.title, text: plain(card.subtitle ?? '') } },
  } as Attachment;
}

export function queryText(query: ExtensionQuery): string {
  const p = (query.parameters ?? []).find((x) => x.name === QUERY_PARAMETER);
  return typeof p?.value === 'string' ? p.value.trim().slice(0, 300) : '';
}

export function answerQuery(query: ExtensionQuery, deps: { search: PracticeSearch; t: Translate }): ExtensionResponse {
  const { search, t } = deps;
  if (query.commandId !== SEARCH_COMMAND) return { composeExtension: { type: 'message', text: t('teams.extension.unknownCommand') } };
  const text = queryText(query);
  if (!text) return { composeExtension: { type: 'message', text: t('teams.extension.typeToSearch') } };
  const skip = Math.max(0, Math.min(Number(query.queryOptions?.skip ?? 0) || 0, 10_000));
  const count = Math.max(1, Math.min(Number(query.queryOptions?.count ?? 10) || 10, MAX_RESULTS));
  const r = search.search(text, { offset: skip, limit: count });
  if (r.total === 0 && skip === 0) return { composeExtension: { type: 'message', text: t('teams.extension.none', { query: text.slice(0, 120) }) } };
  const attachments = r.hits.map((h) => practiceAttachment(practiceCard({ search, t }, h.practice, { moreLikeThis: false }), t));
  return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
}
