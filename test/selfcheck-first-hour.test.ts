/**
 * Issue 14, self-check: results without a city, "Don't know" areas on the radar, tied weakest areas,
 * and "cancel" that asks before answers are lost.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../src/app.js';
import type { Reply, Turn } from '../src/core/turn.js';
import { radarSvg, type RadarChart } from '../src/selfcheck/chart.js';
import { reminderJobId, selfcheckStores } from '../src/selfcheck/model.js';
import { tiedWeakest, weakestAreas } from '../src/selfcheck/results.js';
import { buttonsOf, fixedClock, press, testApp, textOf, turn } from './helpers/app.js';

// The chart specs the results draw (the PNG is still written by the real module).
const { lastChart } = vi.hoisted(() => ({ lastChart: [] as RadarChart[] }));
vi.mock('../src/selfcheck/chart.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../src/selfcheck/chart.js')>();
  return {
    ...orig,
    writeRadarPng: (path: string, chart: RadarChart) => {
      lastChart.push(chart);
      return orig.writeRadarPng(path, chart);
    },
  };
});

const opened: App[] = [];
afterAll(async () => {
  for (const a of opened) await a.close();
});

const clock = fixedClock('2026-05-03T09:00:00.000Z');
let shared: App | undefined;
let tenants = 0;

async function setup(locale?: string) {
  if (!shared) {
    shared = await testApp({}, { clock });
    opened.push(shared);
  }
  const tenant = `T${++tenants}`;
  const over: Partial<Turn> = { tenant, conversation: { platform: 'console', tenant, conversation: 'C1', kind: 'dm' }, ...(locale ? { locale } : {}) };
  return { app: shared, tenant, scope: { platform: 'console' as const, tenant }, over };
}

function chat(app: App, over: Partial<Turn>) {
  let last: Reply[] = [];
  const say = async (text: string) => (last = await app.bot.handle(turn(text, over)));
  const click = async (label: string | RegExp) => {
    const b = buttonsOf(last).find((x) => (typeof label === 'string' ? x.label === label : label.test(x.label)));
    if (!b) throw new Error(`no button ${label} in: ${buttonsOf(last).map((x) => x.label).join(', ')}`);
    return (last = await app.bot.handle(press(b.action, over)));
  };
  return { say, click, last: () => last, text: () => textOf(last) };
}

describe('results without a city', () => {
  it('says that no city is set and how to set it, not "no completed self-check"', async () => {
    const { app, over } = await setup();
    const u = chat(app, over);
    await u.say('Show me my self-check results');
    expect(u.text()).not.toMatch(/no completed self-check/);
    expect(u.text()).toMatch(/haven’t told me your city/);
    expect(u.text()).toMatch(/my city is/);
    await u.say('share with my working group');
    expect(u.text()).toMatch(/haven’t told me your city/);
    // With a city and no result, the old answer is right.
    await u.say('my city is Oslo');
    await u.say('Show me my self-check results');
    expect(u.text()).toMatch(/Your city has no completed self-check yet/);
  });

  it('in French too', async () => {
    const { app, over } = await setup('fr');
    const u = chat(app, over);
    await u.say('Show me my self-check results');
    expect(u.text()).toMatch(/ma ville est/i);
  });
});

describe('tied weakest areas', () => {
  it('tiedWeakest names every area at the cut-off score', () => {
    const areas = { commitment: 40, education: 40, neighbourhoods: 40, 'public-services': 40, language: 80 };
    expect(weakestAreas(areas)).toHaveLength(3);
    expect(tiedWeakest(areas)).toEqual({ score: 40, areas: ['commitment', 'education', 'neighbourhoods', 'public-services'] });
    expect(tiedWeakest({ commitment: 10, education: 20, neighbourhoods: 30, language: 40 })).toBeUndefined();
    // A tie below the cut-off is not a tie of the third place.
    expect(tiedWeakest({ commitment: 10, education: 10, neighbourhoods: 30, language: 40 })).toBeUndefined();
  });

  it('the results say which areas tie instead of silently taking the first three', async () => {
    const { app, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    const weak = [1, 6, 8, 15]; // education, public space, language, participation
    for (let i = 0; i < 17; i++) await u.say(weak.includes(i) ? 'no' : 'yes');
    expect(u.text()).toMatch(/tied: Education, Public space, Language and Participation at 0/);
    await u.click('Share with my working group');

    // Every area tied: said as such.
    await u.say('start the self-check');
    for (let i = 0; i < 17; i++) await u.say('partly');
    expect(u.text()).toMatch(/All 17 scored areas are tied at 50/);
  });

  it('the shared card says so too', async () => {
    const { app, tenant, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    const weak = [1, 6, 8, 15];
    for (let i = 0; i < 17; i++) await u.say(weak.includes(i) ? 'no' : 'yes');
    // Results are shared from the working group's own channel (only where the person is).
    const inChannel = chat(app, { ...over, conversation: { platform: 'console', tenant, conversation: 'wg', kind: 'channel' } });
    await inChannel.say('share with my working group');
    await inChannel.click('wg');
    const card = inChannel.last().find((r) => r.to)!.cards![0]!;
    expect(card.fields!.find((f) => f.label === 'Most room to grow')!.value).toMatch(/tied: Education, Public space, Language and Participation at 0/);
  });
});

describe('cancel in the middle of a run', () => {
  it('asks first when answers would be lost; "No, keep going" keeps the run, "Yes, discard" drops it', async () => {
    const { app, tenant, scope, over } = await setup();
    const u = chat(app, over);
    const run = () => selfcheckStores(app.stores.store).runs.get(scope, 'U1');
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    await u.say('yes');
    await u.say('no');
    await u.say('cancel');
    expect(u.text()).toMatch(/2 answers/);
    expect(buttonsOf(u.last()).map((b) => b.label)).toEqual(['Yes, discard', 'No, keep going']);
    expect((await run())!.answers).toMatchObject({ 'commitment-1': 'yes' });

    await u.click('No, keep going');
    expect(u.text()).toMatch(/3\/17/);
    expect(Object.keys((await run())!.answers)).toHaveLength(2);

    // Words work too.
    await u.say('stop');
    await u.say('no');
    expect(u.text()).toMatch(/3\/17/);
    expect(Object.keys((await run())!.answers)).toHaveLength(2);
    await u.say('cancel');
    await u.say('yes');
    expect(u.text()).toMatch(/Self-check cancelled/);
    expect(await run()).toBeUndefined();
    expect(await app.jobs.get(scope, reminderJobId('U1'))).toBeUndefined();
    expect(tenant).toBeTruthy();
  });

  it('the confirm buttons work, and cancelling with no answer yet does not ask', async () => {
    const { app, scope, over } = await setup();
    const u = chat(app, over);
    const run = () => selfcheckStores(app.stores.store).runs.get(scope, 'U1');
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    await u.say('cancel');
    expect(u.text()).toMatch(/Self-check cancelled/);
    expect(await run()).toBeUndefined();

    await u.say('start the self-check');
    await u.say('partly');
    await u.say('annuler');
    await u.click('Yes, discard');
    expect(u.text()).toMatch(/Self-check cancelled/);
    expect(await run()).toBeUndefined();
    await u.say('cancel');
    expect(u.text()).toMatch(/nothing to cancel/);
  });

  it('"cancel my self-check" typed later (run paused) asks too; "oui" / "Oui, supprimer" discard in French', async () => {
    const { app, scope, over } = await setup();
    const u = chat(app, over);
    const run = () => selfcheckStores(app.stores.store).runs.get(scope, 'U1');
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    await u.say('yes');
    await u.say('pause');
    await u.say('cancel my self-check');
    expect(buttonsOf(u.last()).map((b) => b.label)).toEqual(['Yes, discard', 'No, keep going']);
    expect(await run()).toBeDefined();
    await u.say('keep going');
    expect(u.text()).toMatch(/2\/17/);

    const fr = chat(app, { ...over, locale: 'fr' });
    await fr.say('annuler');
    expect(buttonsOf(fr.last()).map((b) => b.label)).toEqual(['Oui, supprimer', 'Non, continuer']);
    await fr.say('Oui, supprimer');
    expect(await run()).toBeUndefined();
  });

  it('something else than yes or no keeps the run and asks the question again', async () => {
    const { app, scope, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    await u.say('yes');
    await u.say('cancel');
    await u.say('hmm what');
    expect(u.text()).toMatch(/2\/17/);
    expect(await selfcheckStores(app.stores.store).runs.get(scope, 'U1')).toBeDefined();
  });
});

describe('"Don\'t know" on the radar', () => {
  const axes = ['A', 'B', 'C', 'D', 'E', 'F'];
  it('an area without a score is not drawn at the centre: a gap, a hollow marker on the axis and a legend note', () => {
    const svg = radarSvg({ title: 't', axes, series: [{ label: 'now', values: [50, 60, null, 70, 80, 90], color: '#1f6feb' }], notScored: 'not scored (“Don’t know”)' });
    // The centre of the chart never appears as a point of a series.
    const cx = 480;
    const cy = 490;
    const seriesShapes = svg.split('\n').filter((l) => /stroke="#1f6feb"|fill="#1f6feb"/.test(l));
    for (const l of seriesShapes) expect(l).not.toContain(`${cx.toFixed(1)},${cy.toFixed(1)}`);
    // No closed polygon through the missing axis: the scored runs are open polylines.
    expect(svg).not.toMatch(/<polygon[^>]*stroke="#1f6feb"/);
    expect(svg).toMatch(/<polyline[^>]*stroke="#1f6feb"/);
    // A hollow marker for the unscored axis, and the legend says what it means.
    expect(svg).toMatch(/<circle[^>]*fill="#ffffff"[^>]*stroke="#1f6feb"[^>]*class="not-scored"/);
    expect(svg).toContain('not scored (“Don’t know”)');
  });

  it('a complete series is still one closed polygon with filled dots', () => {
    const svg = radarSvg({ title: 't', axes, series: [{ label: 'now', values: [50, 60, 10, 70, 80, 90], color: '#1f6feb' }] });
    expect(svg).toMatch(/<polygon[^>]*stroke="#1f6feb"/);
    expect(svg).not.toMatch(/class="not-scored"/);
  });

  it('the results chart of a run with "Don\'t know" answers carries the note', async () => {
    const { app, over } = await setup();
    const u = chat(app, over);
    await u.say('my city is Oslo');
    await u.say('start the self-check');
    for (let i = 0; i < 17; i++) await u.say(i === 3 ? "don't know" : 'yes');
    const image = u.last().find((r) => r.image)?.image;
    expect(image).toBeDefined();
    const spec = lastChart.at(-1)!;
    expect(spec.notScored).toMatch(/not scored/i);
    expect(spec.series.at(-1)!.values[3]).toBeNull();
  });
});
