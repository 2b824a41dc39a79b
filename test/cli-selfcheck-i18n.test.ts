/**
 * Per-language self-check transcripts through the real `icc-assistant chat --locale xx`: the city set
 * in the language ("ma ville est Lyon"), then the start phrase of the language, shows the first
 * question of the quick check from content/selfcheck/text/<locale>.json, with localized buttons.
 * One chat at a time (each process loads the whole app on a loaded machine).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../src/content/loader.js';
import { createI18n } from '../src/core/i18n.js';
import { ROOT } from './helpers/app.js';
import { runCli } from './helpers/cli.js';

const CASES = [
  { locale: 'fr', city: 'ma ville est Lyon', start: 'commencer l’auto-évaluation', cityName: 'Lyon' },
  { locale: 'es', city: 'mi ciudad es Bilbao', start: 'iniciar la autoevaluación', cityName: 'Bilbao' },
  { locale: 'it', city: 'la mia città è Reggio Emilia', start: 'avvia l’autovalutazione', cityName: 'Reggio Emilia' },
] as const;

let content: Content;
beforeAll(() => {
  content = loadContent(join(ROOT, 'content'));
});

describe('icc-assistant chat --locale xx: a self-check question in the language (real process)', () => {
  for (const c of CASES)
    it(`${c.locale}: “${c.city}”, then “${c.start}”, shows the first question in that language`, { timeout: 120_000 }, async () => {
      const t = createI18n(content.messages).translator(c.locale);
      const text = content.selfcheck.text.get(c.locale)!;
      const en = content.selfcheck.text.get('en')!;
      const res = await runCli(['chat', '--locale', c.locale], { input: `${c.city}\n${c.start}\n`, timeoutMs: 110_000 });
      expect(res.code, res.stderr).toBe(0);
      const [cityReply = '', selfcheck = ''] = res.stdout.split(/^---$/m);
      expect(cityReply).toContain(t('settings.city.saved', { city: '' }).split('{')[0]!.trim().slice(0, 12));
      expect(cityReply).toContain(c.cityName);
      // The first question of the quick check, in the language and not in English.
      const first = text.questions['commitment-1'];
      expect(first).not.toBe(en.questions['commitment-1']);
      expect(selfcheck).toContain(first);
      expect(selfcheck).not.toContain(en.questions['commitment-1']);
      expect(selfcheck).toContain(`1/17 · ${text.areas.commitment.name}`);
      for (const b of ['selfcheck.answer.yes', 'selfcheck.answer.partly', 'selfcheck.answer.no', 'selfcheck.answer.unknown']) expect(selfcheck).toContain(t(b));
      expect(selfcheck).toContain(t('selfcheck.intro.quick', { city: c.cityName, count: 17 }).split(':')[0]!);
    });
});
