/**
 * The privacy notice and terms of use the Teams app manifest links to, served by `serve` at /privacy
 * and /terms (so `${PUBLIC_URL}/privacy` and `/terms`). The privacy page is built from the same
 * messages the bot answers "what do you store about me?" with; both pages come in every catalogue's
 * language (`?lang=fr`, else the browser's Accept-Language, else the workspace default). Every text is
 * HTML-escaped; the pages load nothing else.
 */
import type { ServerResponse } from 'node:http';
import type { I18n, Translate } from '../core/i18n.js';
import { RETENTION } from '../core/stores.js';
import { personalDataSources } from '../app.js';
import type { PersonalDataSource } from '../privacy/personal-data.js';
import type { HttpRequest, HttpRoute } from './http.js';

export const PRIVACY_PATH = '/privacy';
export const TERMS_PATH = '/terms';

const DAY = 24 * 60 * 60 * 1000;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The page's language: ?lang=, then Accept-Language in the browser's order, then the default. */
export function pageLocale(req: Pick<HttpRequest, 'url' | 'headers'>, i18n: I18n, fallback: string): string {
  const asked = new URL(req.url ?? '/', 'http://x').searchParams.get('lang') ?? undefined;
  const fromQuery = i18n.supported(asked?.slice(0, 20));
  if (fromQuery) return fromQuery;
  const header = String(req.headers['accept-language'] ?? '').slice(0, 500);
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag: tag!.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const l = i18n.supported(tag);
    if (l) return l;
  }
  return i18n.supported(fallback) ?? 'en';
}

function page(locale: string, t: Translate, title: string, body: string[]): string {
  const nav = `<p><a href="${PRIVACY_PATH}?lang=${escapeHtml(locale)}">${escapeHtml(t('legal.privacyLink'))}</a> · <a href="${TERMS_PATH}?lang=${escapeHtml(locale)}">${escapeHtml(t('legal.termsLink'))}</a></p>`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(locale)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:42em;margin:2em auto;padding:0 1em;line-height:1.5;color:#1b1b1b}h1{color:#1F4E8C;font-size:1.5em}</style>',
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...body,
    nav,
    '</body></html>',
    '',
  ].join('\n');
}

const para = (s: string) => `<p>${escapeHtml(s)}</p>`;

/** The privacy notice: one line per kind of personal data the features keep (the app's by default). */
export function privacyPage(i18n: I18n, locale: string, sources: readonly PersonalDataSource[] = personalDataSources): string {
  const t = i18n.translator(locale);
  const items = sources.map((s) => `<li>${escapeHtml(t(s.describeKey, { dialogDays: RETENTION.dialogMs / DAY, feedbackDays: RETENTION.feedbackMs / DAY }))}</li>`);
  return page(locale, t, t('legal.privacy.title'), [
    para(t('legal.privacy.intro')),
    `<ul>\n${items.join('\n')}\n</ul>`,
    para(t('privacy.retention', { dedupeHours: RETENTION.dedupeMs / 3_600_000 })),
    para(t('privacy.whatStays')),
    para(t('privacy.rights')),
    para(t('legal.privacy.how')),
  ]);
}

export function termsPage(i18n: I18n, locale: string): string {
  const t = i18n.translator(locale);
  return page(locale, t, t('legal.terms.title'), ['legal.terms.purpose', 'legal.terms.answers', 'legal.terms.input', 'legal.terms.privacy', 'legal.terms.warranty'].map((k) => para(t(k))));
}

function sendHtml(res: ServerResponse, html: string): void {
  const body = Buffer.from(html);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'public, max-age=3600',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    vary: 'accept-language',
  });
  res.end(body);
}

export function legalRoutes(i18n: I18n, defaultLocale: string, sources: readonly PersonalDataSource[] = personalDataSources): HttpRoute[] {
  return [
    { method: 'GET', path: PRIVACY_PATH, handler: async (req, res) => sendHtml(res, privacyPage(i18n, pageLocale(req, i18n, defaultLocale), sources)) },
    { method: 'GET', path: TERMS_PATH, handler: async (req, res) => sendHtml(res, termsPage(i18n, pageLocale(req, i18n, defaultLocale))) },
  ];
}
