/**
 * Loads and validates everything under content/. Every problem becomes a ContentError that names
 * the file, the line or id, and the field, so a typo in one practice never shows up as a stack trace.
 */
import { createHash, type Hash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { z } from 'zod';
import { ContentError } from '../core/errors.js';
import { checkIntentPhrasesDir } from '../core/phrases.js';
import { loadIntentExamples } from '../core/intent-classifier.js';
import { checkWordListsDir } from '../core/words.js';
import { ValidatedContentCache } from './validated-cache.js';
import {
  AREA_IDS,
  CitySchema,
  GlossarySchema,
  MessagesSchema,
  PracticeSchema,
  PracticeTranslationSchema,
  SelfCheckStructureSchema,
  SelfCheckTextSchema,
  type City,
  type Glossary,
  type Messages,
  type Practice,
  type SelfCheckStructure,
  type SelfCheckText,
} from './schemas.js';

/** A path as errors name it: relative to the working directory when inside it, else in full. */
function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

export interface Content {
  dir: string;
  practices: Practice[];
  practiceById: Map<string, Practice>;
  cities: City[];
  selfcheck: { structure: SelfCheckStructure; text: Map<string, SelfCheckText> };
  messages: Map<string, Messages>;
  glossary: Glossary;
  /** Per translated locale, how many practices have their title and summary in it. */
  translations: Record<string, number>;
}

/** The locales practices are translated into (content/practice-translations/<locale>.jsonl). */
export const TRANSLATION_LOCALES = ['fr', 'es', 'it', 'de', 'pt', 'uk'] as const;

/**
 * Reads `<dir>/<locale>.jsonl` for each translated locale and attaches each line's title and summary
 * to its practice (`practice.translations[locale]`). A missing file or a practice without a line is
 * allowed (counted); an id that is no practice, a duplicate or a bad field is an error naming the
 * file, line, id and field. Returns the count per locale.
 */
export function loadPracticeTranslations(dir: string, practiceById: Map<string, Practice>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const locale of TRANSLATION_LOCALES) {
    counts[locale] = 0;
    const path = join(dir, `${locale}.jsonl`);
    if (!existsSync(path)) continue;
    const file = relative(process.cwd(), path);
    const seen = new Set<string>();
    readText(path, file)
      .split('\n')
      .forEach((line, i) => {
        const trimmed = line.trim();
        if (!trimmed || trimmed.startsWith('//')) return;
        const raw = parseJson(trimmed, file, `line ${i + 1}`);
        const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
        const where = `line ${i + 1}${id ? `, id ${id}` : ''}`;
        const rec = validate(PracticeTranslationSchema, raw, file, where);
        const practice = practiceById.get(rec.id);
        if (!practice) throw new ContentError(file, where, 'id', 'is not the id of a practice');
        if (seen.has(rec.id)) throw new ContentError(file, where, 'id', `is translated twice in ${locale}`);
        seen.add(rec.id);
        practice.translations = { ...practice.translations, [locale]: { title: rec.title, summary: rec.summary } };
        counts[locale]!++;
      });
  }
  return counts;
}

function issueField(issue: z.core.$ZodIssue): string {
  return issue.path.length ? issue.path.map(String).join('.') : '(record)';
}

function validate<T>(schema: z.ZodType<T>, value: unknown, file: string, where: string): T {
  const res = schema.safeParse(value);
  if (res.success) return res.data;
  const issue = res.error.issues[0]!;
  throw new ContentError(file, where, issueField(issue), issue.message);
}

