/**
 * What a typed reply means while a self-check question is open: an answer (yes / partly / no /
 * don't know, their short forms, 1-4, and the same words in French, Spanish, Italian, German, Portuguese and Ukrainian), or one of
 * back / pause / continue / restart. Whole-message matches only, so "no idea" is not a "no". Other
 * wording is read as a free-text answer (free-text.ts), where "weiß ich nicht, glaube ich" is Don't know
 * and "not really, we only started last year" is No, each kept as a note.
 */
import { AREA_IDS, type AreaId } from '../content/schemas.js';
import type { Content } from '../content/loader.js';
import { words } from '../search/text.js';
import type { Response } from './scoring.js';

export type DialogCommand = { kind: 'answer'; value: Response } | { kind: 'back' } | { kind: 'pause' } | { kind: 'continue' } | { kind: 'restart' };

const VOCABULARY: Array<[DialogCommand, string[]]> = [
  [{ kind: 'answer', value: 'yes' }, ['yes', 'y', 'yep', 'yeah', '1', 'oui', 'si', 'sim', 'ja', 'yes we do', 'yes it does', 'yes we have', 'так']],
  [{ kind: 'answer', value: 'partly' }, ['partly', 'partially', 'part', 'p', 'somewhat', 'in part', 'some', 'sort of', '2', 'en partie', 'partiellement', 'parcialmente', 'en parte', 'in parte', 'parzialmente', 'teilweise', 'zum teil', 'em parte', 'частково']],
  [{ kind: 'answer', value: 'no' }, ['no', 'n', 'nope', 'not yet', 'not really', '3', 'non', 'nein', 'no we don t', 'no it doesn t', 'nao', 'ні']],
  [
    { kind: 'answer', value: 'unknown' },
    ['don t know', 'dont know', 'do not know', 'i don t know', 'i dont know', 'dk', 'not sure', 'unsure', 'no idea', 'skip', 'pass', '4', 'je ne sais pas', 'ne sais pas', 'no se', 'no lo se', 'non so', 'non lo so', 'weiss nicht', 'ich weiss nicht', 'weiss ich nicht', 'ich weiss es nicht', 'keine ahnung', 'je sais pas', 'aucune idee', 'ni idea', 'non saprei', 'nao sei', 'nao faco ideia', 'не знаю', 'не знаємо', 'гадки не маю'],
  ],
  [{ kind: 'back' }, ['back', 'go back', 'previous', 'undo', 'change my answer', 'change the previous answer', 'retour', 'precedent', 'atras', 'volver', 'indietro', 'zuruck', 'voltar', 'назад']],
  [{ kind: 'pause' }, ['pause', 'later', 'pause it', 'continue later', 'not now', 'save for later', 'plus tard', 'pausa', 'mas tarde', 'dopo', 'piu tardi', 'spater', 'mais tarde', 'пауза', 'пізніше',
    'stop for now', 'pause for now', 'stop here', 'let s stop', 'let s stop here', 'enough for now', 'that s enough for now', 'later please',
    'on arrete la', 'arretons la', 'stop pour l instant', 'pause pour l instant', 'assez pour aujourd hui',
    'paramos aqui', 'lo dejamos aqui', 'basta por ahora', 'por ahora basta', 'luego sigo',
    'fermiamoci qui', 'basta per ora', 'per ora basta', 'continuo dopo',
    'fur heute reicht s', 'erstmal pause', 'spater weiter', 'ich mache spater weiter',
    'paramos aqui', 'chega por agora', 'por agora chega', 'continuo depois',
    'зупинимося', 'поки що досить', 'на сьогодні досить', 'продовжу пізніше']],
  [{ kind: 'continue' }, ['continue', 'resume', 'go on', 'carry on', 'continue the self check', 'continue my self check', 'resume the self check', 'resume my self check', 'continuer', 'reprendre', 'continuar', 'reanudar', 'continua', 'riprendi', 'weiter', 'fortsetzen', 'weitermachen', 'fortfahren', 'prosseguir', 'retomar', 'продовжити', 'продовжуй', 'continue where i was', 'reprendre ou j en etais', 'seguir donde lo deje', 'riprendi da dove ero', 'dort weitermachen wo ich war', 'continuar onde estava', 'продовжити з того ж місця', 'продовжимо', 'продовжити самооцінку']],
  [{ kind: 'restart' }, ['restart', 'start over', 'start again', 'new', 'start a new one', 'recommencer', 'reiniciar', 'empezar de nuevo', 'ricomincia', 'neu beginnen', 'recomecar', 'почати знову']],
];

const TABLE = new Map<string, DialogCommand>();
for (const [command, phrases] of VOCABULARY) for (const p of phrases) TABLE.set(words(p).join(' '), command);

export function parseDialogInput(text: string): DialogCommand | undefined {
  const key = words(text).join(' ');
  return TABLE.get(key) ?? TABLE.get(key.replace(/^(please|ok|okay|um|hmm) /, '').replace(/ (please|thanks|thank you)$/, ''));
}

/** Replies to "discard the answers of this run?": yes / no and their usual words, in the network's languages. */
const CONFIRM_WORDS: Array<['discard' | 'keep', string[]]> = [
  ['discard', ['yes', 'y', 'yes discard', 'discard', 'discard it', 'yes cancel', 'cancel it', 'drop it', 'delete it', 'oui', 'si', 'sim', 'ja', 'так', 'oui supprimer', 'supprimer', 'descartar', 'si descartar', 'scarta', 'si scarta', 'verwerfen', 'ja verwerfen', 'sim descartar', 'так видалити', 'видалити']],
  ['keep', ['no', 'n', 'no keep going', 'keep going', 'keep', 'keep them', 'go on', 'continue', 'resume', 'non', 'nein', 'nao', 'ні', 'non continuer', 'continuer', 'continuar', 'no continuar', 'continua', 'no continua', 'weiter', 'nein weiter', 'nao continuar', 'продовжити', 'ні продовжити']],
];
const CONFIRM = new Map<string, 'discard' | 'keep'>();
for (const [value, phrases] of CONFIRM_WORDS) for (const p of phrases) CONFIRM.set(words(p).join(' '), value);

/** "Yes, discard" / "No, keep going", typed: the words above or the button labels of the reply's language. */
export function parseConfirm(text: string, labels: { discard: string; keep: string }): 'discard' | 'keep' | undefined {
  const key = words(text).join(' ');
  if (!key) return undefined;
  if (key === words(labels.discard).join(' ')) return 'discard';
  if (key === words(labels.keep).join(' ')) return 'keep';
  return CONFIRM.get(key) ?? CONFIRM.get(key.replace(/^(please|ok|okay) /, '').replace(/ (please|thanks|thank you)$/, ''));
}

/** An area named in the text ("/icc check education", "self-check on public space"), in any language. */
export function areaIn(content: Content, text: string): AreaId | undefined {
  const hay = ` ${words(text).join(' ')} `;
  let best: { area: AreaId; len: number } | undefined;
  for (const area of AREA_IDS) {
    const names = [area.replace(/-/g, ' '), ...[...content.selfcheck.text.values()].map((t) => t.areas[area].name)];
    for (const n of names) {
      const phrase = words(n).join(' ');
      if (phrase && hay.includes(` ${phrase} `) && (!best || phrase.length > best.len)) best = { area, len: phrase.length };
    }
  }
  return best?.area;
}
