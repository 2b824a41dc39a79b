/**
 * The intent classifier consulted after the routing phrases (src/core/intent-classifier.ts): features,
 * training, content validation, and where the router lets it decide.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intents } from '../src/app.js';
import { contentClassifier, features, loadIntentExamples, phraseText, ROUTER_INTENTS, trainIntentClassifier } from '../src/core/intent-classifier.js';
import { ContentError } from '../src/core/errors.js';
import { loadIntentPhrases } from '../src/core/phrases.js';
import { describeRoute, route } from '../src/core/router.js';
import { ROOT } from './helpers/app.js';

describe('features', () => {
  it('keeps words, beginnings of inflected words, ends of compounds and word pairs', () => {
    const f = features('Évaluation Praxistipp meine Daten');
    expect(f).toEqual(expect.arrayContaining(['evaluation', 'evalu<', '>stipp', 'meine daten']));
    expect(features('évaluer')).toContain('evalu<');
  });

  it('turns a phrase into its words', () => {
    expect(phraseText('how did ... cities')).toBe('how did   cities');
    expect(phraseText('^thank*|merci$')).toBe('thank merci');
  });
});

describe('trainIntentClassifier', () => {
  const c = trainIntentClassifier([
    { text: 'what data do you keep about me', intent: 'privacy' },
    { text: 'delete my data please', intent: 'privacy' },
    { text: 'send a weekly tip to this channel every monday', intent: 'nudges' },
    { text: 'post a practice of the week in our channel', intent: 'nudges' },
    { text: 'examples of language courses for refugees', intent: 'search' },
    { text: 'how did cities fight rumours', intent: 'search' },
  ]);

  it('recognises a wording it was not trained on by its cue words', () => {
    expect(c.classify('how long do you keep my data?')!.intent).toBe('privacy');
    expect(c.classify('every friday a tip in the channel')!.intent).toBe('nudges');
    expect(c.classify('language courses for women')!.intent).toBe('search');
  });

  it('says nothing for words it never saw', () => {
    expect(c.classify('qwerty zxcvb')).toBeNull();
    expect(c.classify('')).toBeNull();
  });

  it('gives probabilities that add up over the intents', () => {
    const g = c.classify('delete my data')!;
    expect(g.p).toBeGreaterThan(0.5);
    expect(g.p).toBeLessThanOrEqual(1);
  });
});

describe('content/intents/examples', () => {
  it('every example names a registered intent (or the cancel interrupt), in each of the seven languages', () => {
    const examples = loadIntentExamples(join(ROOT, 'content', 'intents'));
    const names = new Set([...intents.map((i) => i.name), ...ROUTER_INTENTS]);
    expect(examples.filter((e) => !names.has(e.intent))).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(7 * 150);
  });

  it('names the file, the line and the field of a bad example', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-examples-'));
    mkdirSync(join(dir, 'examples'));
    writeFileSync(join(dir, 'examples', 'en.jsonl'), '{"text":"hello","intent":"smalltalk"}\n\n{"text":"","intent":"help"}\n');
    expect(() => loadIntentExamples(dir)).toThrow(ContentError);
    expect(() => loadIntentExamples(dir)).toThrow(/en\.jsonl.*line 3.*text/s);
    writeFileSync(join(dir, 'examples', 'en.jsonl'), '{"text":"hello","intent":"smalltak"}\n');
    expect(() => loadIntentExamples(dir, new Set(['smalltalk']))).toThrow(/line 1.*intent/s);
  });
});

describe('the router and the classifier', () => {
  const classifier = contentClassifier(join(ROOT, 'content', 'intents'), intents.map((i) => i.name), loadIntentPhrases);
  const topic = () => true;
  const via = (text: string) => describeRoute(route({ text }, intents, topic, classifier));

  it('routes wordings no phrase has', () => {
    expect(via('wie lange speichert ihr meine Nachrichten?')).toMatchObject({ intent: 'privacy', via: 'classified' });
    expect(via('stell bitte meine Sprache auf Deutsch um')).toMatchObject({ intent: 'settings', via: 'classified' });
  });

  it('takes a message naming a search cue ("practice", "project") from the search only when sure', () => {
    expect(via('ogni venerdì alle 10 mandateci una buona pratica in questo gruppo')).toMatchObject({ intent: 'nudges', via: 'classified' });
    expect(via('gostaríamos de partilhar um projeto do nosso município')).toMatchObject({ intent: 'propose', via: 'classified' });
    // Topic questions the classifier half-reads as something else stay searches.
    expect(via('progetti per inserire i rifugiati nel lavoro').intent).toBe('search');
    expect(via('come hanno fatto altre città una campagna anti-dicerie?').intent).toBe('search');
  });

  it('never overrides a phrase of another intent, nor decides without a classifier', () => {
    expect(via('start the self-check')).toMatchObject({ intent: 'selfcheck', via: 'intent' });
    expect(describeRoute(route({ text: 'wie lange speichert ihr meine Nachrichten?' }, intents, () => false)).intent).toBe('help');
  });
});
