/**
 * "Export my data" in Slack sends the file (issue 14): real signed requests to the running server, the
 * fake Web API records the upload flow (files.getUploadURLExternal, the bytes posted to the upload URL,
 * files.completeUploadExternal into the user's DM). The uploaded bytes are the user's JSON export, and
 * the export file is gone from DATA_DIR/exports once delivered.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { command, dm, postCommand, postEvent, startSlackServer, textIn, type SlackHarness } from './helpers/slack.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackServer();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.fake.reset());

const exportsLeft = () => {
  const dir = join(h.server.app.config.dataDir, 'exports');
  return existsSync(dir) ? readdirSync(dir) : [];
};

describe('privacy export in Slack', () => {
  it('a DM "export my data" uploads the user’s JSON export into the DM, then removes the file', async () => {
    await h.server.app.stores.profile.set({ platform: 'slack', tenant: 'T1' }, 'U0USER1', { city: 'oslo', updatedAt: '2026-11-01T00:00:00Z' });
    expect((await postEvent(h.base, dm('export my data'))).status).toBe(200);
    await h.slack.idle();

    const said = h.fake.callsTo('chat.postMessage');
    expect(said).toHaveLength(1);
    expect(textIn(said[0]!.args.blocks)).toMatch(/everything I keep about you, as a JSON file/);
    const asked = h.fake.callsTo('files.getUploadURLExternal');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.args).toMatchObject({ filename: expect.stringMatching(/^icc-assistant-data-\d{4}-\d\d-\d\d\.json$/) });
    expect(h.fake.uploads).toHaveLength(1);
    const data = JSON.parse(h.fake.uploads[0]!.content.toString('utf8'));
    expect(data).toMatchObject({ platform: 'slack', workspace: 'T1', user: 'U0USER1', data: { profile: { city: 'oslo' } } });
    expect(Number(asked[0]!.args.length)).toBe(h.fake.uploads[0]!.content.length);
    const completed = h.fake.callsTo('files.completeUploadExternal');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.args).toMatchObject({ channel_id: 'D0USER1' });
    expect(JSON.stringify(completed[0]!.args.files)).toContain(h.fake.uploads[0]!.id);
    expect(exportsLeft()).toEqual([]);
  });

  it('from a channel (/icc privacy export) the file goes to the user’s DM, and the channel answer says so', async () => {
    const url = h.fake.responseUrl();
    expect((await postCommand(h.base, command('privacy export', url))).status).toBe(200);
    await h.slack.idle();
    expect(h.fake.callsTo('conversations.open')[0]!.args).toMatchObject({ users: 'U0USER1' });
    expect(h.fake.callsTo('files.completeUploadExternal')[0]!.args).toMatchObject({ channel_id: 'DU0USER1' });
    expect(JSON.parse(h.fake.uploads[0]!.content.toString('utf8'))).toMatchObject({ user: 'U0USER1', workspace: 'T1' });
    // Only the asking user sees the answer in the channel; nothing is posted there for everyone.
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(textIn(h.fake.responses.map((r) => r.body.blocks))).toMatch(/sent the file to you in a direct message/);
    expect(exportsLeft()).toEqual([]);
  });

  it('a failed upload is told to the user (and the file is left for the hourly purge)', async () => {
    h.fake.failNext('files.getUploadURLExternal', { body: { ok: false, error: 'invalid_arguments' } });
    await postEvent(h.base, dm('export my data'));
    await h.slack.idle();
    const texts = h.fake.callsTo('chat.postMessage').map((c) => textIn(c.args.blocks));
    expect(texts.join('\n')).toMatch(/couldn't upload the file/);
    expect(h.fake.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });
});
