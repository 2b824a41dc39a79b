/**
 * What a message asks for when no routing phrase matched it: a naive Bayes classifier over its words,
 * trained on first use from content (each intent's phrases, and example messages written as people type
 * them: content/intents/examples/<lang>.jsonl).
 *
 * Why: phrases match the wordings we wrote; officers write others ("do you keep a log of my
 * questions?", "richte für unser Team einen wöchentlichen Praxistipp ein"), and those went to help or to
 * a search. A bag of words, with word beginnings and endings (inflections, German compounds), carries
 * the cue words of an intent (data, keep, delete; weekly, channel; assessment, questionnaire) to
 * wordings no phrase has. It is consulted only after the phrases, and only a clear answer counts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { ContentError } from './errors.js';
import { readJsonlRecords } from './jsonl.js';
import { fold, type IntentPhrases } from './phrases.js';

/** One training message. */
export interface IntentExample {
  text: string;
  intent: string;
}

export interface IntentGuess {
  intent: string;
  /** The posterior probability of the intent (classes equally likely beforehand). */
  p: number;
}

export interface IntentClassifier {
  /** The most likely intent of the text, or null when none of its words was seen in training. */
  classify(text: string): IntentGuess | null;
  readonly intents: readonly string[];
}

/** Laplace smoothing: a feature never seen with an intent still counts a little. */
const ALPHA = 0.3;
/** Texts are classified on their first words (a pasted paragraph is a topic, not a command). */
const MAX_WORDS = 40;

/**
 * The features of a text: each folded word, the beginning of longer words (inflections: "évaluation",
 * "évaluer"), the end of long ones (German compounds: "Praxistipp", "Wochentipp"), and word pairs
 * ("my city", "every monday").
 */
export function features(text: string): string[] {
  const ws = fold(text).split(' ').filter(Boolean).slice(0, MAX_WORDS);
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    out.push(w);
    if (w.length >= 6) out.push(`${w.slice(0, 5)}<`);
    if (w.length >= 9) out.push(`>${w.slice(-5)}`);
    if (i > 0) out.push(`${ws[i - 1]} ${w}`);
  }
  return out;
}

export function trainIntentClassifier(examples: readonly IntentExample[]): IntentClassifier {
  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  const vocab = new Map<string, number>();
  const counts: Array<Map<number, number>> = intents.map(() => new Map());
  const totals = intents.map(() => 0);
  for (const e of examples) {
    const c = intents.indexOf(e.intent);
    for (const f of features(e.text)) {
      let id = vocab.get(f);
      if (id === undefined) vocab.set(f, (id = vocab.size));
      counts[c]!.set(id, (counts[c]!.get(id) ?? 0) + 1);
      totals[c]! += 1;
    }
  }
  const V = vocab.size;
  // logp[id * K + c]: log P(feature | intent), one flat array for the per-turn loop.
  const K = intents.length;
  const logp = new Float64Array(V * K);
  for (let c = 0; c < K; c++) {
    const denom = Math.log(totals[c]! + ALPHA * V);
    const unseen = Math.log(ALPHA) - denom;
    for (let id = 0; id < V; id++) logp[id * K + c] = unseen;
    for (const [id, n] of counts[c]!) logp[id * K + c] = Math.log(n + ALPHA) - denom;
  }
  const scores = new Float64Array(K);
  return {
    intents,
    classify(text) {
      scores.fill(0);
      let seen = 0;
      for (const f of features(text)) {
        const id = vocab.get(f);
        if (id === undefined) continue;
        seen++;
        for (let c = 0; c < K; c++) scores[c]! += logp[id * K + c]!;
      }
      if (seen === 0 || K === 0) return null;
      let best = 0;
      for (let c = 1; c < K; c++) if (scores[c]! > scores[best]!) best = c;
      let sum = 0;
      for (let c = 0; c < K; c++) sum += Math.exp(scores[c]! - scores[best]!);
      return { intent: intents[best]!, p: 1 / sum };
    },
  };
}

