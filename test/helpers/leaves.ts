/**
 * Every key and string value inside a JSON-like value, one entry each. Tests that ask "does this export
 * mention X" match ids against these whole entries, not against one long JSON string: a timestamp such as
 * 2026-12-04T22:34:37Z contains "T2", and a regex over the whole string then fails every evening.
 */
export function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringLeaves(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringLeaves(v, out);
    }
  }
  return out;
}

/** The entries of `value` that name one of `ids` as a whole word (ids are matched literally). */
export function mentions(value: unknown, ids: readonly string[]): string[] {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escaped.join('|')})(?![\\p{L}\\p{N}_])`, 'u');
  return stringLeaves(value).filter((s) => re.test(s));
}
