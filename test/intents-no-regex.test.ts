/**
 * Issue 16: routing has one source. What users type is matched by the phrases of content/intents/ and
 * the word lists of content/words/, in every language; an intent file holds no regular expression over
 * user text. This test reads intents/*.ts with the TypeScript parser (so comments and strings never
 * count) and fails on:
 *   - `new RegExp(...)` / `RegExp(...)`: a pattern built at run time, typically from a list of words;
 *   - a regex literal with the `i` flag: case-insensitive matching is what words need;
 *   - a regex literal with a word in it (two letters in a row outside `[...]` and `\x` escapes), e.g.
 *     `/^(export|download)\b/` or `/\bпродовж/u`, whatever its flags.
 * A literal given to zod's `.regex(...)` validates a machine id (`/^\d{4}-W\d{2}$/`), not typed text, and
 * is allowed; so are character-level helpers without words (`/-([a-z])/g`, trimming quotes).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/app.js';

interface Finding {
  line: number;
  text: string;
  why: string;
}

/** The pattern without its character classes and escapes: what is left are literal characters. */
function literalPart(pattern: string): string {
  return pattern.replace(/\\./gu, ' ').replace(/\[(?:[^\]\\]|\\.)*\]/gu, ' ');
}

function isZodRegexArgument(node: ts.Node): boolean {
  const call = node.parent;
  return ts.isCallExpression(call) && call.arguments.includes(node as ts.Expression) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'regex';
}

/** The regular expressions over text in a TypeScript source that issue 16 forbids in an intent file. */
function userTextRegexes(source: string, fileName = 'intent.ts'): Finding[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Finding[] = [];
  const report = (node: ts.Node, why: string) => out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: node.getText(sf).slice(0, 80), why });
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral && !isZodRegexArgument(node)) {
      const text = node.getText(sf);
      const slash = text.lastIndexOf('/');
      const [pattern, flags] = [text.slice(1, slash), text.slice(slash + 1)];
      if (flags.includes('i')) report(node, 'case-insensitive regex (the `i` flag)');
      else if (/\p{L}{2}/u.test(literalPart(pattern))) report(node, 'regex with a word in it');
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') report(node, 'RegExp built at run time');
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('intent files hold no regex over what users type (issue 16)', () => {
  const dir = join(ROOT, 'intents');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it('finds the intent files', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files)
    it(`intents/${file}`, () => {
      expect(userTextRegexes(readFileSync(join(dir, file), 'utf8'), file)).toEqual([]);
    });

  // The detector itself, on the rules issue 16 moved out of the intent files (so it can fail).
  it('catches the kinds of regex that used to classify user text', () => {
    const moved = [
      String.raw`const m = matchPatterns(text, [[/^\s*(?:please\s+)?(?:connect|introduce)\s+(?:me|us)\s+(?:with|to)\b/i, 0.95]]);`,
      String.raw`const CITY_LEAD = /^\s*(?:(?:it'?s|my city is)\s+)?/iu;`,
      String.raw`if (/^(export|download)\b/.test(sub)) return 1;`,
      String.raw`const r = /\bпродовж/u.test(text);`,
      String.raw`const r = new RegExp('\\b(' + words.join('|') + ')\\b').test(text);`,
      String.raw`const TIPS = /\btips?\b/;`,
    ];
    for (const src of moved) expect(userTextRegexes(src), src).toHaveLength(1);
  });

  it('leaves machine ids, character helpers, comments and strings alone', () => {
    const fine = [
      String.raw`const S = z.object({ w: z.string().regex(/^\d{4}-W\d{2}$/) });`,
      String.raw`const key = (t: string) => t.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());`,
      String.raw`const clean = (s: string) => s.trim().replace(/^["“”'«„]+|["“”'».!?]+$/gu, '').trim();`,
      String.raw`const digit = /^[1-9]\d?$/.test(word);`,
      String.raw`// once: /\b(cancel|discard)\b/i` + '\n' + String.raw`const s = "/continue/i";`,
    ];
    for (const src of fine) expect(userTextRegexes(src), src).toEqual([]);
  });
});
