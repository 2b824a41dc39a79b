import { describe, expect, it } from 'vitest';
import { intents } from '../intents/index.js';
import { classify, parseCommand, route } from '../src/core/router.js';

const topic = (t: string) => /rumour|mediation|newcomer/i.test(t);

describe('parseCommand', () => {
  it('splits /icc subcommands and arguments', () => {
    expect(parseCommand('/icc search anti-rumour  campaign')).toEqual({ command: 'search', args: 'anti-rumour campaign' });
    expect(parseCommand('/icc')).toEqual({ command: '', args: '' });
    expect(parseCommand('icc HELP')).toEqual({ command: 'help', args: '' });
    expect(parseCommand('icebreaker ideas')).toBeNull();
  });
});

describe('route', () => {
  it('sends button presses straight to their intent', () => {
    const action = { intent: 'search', name: 'more', data: { q: 'x', o: 5 } };
    expect(route({ text: 'help', action }, intents, topic)).toEqual({ kind: 'action', intent: 'search', action });
  });

  it('a question that starts with "ICC" is not an unknown command; a slash command is', () => {
    expect(route({ text: 'ICC Index: what is it?' }, intents, topic).kind).not.toBe('unknown-command');
    expect(route({ text: '/icc frobnicate' }, intents, topic)).toEqual({ kind: 'unknown-command', command: 'frobnicate' });
    expect(route({ text: 'icc search mediation' }, intents, topic)).toEqual({ kind: 'command', intent: 'search', args: 'mediation' });
  });

  it('routes slash-style commands directly, and /icc alone to help', () => {
    expect(route({ text: '/icc search mediation' }, intents, topic)).toEqual({ kind: 'command', intent: 'search', args: 'mediation' });
    expect(route({ text: '/icc' }, intents, topic)).toEqual({ kind: 'command', intent: 'help', args: '' });
    expect(route({ text: '/icc frobnicate' }, intents, topic)).toEqual({ kind: 'unknown-command', command: 'frobnicate' });
  });

  it('lets interrupt words win over an active dialog', () => {
    expect(route({ text: 'cancel', activeDialog: 'selfcheck' }, intents, topic)).toEqual({ kind: 'interrupt', word: 'cancel' });
    expect(route({ text: 'help', activeDialog: 'selfcheck' }, intents, topic)).toEqual({ kind: 'interrupt', word: 'help' });
    expect(route({ text: 'yes', activeDialog: 'selfcheck' }, intents, topic)).toEqual({ kind: 'dialog', intent: 'selfcheck' });
  });

  it('classifies the search and help examples to their own intent', () => {
    for (const intent of intents) {
      for (const example of intent.examples) {
        const r = route({ text: example }, intents, () => true);
        const routed = r.kind === 'interrupt' ? r.word : 'intent' in r ? r.intent : r.kind;
        expect(routed, example).toBe(intent.name);
      }
    }
  });

  it('falls back to search for a bare topic and to help for chit-chat', () => {
    expect(route({ text: 'anti-rumour' }, intents, topic)).toMatchObject({ kind: 'fallback', intent: 'search' });
    expect(route({ text: 'the weather is nice' }, intents, topic)).toMatchObject({ kind: 'fallback', intent: 'help' });
  });
});

describe('classify', () => {
  it('gives a confidence between 0 and 1, best first', () => {
    const c = classify('how did other cities run an anti-rumour campaign?', intents);
    expect(c[0]?.intent).toBe('search');
    expect(c[0]!.confidence).toBeGreaterThan(0.5);
    expect(c[0]!.confidence).toBeLessThanOrEqual(1);
    expect(classify('zzz', intents)).toEqual([]);
  });
});
