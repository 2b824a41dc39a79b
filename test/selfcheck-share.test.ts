/**
 * Issue 19 item 3: "Share with my working group" posts a city's results only into the conversation the
 * person asks from (they are in it), never into another channel the bot has seen, private ones included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply, Turn } from '../src/core/turn.js';
import { buttonsOf, press, testApp, textOf, turn, type TestApp } from './helpers/app.js';

const TENANT = 'T-share';
const at = (conversation: string, kind: 'dm' | 'channel' | 'group', user: string): Partial<Turn> => ({
  tenant: TENANT,
  user: { id: user },
  conversation: { platform: 'console', tenant: TENANT, conversation, kind },
});

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
  // Oslo's working group finishes a self-check in its private group; the bot has seen that group.
  const owner = at('G-OSLO-PRIVATE', 'group', 'U-OSLO');
  await app.bot.handle(turn('my city is Oslo', owner));
  await app.bot.handle(turn('start the self-check', owner));
  for (let i = 0; i < 17; i++) await app.bot.handle(turn('partly', owner));
});
afterAll(async () => {
  await app?.close();
});

const posted = (replies: Reply[]) => replies.filter((r) => r.to);

describe('sharing self-check results', () => {
  it('a user who sets their city to another’s is never offered, and cannot post into, a private group they are not in', async () => {
    const intruder = at('D-INTRUDER', 'dm', 'U-INTRUDER');
    await app.bot.handle(turn('my city is Oslo', intruder));
    const asked = await app.bot.handle(turn('share with my working group', intruder));
    expect(buttonsOf(asked).map((b) => b.label)).not.toContain('G-OSLO-PRIVATE');
    expect(posted(asked)).toEqual([]);
    // From a direct message there is nowhere to post: the reply says where to ask instead.
    expect(textOf(asked)).toMatch(/channel or group chat.*\/icc check results.*Share with my working group/);

    // A forged button naming the private group, pressed from the DM and from a channel the intruder is in.
    const results = await app.bot.handle(turn('/icc check results', intruder));
    const share = buttonsOf(results).find((b) => b.action.name === 'share')!;
    expect(share).toBeDefined();
    const forged = { ...share.action, name: 'shareTo', data: { ...share.action.data, to: 'G-OSLO-PRIVATE' } };
    for (const where of [intruder, at('C-INTRUDER-TEAM', 'channel', 'U-INTRUDER')]) {
      const replies = await app.bot.handle(press(forged, where));
      expect(posted(replies), String(where.conversation?.conversation)).toEqual([]);
      expect(textOf(replies)).not.toMatch(/Posted the summary/);
    }
  });

  it('in a channel the person is in, the only target offered is that channel, and sharing posts there', async () => {
    const member = at('C-OSLO-TEAM', 'channel', 'U-OSLO-2');
    await app.bot.handle(turn('my city is Oslo', member));
    // What the DM reply tells people to do: ask for the results there, then press the share button.
    const results = await app.bot.handle(turn('/icc check results', member));
    const viaButton = await app.bot.handle(press(buttonsOf(results).find((b) => b.action.name === 'share')!.action, member));
    expect(buttonsOf(viaButton).map((b) => b.action.data.to)).toEqual(['C-OSLO-TEAM']);
    const asked = await app.bot.handle(turn('share with my working group', member));
    const targets = buttonsOf(asked).filter((b) => b.action.name === 'shareTo');
    expect(targets.map((b) => b.action.data.to)).toEqual(['C-OSLO-TEAM']);
    const replies = await app.bot.handle(press(targets[0]!.action, member));
    expect(posted(replies).map((r) => r.to)).toEqual([expect.objectContaining({ conversation: 'C-OSLO-TEAM', kind: 'channel' })]);
    expect(textOf(replies)).toMatch(/Posted the summary/);
  });
});
