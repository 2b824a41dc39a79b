/**
 * An approved proposal as a practice: the same shape as content/practices (PracticeSchema), so the
 * search shows it like any other and `practices export` prints lines that can be committed as content.
 */
import type { Content } from '../content/loader.js';
import { PracticeSchema, type City, type Practice } from '../content/schemas.js';
import type { Scope } from '../core/turn.js';
import { fold } from '../search/text.js';
import { directoryOf } from './fields.js';
import { proposalStore, type Proposal } from './store.js';
import type { Store } from '../core/store.js';

const ID_MAX = 80;

/** A lowercase slug of the city and title ("bergen-language-cafe"), unique among `taken`. */
export function practiceIdFor(cityId: string, title: string, taken: ReadonlySet<string>): string {
  const slug = fold(`${cityId} ${title}`)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let base = slug.slice(0, ID_MAX).replace(/-+$/, '') || 'practice';
  if (!/^[a-z0-9]/.test(base)) base = `practice-${base}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** Keywords the content schema asks for: the city, and the title when short enough to be one. */
function keywordsOf(p: Proposal, city: City | undefined): string[] {
  const out = [city?.name ?? p.city];
  const title = p.title.trim();
  if (title.length <= 60) out.push(title);
  return [...new Set(out.filter((k) => k.length >= 2))];
}

/** The approved proposal as a content practice; undefined when it is not approved or does not pass PracticeSchema. */
export function toPractice(p: Proposal, content: Pick<Content, 'cities'>): Practice | undefined {
  if (p.status !== 'approved' || !p.practiceId || !p.verified) return undefined;
  const city = directoryOf(content.cities).get(p.city);
  const practice = {
    id: p.practiceId,
    title: p.title,
    summary: p.summary,
    city: city?.name ?? p.city,
    country: city?.country ?? '',
    year: p.year,
    areas: p.areas,
    keywords: keywordsOf(p, city),
    source: p.source,
    verified: p.verified,
  };
  const r = PracticeSchema.safeParse(practice);
  return r.success ? r.data : undefined;
}

/** The practices approved in one workspace, as content practices, content's own ids left out (content wins). */
export async function approvedPractices(store: Store, scope: Scope, content: Pick<Content, 'cities' | 'practices'>): Promise<Practice[]> {
  const inContent = new Set(content.practices.map((p) => p.id));
  const out: Practice[] = [];
  for (const p of await proposalStore(store).list(scope, ['approved'])) {
    const practice = toPractice(p, content);
    if (practice && !inContent.has(practice.id) && !out.some((o) => o.id === practice.id)) out.push(practice);
  }
  return out;
}
