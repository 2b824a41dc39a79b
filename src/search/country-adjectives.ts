/**
 * Countries named by their adjective next to a word for cities: "Spanish cities", "villes espagnoles",
 * "deutsche Städte", "città italiane", "cidades portuguesas", "в австралійських містах". Only next to such
 * a word: "Spanish courses" and "italienische Küche" are no filters. CLDR has no adjectives, so the base
 * forms are ours, one per language, inflected here by each language's regular endings.
 */
import { words } from './text.js';

type Lang = 'en' | 'fr' | 'es' | 'it' | 'de' | 'pt' | 'uk';
const LANGS: readonly Lang[] = ['en', 'fr', 'es', 'it', 'de', 'pt', 'uk'];

/** ISO code -> per language (en fr es it de pt uk, ";"-separated), base forms ("|" between alternatives). */
const BASES: Record<string, string> = {
  AU: 'australian;australien;australiano;australiano;australisch;australiano;австралійськ',
  CA: 'canadian;canadien;canadiense;canadese;kanadisch;canadiano|canadense;канадськ',
  CY: 'cypriot;chypriote;chipriota;cipriota;zyprisch;cipriota;кіпрськ',
  DK: 'danish;danois;danés;danese;dänisch;dinamarquês;данськ',
  DE: 'german;allemand;alemán;tedesco;deutsch;alemão;німецьк',
  GR: 'greek;grec;griego;greco;griechisch;grego;грецьк',
  IE: 'irish;irlandais;irlandés;irlandese;irisch;irlandês;ірландськ',
  IL: 'israeli;israélien;israelí;israeliano;israelisch;israelense|israelita;ізраїльськ',
  IT: 'italian;italien;italiano;italiano;italienisch;italiano;італійськ',
  JP: 'japanese;japonais;japonés;giapponese;japanisch;japonês;японськ',
  KR: 'korean|south korean;coréen;coreano;coreano;koreanisch|südkoreanisch;coreano;корейськ',
  MT: 'maltese;maltais;maltés;maltese;maltesisch;maltês;мальтійськ',
  MX: 'mexican;mexicain;mexicano;messicano;mexikanisch;mexicano;мексиканськ',
  MA: 'moroccan;marocain;marroquí;marocchino;marokkanisch;marroquino;марокканськ',
  NL: 'dutch;néerlandais|hollandais;neerlandés|holandés;olandese;niederländisch|holländisch;neerlandês|holandês;нідерландськ|голландськ',
  NZ: 'new zealand;néo-zélandais;neozelandés;neozelandese;neuseeländisch;neozelandês;новозеландськ',
  NO: 'norwegian;norvégien;noruego;norvegese;norwegisch;norueguês;норвезьк',
  PT: 'portuguese;portugais;portugués;portoghese;portugiesisch;português;португальськ',
  ES: 'spanish;espagnol;español;spagnolo;spanisch;espanhol;іспанськ',
  SE: 'swedish;suédois;sueco;svedese;schwedisch;sueco;шведськ',
  CH: 'swiss;suisse;suizo;svizzero;schweizerisch|schweizer;suíço;швейцарськ',
  UA: 'ukrainian;ukrainien;ucraniano;ucraino;ukrainisch;ucraniano;українськ',
  GB: 'british|english;britannique|anglais;británico|inglés;britannico|inglese;britisch|englisch;britânico|inglês;британськ|англійськ',
};

/** Words for cities and municipalities, folded, in the seven languages. */
export const CITY_WORDS: ReadonlySet<string> = new Set(
  `city cities town towns municipality municipalities councils ville villes commune communes municipalites collectivites
  ciudad ciudades municipio municipios ayuntamientos citta comune comuni stadt stadte stadten kommune kommunen gemeinden
  cidade cidades municipio municipios camaras autarquias місто міста міст містах містам містами громади громад громадах`
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => words(w).join(' ')),
);

/** The regular forms of an adjective (masculine singular given): gender and number, and cases in de/uk. */
function inflect(lang: Lang, base: string): string[] {
  const b = base.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
  const plus = (stem: string, ends: string[]) => ends.map((e) => stem + e);
  switch (lang) {
    case 'en':
      return [base];
    case 'fr':
      if (b === 'grec') return ['grec', 'grecs', 'grecque', 'grecques'];
      if (b.endsWith('ien')) return plus(b, ['', 's', 'ne', 'nes']);
      if (b.endsWith('e')) return plus(b, ['', 's']);
      if (b.endsWith('ais') || b.endsWith('ois')) return plus(b, ['', 'e', 'es']);
      return plus(b, ['', 's', 'e', 'es']);
    case 'es':
      if (b.endsWith('o')) return plus(b.slice(0, -1), ['o', 'a', 'os', 'as']);
      if (b.endsWith('e') || b.endsWith('i')) return plus(b, ['', 's', 'es']);
      return plus(b, ['', 'a', 'es', 'as']);
    case 'it':
      if (b.endsWith('co')) return plus(b.slice(0, -2), ['co', 'ca', 'chi', 'ci', 'che']);
      if (b.endsWith('o')) return plus(b.slice(0, -1), ['o', 'a', 'i', 'e']);
      return plus(b.slice(0, -1), ['e', 'i']);
    case 'de':
      return plus(b, ['', 'e', 'en', 'er', 'es', 'em']);
    case 'pt':
      if (b.endsWith('ao')) return plus(b.slice(0, -2), ['ao', 'a', 'aes', 'as']);
      if (b.endsWith('o')) return plus(b.slice(0, -1), ['o', 'a', 'os', 'as']);
      if (b.endsWith('es')) return plus(b, ['', 'a', 'es', 'as']);
      if (b.endsWith('ol')) return plus(b.slice(0, -1), ['l', 'la', 'is', 'las']);
      return plus(b, ['', 's']);
    case 'uk':
      return plus(base, ['ий', 'а', 'е', 'і', 'их', 'ими', 'ому', 'ої', 'ій', 'ого', 'им', 'ою', 'у']);
  }
}

/** A country's adjectives in the seven languages, folded as query words are ("deutschen", "українських"). */
export function countryAdjectives(code: string): string[] {
  const row = BASES[code];
  if (!row) return [];
  const out = new Set<string>();
  row.split(';').forEach((cell, i) => {
    for (const base of cell.split('|')) for (const form of inflect(LANGS[i]!, base)) out.add(words(form).join(' '));
  });
  return [...out];
}
