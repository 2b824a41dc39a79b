/**
 * One language per conversation: a Ukrainian and a German user (language set through settings) walk the
 * main flows — help, a search and its buttons, an area button, a self-check (start, answers, pause,
 * results), peers, the nudges form in a channel, a search with nothing found and its "Ask the network",
 * the curators' gap digest, privacy — pressing every button of every reply, and
 * no reply may carry an English catalogue message (or an English area name) that their language has
 * in its own words. Names, ids, numbers and short strings are left aside.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Button, Reply, Turn } from '../src/core/turn.js';
import { RecordingSender, Senders } from '../src/core/sender.js';
import { createGapDigestTask } from '../src/gaps/scheduler.js';
import { shortSummary } from '../src/replies/practice-card.js';
import { ROOT, fixedClock, press, testApp, turn } from './helpers/app.js';
import { PROPOSAL } from './helpers/knowledge.js';

function catalogue(locale: string): Record<string, string> {
  const dir = join(ROOT, 'content', 'i18n', locale);
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) Object.assign(out, JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return out;
}

/** The literal text of an ICU message outside its {arguments} and plural/select blocks (a linear brace scan). */
export function literalParts(message: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of message) {
    if (ch === '{') {
      if (depth === 0) parts.push(current);
      current = '';
      depth++;
    } else if (ch === '}') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0) current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

const MIN = 14;

/** English fragments (catalogue literals of 14+ characters, English area names) that `locale` says otherwise. */
function englishFragments(app: App, locale: string): Map<string, string> {
  const en = catalogue('en');
  const own = catalogue(locale);
  const ownText = Object.values(own).join('\n');
  const out = new Map<string, string>();
  for (const [key, message] of Object.entries(en)) {
    if (own[key] === message) continue;
    for (const part of literalParts(message)) if (part.length >= MIN && !ownText.includes(part)) out.set(part, key);
  }
  const enAreas = app.content.selfcheck.text.get('en')!.areas;
  const localAreas = app.content.selfcheck.text.get(locale)!.areas;
  for (const [id, a] of Object.entries(enAreas)) {
    const local = localAreas[id as keyof typeof localAreas]?.name;
    if (a.name.length >= 6 && local && local !== a.name) out.set(a.name, `area ${id}`);
  }
  return out;
}

function textsOf(r: Reply): string[] {
  const out: string[] = [];
  if (r.text) out.push(r.text);
  for (const c of r.cards ?? []) {
    out.push(c.title, c.subtitle ?? '', c.body ?? '');
    for (const f of c.fields ?? []) out.push(f.label, f.value);
    for (const b of c.buttons ?? []) out.push(b.label);
  }
  for (const b of r.buttons ?? []) out.push(b.label);
  out.push(...(r.choices ?? []));
  if (r.form) {
    out.push(r.form.title, r.form.submitLabel);
    for (const f of r.form.fields) out.push(f.label, f.placeholder ?? '', ...(f.options ?? []).map((o) => o.label));
  }
  if (r.image) out.push(r.image.alt, r.image.title ?? '');
  for (const e of Object.values(r.formErrors ?? {})) out.push(e);
  return out.filter(Boolean);
}

let practiceTexts: string[] = [];
/** Practice titles and summaries (their translation is the practices' own work, not the catalogue's) and links left out. */
function withoutPracticeText(text: string): string {
  let out = text.replace(/https?:\/\/\S+/g, ' ');
  for (const p of practiceTexts) if (out.includes(p)) out = out.split(p).join(' ');
  return out;
}

const buttonsIn = (replies: Reply[]): Button[] => replies.flatMap((r) => [...(r.cards ?? []).flatMap((c) => c.buttons ?? []), ...(r.buttons ?? [])]);

