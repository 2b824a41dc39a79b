/**
 * The terminal chat: the first adapter. Interactive with a prompt on a TTY; otherwise one message
 * per input line, replies printed in order, so it can be scripted and tested through the real CLI.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot } from '../../core/bot.js';
import type { Address, Reply, Turn } from '../../core/turn.js';
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
}

export const CONSOLE_TENANT = 'local';

export function consoleAddress(tenant = CONSOLE_TENANT, conversation = 'console'): Address {
  return { platform: 'console', tenant, conversation, kind: 'dm' };
}

export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const address = consoleAddress(opts.tenant);
  let options: Option[] = [];
  const write = (s: string) => opts.output.write(s.endsWith('\n') ? s : s + '\n');

  const turnFor = (text: string): Turn => {
    const base: Turn = {
      id: randomUUID(),
      platform: 'console',
      tenant: address.tenant,
      user: { id: opts.user },
      conversation: address,
      receivedAt: new Date(),
      ...(opts.locale ? { locale: opts.locale } : {}),
      ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    };
    // A bare number picks one of the options printed with the previous answer.
    const picked = /^\s*(\d{1,3})\s*$/.exec(text);
    const option = picked ? options[Number(picked[1]) - 1] : undefined;
    if (option && 'action' in option) return { ...base, action: option.action };
    if (option && 'text' in option) return { ...base, text: option.text };
    return { ...base, text };
  };

  const print = (replies: Reply[]) => {
    const rendered = renderReplies(replies);
    options = rendered.options;
    if (opts.json) for (const r of repliesAsJson(replies)) write(JSON.stringify(r));
    else write(rendered.text + (opts.interactive ? '\n' : '\n---'));
  };

  const rl = createInterface({ input: opts.input, terminal: opts.interactive, crlfDelay: Infinity });
  if (opts.interactive) {
    write('Intercultural Cities assistant. Type "help" to see what I can do, Ctrl+D to leave.\n');
    rl.setPrompt('> ');
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.slice(0, 40_000);
    if (text.trim() === '') {
      if (opts.interactive) rl.prompt();
      continue;
    }
    print(await opts.bot.handle(turnFor(text)));
    if (opts.interactive) rl.prompt();
  }
}
