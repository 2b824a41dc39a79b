/**
 * Word analysis per language, shared by the index (each language's title and summary) and queries.
 *
 * - en: lunr's Porter stemmer, with exceptions where it merges unrelated words (hospitals/hospitality).
 * - fr, es, it, pt: lunr-languages' Snowball stemmers on the folded word (folded first, so a query
 *   typed without accents stems as the accented text does).
 * - de: the Snowball stemmer applied twice (Kurs -> kur but Kurse -> kurs: twice, both give kurs),
 *   plus compound parts found against a domain lexicon (Integrationsrat -> integration + rat).
 * - uk: @orama/stemmers' Ukrainian stemmer after two pre-rules (-си -> -са, -ець -> -ц), a hand-written
 *   lemma table for this domain's words (fleeting vowels: чуток / чутка), and a post-rule joining
 *   the -ія nouns' stems (інтеграц / інтеграці / інтеграціє). Stemmed before folding: folding turns
 *   й into и and ї into і.
 *
 * A word yields one or more tokens; every token is folded.
 */
import lunr from 'lunr';
import { eng, fra, spa, ita, deu, por, ukr } from 'stopword';
import { fold } from './text.js';
import { deMasculine, deStem, deTokens, snowballStem, splitCompound } from './analysis-de.js';
import { ukStem, ukTokens } from './analysis-uk.js';

export { splitCompound };


/** The languages practices are written in and indexed with. */
export const SEARCH_LANGS = ['en', 'fr', 'es', 'it', 'de', 'pt', 'uk'] as const;
export type SearchLang = (typeof SEARCH_LANGS)[number];
/** Languages written in Latin script, in the order their analyses are tried. */
export const LATIN_LANGS: readonly SearchLang[] = ['en', 'fr', 'es', 'it', 'de', 'pt'];

export function isSearchLang(l: string | undefined): l is SearchLang {
  return (SEARCH_LANGS as readonly string[]).includes(l ?? '');
}

const CYRILLIC = /[\u0400-\u04ff]/;

/** The languages a word can belong to, by its script. */
export function langsOf(word: string): readonly SearchLang[] {
  return CYRILLIC.test(word) ? ['uk'] : LATIN_LANGS;
}

/** Letters only one of the languages writes: a word with them is analysed in it (and English, for names). */
const OWN_LETTERS: ReadonlyArray<[RegExp, SearchLang]> = [
  [/[äöüß]/, 'de'],
  [/ñ/, 'es'],
  [/[ãõ]/, 'pt'],
];

/**
 * The languages a glossary term is analysed in: Bücherei in Italian stems to buch, as Italian "buche"
 * (potholes) does, which made road repairs a question about libraries.
 */
export function termLangs(word: string): readonly SearchLang[] {
  for (const [re, lang] of OWN_LETTERS) if (re.test(word)) return [lang, 'en'];
  return langsOf(word);
}

