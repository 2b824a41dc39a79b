import { describe, expect, it } from 'vitest';
import { belowFloors, byLocale, scoreSearch } from '../scripts/eval-metrics.js';

describe('evaluation metrics', () => {
  it('hit@3 and reciprocal rank read the first relevant practice in the top 10', () => {
    const c = { q: 'x', locale: 'en', relevant: ['b', 'z'] };
    expect(scoreSearch(c, ['a', 'b', 'c'])).toEqual({ hit3: true, rr10: 0.5 });
    expect(scoreSearch(c, ['a', 'c', 'd', 'z'])).toEqual({ hit3: false, rr10: 0.25 });
    expect(scoreSearch(c, ['a', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'z'])).toEqual({ hit3: false, rr10: 0 });
  });

  it('a question with nothing relevant counts only when the answer is an honest nothing', () => {
    const c = { q: 'climate', locale: 'en', relevant: [] };
    expect(scoreSearch(c, [])).toEqual({ hit3: true, rr10: 1 });
    expect(scoreSearch(c, ['a'])).toEqual({ hit3: false, rr10: 0 });
  });

  it('averages per language and overall, and names each figure under its floor', () => {
    const items = [
      { locale: 'en', v: 1 },
      { locale: 'en', v: 0 },
      { locale: 'uk', v: 1 },
    ];
    const m = byLocale(items, (x) => x.v);
    expect(m.get('en')).toEqual({ n: 2, value: 0.5 });
    expect(m.get('all')?.value).toBeCloseTo(2 / 3);
    const report = { search: { hit3: m, mrr10: m }, routing: m };
    expect(belowFloors(report, { search: { hit3: 0.6, mrr10: 0.7 }, routing: { accuracy: 0.5 } })).toEqual([expect.stringMatching(/^search MRR@10 0\.667 is below its floor 0\.7$/)]);
  });
});
