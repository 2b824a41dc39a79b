import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/loader.js';
import type { SelfCheckStructure } from '../src/content/schemas.js';
import { areaIn, parseDialogInput } from '../src/selfcheck/input.js';
import { quickQuestions, selfcheckText, type SelfCheckResult } from '../src/selfcheck/model.js';
import { areaChanges, overallChange, profiles, scoreBar, weakestAreas } from '../src/selfcheck/results.js';
import { areaScore, overallScore, roundScore, scoreAnswers, type Response } from '../src/selfcheck/scoring.js';
import { ROOT } from './helpers/app.js';

const content = loadContent(join(ROOT, 'content'));
const structure = content.selfcheck.structure;
const allQuestions = structure.areas.flatMap((a) => a.questions.map((q) => q.id));
const answerAll = (v: Response) => Object.fromEntries(allQuestions.map((q) => [q, v]));

/** A small structure with numbers easy to check by hand. */
const tiny = {
  version: 1,
  answerPoints: { yes: 2, partly: 1, no: 0 },
  areas: [
    { id: 'commitment', weight: 1, optional: false, questions: [{ id: 'c1', weight: 3, quick: true }, { id: 'c2', weight: 2 }, { id: 'c3', weight: 1 }] },
    { id: 'education', weight: 1, optional: false, questions: [{ id: 'e1', weight: 1, quick: true }, { id: 'e2', weight: 1 }] },
    { id: 'participation', weight: 0.5, optional: true, questions: [{ id: 'p1', weight: 2, quick: true }, { id: 'p2', weight: 2 }] },
  ],
} as unknown as SelfCheckStructure;

describe('self-check scoring', () => {
  it('all yes gives 100 everywhere, all no gives 0', () => {
    const yes = scoreAnswers(structure, answerAll('yes'));
    expect(yes.overall).toBe(100);
    expect(Object.keys(yes.areas)).toHaveLength(17);
    expect(Object.values(yes.areas).every((s) => s === 100)).toBe(true);
    const no = scoreAnswers(structure, answerAll('no'));
    expect(no.overall).toBe(0);
    expect(Object.values(no.areas).every((s) => s === 0)).toBe(true);
    expect(scoreAnswers(structure, answerAll('partly')).overall).toBe(50);
  });

  it('weights questions: yes on weight 3, partly on 2, no on 1 -> (6 + 2 + 0) / 12', () => {
    const s = scoreAnswers(tiny, { c1: 'yes', c2: 'partly', c3: 'no' });
    expect(s.areas.commitment).toBeCloseTo((100 * 8) / 12, 10);
    expect(s.overall).toBeCloseTo(66.6667, 3);
  });

  it('skips "don\'t know" and unanswered questions instead of scoring them 0', () => {
    // c2 unknown and c3 unanswered: only c1 (weight 3, partly) counts -> 3 / 6.
    expect(areaScore(tiny.areas[0]!, { c1: 'partly', c2: 'unknown' }, tiny.answerPoints)).toBe(50);
    // An area with only "don't know" has no score and stays out of the overall.
    const s = scoreAnswers(tiny, { c1: 'yes', e1: 'unknown', e2: 'unknown' });
    expect(s.areas).toEqual({ commitment: 100 });
    expect(s.overall).toBe(100);
    expect(scoreAnswers(tiny, { c1: 'unknown' }).overall).toBeNull();
    expect(scoreAnswers(tiny, {}).overall).toBeNull();
  });

  it('weights areas: the optional participation area counts half', () => {
    // commitment 0 (weight 1), education 100 (weight 1), participation 100 (weight 0.5): 150 / 2.5 = 60.
    const s = scoreAnswers(tiny, { c1: 'no', e1: 'yes', p1: 'yes' });
    expect(s.areas).toEqual({ commitment: 0, education: 100, participation: 100 });
    expect(s.overall).toBe(60);
    expect(overallScore(tiny, { commitment: 0, participation: 100 })).toBeCloseTo(100 / 3, 10);
  });

  it('computes the real structure by hand: commitment yes/partly/no/unknown/yes/-', () => {
    // commitment weights 3,3,2,2,1,1 -> yes 3*2 + partly 3*1 + no 0 + (unknown) + yes 1*2 = 11 of (3+3+2+1)*2 = 18.
    const a = { 'commitment-1': 'yes', 'commitment-2': 'partly', 'commitment-3': 'no', 'commitment-4': 'unknown', 'commitment-5': 'yes' } as const;
    const s = scoreAnswers(structure, a);
    expect(roundScore(s.areas.commitment!)).toBe(61.1);
    expect(Object.keys(s.areas)).toEqual(['commitment']);
  });

  it('the quick check asks one question per area, in Index order', () => {
    const q = quickQuestions(structure);
    expect(q).toHaveLength(17);
    expect(q[0]).toBe('commitment-1');
    expect(q[1]).toBe('education-4');
    const quickYes = scoreAnswers(structure, Object.fromEntries(q.map((id) => [id, 'yes' as const])));
    expect(quickYes.overall).toBe(100);
    expect(Object.keys(quickYes.areas)).toHaveLength(17);
  });
});