function readBytes(path: string, file: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ContentError(file, '', '(file)', `cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function readText(path: string, file: string): string {
  return readBytes(path, file).toString('utf8');
}

function parseJson(text: string, file: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ContentError(file, where, '(json)', `is not valid JSON: ${(err as Error).message}`);
  }
}

function listFiles(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Skipping zod for files a previous start validated: the cache that remembers them, and the schema's
 * keys in the order zod's output has them (records are rebuilt in that order, so both paths return
 * the same objects). Only for schemas of flat objects, as the practice schema is.
 */
interface Revalidation {
  cache: ValidatedContentCache;
  keys: readonly string[];
}

/** The record as zod returns a valid one: the schema's keys, in the schema's order. */
function asValidated<T>(raw: Record<string, unknown>, keys: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in raw) out[k] = raw[k];
  return out as T;
}

/**
 * One record per line; blank lines and lines starting with // are skipped. With `revalidation`, files
 * whose digest the cache remembers are parsed without zod (they passed it unchanged), and files that
 * pass in full are remembered.
 */
function loadJsonl<T extends { id: string }>(dir: string, root: string, schema: z.ZodType<T>, kind: string, digest?: Hash, revalidation?: Revalidation): T[] {
  const out: T[] = [];
  const seen = new Map<string, string>();
  const files = listFiles(dir, '.jsonl');
  if (files.length === 0) throw new ContentError(shown(dir), '', '(directory)', `holds no ${kind} (*.jsonl) files`);
  const hash = digest ?? (revalidation ? createHash('sha1') : undefined);
  const texts = files.map((path) => {
    const file = shown(path);
    const bytes = readBytes(path, file);
    // The bytes, not the decoded text: the same digest for UTF-8 files, without encoding 10 MB again.
    hash?.update(relative(dir, path)).update('\0').update(bytes).update('\0');
    return { file, text: bytes.toString('utf8') };
  });
  // The digest of exactly these bytes (a copy: the caller's own digest stays open for it to finish).
  const filesDigest = revalidation && hash ? hash.copy().digest('hex') : undefined;
  const known = revalidation !== undefined && filesDigest !== undefined && revalidation.cache.has(kind, filesDigest);
  for (const { file, text } of texts) {
    text.split('\n').forEach((line, i) => {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('//')) return;
      const raw = parseJson(trimmed, file, `line ${i + 1}`);
      const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
      const where = `line ${i + 1}${id ? `, id ${id}` : ''}`;
      const rec = known ? asValidated<T>(raw as Record<string, unknown>, revalidation.keys) : validate(schema, raw, file, where);
      const dup = seen.get(rec.id);
      if (dup) throw new ContentError(file, where, 'id', `duplicates the ${kind} id already defined at ${dup}`);
      seen.set(rec.id, `${file}:${i + 1}`);
      out.push(rec);
    });
  }
  if (revalidation && filesDigest && !known) revalidation.cache.remember(kind, filesDigest);
  return out;
}

function loadJsonFile<T>(path: string, root: string, schema: z.ZodType<T>): T {
  const file = shown(path);
  if (!existsSync(path)) throw new ContentError(file, '', '(file)', 'is missing');
  return validate(schema, parseJson(readText(path, file), file, ''), file, '');
}

function loadSelfCheck(dir: string, root: string) {
  const structurePath = join(dir, 'structure.json');
  const structure = loadJsonFile(structurePath, root, SelfCheckStructureSchema);
  const sFile = shown(structurePath);
  structure.areas.forEach((area, i) => {
    const expected = AREA_IDS[i];
    if (area.id !== expected) throw new ContentError(sFile, `areas[${i}]`, 'id', `must be ${expected} (areas follow the Index order)`);
    const quick = area.questions.filter((q) => q.quick);
    if (quick.length !== 1) throw new ContentError(sFile, `area ${area.id}`, 'questions.quick', `exactly one question must be marked quick, found ${quick.length}`);
  });
  const questionIds = structure.areas.flatMap((a) => a.questions.map((q) => q.id));
  const text = new Map<string, SelfCheckText>();
  for (const path of listFiles(join(dir, 'text'), '.json')) {
    const t = loadJsonFile(path, root, SelfCheckTextSchema);
    const file = shown(path);
    for (const area of AREA_IDS) if (!t.areas[area]) throw new ContentError(file, `area ${area}`, `areas.${area}`, 'is missing');
    for (const q of questionIds) if (!t.questions[q]) throw new ContentError(file, `question ${q}`, `questions.${q}`, 'is missing');
    for (const q of Object.keys(t.questions))
      if (!questionIds.includes(q)) throw new ContentError(file, `question ${q}`, `questions.${q}`, 'is not a question of structure.json');
    text.set(t.locale, t);
  }
  if (!text.has('en')) throw new ContentError(shown(join(dir, 'text')), '', 'en.json', 'the English texts are required');
  return { structure, text };
}

/**
 * Messages live in content/i18n/<locale>/<feature>.json so features add strings without touching
 * each other's files; a key defined twice in one locale is an error.
 */
function loadMessages(dir: string, root: string): Map<string, Messages> {
  const out = new Map<string, Messages>();
  const locales = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  for (const locale of locales) {
    const merged: Messages = {};
    for (const path of listFiles(join(dir, locale), '.json')) {
      const file = shown(path);
      const part = loadJsonFile(path, root, MessagesSchema);
      for (const [key, value] of Object.entries(part)) {
        if (key in merged) throw new ContentError(file, `key ${key}`, key, `is already defined in another ${locale} file`);
        merged[key] = value;
      }
    }
    out.set(locale, merged);
  }
  if (!out.has('en')) throw new ContentError(shown(dir), '', 'en/', 'the English messages are required');
  return out;
}

/**
 * A hash of the practice files exactly as read, for caches keyed by the corpus (the search index):
 * cheaper than hashing the parsed practices. Keyed by the array loadContent returned, so a practice
 * list built any other way (filtered, synthetic) has none and is hashed from its contents instead.
 */
const practiceDigests = new WeakMap<Practice[], string>();

export function practicesDigest(practices: Practice[]): string | undefined {
  return practiceDigests.get(practices);
}

export interface LoadOptions {
  /**
   * The app's cache dir: practice files identical to ones validated before (same bytes, same
   * validation code) skip zod there. Without it (`icc-assistant content check`) everything is
   * validated in full.
   */
  validatedCacheDir?: string;
}

export function loadContent(dir: string, opts: LoadOptions = {}): Content {
  const digest = createHash('sha1');
  const revalidation = opts.validatedCacheDir ? { cache: new ValidatedContentCache(opts.validatedCacheDir), keys: Object.keys(PracticeSchema.shape) } : undefined;
  const practices = loadJsonl(join(dir, 'practices'), dir, PracticeSchema, 'practice', digest, revalidation);
  practiceDigests.set(practices, digest.digest('hex'));
  const practiceById = new Map(practices.map((p) => [p.id, p]));
  const cities = loadJsonl(join(dir, 'cities'), dir, CitySchema, 'city');
  const citiesFile = shown(join(dir, 'cities'));
  for (const c of cities)
    for (const p of c.practices)
      if (!practiceById.has(p)) throw new ContentError(citiesFile, `id ${c.id}`, 'practices', `names unknown practice ${p}`);
  const glossary = loadJsonFile(join(dir, 'glossary.json'), dir, GlossarySchema);
  const translations = loadPracticeTranslations(join(dir, 'practice-translations'), practiceById);
  // Routing phrases per intent and the word lists intents read (both read by the intents themselves);
  // validated here so `content check` and a start with a broken file name it at once.
  checkIntentPhrasesDir(join(dir, 'intents'));
  loadIntentExamples(join(dir, 'intents'));
  checkWordListsDir(join(dir, 'words'));
  return {
    dir,
    practices,
    practiceById,
    cities,
    selfcheck: loadSelfCheck(join(dir, 'selfcheck'), dir),
    messages: loadMessages(join(dir, 'i18n'), dir),
    glossary,
    translations,
  };
}
