/**
 * Snowball stemmers (lunr-languages) for French, Spanish, Italian, Portuguese and German, and German
 * compounds: split into parts that are words of a hand-written lexicon of the domain, with linking letters.
 */
import { createRequire } from 'node:module';
import lunr from 'lunr';
import { fold } from './text.js';

const require = createRequire(import.meta.url);

type SnowballLang = 'fr' | 'es' | 'it' | 'pt' | 'de';
type LunrWithLanguages = typeof lunr & Record<SnowballLang, { stemmer: (token: lunr.Token) => lunr.Token }>;
let snowballLoaded: LunrWithLanguages | undefined;
function snowball(): LunrWithLanguages {
  if (!snowballLoaded) {
    require('lunr-languages/lunr.stemmer.support')(lunr);
    for (const lang of ['fr', 'es', 'it', 'pt', 'de']) require(`lunr-languages/lunr.${lang}`)(lunr);
    snowballLoaded = lunr as LunrWithLanguages;
  }
  return snowballLoaded;
}

export function snowballStem(lang: SnowballLang, folded: string): string {
  return snowball()[lang].stemmer(new lunr.Token(folded, {})).toString();
}

export function deStem(folded: string): string {
  return snowballStem('de', snowballStem('de', folded));
}

/** The domain's German words compounds are made of (base forms; folded and stemmed at load). */
const DE_LEXICON = `beirat rat kurs sprache stelle kultur unterkunft fluchtling gefluchtete auslander integration
  diskriminierung antidiskriminierung anti stadtteil stadt teil willkommen bildung schule bibliothek gerucht beratung arbeit
  mutter vermittlung mediation zentrum netzwerk strategie plan politik beauftragte burger jugend kinder eltern familie
  frau projekt programm kampagne dialog begegnung nachbarschaft migrant migration einwanderung einwanderer dienst
  verwaltung kommission forum leitbild charta wahl recht gesundheit kranken haus sport fest festival konflikt
  vielfalt teilhabe beteiligung rassismus ausbildung unternehmen grunder markt wohnung quartier raum platz park
  kita garten lehrer angebot lotse lotsen polizei religion dolmetscher ehrenamt pate patenschaft buro amt hilfe
  gemeinschaft zusammenleben jugendliche sucht praktikum beruf cafe einrichtung offnung versorgung wesen bewohner
  barriere gestaltung grundung digitalisierung kindergarten schutz burgeramt fussball stadion sozial hass rede netz
  strasse nachbar fan verein mannschaft ort begegnung forderung moschee kirche synagoge glaube gemeinde imam arzt
  pflege patient klinik miete mieter vermieter heim lehrkraft schuler klasse unterricht eltern mentor
  aufnahme konzept austausch besuch reise zuwanderung bucherei`;

type Lexicon = { forms: Set<string>; stems: Set<string> };
let deLexicon: Lexicon | undefined;
function lexicon(): Lexicon {
  if (!deLexicon) {
    const forms = new Set(DE_LEXICON.split(/\s+/).filter(Boolean).map(fold));
    deLexicon = { forms, stems: new Set([...forms].map(deStem)) };
  }
  return deLexicon;
}

const LINKS = ['', 's', 'es', 'n', 'en', 'er', 'e'];

/** A part's lexicon form: as written, or a compound's head without its final -e (Sprach- of Sprache). */
function partForm(part: string, last: boolean, lex: Lexicon): string | undefined {
  const { forms, stems } = lex;
  if (forms.has(part)) return part;
  if (forms.has(`${part}e`)) return `${part}e`;
  if (last && part.length >= 4 && stems.has(deStem(part))) return part;
  return undefined;
}

/** The compound's parts (fewest first), or undefined when it is not made of lexicon words. */
export function splitCompound(folded: string): string[] | undefined {
  const lex = lexicon();
  const n = folded.length;
  if (n < 7) return undefined;
  // best[i]: fewest parts covering folded[0, i), with the parts.
  const best: Array<string[] | undefined> = new Array(n + 1).fill(undefined);
  best[0] = [];
  for (let i = 0; i < n; i++) {
    const before = best[i];
    if (!before) continue;
    for (let j = i + 3; j <= n; j++) {
      const part = folded.slice(i, j);
      const last = j === n;
      const form = partForm(part, last, lex);
      if (!form || (part.length < 4 && !lex.forms.has(part))) continue;
      for (const link of last ? [''] : LINKS) {
        const end = j + link.length;
        if (end > n || folded.slice(j, end) !== link) continue;
        const parts = [...before, form];
        const at = best[end];
        if (!at || at.length > parts.length) best[end] = parts;
      }
    }
  }
  const parts = best[n];
  return parts && parts.length >= 2 ? parts : undefined;
}

/**
 * The masculine (generic) form of a feminine noun of person: Migrantinnen -> Migrant, Gründerin ->
 * Gründer. Snowball keeps -inn/-in, so "für Migrantinnen" missed every text saying Migranten.
 */
export function deMasculine(folded: string): string | undefined {
  if (folded.length >= 9 && folded.endsWith('innen')) return folded.slice(0, -5);
  if (folded.length >= 7 && /(?:er|ant|ent|ist)in$/.test(folded)) return folded.slice(0, -2);
  return undefined;
}

/** A German word's tokens: its stem, its masculine form's, its compound parts'. */
export function deTokens(w: string): string[] {
  const f = fold(w);
  const out = [deStem(f)];
  const base = deMasculine(f);
  if (base) out.push(deStem(base));
  const parts = splitCompound(f);
  if (parts) for (const p of parts) out.push(deStem(p));
  return [...new Set(out)];
}
