/**
 * "Ask the network" through the real Slack adapter (signed events and button presses against `serve`,
 * a fake Slack Web API): a DM search with nothing found offers the button only with NETWORK_CHANNEL, and
 * pressing it posts the escaped question to that channel with a mention of the asker, then tells them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { blockAction, buttonsIn, dm, postEvent, postInteraction, startSlackServer, visibleText, type SlackHarness } from './helpers/slack.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ASK = 'search quantum teleportation spaceships <!channel>';

async function nothingFound(harness: SlackHarness) {
  expect((await postEvent(harness.base, dm(ASK))).status).toBe(200);
  await harness.slack.idle();
  const answer = harness.fake.callsTo('chat.postMessage').at(-1)!;
  expect(visibleText(answer.args.blocks)).toMatch(/found no practice/);
  return answer;
}

describe('Ask the network on Slack', () => {
  it('without NETWORK_CHANNEL, the empty answer has no such button', async () => {
    h = await startSlackServer();
    const answer = await nothingFound(h);
    expect(buttonsIn(answer.args.blocks).map((b) => b.text.text)).not.toContain('Ask the network');
  });

  it('with NETWORK_CHANNEL, the button posts the question to that channel, mentioning the asker, and tells them', async () => {
    h = await startSlackServer({ NETWORK_CHANNEL: 'slack:T1=C0NETWORK; slack:T2=C0OTHER' });
    const answer = await nothingFound(h);
    const ask = buttonsIn(answer.args.blocks).find((b) => b.text.text === 'Ask the network')!;
    expect(ask).toBeDefined();
    const before = h.fake.callsTo('chat.postMessage').length;
    const res = await postInteraction(h.base, blockAction(ask, { type: 'message', channel_id: 'D0USER1', message_ts: String(answer.args['ts'] ?? '1.1') }));
    expect(res.status).toBe(200);
    await h.slack.idle();
    const posts = h.fake.callsTo('chat.postMessage').slice(before);
    const toNetwork = posts.filter((c) => c.args.channel === 'C0NETWORK');
    expect(toNetwork).toHaveLength(1);
    const blocks = JSON.stringify(toNetwork[0]!.args.blocks);
    expect(blocks).toContain('<@U0USER1>');
    // The question is shown, escaped: the typed <!channel> pings no one.
    expect(blocks).toContain('quantum teleportation spaceships &lt;!channel&gt;');
    expect(blocks).not.toContain('<!channel>');
    expect(visibleText(toNetwork[0]!.args.blocks)).toMatch(/answer in this thread/);
    // The asker hears where it went (in their DM; nothing goes to the other workspace's channel).
    const toldIn = [...posts, ...h.fake.callsTo('chat.postEphemeral')].filter((c) => /posted your question in the network channel/.test(visibleText(c.args.blocks)));
    expect(toldIn.map((c) => c.args.channel)).toEqual(['D0USER1']);
    expect(h.fake.calls.some((c) => c.args.channel === 'C0OTHER')).toBe(false);
  });
});
