import { describe, expect, it } from 'vitest';
import { mentions } from './helpers/leaves.js';

describe('mentions (id checks on exports)', () => {
  const exported = { workspace: 'T1', at: '2026-12-04T22:34:37Z', runs: [{ channel: 'D0T2DM', note: 'from T2 and T20' }] };
  it('finds an id only as a whole word, never inside an evening timestamp', () => {
    expect(mentions({ at: '2026-12-04T22:34:37Z' }, ['T2'])).toEqual([]);
    expect(mentions(exported, ['T2'])).toEqual(['from T2 and T20']);
    expect(mentions(exported, ['D0T2DM', 'Europe/Rome'])).toEqual(['D0T2DM']);
  });
  it('reads keys as well as values', () => {
    expect(mentions({ T2: 1 }, ['T2'])).toEqual(['T2']);
  });
});