describe('self-check typed input', () => {
  it('understands answers, short forms and 1-4', () => {
    const answer = (t: string) => {
      const c = parseDialogInput(t);
      return c?.kind === 'answer' ? c.value : c?.kind;
    };
    for (const t of ['yes', 'Yes!', 'y', '1', 'oui', 'sí']) expect(answer(t), t).toBe('yes');
    for (const t of ['partly', 'Partially', '2', 'en partie', 'in parte']) expect(answer(t), t).toBe('partly');
    for (const t of ['no', 'N', '3', 'non', 'no.']) expect(answer(t), t).toBe('no');
    for (const t of ["don't know", 'Don’t know', 'dont know', 'not sure', '4', 'no sé', 'skip']) expect(answer(t), t).toBe('unknown');
    for (const [t, kind] of [['back', 'back'], ['pause', 'pause'], ['continue', 'continue'], ['start over', 'restart']] as const) expect(answer(t), t).toBe(kind);
    for (const [t, value] of [['Ja', 'yes'], ['так', 'yes'], ['Teilweise', 'partly'], ['em parte', 'partly'], ['частково', 'partly'], ['não', 'no'], ['ні', 'no'], ['weiß nicht', 'unknown'], ['não sei', 'unknown'], ['не знаю', 'unknown']] as const)
      expect(answer(t), t).toBe(value);
    for (const [t, kind] of [['zurück', 'back'], ['voltar', 'back'], ['назад', 'back'], ['später', 'pause'], ['mais tarde', 'pause'], ['пауза', 'pause'], ['weiter', 'continue'], ['продовжити', 'continue'], ['почати знову', 'restart']] as const)
      expect(answer(t), t).toBe(kind);
    // Everyday ways of stopping for now (the second trial's "stop for now" was read as an answer it could not place).
    for (const t of ['stop for now', "that's enough for now", 'on arrête là', 'basta por ahora', 'per ora basta', "Für heute reicht's", 'chega por agora', 'поки що досить']) expect(answer(t), t).toBe('pause');
    for (const t of ['no way to tell yet, we are reorganising', 'how did other cities do this?', '5', 'yes and no']) expect(answer(t), t).toBeUndefined();
  });

  it('finds the area named in a start request, in any language', () => {
    expect(areaIn(content, 'education')).toBe('education');
    expect(areaIn(content, 'start the self-check for public space')).toBe('public-space');
    expect(areaIn(content, 'auto-évaluation éducation')).toBe('education');
    expect(areaIn(content, 'start the self-check')).toBeUndefined();
  });

  it('takes question texts from the locale, falling back to English', () => {
    expect(selfcheckText(content, 'fr').areas.education.name).toBe('Éducation');
    expect(selfcheckText(content, 'fr-CA').areas.education.name).toBe('Éducation');
    expect(selfcheckText(content, 'de').areas.education.name).toBe('Bildung');
    expect(selfcheckText(content, 'ja').areas.education.name).toBe('Education');
  });
});

describe('self-check result views', () => {
  const r = (completedAt: string, areas: SelfCheckResult['areas'], kind: SelfCheckResult['kind'] = 'quick', overall = 50): SelfCheckResult => ({
    city: 'oslo',
    completedAt,
    overall,
    areas,
    user: 'U1',
    kind,
  });

  it('draws a compact bar of ten cells', () => {
    expect(scoreBar(0)).toBe('░░░░░░░░░░');
    expect(scoreBar(100)).toBe('██████████');
    expect(scoreBar(55)).toBe('██████░░░░');
    expect(scoreBar(54)).toBe('█████░░░░░');
  });

  it('picks the three weakest areas, Index order breaking ties', () => {
    expect(weakestAreas({ education: 10, commitment: 10, language: 0, interaction: 90, 'public-space': 50 })).toEqual(['language', 'commitment', 'education']);
    expect(weakestAreas({ education: 10 })).toEqual(['education']);
  });

  it('compares each area with the latest earlier run that scored it', () => {
    const first = r('2026-05-03T10:00:00.000Z', { education: 55, language: 20 });
    const dive = r('2026-05-20T10:00:00.000Z', { language: 40 }, 'area', 40);
    const now = r('2026-06-01T10:00:00.000Z', { education: 70, language: 40, commitment: 80 }, 'quick', 60);
    expect(areaChanges(now, [first, dive])).toEqual([
      { area: 'education', from: 55, to: 70, since: '2026-05-03' },
      { area: 'language', from: 40, to: 40, since: '2026-05-20' },
    ]);
    expect(overallChange(now, [first, dive])).toEqual({ from: 50, to: 60, since: '2026-05-03' });
    expect(overallChange(dive, [first])).toBeUndefined();
    const p = profiles(dive, [first]);
    expect(p.now).toEqual({ education: 55, language: 40 });
    expect(p.before).toEqual({ education: 55, language: 20 });
    expect(p.beforeDate).toBe('2026-05-03');
  });
});
