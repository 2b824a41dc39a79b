/** Text normalisation shared by the index and the queries, so both sides fold the same way. */

/** Lowercase, strip accents (é -> e, ø -> o), keep letters and digits of every script. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase();
}

// eslint-disable-next-line no-control-regex -- the ASCII range, NUL included
const NON_ASCII = /[^\x00-\x7f]/;

/** Words as people type them: split on anything that is not a letter or digit; hyphens split too. */
export function words(s: string): string[] {
  // Plain ASCII (most text) needs no Unicode folding: same result, a third faster to index 100k practices.
  if (!NON_ASCII.test(s)) {
    const out = s.toLowerCase().split(/[^a-z0-9]+/);
    if (out[0] === '') out.shift();
    if (out.length > 0 && out[out.length - 1] === '') out.pop();
    return out;
  }
  return fold(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}


/**
 * Words that say "find me something" rather than what to find. Removed from queries before search,
 * so "how did other cities run an anti-rumour campaign" searches for anti-rumour campaign.
 */
export const QUERY_STOPWORDS = new Set(
  `a an the and or of to in on at for from by with about into over under as is are was were be been being
  do does did done doing have has had how what which who whom whose where when why any some other others
  other's me my our ours we us you your i it its this that these those there their they them
  can could would should will shall may might must please show give find search look looking tell know
  let lets let's want need get got run ran running runs organise organize organised organized
  practice practices example examples good best idea ideas initiative initiatives project projects
  city cities town towns municipality municipalities council councils network any anything something
  icc intercultural like such also more most very just than then so not no yes`
    .split(/\s+/)
    .filter(Boolean),
);

/** Levenshtein distance with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
