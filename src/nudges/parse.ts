/**
 * Parses what people type to manage weekly tips, as a command (`weekly mon 09:00 Europe/Rome topics
 * education,public-space`, `list`, `pause 2`, `resume`, `off`) or in words ("send this channel a weekly
 * tip every Monday at 9 about education"). Pure; every problem becomes an error code with the
 * offending value, which the intent turns into a friendly sentence.
 */
import type { AreaId } from '../content/schemas.js';
import { tokenize, wordLists, type Token } from '../core/words.js';
import { canonicalTimeZone, type Weekday } from './schedule.js';

export type NudgeError = 'badDay' | 'needDay' | 'badTime' | 'unknownZone' | 'unknownTopic' | 'badWeeks' | 'unknown';

export type NudgeRequest =
  | {
      kind: 'weekly';
      day: Weekday;
      time: string;
      /** Only when typed; the intent falls back to the platform's, the profile's, then the workspace zone. */
      timeZone?: string;
      /** Undefined: keep the current topics; empty: every area. */
      topics?: AreaId[];
    }
  | { kind: 'list' }
  | { kind: 'pause'; weeks: number }
  | { kind: 'resume' }
  | { kind: 'off' }
  | { kind: 'usage' }
  /** Show the form (`/icc nudge form`, or `/icc nudge` alone). */
  | { kind: 'form' }
  | { kind: 'error'; error: NudgeError; value: string };

/** Resolves one typed topic to an area id, `all` for every area, or undefined when unknown. */
export type TopicResolver = (typed: string) => AreaId | 'all' | undefined;

export const DEFAULT_TIME = '09:00';
export const MAX_PAUSE_WEEKS = 52;

// Weekday names in the network's languages, with the forms a sentence puts them in ("le lundi",
// "по понеділках", "segunda-feira" splits into "segunda" + "feira"). Plurals ending in -s are read by
// parseDay. Keys are compared folded (lower case, no accents), so "lunedì" and "lunedi" both work.
const DAY_NAMES: Record<Weekday, string[]> = {
  mon: ['mon', 'monday', 'lundi', 'lunes', 'lunedì', 'montag', 'segunda', 'понеділок', 'понеділка', 'понеділках', 'dilluns', 'mandag'],
  tue: ['tue', 'tues', 'tuesday', 'mardi', 'martes', 'martedì', 'dienstag', 'terça', 'вівторок', 'вівторка', 'вівторках', 'dimarts', 'tirsdag'],
  wed: ['wed', 'weds', 'wednesday', 'mercredi', 'miércoles', 'mercoledì', 'mittwoch', 'quarta', 'середа', 'середу', 'середи', 'середах', 'dimecres', 'onsdag'],
  thu: ['thu', 'thur', 'thurs', 'thursday', 'jeudi', 'jueves', 'giovedì', 'donnerstag', 'quinta', 'четвер', 'четверга', 'четвергах', 'dijous', 'torsdag'],
  fri: ['fri', 'friday', 'vendredi', 'viernes', 'venerdì', 'freitag', 'sexta', "п'ятниця", "п'ятницю", "п'ятниці", "п'ятницях", 'divendres', 'fredag'],
  sat: ['sat', 'saturday', 'samedi', 'sábado', 'sabato', 'samstag', 'sonnabend', 'субота', 'суботу', 'суботи', 'суботах', 'dissabte', 'lørdag'],
  sun: ['sun', 'sunday', 'dimanche', 'domingo', 'domenica', 'sonntag', 'неділя', 'неділю', 'неділі', 'неділях', 'diumenge', 'søndag'],
};

