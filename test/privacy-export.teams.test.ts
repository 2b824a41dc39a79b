/**
 * "Export my data" in Teams sends the file (issue 14), tested with real Bot Framework activities over
 * HTTP and the fake Bot Connector: in personal chat a file consent card, then `fileConsent/invoke`
 * (accept: the JSON export is PUT to the uploadUrl and a file info card follows; decline: a friendly
 * line); in a channel a short-lived signed download link served by `serve` when PUBLIC_URL is set,
 * otherwise a plain sentence that no file can be sent there. No export file outlives its delivery.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardActions, cardOf, cardText, startTeams, type TeamsHarness } from './helpers/teams.js';

const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const INFO = 'application/vnd.microsoft.teams.card.file.info';

const exportsLeft = (h: TeamsHarness) => {
  const dir = join(h.server.app.config.dataDir, 'exports');
  return existsSync(dir) ? readdirSync(dir) : [];
};
interface Attachment {
  contentType: string;
  name?: string;
  contentUrl?: string;
  content: { description: string; sizeInBytes: number; acceptContext: unknown; declineContext: unknown };
}
const attachmentsOf = (h: TeamsHarness, type: string) => h.connector.activities().flatMap((a) => (a.attachments ?? []) as Attachment[]).filter((x) => x.contentType === type);

function consentInvoke(h: TeamsHarness, action: 'accept' | 'decline', context: unknown, over: Record<string, unknown> = {}) {
  return h.activity('personal-message', {
    type: 'invoke',
    name: 'fileConsent/invoke',
    text: undefined,
    value: {
      type: 'fileUpload',
      action,
      context,
      ...(action === 'accept'
        ? { uploadInfo: { contentUrl: 'https://contoso-my.sharepoint.com/personal/alex/Documents/icc.json', name: 'icc-assistant-data.json', uploadUrl: `${h.connector.url}/upload/up-1`, uniqueId: 'UNIQUE-1', fileType: 'json' } }
        : {}),
    },
    ...over,
  });
}

describe('privacy export in Teams personal chat: file consent card', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeams();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends a consent card; on accept PUTs the user’s JSON export to the uploadUrl, sends a file info card and removes the file', async () => {
    h.connector.clear();
    expect((await h.post(h.activity('personal-message', { text: 'export my data' }))).status).toBe(200);
    expect(cardText(cardOf(h.connector.activities()[0]))).toMatch(/everything I keep about you, as a JSON file/);
    const consent = attachmentsOf(h, CONSENT)[0]!;
    expect(consent).toMatchObject({ name: expect.stringMatching(/^icc-assistant-data-\d{4}-\d\d-\d\d\.json$/), content: { sizeInBytes: expect.any(Number) } });
    expect(consent.content.description).toMatch(/OneDrive/);
    expect(exportsLeft(h)).toHaveLength(1);

    h.connector.clear();
    const res = await h.post(consentInvoke(h, 'accept', consent.content.acceptContext));
    expect(res.status).toBe(200);
    expect(h.connector.uploads).toHaveLength(1);
    const up = h.connector.uploads[0]!;
    expect(up.bytes.length).toBe(consent.content.sizeInBytes);
    expect(up.headers['content-range']).toBe(`bytes 0-${up.bytes.length - 1}/${up.bytes.length}`);
    expect(JSON.parse(up.bytes.toString('utf8'))).toMatchObject({ platform: 'teams', workspace: '00000000-0000-0000-0000-0000000000001', user: 'user-id-0' });
    const info = attachmentsOf(h, INFO)[0];
    expect(info).toMatchObject({ contentUrl: 'https://contoso-my.sharepoint.com/personal/alex/Documents/icc.json', name: 'icc-assistant-data.json', content: { uniqueId: 'UNIQUE-1', fileType: 'json' } });
    expect(exportsLeft(h)).toEqual([]);
  });

  it('on decline answers with a friendly line and removes the file', async () => {
    h.connector.clear();
    await h.post(h.activity('personal-message', { text: 'export my data' }));
    const consent = attachmentsOf(h, CONSENT)[0]!;
    h.connector.clear();
    expect((await h.post(consentInvoke(h, 'decline', consent.content.declineContext))).status).toBe(200);
    expect(h.connector.uploads).toHaveLength(0);
    expect(cardText(cardOf(h.connector.activities()[0]))).toMatch(/won't send the file/);
    expect(exportsLeft(h)).toEqual([]);
  });

  it('another user accepting someone’s consent context gets nothing uploaded', async () => {
    h.connector.clear();
    await h.post(h.activity('personal-message', { text: 'export my data' }));
    const consent = attachmentsOf(h, CONSENT)[0]!;
    h.connector.clear();
    const res = await h.post(consentInvoke(h, 'accept', consent.content.acceptContext, { from: { id: 'user-id-9', name: 'Mallory' } }));
    expect(res.status).toBe(200);
    expect(h.connector.uploads).toHaveLength(0);
    expect(cardText(cardOf(h.connector.activities()[0]))).toMatch(/no longer available/);
    expect(exportsLeft(h)).toHaveLength(1);
  });
});

describe('privacy export in a Teams channel', () => {
  it('with PUBLIC_URL: a signed link that serves the export once, for 15 minutes', async () => {
    const h = await startTeams({ PUBLIC_URL: 'https://icc.example.org' });
    try {
      await h.post(h.activity('channel-mention', { text: '<at>Test Bot</at> export my data' }));
      expect(attachmentsOf(h, CONSENT)).toEqual([]);
      const card = cardOf(h.connector.activities()[0]);
      expect(cardText(card)).toMatch(/works once, for 15 minutes/);
      const link = cardActions(card).find((a) => a.type === 'Action.OpenUrl');
      const url = new URL(link.url);
      expect(url.origin).toBe('https://icc.example.org');
      const local = `${h.url}${url.pathname}`;

      const forged = new URLSearchParams(url.search);
      forged.set('e', String(Number(forged.get('e')) + 3600));
      expect((await fetch(`${local}?${forged}`)).status).toBe(404);

      const res = await fetch(`${local}${url.search}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="icc-assistant-data-\d{4}-\d\d-\d\d\.json"/);
      expect(await res.json()).toMatchObject({ platform: 'teams', user: 'user-id-0' });
      // Delivered: the file is gone, and the link with it.
      await new Promise((r) => setTimeout(r, 50));
      expect(exportsLeft(h)).toEqual([]);
      expect((await fetch(`${local}${url.search}`)).status).toBe(404);
    } finally {
      await h.close();
    }
  });

  it('without PUBLIC_URL: says plainly that no file can be sent here, and keeps no file', async () => {
    const h = await startTeams();
    try {
      await h.post(h.activity('channel-mention', { text: '<at>Test Bot</at> export my data' }));
      const card = cardOf(h.connector.activities()[0]);
      expect(cardText(card)).toMatch(/can't send files in this conversation/);
      expect(cardText(card)).not.toMatch(/as a JSON file/);
      expect(cardActions(card).filter((a) => a.type === 'Action.OpenUrl')).toEqual([]);
      expect(exportsLeft(h)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
