/** Words for the ranking's signals, from content/i18n/<locale>/peers.json; language names from Intl. */
import type { AreaId } from '../content/schemas.js';
import type { Translate } from '../core/i18n.js';
import type { PeerSignal } from './rank.js';

const displayNames = new Map<string, Intl.DisplayNames | null>();

/** "es" -> "Spanish" in the reply's locale (English when the runtime has no data for it). */
export function languageName(code: string, locale: string): string {
  let names = displayNames.get(locale);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([locale, 'en'], { type: 'language', fallback: 'code' });
    } catch {
      names = null;
    }
    displayNames.set(locale, names);
  }
  return names?.of(code) ?? code;
}

/** "citta-del-dialogo" -> key segment "cittaDelDialogo"; "ICC-UA" -> "iccUa". */
function networkKey(id: string): string {
  const parts = id.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join('');
}

/** A network's display name ("Città del Dialogo"), or its id when no message names it. */
export function networkName(t: Translate, id: string): string {
  const key = `peers.network.${networkKey(id)}`;
  const name = t(key);
  return name === key ? id : name;
}

export function reasonText(t: Translate, locale: string, areaName: (a: AreaId) => string, s: PeerSignal): string {
  switch (s.kind) {
    case 'topic-practices':
      return t('peers.reason.topicPractices', { count: s.count, topic: s.topic });
    case 'area-practices':
      return t('peers.reason.areaPractices', { count: s.count, area: areaName(s.area) });
    case 'self-check':
      return t('peers.reason.selfCheck', { score: s.score, area: areaName(s.area) });
    case 'language':
      return t('peers.reason.language', { language: languageName(s.language, locale) });
    case 'size':
      return t('peers.reason.size');
    case 'network':
      return t('peers.reason.network', { network: networkName(t, s.network) });
    case 'outcomes':
      return t('peers.reason.connected', { count: s.yes });
    case 'declined':
      return t('peers.reason.declined');
  }
}

/** The one-line reasons of a peer: "3 practices on anti-rumours · Spanish-speaking · similar size · RECI network". */
export function reasonsOf(t: Translate, locale: string, areaName: (a: AreaId) => string, signals: PeerSignal[]): string[] {
  return signals.map((s) => reasonText(t, locale, areaName, s));
}
