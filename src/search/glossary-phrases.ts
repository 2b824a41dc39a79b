/**
 * Multi-word glossary terms ("hate speech", "мова ворожнечі", "politique locale") found in a query by
 * their words' stems, not their spelling: languages that inflect put a phrase's words in other forms
 * ("з мовою ворожнечі", "до місцевої політики", "discorsi d'odio"), and a phrase matched only as
 * written missed every such question. Each phrase word matches a query word sharing a token with it in
 * some language of its script (or the same folded word), and the words must stand next to each other
 * in the query's content words (stop words are already out of both).
 */
import type { Glossary } from '../content/schemas.js';
import { analyze, analyzeAll, isStopword, rawWords, splitCompound, termLangs } from './analysis.js';
import { fold, QUERY_STOPWORDS } from './text.js';

type Group = Glossary['groups'][number];

export interface GlossaryPhrase {
  /** Per content word of the phrase, the tokens a query word may share with it. */
  words: ReadonlyArray<ReadonlySet<string>>;
  group: Group;
}

/** A word's forms for phrase matching: its tokens in every language of its script, and itself folded. */
function formsOf(raw: string): Set<string> {
  return new Set([fold(raw), ...analyzeAll(raw)]);
}

/** The multi-word terms of the glossary's groups, as their content words' forms. */
export function compileGlossaryPhrases(groups: readonly Group[]): GlossaryPhrase[] {
  const out: GlossaryPhrase[] = [];
  for (const group of groups)
    for (const t of group.terms) {
      const ws = rawWords(t);
      if (ws.length < 2) continue;
      // Matched against the query's terms, which have no stop words: "gens du voyage" as "gens voyage".
      const content = ws.filter((w) => !QUERY_STOPWORDS.has(fold(w)) && !isStopword(w));
      out.push({ words: (content.length > 1 ? content : ws).map(formsOf), group });
    }
  return out;
}

/**
 * Every phrase found in the query's words (`raws`, as typed), with the positions of the words it covers.
 * A query has at most 16 words, so trying each phrase at each position is cheap.
 */
export function findGlossaryPhrases(raws: readonly string[], phrases: readonly GlossaryPhrase[]): Array<{ group: Group; at: number[] }> {
  const forms = raws.map(formsOf);
  const shares = (i: number, k: number, p: GlossaryPhrase) => {
    for (const f of forms[i + k]!) if (p.words[k]!.has(f)) return true;
    return false;
  };
  const found: Array<{ group: Group; at: number[] }> = [];
  for (const p of phrases) {
    const n = p.words.length;
    const at: number[] = [];
    for (let i = 0; i + n <= raws.length; i++) {
      let ok = true;
      for (let k = 0; k < n && ok; k++) ok = shares(i, k, p);
      if (ok) for (let k = 0; k < n; k++) at.push(i + k);
    }
    if (at.length) found.push({ group: p.group, at: [...new Set(at)] });
  }
  return found;
}

/**
 * One-word glossary terms by their tokens in each language of their script (`lang|token` -> groups), and per
 * group the words a query is expanded with (one-word terms only: the words of "health services" would expand to
 * every practice about services; no stop words).
 */
export function indexGlossaryWords(groups: readonly Group[], tokens: Map<string, Group[]>, groupWords: Map<Group, string[]>): void {
  for (const group of groups) {
    for (const t of group.terms) {
      const ws = rawWords(t);
      if (ws.length !== 1) continue;
      for (const l of termLangs(ws[0]!)) {
        // A compound term by its own stem, not its parts: "Sprachcafé" is no synonym of every Sprache.
        const parts = l === 'de' ? splitCompound(fold(ws[0]!)) ?? [] : [];
        for (const tok of analyze(l, ws[0]!).filter((x) => !parts.some((p) => analyze('de', p)[0] === x))) {
          if (tok.length < 3) continue;
          const list = tokens.get(`${l}|${tok}`) ?? [];
          if (!list.includes(group)) list.push(group);
          tokens.set(`${l}|${tok}`, list);
        }
      }
    }
    const single = group.terms.map((t) => rawWords(t)).filter((ws) => ws.length === 1).map((ws) => ws[0]!);
    groupWords.set(group, [...new Set(single.filter((w) => !isStopword(w) && !QUERY_STOPWORDS.has(fold(w)) && w.length > 1))]);
  }
}
