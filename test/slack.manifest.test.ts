/** The app manifest matches what the adapter does, and the Slack SDK stays inside src/adapters/slack/. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/app.js';

const manifest = JSON.parse(readFileSync(join(ROOT, 'src/adapters/slack/app-manifest.json'), 'utf8')) as {
  features: { app_home: Record<string, boolean>; shortcuts: Array<{ callback_id: string; type: string }>; slash_commands: Array<{ command: string; url: string }> };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('Slack app manifest', () => {
  it('has the host as the only thing to fill in, and sends everything to /slack/events', () => {
    const text = readFileSync(join(ROOT, 'src/adapters/slack/app-manifest.json'), 'utf8');
    const urls = text.match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const u of urls) expect(u).toMatch(/^https:\/\/YOUR-HOST\//);
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://YOUR-HOST/slack/events');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://YOUR-HOST/slack/events' });
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/icc', url: 'https://YOUR-HOST/slack/events' })]);
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://YOUR-HOST/slack/oauth_redirect']);
  });

  it('subscribes to the events and asks for the scopes the adapter uses', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.im', 'app_home_opened', 'app_uninstalled', 'tokens_revoked', 'user_change']));
    // chat.postMessage/update/postEphemeral, users.info, conversations.open, files.uploadV2, the slash command, DMs.
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['chat:write', 'users:read', 'im:write', 'mpim:write', 'files:write', 'commands', 'app_mentions:read', 'im:history']));
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.shortcuts.map((s) => [s.callback_id, s.type])).toEqual([
      ['icc_search', 'global'],
      ['propose_practice', 'message'],
      ['propose_practice_new', 'global'],
    ]);
  });
});

describe('house rules', () => {
  it('only src/adapters/slack/ imports the Slack SDK, and it does not read the environment', () => {
    const offenders: string[] = [];
    for (const f of [...files(join(ROOT, 'src')), ...files(join(ROOT, 'intents'))]) {
      const rel = relative(ROOT, f);
      const src = readFileSync(f, 'utf8');
      const inSlack = rel.startsWith(join('src', 'adapters', 'slack'));
      if (!inSlack && /from\s+['"]@slack\//.test(src)) offenders.push(`${rel} imports @slack`);
      if (inSlack && /process\.env/.test(src)) offenders.push(`${rel} reads process.env`);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps user-facing Slack strings in content/i18n/en/slack.json', () => {
    const messages = JSON.parse(readFileSync(join(ROOT, 'content/i18n/en/slack.json'), 'utf8')) as Record<string, string>;
    const used = new Set<string>();
    for (const f of files(join(ROOT, 'src/adapters/slack'))) for (const m of readFileSync(f, 'utf8').matchAll(/['"](slack\.[a-zA-Z.]+)['"]/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) expect(messages[key], key).toBeTypeOf('string');
  });
});
