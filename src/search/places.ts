/**
 * Country and city names in the network's languages, for filters in words: "Bildung in Deutschland",
 * "в Німеччині", "з України", "Beispiele aus Stuttgart", "у Лісабоні". Country names come from the
 * runtime's CLDR data (Intl.DisplayNames); Ukrainian names also get their common case forms. City
 * exonyms are ours, for the cities the corpus has practices from (and the capitals people ask about).
 */
import { words } from './text.js';

const NAME_LANGS = ['en', 'fr', 'es', 'it', 'de', 'pt', 'uk', 'ca', 'nb'];

/** Codes CLDR still names but ISO 3166 retired ("DD" is named Germany too): the current code wins. */
const RETIRED_CODES = new Set(['AN', 'BU', 'CS', 'DD', 'DY', 'FX', 'HV', 'NH', 'RH', 'SU', 'TP', 'UK', 'VD', 'YD', 'YU', 'ZR']);

let codeByEnglish: Map<string, string> | undefined;
/** ISO 3166 code of an English country name ("Germany" -> DE), or undefined. */
export function countryCode(englishName: string): string | undefined {
  if (!codeByEnglish) {
    codeByEnglish = new Map();
    const en = new Intl.DisplayNames(['en'], { type: 'region' });
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (RETIRED_CODES.has(code)) continue;
        let name: string | undefined;
        try {
          name = en.of(code);
        } catch {
          continue;
        }
        if (name && name !== code && !codeByEnglish.has(words(name).join(' '))) codeByEnglish.set(words(name).join(' '), code);
      }
    // The corpus's short forms.
    codeByEnglish.set('korea', 'KR');
  }
  return codeByEnglish.get(words(englishName).join(' '));
}

/** Ukrainian case forms of a name (nominative given): genitive, dative/locative, accusative, instrumental. */
export function ukrainianForms(name: string): string[] {
  const out = new Set([name]);
  const lower = name.toLowerCase();
  const stem = (n: number) => name.slice(0, name.length - n);
  if (lower.endsWith('ія')) for (const e of ['ії', 'ію', 'ією']) out.add(stem(2) + e);
  else if (lower.endsWith('ина')) for (const e of ['ини', 'ині', 'ину', 'иною']) out.add(stem(3) + e);
  else if (lower.endsWith('ка')) for (const e of ['ки', 'ці', 'ку', 'кою']) out.add(stem(2) + e);
  else if (lower.endsWith('а')) for (const e of ['и', 'і', 'у', 'ою']) out.add(stem(1) + e);
  else if (lower.endsWith('ь')) for (const e of ['я', 'ю', 'і', 'ем']) out.add(stem(1) + e);
  else if (lower.endsWith('й')) for (const e of ['ю', 'ї', 'єм']) out.add(stem(1) + e);
  else if (/[бвгґджзклмнпрстфхцчшщ]$/.test(lower)) for (const e of ['а', 'у', 'і', 'ом']) out.add(name + e);
  // Plurals (Нідерланди -> Нідерландів, Нідерландах).
  if (lower.endsWith('и')) for (const e of ['ів', 'ах', 'ам']) out.add(stem(1) + e);
  return [...out];
}

/** A country's names in the network's languages, with Ukrainian case forms and German datives (den Niederlanden). */
export function countryNames(englishName: string): string[] {
  const code = countryCode(englishName);
  const names = new Set([englishName]);
  if (!code) return [...names];
  for (const lang of NAME_LANGS) {
    const name = new Intl.DisplayNames([lang], { type: 'region' }).of(code);
    if (!name || name === code) continue;
    names.add(name);
    if (lang === 'uk') for (const f of ukrainianForms(name)) names.add(f);
    if (lang === 'de' && name.endsWith('e')) names.add(`${name}n`);
  }
  for (const extra of EXTRA_COUNTRY_NAMES[code] ?? []) names.add(extra);
  return [...names];
}

