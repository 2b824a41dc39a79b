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

/** City name as the corpus writes it -> other spellings and exonyms (Ukrainian forms are added). */
const CITY_EXONYMS: Record<string, string[]> = {
  Lisbon: ['Lisboa', 'Lissabon', 'Lisbonne', 'Lisbona', 'Лісабон'],
  Turin: ['Torino', 'Turín', 'Turim', 'Турин'],
  Copenhagen: ['København', 'Kopenhagen', 'Copenhague', 'Copenaghen', 'Copenhaga', 'Копенгаген'],
  Montreal: ['Montréal', 'Монреаль'],
  Stuttgart: ['Штутгарт'],
  Berlin: ['Berlino', 'Berlim', 'Берлін'],
  'Berlin-Neukölln': ['Neukölln', 'Нойкельн'],
  Erlangen: ['Ерланген'],
  Geneva: ['Genève', 'Genf', 'Ginevra', 'Ginebra', 'Genebra', 'Женева'],
  Neuchâtel: ['Neuenburg', 'Невшатель'],
  Oslo: ['Осло'],
  Bergen: ['Берген'],
  Stavanger: ['Ставангер'],
  Dublin: ['Dublino', 'Dublín', 'Дублін'],
  Limerick: ['Лімерик'],
  Barcelona: ['Barcelone', 'Barcellona', 'Барселона'],
  Bilbao: ['Більбао'],
  'Donostia-San Sebastián': ['San Sebastián', 'San Sebastian', 'Saint-Sébastien', 'Сан-Себастьян'],
  Tenerife: ['Ténérife', 'Teneriffa', 'Тенерифе'],
  'Mexico City': ['Ciudad de México', 'Mexiko-Stadt', 'Città del Messico', 'Cidade do México', 'Mexico', 'Мехіко'],
  Tangier: ['Tanger', 'Tangeri', 'Tânger', 'Танжер'],
  Thessaloniki: ['Salonique', 'Salonicco', 'Tesalónica', 'Tessalónica', 'Saloniki', 'Салоніки'],
  Patras: ['Patrasso', 'Patra', 'Патри'],
  Ioannina: ['Яніна'],
  Rotterdam: ['Роттердам'],
  Tilburg: ['Тілбург'],
  Auckland: ['Окленд'],
  Haifa: ['Хайфа'],
  'Reggio Emilia': ['Реджо-Емілія'],
  Melitopol: ['Mélitopol', 'Melitópol', 'Мелітополь'],
  Sumy: ['Soumy', 'Sumi', 'Суми'],
  Kyiv: ['Kiev', 'Kiew', 'Kyjiw', 'Київ'],
  'Lewisham (London)': ['London', 'Londres', 'Londra', 'Лондон'],
  Valletta: ['La Valette', 'La Valletta', 'Валлетта'],
  Limassol: ['Lemesos', 'Лімасол'],
  Ansan: ['Ансан'],
  Hamamatsu: ['Хамамацу'],
  Botkyrka: ['Боткирка'],
  Fuenlabrada: ['Фуенлабрада'],
  Getxo: ['Гечо'],
  Sabadell: ['Сабадель'],
  Valladolid: ['Вальядолід'],
  'Vitoria-Gasteiz': ['Vitoria', 'Gasteiz', 'Віторія'],
  Amadora: ['Амадора'],
  Cascais: ['Кашкайш'],
  Setúbal: ['Сетубал'],
  Ballarat: ['Баларат'],
  Leeds: ['Лідс'],
  Bradford: ['Бредфорд'],
  'Santa Maria da Feira': ['Санта-Марія-да-Фейра'],
  'Tower Hamlets (London)': ['Tower Hamlets'],
};

/** Other names of a city (as the corpus writes it), with Ukrainian case forms of the Cyrillic ones. */
export function cityExonyms(city: string): string[] {
  const names = CITY_EXONYMS[city] ?? [];
  return names.flatMap((n) => (/[\u0400-\u04ff]/.test(n) ? ukrainianForms(n) : [n]));
}

/** Cities the exonym table knows (to add even when the corpus writes them inside a longer name). */
export function knownCities(): string[] {
  return Object.keys(CITY_EXONYMS);
}
