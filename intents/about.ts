/**
 * Questions about the programme itself (what ICC is, the Index, joining, how the self-check differs
 * from the Index), answered from content/i18n/<locale>/about.json, written in our own words from the
 * team's fact sheets. One phrase group per topic in content/intents/about.json; the group that matched
 * is the topic answered, and the other topics are offered as buttons.
 */
import { z } from 'zod';
import { button, defineIntent, parseAction, type IntentContext } from '../src/core/intent.js';
import { currentPhrasesDir, loadIntentPhrases, phraseGroupMatcher } from '../src/core/phrases.js';
import { closestGroup } from '../src/core/intent-classifier.js';
import type { Reply } from '../src/core/turn.js';

const TOPICS = ['what-is-icc', 'what-is-index', 'how-to-join', 'selfcheck-vs-index', 'first-steps'] as const;
type Topic = (typeof TOPICS)[number];
const TopicSchema = z.object({ topic: z.enum(TOPICS) });
/** Catalogue keys are camelCase; phrase group ids are slugs. */
const key = (t: Topic) => t.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const phrases = phraseGroupMatcher('about');

function answer(ctx: IntentContext, topic: Topic): Reply[] {
  const others = TOPICS.filter((t) => t !== topic).map((t) => button(ctx.t(`about.topic.${key(t)}`), 'about', 'topic', { topic: t }));
  return [{ text: `${ctx.t(`about.${key(topic)}`)}\n\n${ctx.t('about.more')}`, buttons: others }];
}

export default defineIntent({
  name: 'about',
  description: 'intent.about.description',
  examples: ['What is the ICC Index?', 'How can our city join the network?'],
  commands: ['about'],
  match: (text) => phrases.best(text)?.weight ?? null,
  async handle(_turn, ctx, input) {
    // No phrase matched when the classifier sent the question here: the closest topic by its words.
    const group = phrases.best(input.text)?.group ?? closestGroup(currentPhrasesDir(), 'about', input.text, loadIntentPhrases);
    const topic = TOPICS.find((t) => t === group) ?? 'what-is-icc';
    return answer(ctx, topic);
  },
  async onAction(_turn, ctx, action) {
    return answer(ctx, parseAction(TopicSchema, action).topic);
  },
});