const EXTRA_COUNTRY_NAMES: Record<string, string[]> = {
  GB: ['UK', 'Britain', 'Great Britain', 'England', 'Royaume-Uni', 'Großbritannien', 'Regno Unito', 'Reino Unido', 'Британія', 'Британії', 'Англія', 'Англії'],
  US: ['USA'],
  NL: ['Holland', 'Pays-Bas', 'Голландія', 'Голландії'],
  KR: ['South Korea', 'Südkorea', 'Corée du Sud', 'Corea del Sur', 'Corea del Sud', 'Coreia do Sul', 'Корея', 'Кореї', 'Південна Корея', 'Південній Кореї'],
};

/**
 * A city's names by language, so a reply can name it in the reader's language (Torino, Genf, Лісабон).
 * A language's first name is the one shown; any further ones are only recognised. A city's own
 * name is filed under its own language (Torino under it, København under da, Gasteiz under eu).
 * `other` holds spellings no language owns or that we would not show (Kiev, Saloniki, the names of
 * London for a borough in it): recognised in questions, never shown. A language missing here shows
 * the directory's name (Turin stays Turin in French and German).
 */
type CityNames = Partial<Record<'fr' | 'es' | 'it' | 'de' | 'pt' | 'uk' | 'ca' | 'nb' | 'da' | 'eu' | 'other', string | readonly string[]>>;

/**
 * City name as the corpus writes it -> its names in other languages (Ukrainian forms are added).
 * The search reads every name in the order written here, so the order of the keys is kept as it was
 * in the former flat lists (the first of two cities claiming a name wins).
 */
const CITY_EXONYMS: Record<string, CityNames> = {
  Lisbon: { pt: 'Lisboa', es: 'Lisboa', ca: 'Lisboa', nb: 'Lisboa', de: 'Lissabon', fr: 'Lisbonne', it: 'Lisbona', uk: 'Лісабон' },
  Turin: { it: 'Torino', es: 'Turín', pt: 'Turim', uk: 'Турин' },
  // Copenhaga is Portugal's spelling (Brazil writes Copenhague).
  Copenhagen: { da: 'København', nb: 'København', de: 'Kopenhagen', fr: 'Copenhague', es: 'Copenhague', it: 'Copenaghen', pt: 'Copenhaga', uk: 'Копенгаген' },
  Montreal: { fr: 'Montréal', uk: 'Монреаль' },
  Stuttgart: { uk: 'Штутгарт' },
  Berlin: { it: 'Berlino', pt: 'Berlim', uk: 'Берлін' },
  // A district's short name, not a language's: Germans too say Berlin-Neukölln on first mention.
  'Berlin-Neukölln': { other: 'Neukölln', uk: 'Нойкельн' },
  Erlangen: { uk: 'Ерланген' },
  Geneva: { fr: 'Genève', nb: 'Genève', de: 'Genf', it: 'Ginevra', es: 'Ginebra', ca: 'Ginebra', pt: 'Genebra', uk: 'Женева' },
  Neuchâtel: { de: 'Neuenburg', uk: 'Невшатель' },
  Oslo: { uk: 'Осло' },
  Bergen: { uk: 'Берген' },
  Stavanger: { uk: 'Ставангер' },
  Dublin: { it: 'Dublino', es: 'Dublín', ca: 'Dublín', uk: 'Дублін' },
  Limerick: { uk: 'Лімерик' },
  Barcelona: { fr: 'Barcelone', it: 'Barcellona', uk: 'Барселона' },
  Bilbao: { uk: 'Більбао' },
  // San Sebastian without its accent is the English spelling; the directory's bilingual name is shown instead.
  'Donostia-San Sebastián': { es: 'San Sebastián', other: 'San Sebastian', fr: 'Saint-Sébastien', uk: 'Сан-Себастьян' },
  Tenerife: { fr: 'Ténérife', de: 'Teneriffa', uk: 'Тенерифе' },
  // French calls the city Mexico (the country is le Mexique).
  'Mexico City': { es: 'Ciudad de México', de: 'Mexiko-Stadt', it: 'Città del Messico', pt: 'Cidade do México', fr: 'Mexico', uk: 'Мехіко' },
  Tangier: { fr: 'Tanger', de: 'Tanger', nb: 'Tanger', it: 'Tangeri', pt: 'Tânger', uk: 'Танжер' },
  // Saloniki is German's old name (today's German says Thessaloniki), so it is recognised, not shown.
  Thessaloniki: { fr: 'Salonique', it: 'Salonicco', es: 'Tesalónica', pt: 'Tessalónica', other: 'Saloniki', uk: 'Салоніки' },
  Patras: { it: 'Patrasso', other: 'Patra', uk: 'Патри' },
  Ioannina: { uk: 'Яніна' },
  Rotterdam: { uk: 'Роттердам' },
  Tilburg: { uk: 'Тілбург' },
  Auckland: { uk: 'Окленд' },
  Haifa: { uk: 'Хайфа' },
  'Reggio Emilia': { uk: 'Реджо-Емілія' },
  Melitopol: { fr: 'Mélitopol', es: 'Melitópol', uk: 'Мелітополь' },
  Sumy: { fr: 'Soumy', other: 'Sumi', uk: 'Суми' },
  // Kiev and Kiew are the Russian-derived spellings people still type; the Council of Europe writes Kyiv.
  Kyiv: { other: ['Kiev', 'Kiew'], de: 'Kyjiw', uk: 'Київ' },
  // London's names, so "in London" finds the borough; shown, they would lose the borough's name.
  'Lewisham (London)': { other: ['London', 'Londres', 'Londra', 'Лондон'] },
  Valletta: { fr: 'La Valette', it: 'La Valletta', uk: 'Валлетта' },
  Limassol: { other: 'Lemesos', uk: 'Лімасол' },
  Ansan: { uk: 'Ансан' },
  Hamamatsu: { uk: 'Хамамацу' },
  Botkyrka: { uk: 'Боткирка' },
  Fuenlabrada: { uk: 'Фуенлабрада' },
  Getxo: { uk: 'Гечо' },
  Sabadell: { uk: 'Сабадель' },
  Valladolid: { uk: 'Вальядолід' },
  'Vitoria-Gasteiz': { es: 'Vitoria', eu: 'Gasteiz', uk: 'Віторія' },
  Amadora: { uk: 'Амадора' },
  Cascais: { uk: 'Кашкайш' },
  Setúbal: { uk: 'Сетубал' },
  Ballarat: { uk: 'Баларат' },
  Leeds: { uk: 'Лідс' },
  Bradford: { uk: 'Бредфорд' },
  'Santa Maria da Feira': { uk: 'Санта-Марія-да-Фейра' },
  'Tower Hamlets (London)': { other: 'Tower Hamlets' },
};

