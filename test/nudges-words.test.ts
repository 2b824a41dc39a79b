/** Weekly tips paused, resumed and stopped in words, in every network language (content/words/nudges.json). */
import { describe, expect, it } from 'vitest';
import { parseNudgeRequest } from '../src/nudges/parse.js';

const words = (t: string) => parseNudgeRequest(t, 'text', () => undefined);

describe('nudge words in every language', () => {
  it('stop the weekly tips', () => {
    for (const t of [
      'stop the weekly nudges',
      'arrête les rappels hebdomadaires',
      'para los recordatorios semanales',
      'ferma i promemoria settimanali',
      'wöchentliche Erinnerungen stoppen',
      'parar os lembretes semanais',
      'зупини щотижневі нагадування',
      'turn the weekly tips off',
    ])
      expect(words(t), t).toEqual({ kind: 'off' });
  });

  it('pause them, with weeks in words or digits', () => {
    const cases: Array<[string, number]> = [
      ['pause the weekly nudges for 2 weeks', 2],
      ['pause nudges for a week', 1],
      ['mets les rappels hebdomadaires en pause pendant deux semaines', 2],
      ['pausa los recordatorios semanales durante 3 semanas', 3],
      ['metti in pausa i promemoria settimanali per tre settimane', 3],
      ['wöchentliche Erinnerungen für zwei Wochen pausieren', 2],
      ['pausar os lembretes semanais por 4 semanas', 4],
      ['призупини щотижневі нагадування на два тижні', 2],
      ['зупини нагадування на 3 тижні', 3],
      ['ferma i promemoria per 2 settimane', 2],
      ['pausiere die Tipps', 1],
    ];
    for (const [t, weeks] of cases) expect(words(t), t).toEqual({ kind: 'pause', weeks });
  });

  it('a pause out of range is a friendly error, not a silent default', () => {
    expect(words('pausa i promemoria per 60 settimane')).toEqual({ kind: 'error', error: 'badWeeks', value: '60' });
  });

  it('resume them', () => {
    for (const t of [
      'turn the nudges back on',
      'reprends les rappels hebdomadaires',
      'reanuda los recordatorios semanales',
      'riprendi i promemoria settimanali',
      'wöchentliche Erinnerungen wieder aufnehmen',
      'retomar os lembretes semanais',
      'віднови щотижневі нагадування',
    ])
      expect(words(t), t).toEqual({ kind: 'resume' });
  });

  it('a weekly schedule with "para" inside it is still a schedule', () => {
    expect(words('envía un consejo semanal cada lunes a las 9 para el equipo')).toMatchObject({ kind: 'weekly', day: 'mon', time: '09:00' });
  });

  it('reads a 40k-character message in linear time', () => {
    const long = 'pause '.repeat(2000) + 'stop '.repeat(2000) + 'a'.repeat(20_000);
    const started = performance.now();
    words(long);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
