/**
 * Issue 14, content: practice sources that were portal language-switch links, summaries that start
 * with punctuation or leave a quote open (and a card body cut so that it did), and the `verified`
 * date on every practice card.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReplies } from '../src/adapters/console/render.js';
import { renderReply as renderSlack } from '../src/adapters/slack/render.js';
import { renderReply as renderTeams } from '../src/adapters/teams/render.js';
import { loadContent } from '../src/content/loader.js';
import { summaryProblem } from '../src/content/schemas.js';
import { ContentError } from '../src/core/errors.js';
import { createI18n } from '../src/core/i18n.js';
import { practiceCard, shortSummary } from '../src/replies/practice-card.js';
import { ROOT } from './helpers/app.js';

const content = loadContent(join(ROOT, 'content'));
const i18n = createI18n(content.messages);

function copyContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'icc-content-'));
  cpSync(join(ROOT, 'content'), dir, { recursive: true });
  return dir;
}

/** Changes line `line` (1-based) of a practice file and returns the error `content check` reports. */
function errorAfter(file: string, line: number, change: (p: Record<string, unknown>) => void): ContentError {
  const dir = copyContent();
  const path = join(dir, 'practices', file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const p = JSON.parse(lines[line - 1]!) as Record<string, unknown>;
  change(p);
  lines[line - 1] = JSON.stringify(p);
  writeFileSync(path, lines.join('\n'));
  try {
    loadContent(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ContentError);
    return err as ContentError;
  }
  throw new Error('expected a content error');
}

describe('practice sources', () => {
  it('no source is a portal language-switch link; the 17 lead to the pages the fact file gives', () => {
    for (const p of content.practices) expect(p.source, p.id).not.toMatch(/update_language|[?&]languageId=/i);
    expect(content.practiceById.get('montreal-binam-newcomer-office')!.source).toBe('https://www.coe.int/uk/web/interculturalcities/-/montreal-a-new-beginning');
    expect(content.practiceById.get('dublin-intercultural-integration-strategy-2021')!.source).toBe(
      'https://www.coe.int/es/web/interculturalcities/-/intercultural-and-integration-strategy-for-the-five-year-period-2021-2025',
    );
    expect(content.practiceById.get('reggio-emilia-learn-arabic-health')!.source).toBe('https://www.coe.int/fi/web/interculturalcities/good-practice?delta=3&start=105');
  });

  it('content check rejects a language-switch link, naming file, line, id and field', () => {
    const err = errorAfter('spain.jsonl', 2, (p) => {
      p.source = 'https://coe.int/es/c/portal/update_language?languageId=sr_RS&p_l_id=138804325&redirect=%2Fes%2Fweb%2Finterculturalcities';
    });
    expect(err.message).toMatch(/spain\.jsonl \(line 2, id [a-z0-9-]+\): source: .*language-switch link/);
  });
});

describe('practice summaries', () => {
  it('no summary starts with punctuation or leaves a quote or bracket open', () => {
    for (const p of content.practices) expect(summaryProblem(p.summary), p.id).toBeUndefined();
  });

  it('summaryProblem: leading punctuation, unbalanced quotes and brackets; apostrophes and possessives are fine', () => {
    expect(summaryProblem("', organised together with the Local Health Authorities. The course aims to improve relations.")).toMatch(/starts with punctuation/);
    expect(summaryProblem('. A city does things.')).toMatch(/starts with punctuation/);
    expect(summaryProblem('Under the slogan “Households welcome migrants, families helped.')).toMatch(/unbalanced/);
    expect(summaryProblem("Under the slogan 'Households welcome migrants, families helped.")).toMatch(/unbalanced/);
    expect(summaryProblem('The plan (2017-2027 covers ten years.')).toMatch(/unbalanced/);
    expect(summaryProblem('The "Je suis programme started.')).toMatch(/unbalanced/);
    expect(summaryProblem("Oslo's residents' associations run 'Be Proud' (a festival) with “OXLO”.")).toBeUndefined();
    expect(summaryProblem('“Learn Arabic!” is a course for health staff.')).toBeUndefined();
  });

  it('content check rejects such a summary, naming file, line, id and field', () => {
    const err = errorAfter('italy.jsonl', 1, (p) => {
      p.summary = "', organised together with the Local Health Authorities. The course aims to improve both linguistic and cultural relations.";
    });
    expect(err.message).toMatch(/italy\.jsonl \(line 1, id [a-z0-9-]+\): summary: starts with punctuation/);
    const err2 = errorAfter('italy.jsonl', 1, (p) => {
      p.summary = 'Reggio Emilia runs its own intercultural centre (Mondinsieme, set up as a foundation in 2011 under municipal control, with most funding from the city.';
    });
    expect(err2.message).toMatch(/summary: .*unbalanced/);
  });

  it('the card body of every practice begins where its summary begins (no sentence dropped before it)', () => {
    for (const p of content.practices) {
      const body = shortSummary(p.summary);
      expect(p.summary.startsWith(body.replace(/…$/, '')), `${p.id}: ${body.slice(0, 60)}`).toBe(true);
      expect(summaryProblem(body.replace(/…$/, '')), p.id).toBeUndefined();
    }
    // The one that showed as "', organised together with the Local Health Authorities…" for "health".
    const before =
      "Reggio Emilia offers Arabic learning for health staff under the name 'Learn Arabic!', organised together with the Local Health Authorities. The course aims to improve both linguistic and cultural relations between health services and the foreign residents who use them.";
    expect(shortSummary(before)).toMatch(/^Reggio Emilia offers/);
    // A sentence ending in "!'" or '?”' is a sentence.
    const text = `The city calls it 'Learn Arabic!' and staff like it. ${'More words follow here. '.repeat(12)}`;
    expect(shortSummary(text)).toMatch(/^The city calls it 'Learn Arabic!' and staff like it\./);
  });
});

describe('the verified date on practice cards', () => {
  const practice = content.practiceById.get('reggio-emilia-learn-arabic-health')!;
  const search = { areaName: (a: string) => a } as never;

  it('shows "checked <month year>" in the user\'s language', () => {
    const expected: Record<string, RegExp> = {
      en: /checked Nov 2026/,
      fr: /vérifié en nov\. 2026/,
      es: /comprobado en nov\.? 2026/,
      it: /verificato a nov 2026/,
      de: /geprüft im Nov\. 2026/,
      pt: /verificado em nov\. de 2026/,
      uk: /перевірено: лист\. 2026/,
    };
    for (const [locale, re] of Object.entries(expected)) {
      const card = practiceCard({ search, t: i18n.translator(locale), content, locale }, practice);
      expect(card.subtitle, locale).toMatch(re);
    }
    // Without a locale in the context the translator's language still decides.
    expect(practiceCard({ search, t: i18n.translator('fr') }, practice).subtitle).toMatch(/vérifié en nov\. 2026/);
  });

  it('the first of the month stays in its month in any time zone', () => {
    const first = { ...practice, verified: '2026-12-01' };
    expect(practiceCard({ search, t: i18n.translator('en') }, first).subtitle).toMatch(/checked Dec 2026/);
  });

  it('every adapter renders it', () => {
    const t = i18n.translator('en');
    const reply = { text: 'results', cards: [practiceCard({ search, t }, practice)] };
    expect(renderReplies([reply]).text).toMatch(/checked Nov 2026/);
    expect(JSON.stringify(renderSlack(reply, { t, spill: () => 'x' }).blocks)).toMatch(/checked Nov 2026/);
    expect(JSON.stringify(renderTeams(reply, { t }))).toMatch(/checked Nov 2026/);
  });
});