let app: App;
beforeAll(async () => {
  // The walkers curate their own workspace's proposals, so the curators' side is walked in their language
  // too; a network channel in both walkers' workspaces, for "Ask the network".
  app = await testApp({ CURATORS: 'console:W-uk=walker-uk; console:W-de=walker-de; slack:W-uk=walker-uk; slack:W-de=walker-de', NETWORK_CHANNEL: 'console:W-uk=NET-uk; console:W-de=NET-de' });
  const all = app.content.practices;
  practiceTexts = all.flatMap((p) => [p.title, p.summary, shortSummary(p.summary)]).sort((a, b) => b.length - a.length);
});
afterAll(async () => {
  await app?.close();
});

class Walker {
  readonly found: string[] = [];
  private pressed = new Set<string>();
  constructor(
    private readonly locale: string,
    private readonly fragments: Map<string, string>,
    readonly over: Partial<Turn>,
  ) {}

  check(where: string, replies: Reply[]) {
    // A reply addressed elsewhere (the question posted to the network channel) is for the people there,
    // in the workspace's language; what the asking user reads is checked.
    for (const r of replies.filter((x) => !x.to && !x.deliverTo))
      for (const text of textsOf(r).map(withoutPracticeText))
        for (const [fragment, key] of this.fragments) if (text.includes(fragment)) this.found.push(`${this.locale} ${where}: English "${fragment}" (${key}) in: ${text.slice(0, 160)}`);
  }

  async say(text: string, over: Partial<Turn> = {}): Promise<Reply[]> {
    const replies = await app.bot.handle(turn(text, { ...this.over, ...over }));
    this.check(`"${text}"`, replies);
    return replies;
  }

  async click(b: Button, from: string, over: Partial<Turn> = {}): Promise<Reply[]> {
    const replies = await app.bot.handle(press(b.action, { ...this.over, ...over }));
    this.check(`${from} > [${b.label}]`, replies);
    return replies;
  }

  /** Presses every button of the replies, and of the replies those give, `depth` levels down. */
  async pressAll(replies: Reply[], from: string, depth: number, over: Partial<Turn> = {}, skip: (b: Button) => boolean = () => false): Promise<void> {
    if (depth === 0) return;
    for (const b of buttonsIn(replies)) {
      const id = JSON.stringify(b.action);
      if (this.pressed.has(id) || skip(b)) continue;
      this.pressed.add(id);
      const next = await this.click(b, from, over);
      await this.pressAll(next, `${from} > [${b.label}]`, depth - 1, over, skip);
    }
  }
}

const LANGUAGE_WORDS: Record<string, { setLanguage: string; help: string; privacy: string; peers: string; area: string; propose: string; yes: string }> = {
  uk: { setLanguage: 'мова: українська', help: 'допомога', privacy: 'що ви зберігаєте про мене?', peers: 'які міста добре вітають новоприбулих?', area: 'Welcoming newcomers', propose: 'хочу поділитися практикою нашого міста', yes: 'так' },
  de: { setLanguage: 'Sprache: Deutsch', help: 'Hilfe', privacy: 'Welche Daten speichern Sie über mich?', peers: 'Welche Städte sind gut darin, Neuankömmlinge willkommen zu heißen?', area: 'Welcoming newcomers', propose: 'ich möchte ein Praxisbeispiel aus unserer Stadt teilen', yes: 'ja' },
};

/** Proposing a practice in the console dialog, wrong answers included, up to the preview. */
async function proposeInDialog(walker: Walker, w: { propose: string }): Promise<Reply[]> {
  await walker.say(w.propose);
  const answers = [PROPOSAL.title, 'Atlantis', PROPOSAL.city, 'zu kurz', PROPOSAL.summary, 'rumours', 'education', 'ftp://example.org', PROPOSAL.source, '1900', PROPOSAL.year];
  let last: Reply[] = [];
  for (const a of answers) last = await walker.say(a);
  return last;
}

