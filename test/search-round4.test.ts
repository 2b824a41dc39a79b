/**
 * Fixes of issue 15's fourth round, each pinned by a question that failed before: Ukrainian nouns in
 * -ість and nouns with a fleeting о share their adjectives' and other forms' stems.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSearch } from '../src/app.js';
import { loadContent } from '../src/content/loader.js';
import { ukStem } from '../src/search/analysis-uk.js';
import type { PracticeSearch } from '../src/search/practice-search.js';
import { ROOT } from './helpers/app.js';

let search: PracticeSearch;
beforeAll(() => {
  search = createSearch(loadContent(join(ROOT, 'content'))).search;
});

const ids = (q: string, lang: string, n = 3) => search.search(q, { limit: n, lang }).hits.map((h) => h.practice.id);

describe('Ukrainian stems', () => {
  it.each([
    ['міжкультурність', 'міжкультурності', 'міжкультурний', 'міжкультурна'],
    ['можливість', 'можливості', 'можливий'],
    ['підліток', 'підлітків', 'підлітки'],
    ['садок', 'садка', 'садки'],
    ["зв'язок", "зв'язки", "зв'язків"],
  ])('%s and its forms share one stem', (...forms) => {
    expect(new Set(forms.map(ukStem)).size).toBe(1);
  });

  it('leaves words without a fleeting vowel as they were', () => {
    expect(ukStem('урок')).toBe(ukStem('уроки'));
    expect(ukStem('студенти')).toBe('студент');
  });
});

describe('questions that failed before', () => {
  it('finds the Australian strategies asked about with an -ість noun', () => {
    expect(ids('довгострокова стратегія міжкультурності в австралійських містах', 'uk')).toEqual(expect.arrayContaining(['salisbury-intercultural-strategic-plan', 'ballarat-intercultural-city-strategic-plan']));
  });
});