/** A phrase as a training text: its words without the phrase syntax ("how did ... cities", "thank*", "a|b"). */
export function phraseText(phrase: string): string {
  return phrase.replace(/\.\.\./g, ' ').replace(/[*^$]/g, '').replace(/\|/g, ' ');
}

/** Every phrase of the intents' phrase files, as training examples. */
export function phraseExamples(files: readonly IntentPhrases[]): IntentExample[] {
  return files.flatMap((f) => f.groups.flatMap((g) => Object.values(g.phrases).flatMap((ps) => (ps ?? []).map((p) => ({ text: phraseText(p), intent: f.intent })))));
}

const ExampleSchema = z.object({ text: z.string().trim().min(1).max(300), intent: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an intent name') }).strict();

/**
 * Example messages of `<intentsDir>/examples/*.jsonl`, one `{"text","intent"}` per line; a bad line is a
 * ContentError naming the file, the line and the field. `known` (intent names) refuses an unknown intent.
 */
export function loadIntentExamples(intentsDir: string, known?: ReadonlySet<string>): IntentExample[] {
  const dir = join(intentsDir, 'examples');
  if (!existsSync(dir)) return [];
  const out: IntentExample[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const path = join(dir, name);
    const file = relative(process.cwd(), path);
    const schema = known
      ? ExampleSchema.superRefine((e, ctx) => {
          if (!known.has(e.intent)) ctx.addIssue({ code: 'custom', path: ['intent'], message: `"${e.intent}" is no intent` });
        })
      : ExampleSchema;
    out.push(
      ...readJsonlRecords(path, schema, (line, field, message) => {
        throw new ContentError(file, `line ${line}`, field || '(record)', message);
      }),
    );
  }
  return out;
}

/** Intents the router answers without an `Intent` of that name ("cancel" is the interrupt word's). */
export const ROUTER_INTENTS: readonly string[] = ['cancel'];

const cache = new Map<string, IntentClassifier>();

/**
 * The classifier of a content directory's intents (`<intentsDir>/<intent>.json` phrases and the
 * examples, plus `extra` ones from the app), for the intents named (others' examples are left out),
 * trained once per directory.
 */
export function contentClassifier(intentsDir: string, intents: readonly string[], loadPhrases: (path: string) => IntentPhrases, extra: () => readonly IntentExample[] = () => []): IntentClassifier {
  const names = new Set([...intents, ...ROUTER_INTENTS]);
  const key = `${intentsDir}\n${[...names].sort().join(',')}`;
  let c = cache.get(key);
  if (!c) {
    const files = intents.map((i) => join(intentsDir, `${i}.json`)).filter((p) => existsSync(p)).map(loadPhrases);
    const examples = [...phraseExamples(files), ...loadIntentExamples(intentsDir), ...extra()].filter((e) => names.has(e.intent));
    cache.set(key, (c = trainIntentClassifier(examples)));
  }
  return c;
}

const groupCache = new Map<string, IntentClassifier | null>();

/**
 * Which of an intent's phrase groups a text is closest to, when none of its phrases matched (a message
 * the classifier sent to the intent): "what does the ICC index measure?" is about the Index group.
 * Trained on the groups' phrases in every language; null when the intent has no phrase file.
 */
export function closestGroup(intentsDir: string, intent: string, text: string, loadPhrases: (path: string) => IntentPhrases): string | undefined {
  const path = join(intentsDir, `${intent}.json`);
  let c = groupCache.get(path);
  if (c === undefined) {
    c = existsSync(path) ? trainIntentClassifier(loadPhrases(path).groups.flatMap((g) => Object.values(g.phrases).flatMap((ps) => (ps ?? []).map((p) => ({ text: phraseText(p), intent: g.id }))))) : null;
    groupCache.set(path, c);
  }
  return c?.classify(text)?.intent;
}
