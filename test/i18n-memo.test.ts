/** The translator keeps formatted messages per locale, key and arguments: the same text as formatting afresh. */
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { createI18n, type Messages } from '../src/core/i18n.js';

const messages = new Map<string, Messages>([
  ['en', { checked: 'checked {date, date, ::MMMyyyy}', count: '{n, plural, one {# practice} other {# practices}} for “{q}”', pair: '{a}{b}', plain: 'plain text' }],
  ['fr', { checked: 'vérifié en {date, date, ::MMMyyyy}' }],
]);

describe('translator memo', () => {
  const i18n = createI18n(messages);
  const fresh = (locale: string, source: string, vars: Record<string, unknown>) => String(new IntlMessageFormat(source, locale, undefined, { ignoreTag: true }).format(vars as Record<string, string>));

  it('gives what formatting afresh gives, for every argument list, repeated', () => {
    const t = i18n.translator('en');
    for (let round = 0; round < 2; round++) {
      for (const month of [1, 6, 11]) {
        const date = new Date(Date.UTC(2026, month - 1, 15, 12));
        expect(t('checked', { date })).toBe(fresh('en', messages.get('en')!.checked!, { date }));
        expect(i18n.translator('fr')('checked', { date })).toBe(fresh('fr', messages.get('fr')!.checked!, { date }));
      }
      for (const n of [1, 2, 17]) for (const q of ['housing', 'x'.repeat(200)]) expect(t('count', { n, q })).toBe(fresh('en', messages.get('en')!.count!, { n, q }));
    }
  });

  it('tells argument lists apart whatever their strings hold', () => {
    const t = i18n.translator('en');
    expect(t('pair', { a: 'x1:b', b: 'y' })).toBe('x1:by');
    expect(t('pair', { a: 'x', b: '1:by' })).toBe('x1:by');
    expect(t('pair', { a: '1', b: '2' })).toBe('12');
    expect(t('pair', { a: 1, b: 2 })).toBe('12');
    expect(t('pair', { a: '12', b: '' })).toBe('12');
  });

  it('falls back to English and returns one translator per locale', () => {
    expect(i18n.translator('fr')('plain')).toBe('plain text');
    expect(i18n.translator('fr')).toBe(i18n.translator('fr'));
    expect(i18n.translator('fr')('missing.key')).toBe('missing.key');
  });
});