const listed = (n: string | readonly string[] | undefined): readonly string[] => (n === undefined ? [] : typeof n === 'string' ? [n] : n);

/** Other names of a city (as the corpus writes it), each once, with Ukrainian case forms of the Cyrillic ones. */
export function cityExonyms(city: string): string[] {
  const names = [...new Set(Object.values(CITY_EXONYMS[city] ?? {}).flatMap(listed))];
  return names.flatMap((n) => (/[\u0400-\u04ff]/.test(n) ? ukrainianForms(n) : [n]));
}

/** Locales whose names the table files under another code (Norwegian is written in Bokmål). */
const NAME_LANG_OF: Record<string, keyof CityNames> = { no: 'nb', nn: 'nb' };

/**
 * A city's name for a reader of `locale` (the city as the corpus writes it): the table's name in
 * that language (Torino for Italian, Genf for German, Лісабон for Ukrainian), else `city` itself.
 */
export function localCityName(city: string, locale: string | undefined): string {
  const lang = locale?.toLowerCase().split(/[-_]/)[0];
  if (!lang || lang === 'en' || lang === 'other') return city;
  const names = CITY_EXONYMS[city];
  return (names && listed(names[NAME_LANG_OF[lang] ?? (lang as keyof CityNames)])[0]) ?? city;
}

/** Cities the exonym table knows (to add even when the corpus writes them inside a longer name). */
export function knownCities(): string[] {
  return Object.keys(CITY_EXONYMS);
}