/** Words lowercased but not folded (Ukrainian is stemmed before folding); apostrophes inside words kept out. */
export function rawWords(s: string): string[] {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/(\p{L})['’ʼ`](\p{L})/gu, '$1$2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Stop words: the `stopword` lists of the seven languages, question and request words, and this
// domain's generic words (they say "find me something", not what to find).

/**
 * This domain's request and generic words, per language. Besides the request words, the words any
 * practice of an intercultural network could be described with say nothing about the topic:
 * multicultural, municipal, support, change (English had them, or their like, already; each language
 * needs its own, or "inhumation dans les cimetières municipaux" counts municipaux as a quarter of
 * the question, and the practices on Muslim burial fall under the gate).
 */
const DOMAIN_STOPWORDS: Record<SearchLang, string> = {
  en: `a an the and or of to in on at for from by with about into over under as is are was were be been being
  do does did done doing have has had how what which who whom whose where when why any some other others
  me my our ours we us you your i it its this that these those there their they them
  can could would should will shall may might must please show give find search look looking tell know
  let lets want need get got run ran running runs organise organize organised organized use used using
  practice practices example examples good best idea ideas initiative initiatives project projects
  city cities town towns municipality municipalities municipal council councils local network anything something
  icc intercultural like such also more most very just than then so not no yes first public other
  way ways include including included worked change changed help helped new something all
  deal dealing done make made tried try trying there anti getting elsewhere together different
  multicultural multiculturalism support supporting supported
  fight fighting fights combat combating combatting tackle tackling tackled counter countering address addressing
  involve involving involved engage engaging promote promoting encourage encouraging improve improving boost
  implement implemented implementing introduce introduced develop developed developing create created creating launch launched renew renewed renewing establish established set setting handle handled manage managed managing
  cant can't won't don't doesn't really keep kept stay stays staying become becomes still already only even quite almost nearly often always never sometimes usually actually basically simply maybe perhaps probably lot lots much many few little bit kind sort thing things stuff someone somebody anyone everyone ok okay well right now today currently recently lately soon ever again back around go goes going went come comes coming came take takes taking took put say says said think thought see seen saw able unable better worse easier harder easy hard whole every each own same another explain explaining ask asked asking
  one people cultures backgrounds origins
  integrate integrated integrating
  topic topics theme themes anywhere somewhere convince convincing persuade long-term longterm programme programmes program programs`,
  fr: `pratique pratiques exemple exemples ville villes montre montrez montrer trouve trouver cherche comment quelles quels
  bonnes bonne autres autre projet projets municipalite interculturel interculturelle interculturelles interculturels
  ont fait font faire mis mise mettre mene menee menees mener realise realisee organise organisee existe existent
  multiculturel multiculturelle multiculturels multiculturelles changer change changent soutien soutenir
  municipal municipale municipaux municipales
  lutter luttent lutte luttons combattre combattent combat contrer impliquer impliquent favoriser
  encourager encouragent promouvoir ameliorer
  public publique publics publiques premier premiere premiers premieres abord nouveau nouvel nouvelle nouveaux nouvelles facon manieres maniere moyen moyens local locale locaux locales differents differentes ensemble renouveler renouvele mettent creer cree creee lancer lance lancee developper developpe instaurer introduire etablir gerer gere
  aider aide aidez aident peut peuvent pouvons pourrait pourrions faut doit doivent devons veut veulent voulons vraiment deja encore seulement juste meme tres trop assez souvent toujours jamais parfois beaucoup peu plupart chose choses quelqu quelque rester restent reste devenir devient etre avoir aller va vont venir prendre dire voir penser mieux plus moins bien bon chaque tout tous toutes issus issues issu expliquer essayer reussir arriver
  cultures origines
  integrer integre integres integree integrent
  sujet sujets theme themes voudrions voudrais aimerions aimerais souhaitons souhaiterions souhaiterais
  voudraient aupres niveau convaincre interculturalite programme programmes`,
  es: `practica practicas ejemplo ejemplos ciudad ciudades muestra muestrame buscar busca encuentra como cuales otras otros
  buenas buena proyecto proyectos municipio municipios intercultural interculturales
  he has ha hemos han hay habido hecho hacen hicieron llevado llevar llevan llevaron cabo puesto poner marcha realizado
  realizan organizado organizan existe existen hace hacen multicultural multiculturales cambiar cambiado apoyo apoyar municipal municipales
  combatir combaten luchar luchan lucha abordar abordan involucrar involucran implicar implican fomentar promover mejorar muchos muchas
  publico publica publicos publicas primer primero primera primeros nuevo nueva nuevos nuevas manera maneras forma formas local locales diferentes juntos renovar implementar implantar introducir desarrollar desarrollado crear creado creada lanzar lanzado establecer gestionar gestionan
  ayudar ayuda ayudan ayudamos puede pueden podemos podriamos hay debe deben debemos quiere quieren queremos realmente ya todavia aun solo incluso muy demasiado bastante siempre nunca veces mucho muchos poco cosa cosas alguien quedar quedan seguir sigue ser estar tener ir dar decir ver pensar mejor peor mas menos bien cada todo todos conseguir lograr intentar tratar explicar
  gente personas culturas origenes
  integrar integrado integrados integran
  tema temas quisiera quisieramos queriamos queria gustaria algun alguna aqui alli convencer plazo interculturalidad programa programas`,
  it: `pratica pratiche esempio esempi citta comune comuni mostra mostrami cerca trova trovare come quali altre altri buone
  buona progetto progetti interculturale interculturali
  fatto fa fanno cosa realizzato realizzata realizzano organizzato organizzata organizzano avviato avviata messo esiste esistono
  intercultura multiculturale multiculturali cambiare cambiato sostegno sostenere supporto
  municipale municipali comunale comunali
  contrastare contrastano combattere combattono lottare lottano affrontare affrontano coinvolgere coinvolgono promuovere
  favorire migliorare lotta tanti tante molti molte
  pubblico pubblica pubblici pubbliche primo primi nuovo nuova nuovi nuove modo modi maniera locale locali diversi diverse insieme rinnovare attuare implementare introdurre sviluppare sviluppato creare creato creata lanciare lanciato avviare istituire gestire gestito
  aiutare aiuta aiutano aiutiamo puo possono possiamo potremmo bisogna deve devono dobbiamo vuole vogliono vogliamo davvero gia ancora solo soltanto anche persino molto troppo abbastanza spesso sempre mai volte poco cosa cose qualcuno restare rimanere rimangono diventare essere avere fare farle farli andare venire dare dire vedere pensare meglio peggio piu meno bene ogni tutto tutti quasi cercare riuscire provare spiegare vengono viene
  gente persone origini
  integrare integrato integrati integrano
  tema temi vorremmo vorrei volevamo volevo piacerebbe convincere durata pluriennale livello interculturalita programma programmi`,
  de: `praxis beispiel beispiele beispielen stadt stadte stadten kommune kommunen gemeinde gemeinden zeig zeige zeigen
  such suche suchen finde finden gibt gute guten andere anderen projekt projekte interkulturell interkulturelle
  interkulturellen wie welche welcher umgesetzt durchgefuhrt organisiert gemacht gestaltet macht machen
  multikulturell multikulturelle multikulturellen multikultureller multikulturelles verandern verandert andern geandert unterstutzung unterstutzen
  stadtisch stadtische stadtischen stadtischer kommunal kommunale kommunalen
  bekampfen bekampft bekampf vorgehen angehen gehen umgehen einbeziehen einbinden binden fordern verbessern kampf
  offentlich offentliche offentlichen offentlicher erst erste ersten erster zuerst neu neue neuen neuer neues weg wege weise lokal lokale lokalen verschiedene verschiedenen gemeinsam erneuern erneuert umsetzen eingefuhrt einfuhren entwickeln entwickelt schaffen geschaffen starten gestartet aufbauen aufgebaut einrichten eingerichtet bewaltigen
  helfen hilft kann konnen konnten muss mussen sollen sollte sollten will wollen wirklich schon noch nur sogar sehr ziemlich oft immer nie manchmal viel viele wenig etwas jemand bleiben bleibt werden wird sein haben gehen kommen geben sagen sehen denken besser schlechter mehr weniger gut jede jeder jedes alle ganz fast damit dass entstehen entsteht erklaren versuchen gelingen klappen
  menschen leute kulturen herkunft
  integrieren integriert integrierte
  thema themen mochten mochte wurden hatten gern gerne sowas sowie uberzeugen langfristig langfristige langfristigen interkulturalitat programm programme
  tun tut tuen
  arbeiten arbeitet zusammen zusammenarbeiten kooperieren`,
  pt: `pratica praticas exemplo exemplos cidade cidades mostra mostre mostrar procura procurar encontrar encontra quais
  outras outros boas boa projeto projetos municipio municipios intercultural interculturais
  fez fizeram feito faz fazem realizaram realizado realizada organizaram organizado organizada existe existem
  multicultural multiculturais mudar mudou apoio apoiar municipal municipais
  combater combatem lutar lutam enfrentar enfrentam envolver envolvem promover incentivar melhorar luta
  publico publica publicos publicas primeiro primeira primeiros novo nova novos novas maneira maneiras forma formas modo local locais diferentes juntos renovar implementar implantar introduzir desenvolver desenvolvido criar criado criada lancar lancado estabelecer gerir gerido
  ajudar ajuda ajudam pode podem podemos poderiamos precisa precisamos deve devem devemos quer querem queremos realmente ja ainda so apenas mesmo muito demais bastante sempre nunca vezes pouco coisa coisas alguem ficar ficam continuar ser estar ter fazer ir dar dizer ver pensar melhor pior mais menos bem cada todo todos conseguir tentar explicar
  gente pessoas culturas origens
  integrar integrado integrados integram
  tema temas gostaria gostariamos gostava queriamos alguma algum aqui ca acaba convencer prazo interculturalidade programa programas`,
  uk: `місто міста містах міст містам мiсто приклад приклади прикладів практика практики практик покажи покажіть знайди
  знайдіть шукаю шукати які яких як якій інші інших інші хороші хороших найкращі проєкт проєкти проект проекти
  громади міськ міські міських міська міський будь ласка можна підкажіть розкажи розкажіть міжкультурн міжкультурні
  міжкультурних міжкультурна міжкультурний куди звертатися зробити робити допомагали допомагають досвід
  при мультикультурний мультикультурна мультикультурні мультикультурних змінити змінили підтримка підтримки підтримку
  боротися боротись борються боротьба боротьби протидіяти протидіють протидія протидії залучати залучають залучити
  залучаємо долучати сприяти заохочувати покращити знайти допомогти
  публічний публічна публічні публічних перший перша перші спочатку новий нова нові нових спосіб способи місцевий місцева місцеві місцевих різні разом оновити впровадити впроваджувати запровадити розвивати розробити створити створили запустити започаткувати організувати організували
  допомогти допомагати може можуть можемо могли треба потрібно слід мусимо хоче хочуть хочемо справді вже ще лише тільки навіть дуже занадто досить часто завжди ніколи іноді багато мало щось хтось залишатися стати бути мати робити йти дати сказати бачити думати краще гірше більше менше добре кожен кожна кожне всі усі майже пояснити їхні їхній їхня їх
  люди людей людям культур культури походження
  інтегрувати інтегрували інтегрують
  тема теми темі тему хотіли хотів хотіла хотілося щодо робив робила робили довгострокова довгостроковий довгострокову довгострокової міжкультурності міжкультурність
  роблять робить роблю робимо зробили зробити`,
};

/** Words of other languages' stop lists that are content words here. */
const NOT_STOPWORDS = new Set(['war', 'art', 'мов', 'мова']);

const STOP_LISTS: Record<SearchLang, readonly string[]> = { en: eng, fr: fra, es: spa, it: ita, de: deu, pt: por, uk: ukr };

/** Each language's stop words (its `stopword` list and domain words), folded. */
const STOP_BY_LANG = new Map<SearchLang, Set<string>>(
  SEARCH_LANGS.map((l) => [l, new Set([...STOP_LISTS[l], ...DOMAIN_STOPWORDS[l].split(/\s+/)].filter((w) => w && !NOT_STOPWORDS.has(w)).map(fold))]),
);

export const STOPWORDS: ReadonlySet<string> = (() => {
  const set = new Set<string>();
  for (const words of STOP_BY_LANG.values()) for (const w of words) set.add(w);
  for (const w of NOT_STOPWORDS) set.delete(fold(w));
  return set;
})();

/**
 * Letters that English does not use, and the Latin-script languages that do (accents are evidence of
 * a language even in a word no practice uses).
 */
const LETTER_LANGS: ReadonlyArray<[RegExp, readonly SearchLang[]]> = [
  [/[äöüß]/, ['de']],
  [/ñ/, ['es']],
  [/[ãõ]/, ['pt']],
  [/[îûœëïÿ]/, ['fr']],
  [/[ç]/, ['fr', 'pt']],
  [/[êâô]/, ['fr', 'pt']],
  [/[ìò]/, ['it']],
  [/[èù]/, ['fr', 'it']],
  [/[à]/, ['fr', 'it', 'pt']],
  [/[áíóú]/, ['es', 'pt', 'it']],
  [/[é]/, ['fr', 'es', 'it', 'pt']],
];

/**
 * The Latin-script languages a word (lowercase, as typed) shows the query is in: a stop word of that
 * language and not of English ("nei", "von", "les"), letters English does not use (ü, ñ, ã, è...), or
 * a German compound of the domain's words (Sprachkurse). Empty for English and for words that could
 * be either ("integration", "climate").
 */
export function languageHints(word: string): SearchLang[] {
  if (CYRILLIC.test(word) || word.length < 2) return [];
  const f = fold(word);
  if (STOP_BY_LANG.get('en')!.has(f)) return [];
  const out = new Set<SearchLang>();
  for (const l of LATIN_LANGS) if (l !== 'en' && STOP_BY_LANG.get(l)!.has(f)) out.add(l);
  for (const [re, langs] of LETTER_LANGS) if (re.test(word)) for (const l of langs) out.add(l);
  if (splitCompound(f)) out.add('de');
  return [...out];
}

/**
 * Ukrainian inflects the domain's request words (міській, міськими, прикладами...) past what a list
 * holds: a Cyrillic word whose stem is the stem of a domain stop word of 5+ letters is one too. Stems
 * of the word as typed and folded (й -> и), since queries are checked folded.
 */
const UK_STOP_STEMS: ReadonlySet<string> = new Set(
  DOMAIN_STOPWORDS.uk
    .split(/\s+/)
    .filter((w) => w.length >= 5)
    .flatMap((w) => [ukStem(w), ukStem(fold(w))])
    .filter((s) => s.length >= 4),
);

/** Is this word (raw or folded) a stop word in any of the languages? */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(fold(word)) || (CYRILLIC.test(word) && word.length >= 5 && UK_STOP_STEMS.has(ukStem(word)));
}

// ---------------------------------------------------------------------------------------------
// English

const EN_EXCEPTIONS = new Map<string, string>([
  // Porter stems both hospitals and hospitality to "hospit".
  ['hospital', 'hospital'],
  ['hospitals', 'hospital'],
  ['hospitality', 'hospitality'],
  ['hospitable', 'hospitality'],
  // "university" and "universe", "organ" and "organisation" are not this corpus's problem; these are.
  ['communities', 'community'],
  ['community', 'community'],
  ['communication', 'communication'],
  ['communications', 'communication'],
  // "work" (a job) is not "working" (working group, working with): Porter merges them.
  ['working', 'working'],
]);

function enStem(w: string): string {
  const f = fold(w);
  return EN_EXCEPTIONS.get(f) ?? (lunr.stemmer(new lunr.Token(f, {}) as lunr.Token) as unknown as lunr.Token).toString();
}

// ---------------------------------------------------------------------------------------------

const memo = new Map<string, string[]>();


/** The tokens of one word (lowercase, unfolded, as rawWords gives it) in a language; [] for empty words. */
export function analyze(lang: SearchLang, word: string): string[] {
  const key = `${lang}|${word}`;
  let out = memo.get(key);
  if (out) return out;
  if (word.length === 0) out = [];
  else if (lang === 'en') out = [enStem(word)];
  else if (lang === 'uk') out = CYRILLIC.test(word) ? ukTokens(word) : [enStem(word)];
  else if (lang === 'de') out = deTokens(word);
  else out = [snowballStem(lang, fold(word))];
  out = out.filter((t) => t.length > 0);
  if (memo.size > 100_000) memo.clear();
  memo.set(key, out);
  return out;
}

/**
 * The tokens of a word that only name a modifier of a German compound: Integrationsrat is a council
 * (Rat), not every practice on integration; Sprachcafés a café. German compounds are right-headed,
 * so the parts before the last are modifiers, unless the last is a stop word (Einwanderungsstadt:
 * Stadt says nothing, Einwanderung is the topic). Empty for other languages and plain words.
 */
export function modifierTokens(lang: SearchLang, word: string): string[] {
  if (lang !== 'de') return [];
  let out = modifierMemo.get(word);
  if (out) return out;
  const f = fold(word);
  const parts = splitCompound(f);
  out = [];
  if (parts && !isStopword(parts[parts.length - 1]!)) {
    const keep = new Set([deStem(f), deStem(parts[parts.length - 1]!)]);
    const base = deMasculine(f);
    if (base) keep.add(deStem(base));
    out = [...new Set(parts.slice(0, -1).map(deStem))].filter((t) => !keep.has(t));
  }
  if (modifierMemo.size > 10_000) modifierMemo.clear();
  modifierMemo.set(word, out);
  return out;
}
// Asked several times per query word (clauses, glossary): splitting is the costly part.
const modifierMemo = new Map<string, string[]>();

/** Every token of a text in one language. */
export function analyzeText(lang: SearchLang, text: string): string[] {
  return rawWords(text).flatMap((w) => analyze(lang, w));
}


/** A word's tokens in every language of its script, deduplicated (keywords, areas, places, glossary). */
export function analyzeAll(word: string): string[] {
  return [...new Set(langsOf(word).flatMap((l) => analyze(l, word)))];
}