describe('one language per conversation', () => {
  for (const [locale, w] of Object.entries(LANGUAGE_WORDS)) {
    it(`every reply and button is in ${locale} across the main flows`, async () => {
      const fragments = englishFragments(app, locale);
      expect(fragments.size).toBeGreaterThan(50);
      const dm: Partial<Turn> = { user: { id: `walker-${locale}` }, tenant: `W-${locale}`, conversation: { platform: 'console', tenant: `W-${locale}`, conversation: `D-${locale}`, kind: 'dm' } };
      const walker = new Walker(locale, fragments, dm);

      // The language set in words, then the city.
      const set = await walker.say(w.setLanguage);
      expect(set[0]!.locale).toBe(locale);
      expect((await app.stores.profile.get({ platform: 'console', tenant: `W-${locale}` }, dm.user!.id))?.locale).toBe(locale);
      await walker.say('/icc city Oslo');

      // Help and its buttons.
      await walker.pressAll(await walker.say(w.help), 'help', 2);

      // A search and its buttons (more results, more like this, helpful, not helpful -> area buttons).
      await walker.pressAll(await walker.say('/icc search anti-rumour'), 'search', 2);

      // An area button on its own.
      await walker.click({ label: 'area', action: { intent: 'search', name: 'area', data: { a: 'welcoming-newcomers' } } }, 'area button');

      // Self-check: start, a few answers, pause, continue, the rest, results and their buttons.
      let sc = await walker.say('/icc check');
      for (let i = 0; i < 3; i++) {
        const yes = buttonsIn(sc).find((b) => b.action.name === 'answer' && b.action.data['v'] === (i === 1 ? 'partly' : 'yes'))!;
        sc = await walker.click(yes, 'self-check answer');
      }
      const pause = buttonsIn(sc).find((b) => b.action.name === 'pause')!;
      sc = await walker.click(pause, 'self-check');
      sc = await walker.click(buttonsIn(sc).find((b) => b.action.name === 'continue')!, 'self-check paused');
      for (let i = 0; i < 30 && buttonsIn(sc).some((b) => b.action.name === 'answer'); i++) {
        const b = buttonsIn(sc).find((x) => x.action.name === 'answer' && x.action.data['v'] === (i % 3 === 0 ? 'no' : 'partly'))!;
        sc = await walker.click(b, 'self-check answer');
      }
      await walker.pressAll(sc, 'self-check results', 2);

      // Peers, in the user's words and as a command, with their buttons.
      await walker.pressAll(await walker.say(w.peers), 'peers', 2, {}, (b) => b.action.name === 'connect');
      await walker.pressAll(await walker.say('/icc peers anti-rumour'), 'peers command', 1, {}, (b) => b.action.name === 'connect');

      // The nudges form in a channel, and a subscription through it.
      const channel: Partial<Turn> = { conversation: { platform: 'console', tenant: `W-${locale}`, conversation: `CH-${locale}`, kind: 'channel' } };
      const form = await walker.say('/icc nudge', channel);
      expect(form.some((r) => r.form)).toBe(true);
      const f = form.find((r) => r.form)!.form!;
      const submitted = await walker.click({ label: 'submit', action: { ...f.submit, data: { ...f.submit.data, day: 'mon', time: '09:00', timeZone: 'Europe/Berlin', topics: '' } } }, 'nudges form', channel);
      await walker.pressAll(submitted, 'nudges subscribed', 1, channel);
      await walker.pressAll(await walker.say('/icc nudge list', channel), 'nudges list', 1, channel);

      // Knowledge: a proposal in the dialog, sent back by the curator (the walker is one), changed and
      // sent again, then approved and rejected from the curator's card; the form on Slack with its errors.
      await proposeInDialog(walker, w);
      const sent = await walker.say(w.yes);
      const card = sent.find((r) => r.deliverTo)!;
      const changes = buttonsIn([card]).find((b) => b.action.name === 'changes')!;
      await walker.click(changes, 'curator card');
      const decided = await walker.say('Bitte / будь ласка: link the city page.');
      const edit = buttonsIn(decided.filter((r) => r.to)).find((b) => b.action.name === 'edit')!;
      let step = await walker.click(edit, 'decision');
      for (let i = 0; i < 6; i++) step = await walker.click(buttonsIn(step).find((b) => b.action.name === 'keep')!, 'edit dialog');
      const resent = await walker.say(w.yes);
      await walker.pressAll(resent.filter((r) => r.deliverTo), 'curator card again', 2);
      await walker.say('/icc curate');
      await walker.say('/icc curate verify');
      await proposeInDialog(walker, w);
      await walker.pressAll(await walker.say('no'), 'proposal stopped', 1);
      const slack: Partial<Turn> = { platform: 'slack', locale, conversation: { platform: 'slack', tenant: `W-${locale}`, conversation: `SD-${locale}`, kind: 'dm' } };
      // Curators' cards are in the curator's own language setting (else the workspace's): set it on Slack too.
      await walker.say(w.setLanguage, slack);
      const [withForm] = await walker.say('/icc propose', slack);
      const pf = withForm!.form!;
      await walker.click({ label: 'submit', action: { ...pf.submit, data: { ...pf.submit.data, ...PROPOSAL, city: 'Atlantis', summary: 'kurz', areas: '', source: 'x', year: '1800', title: 'x' } } }, 'proposal form', slack);
      const pv = await walker.click({ label: 'submit', action: { ...pf.submit, data: { ...pf.submit.data, ...PROPOSAL, areas: 'education' } } }, 'proposal form', slack);
      const sentBySlack = await walker.click(buttonsIn(pv).find((b) => b.action.name === 'submit')!, 'proposal preview', slack);
      const reject = buttonsIn(sentBySlack.filter((r) => r.deliverTo)).find((b) => b.action.name === 'reject')!;
      const [rf] = await walker.click(reject, 'curator card', slack);
      await walker.click({ label: 'reject', action: { ...rf!.form!.submit, data: { ...rf!.form!.submit.data, comment: '' } } }, 'reject form', slack);
      await walker.click({ label: 'reject', action: { ...rf!.form!.submit, data: { ...rf!.form!.submit.data, comment: 'Schon vorhanden / вже є.' } } }, 'reject form', slack);

      // A search with nothing found, "Ask the network" and its answer.
      const nothing = await walker.say('/icc search quantenteleportation raumschiffe');
      expect(buttonsIn(nothing).some((b) => b.action.intent === 'gaps')).toBe(true);
      await walker.pressAll(nothing, 'nothing found', 1, {}, (b) => b.action.intent !== 'gaps');

      // The curators' weekly digest of such gaps, for this walker as a curator (a Monday morning).
      const sender = new RecordingSender('console');
      const senders = new Senders();
      senders.register(sender);
      // The last Monday 09:30 UTC (DEFAULT_TIME_ZONE) before now: the week's send time has come, the search is within the digest's days.
      const monday = new Date(Date.now() - (((new Date().getUTCDay() + 6) % 7) * 86_400_000));
      monday.setUTCHours(9, 30, 0, 0);
      if (monday.getTime() > Date.now()) monday.setTime(monday.getTime() - 7 * 86_400_000);
      // This walker is its workspace's only curator (the other walk's workspace is not in this digest run).
      const curators = new Map([[`console:W-${locale}`, [`walker-${locale}`]]]);
      const digest = await createGapDigestTask({ app: { ...app, clock: fixedClock(monday.toISOString()), config: { ...app.config, curators } }, senders }).run();
      expect(digest.sent).toBeGreaterThanOrEqual(1);
      const mine = sender.sent.filter((s) => s.address.tenant === `W-${locale}`);
      expect(mine).toHaveLength(1);
      walker.check('gap digest', mine[0]!.replies);

      // Privacy: what do you store.
      await walker.pressAll(await walker.say(w.privacy), 'privacy', 1, {}, (b) => b.style === 'danger');

      expect(walker.found).toEqual([]);
    });
  }
});
