/** zod schemas for everything under content/. The loader turns their issues into file/id/field errors. */
import { z } from 'zod';

/** The 17 policy areas, in the Index's order. Ids are shared by practices, self-check, peers and nudges. */
export const AREA_IDS = [
  'commitment',
  'education',
  'neighbourhoods',
  'public-services',
  'business-labour',
  'culture-civil-life',
  'public-space',
  'mediation-conflict',
  'language',
  'media-communication',
  'international-outlook',
  'intercultural-competence',
  'welcoming-newcomers',
  'leadership-citizenship',
  'anti-discrimination',
  'participation',
  'interaction',
] as const;

export type AreaId = (typeof AREA_IDS)[number];
export const AreaIdSchema = z.enum(AREA_IDS);

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug (a-z, 0-9, -)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** A CMS link that switches the portal's language and then redirects (`…/portal/update_language?languageId=…`): not a page. */
export const LANGUAGE_SWITCH_URL = /\/portal\/update_language\b|[?&]languageId=/i;

const BRACKETS: Array<[string, string]> = [['(', ')'], ['[', ']'], ['“', '”'], ['«', '»']];

/**
 * What is wrong with a summary's punctuation, or undefined: it must start with a letter or digit (or
 * an opening quote or bracket before one), and leave no quote or bracket open. A straight or curly
 * single quote counts as opening only after a space or the start and before a letter, so apostrophes
 * ("city's") and plural possessives ("residents' ") are not quotes.
 */
export function summaryProblem(text: string): string | undefined {
  if (!/^(?:[\p{L}\p{N}]|[“"‘'«([¿¡][\p{L}\p{N}])/u.test(text)) return 'starts with punctuation (a sentence cut off at the start?)';
  for (const [open, close] of BRACKETS) if (text.split(open).length !== text.split(close).length) return `has unbalanced ${open}${close}`;
  if ((text.match(/"/g) ?? []).length % 2) return 'has unbalanced "';
  for (const [open, close] of [["'", "'"], ['‘', '’']] as const) {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const before = text[i - 1];
      const after = text[i + 1];
      const opens = c === open && (before === undefined || /[\s([“"]/u.test(before)) && after !== undefined && /[\p{L}\p{N}]/u.test(after);
      const closes = c === close && before !== undefined && /\S/u.test(before) && (after === undefined || !/[\p{L}\p{N}]/u.test(after));
      if (opens) depth++;
      else if (closes && depth > 0) depth--;
    }
    if (depth > 0) return `has unbalanced ${open}${close}`;
  }
  return undefined;
}

export const PracticeSchema = z
  .object({
    id: slug,
    title: z.string().min(5).max(160),
    summary: z
      .string()
      .min(80)
      .max(1200)
      .superRefine((text, ctx) => {
        const problem = summaryProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    city: z.string().min(2).max(120),
    country: z.string().min(2).max(80),
    year: z.number().int().min(1800).max(2100).nullable(),
    areas: z.array(AreaIdSchema).min(1).max(3),
    keywords: z.array(z.string().min(2).max(60)).min(1).max(20),
    source: z.url({ protocol: /^https?$/ }).refine((u) => !LANGUAGE_SWITCH_URL.test(u), 'is a portal language-switch link (…/portal/update_language?languageId=…): use the page it leads to'),
    verified: isoDate,
  })
  .strict();
/** A practice's title and summary in one language: content/practice-translations/<locale>.jsonl. */
export const PracticeTranslationSchema = z.object({ id: slug, title: z.string().min(5).max(200), summary: z.string().min(80).max(1200) }).strict();
export type PracticeText = { title: string; summary: string };
/** A practice as loaded: the English entry, and its title and summary in the languages it has. */
export type Practice = z.infer<typeof PracticeSchema> & { translations?: Partial<Record<string, PracticeText>> };

export const CitySchema = z
  .object({
    id: slug,
    name: z.string().min(2).max(120),
    aliases: z.array(z.string().min(1).max(120)),
    country: z.string().min(2).max(80),
    countryCode: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
    membership: z.enum(['member', 'associated', 'network', 'index-participant', 'pilot', 'unknown']),
    networks: z.array(z.string().min(2)),
    population: z.number().int().positive().nullable(),
    populationBand: z.enum(['small', 'medium', 'large', 'unknown']),
    populationApproximate: z.boolean(),
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code')).min(1),
    practices: z.array(slug),
    publishedIndex: z
      .object({ year: z.string(), score: z.number().min(0).max(100), source: z.string() })
      .strict()
      .nullable(),
    sources: z.array(z.string()),
  })
  .strict();
export type City = z.infer<typeof CitySchema>;

export const AnswerSchema = z.enum(['yes', 'partly', 'no']);
export type Answer = z.infer<typeof AnswerSchema>;

export const SelfCheckStructureSchema = z
  .object({
    version: z.number().int().positive(),
    answerPoints: z.object({ yes: z.number().nonnegative(), partly: z.number().nonnegative(), no: z.number().nonnegative() }).strict(),
    areas: z
      .array(
        z
          .object({
            id: AreaIdSchema,
            weight: z.number().positive().max(5),
            optional: z.boolean(),
            questions: z
              .array(
                z
                  .object({
                    id: slug,
                    weight: z.number().int().min(1).max(3),
                    quick: z.boolean().optional(),
                  })
                  .strict(),
              )
              .min(4)
              .max(6),
          })
          .strict(),
      )
      .length(17),
  })
  .strict();
export type SelfCheckStructure = z.infer<typeof SelfCheckStructureSchema>;

export const SelfCheckTextSchema = z
  .object({
    locale: z.string().regex(/^[a-z]{2}$/),
    areas: z.record(AreaIdSchema, z.object({ name: z.string().min(2).max(80), why: z.string().min(10).max(240) }).strict()),
    questions: z.record(z.string(), z.string().min(10).max(260)),
  })
  .strict();
export type SelfCheckText = z.infer<typeof SelfCheckTextSchema>;

/** Flat `key -> ICU message` map per locale. */
export const MessagesSchema = z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/, 'must be a dotted key'), z.string().min(1));
export type Messages = z.infer<typeof MessagesSchema>;

export const GlossarySchema = z
  .object({
    groups: z
      .array(
        z
          .object({
            id: slug,
            areas: z.array(AreaIdSchema).optional(),
            terms: z.array(z.string().min(2).max(60)).min(2),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Glossary = z.infer<typeof GlossarySchema>;
