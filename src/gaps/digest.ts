/**
 * The curators' weekly digest of what the network asked for and did not find: the most asked gaps of
 * the last DIGEST_DAYS days, each with its count, what the search had, the Not helpful marks, and a
 * "Propose a practice for this" button (the proposal feature's form, prefilled with the question) when
 * the app has that feature.
 */
import type { Translate } from '../core/i18n.js';
import { button } from '../core/intent.js';
import type { Card, Reply } from '../core/turn.js';
import type { Gap } from './store.js';

export const DIGEST_DAYS = 30;
/** Gaps a digest lists: enough to act on in a week. */
export const DIGEST_TOP = 5;

export function gapDigest(t: Translate, gaps: readonly Gap[], opts: { days: number; propose: boolean }): Reply | undefined {
  if (gaps.length === 0) return undefined;
  const shown = gaps.slice(0, DIGEST_TOP);
  const asked = gaps.reduce((n, g) => n + g.count, 0);
  const cards: Card[] = shown.map((g) => {
    const lines = [t('gaps.digest.item', { count: g.count, query: g.query, days: opts.days, results: g.results })];
    if (g.notHelpful > 0) lines.push(t('gaps.digest.notHelpful', { count: g.notHelpful }));
    return {
      title: g.query,
      body: lines.join('\n'),
      ...(opts.propose ? { buttons: [button(t('gaps.digest.propose'), 'propose', 'start', { text: g.query })] } : {}),
    };
  });
  const text = [t('gaps.digest.intro', { questions: gaps.length, count: asked, days: opts.days })];
  if (gaps.length > shown.length) text.push(t('gaps.digest.more', { count: gaps.length - shown.length }));
  return { text: text.join('\n'), cards };
}
