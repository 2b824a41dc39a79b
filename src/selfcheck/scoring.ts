/**
 * Self-check scoring, as pure functions of the structure and the answers.
 *
 * Area score = 100 * Σ(weight × points(answer)) / Σ(weight × points(yes)) over the area's answered
 * questions; "don't know" skips a question without scoring it, and an area with no answered question
 * has no score. Overall = the area-weighted mean of the areas that have a score.
 */
import type { Answer, AreaId, SelfCheckStructure } from '../content/schemas.js';

/** What a person can answer: yes / partly / no, or `unknown` ("don't know", not scored). */
export type Response = Answer | 'unknown';

export type AreaScores = Partial<Record<AreaId, number>>;

export interface Scores {
  areas: AreaScores;
  /** null when no question was answered. */
  overall: number | null;
}

type Area = SelfCheckStructure['areas'][number];
type Points = SelfCheckStructure['answerPoints'];

/** One area's score 0..100 over its answered questions, or null when none was answered. */
export function areaScore(area: Area, answers: Readonly<Record<string, Response>>, points: Points): number | null {
  let got = 0;
  let max = 0;
  for (const q of area.questions) {
    const a = answers[q.id];
    if (a === undefined || a === 'unknown') continue;
    got += q.weight * points[a];
    max += q.weight * points.yes;
  }
  return max > 0 ? (100 * got) / max : null;
}

/** The area-weighted mean of the given area scores (areas without a score are left out). */
export function overallScore(structure: SelfCheckStructure, areas: AreaScores): number | null {
  let sum = 0;
  let weights = 0;
  for (const area of structure.areas) {
    const s = areas[area.id];
    if (s === undefined) continue;
    sum += area.weight * s;
    weights += area.weight;
  }
  return weights > 0 ? sum / weights : null;
}

export function scoreAnswers(structure: SelfCheckStructure, answers: Readonly<Record<string, Response>>): Scores {
  const areas: AreaScores = {};
  for (const area of structure.areas) {
    const s = areaScore(area, answers, structure.answerPoints);
    if (s !== null) areas[area.id] = s;
  }
  return { areas, overall: overallScore(structure, areas) };
}

/** Scores as stored and shown: one decimal. */
export function roundScore(n: number): number {
  return Math.round(n * 10) / 10;
}