/** Lower case without accents; apostrophes made plain ("п’ятниця" -> "п'ятниця"). */
const foldDay = (w: string) => w.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/[’ʼ`]/g, "'");

const DAYS = new Map<string, Weekday>();
for (const [day, names] of Object.entries(DAY_NAMES) as Array<[Weekday, string[]]>) {
  for (const name of names) {
    DAYS.set(foldDay(name), day);
    if (name.includes("'")) DAYS.set(foldDay(name.replace("'", '')), day); // typed without the apostrophe
  }
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };

// Small numbers of weeks in words, in the network's languages (folded: no accents), for "pause ... for two weeks".
const WEEK_NUMBERS: Record<string, number> = {
  ...NUMBER_WORDS,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, huit: 8, dix: 10,
  uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, ocho: 8, diez: 10,
  due: 2, tre: 3, quattro: 4, sei: 6, otto: 8, dieci: 10,
  ein: 1, eine: 1, einen: 1, zwei: 2, drei: 3, vier: 4, funf: 5, sechs: 6, acht: 8, zehn: 10,
  um: 1, uma: 1, dois: 2, duas: 2, oito: 8, dez: 10,
  один: 1, одна: 1, два: 2, дві: 2, три: 3, чотири: 4, пять: 5, шість: 6, вісім: 8, десять: 10,
};

export function parseDay(word: string): Weekday | undefined {
  const w = foldDay(word).replace(/[.,]$/, '');
  return DAYS.get(w) ?? (w.endsWith('s') ? DAYS.get(w.slice(0, -1)) : undefined);
}

/** "9", "09:00", "9:30", "9.30", "14h", "14h30", "9am", "9 pm" -> "HH:MM" (24h), or undefined. */
export function parseTime(typed: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?h?(?:\s*([ap])\.?m\.?)?$/i.exec(typed.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (minute > 59) return undefined;
  const half = m[3]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'p' ? 12 : 0);
  } else if (hour > 23) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const ZONE_LIKE = /^(?:[A-Za-z][A-Za-z0-9_+-]*\/[A-Za-z0-9_+\-/]+|utc|gmt|z)$/i;

function parseTopics(list: string, resolve: TopicResolver): AreaId[] | { error: 'unknownTopic'; value: string } {
  const out: AreaId[] = [];
  for (const raw of list.split(/\s*(?:,|;|&|\+|\band\b)\s*/i)) {
    const typed = raw.trim().replace(/[.!?]+$/, '');
    if (!typed) continue;
    const area = resolve(typed);
    if (area === undefined) return { error: 'unknownTopic', value: typed.slice(0, 60) };
    if (area === 'all') return [];
    if (!out.includes(area)) out.push(area);
  }
  return out;
}

const err = (error: NudgeError, value: string): NudgeRequest => ({ kind: 'error', error, value: value.slice(0, 60) });

function parsePauseWeeks(rest: string): NudgeRequest {
  const typed = rest.trim().replace(/\s*(weeks?|wks?|w)\.?$/i, '').trim();
  if (!typed) return { kind: 'pause', weeks: 1 };
  const n = /^\d{1,3}$/.test(typed) ? Number(typed) : NUMBER_WORDS[typed.toLowerCase()];
  if (n === undefined || n < 1 || n > MAX_PAUSE_WEEKS) return err('badWeeks', typed);
  return { kind: 'pause', weeks: n };
}

/** `<day> [at] [<time>] [<zone>] [topics <list>]` from command tokens, strictly in that order. */
function parseWeeklyCommand(tokens: string[], resolve: TopicResolver): NudgeRequest {
  const [dayWord, ...rest] = tokens;
  if (!dayWord) return err('needDay', '');
  const day = parseDay(dayWord);
  if (!day) return err('badDay', dayWord);
  if (rest[0]?.toLowerCase() === 'at') rest.shift();
  let time = DEFAULT_TIME;
  if (rest[0] && /^\d/.test(rest[0])) {
    let typed = rest.shift()!;
    if (rest[0] && /^[ap]\.?m\.?$/i.test(rest[0])) typed += rest.shift()!;
    const parsed = parseTime(typed);
    if (!parsed) return err('badTime', typed);
    time = parsed;
  }
  const topicsAt = rest.findIndex((t) => /^(topics?|about):?$/i.test(t));
  const before = topicsAt === -1 ? rest : rest.slice(0, topicsAt);
  let timeZone: string | undefined;
  if (before.length > 1) return err(ZONE_LIKE.test(before[0]!) ? 'unknownZone' : 'unknown', before.join(' '));
  if (before.length === 1) {
    timeZone = canonicalTimeZone(before[0]);
    if (!timeZone) return err('unknownZone', before[0]!);
  }
  const out: NudgeRequest = { kind: 'weekly', day, time, ...(timeZone ? { timeZone } : {}) };
  if (topicsAt !== -1) {
    const topics = parseTopics(rest.slice(topicsAt + 1).join(' '), resolve);
    if (!Array.isArray(topics)) return err(topics.error, topics.value);
    return { ...out, topics };
  }
  return out;
}

/** The number of weeks a pause names: a number before a word for weeks, else the first number after the pause word. */
function weeksIn(tokens: readonly Token[], from: number, weekWords: (t: readonly Token[]) => boolean): string | undefined {
  const isNumber = (w: string) => /^\d{1,3}$/.test(w) || WEEK_NUMBERS[w] !== undefined;
  for (let i = 0; i < tokens.length - 1; i++) if (isNumber(tokens[i]!.word) && weekWords(tokens.slice(i + 1, i + 2))) return tokens[i]!.word;
  for (let i = from; i < tokens.length; i++) {
    const w = tokens[i]!.word;
    if (/^\d{1,3}$/.test(w) || (WEEK_NUMBERS[w] !== undefined && tokens[i - 1]?.word === 'for')) return w;
  }
  return undefined;
}

/**
 * Pause / resume / stop in words, in every network language, from content/words/nudges.json (token
 * checks, linear in the text). A stop word with a number of weeks ("ferma i promemoria per 2 settimane")
 * is a pause.
 */
function statusInWords(tokens: readonly Token[]): NudgeRequest | undefined {
  const w = wordLists('nudges');
  const weekWords = (t: readonly Token[]) => w.weeks!.has(t);
  const pause = w.pause!.find(tokens);
  const off = pause ? null : w.off!.find(tokens);
  const weeks = pause || off ? weeksIn(tokens, Math.min(pause?.from ?? Infinity, off?.from ?? Infinity), weekWords) : undefined;
  if (pause || (off && weeks !== undefined && w.weeks!.has(tokens))) return parsePauseWeeks(weeks === undefined ? '' : String(WEEK_NUMBERS[weeks] ?? weeks));
  if (w.resume!.has(tokens)) return { kind: 'resume' };
  if (off) return { kind: 'off' };
  return undefined;
}

/** Free text: "send this channel a weekly tip every Monday at 9 Europe/Rome about education and public space". */
function parseWords(text: string, resolve: TopicResolver): NudgeRequest {
  const lower = text.toLowerCase();
  const status = statusInWords(tokenize(text));
  if (status) return status;

  let rest = text;
  let topics: AreaId[] | undefined;
  const topicMatch = /\b(?:topics?|about)\s*:?\s+(.+)$/i.exec(rest);
  if (topicMatch) {
    const parsed = parseTopics(topicMatch[1]!, resolve);
    if (!Array.isArray(parsed)) return err(parsed.error, parsed.value);
    topics = parsed;
    rest = rest.slice(0, topicMatch.index);
  }

  let timeZone: string | undefined;
  const zoneMatch = /(?:^|\s)([A-Za-z][A-Za-z0-9_+-]*\/[A-Za-z0-9_+\-/]+|UTC|GMT)(?=[\s.,!?]|$)/.exec(rest);
  if (zoneMatch) {
    timeZone = canonicalTimeZone(zoneMatch[1]);
    if (!timeZone) return err('unknownZone', zoneMatch[1]!);
    rest = rest.replace(zoneMatch[1]!, ' ');
  }

  const day = rest
    .split(/[^\p{L}'’]+/u)
    .map(parseDay)
    .find((d) => d !== undefined);
  if (!day) {
    if (/\b(list|show|settings|status|when)\b/.test(lower)) return { kind: 'list' };
    return err('needDay', '');
  }

  let time = DEFAULT_TIME;
  const timeMatch =
    /\bat\s+(\d{1,2}(?:[:.h]\d{2})?(?:\s*[ap]\.?m\.?)?)/i.exec(rest) ??
    /\b(\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?)/i.exec(rest) ??
    /\b(\d{1,2}\s*[ap]\.?m\.?)(?![a-z])/i.exec(rest) ??
    // "9h", "9 Uhr", "9 heures", "9 horas", "9 ore", "kl. 9", "à 9", "alle 9", "um 9", "às 9", "a las 9", "о 9"...
    /\b(\d{1,2})\s*(?:h|uhr|heures?|horas?|ore|hores)(?![\p{L}\d])/iu.exec(rest) ??
    /(?:^|\s)(?:à|às|a las|a la|alle|ore|um|kl\.?|klokka|об|о)\s+(\d{1,2})(?![\d:.\p{L}])/iu.exec(rest);
  if (timeMatch) {
    const parsed = parseTime(timeMatch[1]!);
    if (!parsed) return err('badTime', timeMatch[1]!);
    time = parsed;
  }
  return { kind: 'weekly', day, time, ...(timeZone ? { timeZone } : {}), ...(topics ? { topics } : {}) };
}

export function parseNudgeRequest(text: string, via: 'command' | 'text' | 'fallback', resolve: TopicResolver): NudgeRequest {
  const trimmed = text.trim().slice(0, 500);
  if (via !== 'command') return parseWords(trimmed, resolve);
  const tokens = trimmed.split(/\s+/).filter(Boolean);
  const first = tokens[0]?.toLowerCase();
  if (first === undefined || ['list', 'show', 'status', 'settings'].includes(first)) return { kind: 'list' };
  if (first === 'pause') return parsePauseWeeks(tokens.slice(1).join(' '));
  if (['resume', 'unpause', 'on'].includes(first)) return { kind: 'resume' };
  if (['off', 'stop', 'unsubscribe', 'disable'].includes(first)) return { kind: 'off' };
  if (['help', 'usage', '?'].includes(first)) return { kind: 'usage' };
  if (first === 'form' && tokens.length === 1) return { kind: 'form' };
  if (first === 'weekly' || first === 'every') return parseWeeklyCommand(tokens.slice(1), resolve);
  if (parseDay(first)) return parseWeeklyCommand(tokens, resolve);
  // Anything else may still be words ("/icc nudge send us a tip every friday at 4pm").
  const words = parseWords(trimmed, resolve);
  return words.kind === 'error' && words.error === 'needDay' ? err('unknown', tokens[0]!) : words;
}
