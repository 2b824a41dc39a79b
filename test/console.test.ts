/**
 * The terminal chat in process: the REPL wiring on a fake terminal (prompt, echo, history kept in a
 * bounded file, up-arrow recall) and numbers that pick no option. Piped mode is covered through the
 * real CLI in cli.test.ts.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../src/adapters/console/index.js';
import { testApp, type TestApp } from './helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

/** A stream that says it is a terminal, as process.stdin/stdout do on one. */
function fakeTty() {
  const s = new PassThrough() as PassThrough & { isTTY: boolean; columns: number; setRawMode(on: boolean): void; raw: boolean };
  s.isTTY = true;
  s.columns = 100;
  s.raw = false;
  s.setRawMode = (on) => {
    s.raw = on;
  };
  return s;
}

async function until(check: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function terminalSession(historyFile: string, historySize = 5) {
  const input = fakeTty();
  const output = fakeTty();
  let shown = '';
  output.on('data', (d) => (shown += String(d)));
  const done = runConsole({ bot: app.bot, input, output, interactive: true, json: false, user: 'U-tty', historyFile, historySize, logFile: '/var/tmp/icc/chat.log' });
  // What a person sees, without the cursor moves readline writes around the echo.
  const plain = () => shown.split('\u001b[').map((part, i) => (i === 0 ? part : part.replace(/^[0-9;]*[A-Za-z]/, ''))).join('');
  return { input, done, shown: plain };
}

describe('console chat on a terminal', () => {
  it('shows a prompt, echoes what is typed, says where logs go, and keeps a bounded history file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-console-'));
    const historyFile = join(dir, 'chat_history');
    const s = terminalSession(historyFile);
    await until(() => s.shown().includes('> '), 'the prompt');
    expect(s.shown()).toMatch(/Intercultural Cities assistant/);
    expect(s.shown()).toContain('Logs are written to /var/tmp/icc/chat.log.');
    s.input.write('help\r');
    await until(() => s.shown().includes("I'm the Intercultural Cities assistant"), 'the help answer');
    // readline echoed the typed line after the prompt, before the answer.
    const echoed = s.shown().indexOf('> help');
    expect(echoed).toBeGreaterThan(-1);
    expect(echoed).toBeLessThan(s.shown().indexOf("I'm the Intercultural Cities assistant"));
    for (const w of ['one', 'two', 'three', 'four', 'five', 'six']) {
      const before = s.shown().length;
      s.input.write(`${w}\r`);
      await until(() => s.shown().length > before && s.shown().endsWith('> '), `the answer to ${w}`);
    }
    s.input.write('\x04'); // Ctrl+D on an empty line leaves
    await s.done;
    expect(readFileSync(historyFile, 'utf8')).toBe('two\nthree\nfour\nfive\nsix\n');
    expect(statSync(historyFile).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('the next session recalls the history with the up arrow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icc-console-'));
    const historyFile = join(dir, 'chat_history');
    writeFileSync(historyFile, 'mediation\nhelp\n');
    const s = terminalSession(historyFile);
    await until(() => s.shown().includes('> '), 'the prompt');
    s.input.write('\x1b[A\r'); // up, enter: the newest line again
    await until(() => s.shown().includes("I'm the Intercultural Cities assistant"), 'the recalled help');
    s.input.end();
    await s.done;
  }, 30_000);
});

describe('console chat: numbers', () => {
  async function piped(lines: string[]) {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += String(d)));
    input.end(lines.join('\n') + '\n');
    await runConsole({ bot: app.bot, input, output, interactive: false, json: false, user: 'U-num' });
    return text.split('\n---\n');
  }

  it('a number that is no option says which options exist (and they stay valid); with none, says so', async () => {
    const answers = await piped(['99', 'mediation', '99', '1']);
    expect(answers[0]).toMatch(/There is no option 99: the last answer had no numbered options/);
    expect(answers[1]).toMatch(/\[1\] More like this/);
    const count = [...answers[1]!.matchAll(/\[(\d+)\]/g)].length;
    expect(answers[2]).toContain(`There is no option 99. The options are 1 to ${count}`);
    expect(answers[2]).not.toMatch(/practices for/);
    // "1" still presses the first button of the search answer.
    expect(answers[3]).toMatch(/practices like|More like|similar/i);
  }, 30_000);

  it('answers in the language of the conversation', async () => {
    const answers = await piped(['/icc language fr', '42']);
    expect(answers[1]).toMatch(/Il n’y a pas d’option 42/);
  }, 30_000);
});
