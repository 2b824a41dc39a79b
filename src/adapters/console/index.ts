/**
 * The terminal chat: the first adapter. On a terminal it is a REPL (a prompt, echo, line editing and
 * a bounded history kept in a file); otherwise one message per input line, replies printed in order,
 * so it can be scripted and tested through the real CLI.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot } from '../../core/bot.js';
import type { Address, Reply, Turn } from '../../core/turn.js';
import { loadHistory, saveHistory } from './history.js';
import { renderReplies, repliesAsJson, type Option } from './render.js';

export interface ConsoleOptions {
  bot: Bot;
  input: Readable;
  output: Writable;
  interactive: boolean;
  json: boolean;
  user: string;
  locale?: string;
  tenant?: string;
  timeZone?: string;
  /** Interactive only: where typed lines are kept between sessions (newest last), at most `historySize`. */
  historyFile?: string;
  historySize?: number;
  /** Interactive only: where the logs go, told in the greeting. */
  logFile?: string;
}

export const CONSOLE_TENANT = 'local';
export const HISTORY_SIZE = 500;

export function consoleAddress(tenant = CONSOLE_TENANT, conversation = 'console'): Address {
  return { platform: 'console', tenant, conversation, kind: 'dm' };
}

export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const address = consoleAddress(opts.tenant);
  const { i18n } = opts.bot.deps;
  let options: Option[] = [];
  // The language of the last answer (replies carry it), for the console's own sentences.
  let locale = i18n.supported(opts.locale) ?? opts.bot.deps.config.defaultLocale;
  const write = (s: string) => opts.output.write(s.endsWith('\n') ? s : s + '\n');
  const historySize = opts.historySize ?? HISTORY_SIZE;

  const baseTurn = (): Turn => ({
    id: randomUUID(),
    platform: 'console',
    tenant: address.tenant,
    user: { id: opts.user },
    conversation: address,
    receivedAt: new Date(),
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  });

  /**
   * A bare number picks one of the options printed with the previous answer. One that picks none is
   * answered here (which options there are), and the same options stay valid.
   */
  const answer = async (text: string): Promise<{ replies: Reply[]; keepOptions: boolean }> => {
    const picked = /^\s*(\d{1,3})\s*$/.exec(text);
    const option = picked ? options[Number(picked[1]) - 1] : undefined;
    if (!picked) return { replies: await opts.bot.handle({ ...baseTurn(), text }), keepOptions: false };
    if (option && 'action' in option) return { replies: await opts.bot.handle({ ...baseTurn(), action: option.action }), keepOptions: false };
    if (option) return { replies: await opts.bot.handle({ ...baseTurn(), text: option.text }), keepOptions: false };
    const t = i18n.translator(locale);
    const key = options.length === 0 ? 'console.noOptions' : 'console.noSuchOption';
    return { replies: [{ text: t(key, { number: picked[1]!, count: options.length }), locale }], keepOptions: true };
  };

  const print = ({ replies, keepOptions }: { replies: Reply[]; keepOptions: boolean }) => {
    const rendered = renderReplies(replies);
    if (!keepOptions) options = rendered.options;
    for (const r of replies) if (r.locale) locale = r.locale;
    if (opts.json) for (const r of repliesAsJson(replies)) write(JSON.stringify(r));
    else write(rendered.text + (opts.interactive ? '\n' : '\n---'));
  };

  if (!opts.interactive) {
    const rl = createInterface({ input: opts.input, terminal: false, crlfDelay: Infinity });
    for await (const line of rl) {
      const text = line.slice(0, 40_000);
      if (text.trim() === '') continue;
      print(await answer(text));
    }
    return;
  }

  // A REPL: readline echoes and edits on the output, up/down walk the history (newest first in readline).
  const history = opts.historyFile ? loadHistory(opts.historyFile, historySize) : [];
  const rl = createInterface({
    input: opts.input,
    output: opts.output,
    terminal: true,
    history: [...history].reverse(),
    historySize,
    removeHistoryDuplicates: true,
    crlfDelay: Infinity,
    prompt: '> ',
  });
  if (opts.historyFile) {
    const file = opts.historyFile;
    rl.on('history', (lines: string[]) => saveHistory(file, [...lines].reverse(), historySize));
  }
  // Ctrl+C clears a half-typed line, or leaves on an empty one (as Ctrl+D does).
  rl.on('SIGINT', () => {
    if (rl.line) {
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
    } else rl.close();
  });
  const t = i18n.translator(locale);
  write(t('console.welcome'));
  if (opts.logFile) write(t('console.logsTo', { path: opts.logFile }));
  write('');
  rl.prompt();
  for await (const line of rl) {
    const text = line.slice(0, 40_000);
    if (text.trim() !== '') print(await answer(text));
    rl.prompt();
  }
  write('');
}
