/** JSONL files read line by line with a schema: a bad line is reported by its number and field, not skipped. */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** Why a line was refused: its number (from 1), the field ("(json)" when it is no JSON), and what is wrong. */
export type JsonlFailure = (line: number, field: string, message: string) => never;

export function readJsonlRecords<T>(path: string, schema: z.ZodType<T>, fail: JsonlFailure): T[] {
  const out: T[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        fail(i + 1, '(json)', `is not valid JSON: ${(err as Error).message}`);
      }
      const res = schema.safeParse(raw);
      if (!res.success) {
        const issue = res.error.issues[0]!;
        fail(i + 1, issue.path.map(String).join('.'), issue.message);
      }
      out.push(res.data as T);
    });
  return out;
}
