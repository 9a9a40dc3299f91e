/**
 * Which Say voices speak which languages, after Twilio's text-to-speech voice list
 * (https://www.twilio.com/docs/voice/twiml/say/text-speech). Not every Polly voice is listed: a voice
 * missing here is reported as invalid, which errs towards catching a typo rather than hiding one.
 */

const BASIC_MAN_WOMAN = ['en-US', 'en-GB', 'es-ES', 'fr-FR', 'de-DE', 'en', 'en-gb', 'es', 'fr', 'de', 'it'];

const ALICE = [
  'da-DK',
  'de-DE',
  'en-AU',
  'en-CA',
  'en-GB',
  'en-IN',
  'en-US',
  'ca-ES',
  'es-ES',
  'es-MX',
  'fi-FI',
  'fr-CA',
  'fr-FR',
  'it-IT',
  'ja-JP',
  'ko-KR',
  'nb-NO',
  'nl-NL',
  'pl-PL',
  'pt-BR',
  'pt-PT',
  'ru-RU',
  'sv-SE',
  'zh-CN',
  'zh-HK',
  'zh-TW',
];

const POLLY: Record<string, string[]> = {
  Zhiyu: ['cmn-CN'],
  Hiujin: ['yue-CN'],
  Joanna: ['en-US'],
  Matthew: ['en-US'],
  Ivy: ['en-US'],
  Justin: ['en-US'],
  Kendra: ['en-US'],
  Kimberly: ['en-US'],
  Salli: ['en-US'],
  Joey: ['en-US'],
  Kevin: ['en-US'],
  Ruth: ['en-US'],
  Stephen: ['en-US'],
  Danielle: ['en-US'],
  Gregory: ['en-US'],
  Patrick: ['en-US'],
  Amy: ['en-GB'],
  Brian: ['en-GB'],
  Emma: ['en-GB'],
  Arthur: ['en-GB'],
  Nicole: ['en-AU'],
  Russell: ['en-AU'],
  Olivia: ['en-AU'],
  Aditi: ['en-IN', 'hi-IN'],
  Raveena: ['en-IN'],
  Kajal: ['en-IN', 'hi-IN'],
  Geraint: ['en-GB-WLS'],
  Aria: ['en-NZ'],
  Ayanda: ['en-ZA'],
  Mizuki: ['ja-JP'],
  Takumi: ['ja-JP'],
  Kazuha: ['ja-JP'],
  Tomoko: ['ja-JP'],
  Seoyeon: ['ko-KR'],
  Conchita: ['es-ES'],
  Enrique: ['es-ES'],
  Lucia: ['es-ES'],
  Sergio: ['es-ES'],
  Mia: ['es-MX'],
  Andres: ['es-MX'],
  Lupe: ['es-US'],
  Penelope: ['es-US'],
  Miguel: ['es-US'],
  Pedro: ['es-US'],
  Celine: ['fr-FR'],
  Lea: ['fr-FR'],
  Mathieu: ['fr-FR'],
  Remi: ['fr-FR'],
  Chantal: ['fr-CA'],
  Gabrielle: ['fr-CA'],
  Liam: ['fr-CA'],
  Hans: ['de-DE'],
  Marlene: ['de-DE'],
  Vicki: ['de-DE'],
  Daniel: ['de-DE'],
  Carla: ['it-IT'],
  Bianca: ['it-IT'],
  Giorgio: ['it-IT'],
  Adriano: ['it-IT'],
  Camila: ['pt-BR'],
  Vitoria: ['pt-BR'],
  Ricardo: ['pt-BR'],
  Thiago: ['pt-BR'],
  Ines: ['pt-PT'],
  Cristiano: ['pt-PT'],
  Lotte: ['nl-NL'],
  Ruben: ['nl-NL'],
  Laura: ['nl-NL'],
  Tatyana: ['ru-RU'],
  Maxim: ['ru-RU'],
  Zeina: ['arb'],
  Hala: ['ar-AE'],
};

// Voices Amazon offers only in the standard engine: `Polly.<name>-Neural` does not exist for them.
const POLLY_STANDARD_ONLY = new Set([
  'Aditi',
  'Raveena',
  'Conchita',
  'Enrique',
  'Celine',
  'Mathieu',
  'Chantal',
  'Hans',
  'Marlene',
  'Carla',
  'Giorgio',
  'Mizuki',
  'Justin',
  'Geraint',
  'Ricardo',
  'Cristiano',
  'Ruben',
  'Tatyana',
  'Maxim',
  'Zeina',
]);

export type VoiceCheck = { ok: true; language: string } | { ok: false; reason: string };

/** Says whether `voice` speaks `language` (attribute values as written; absent attributes take Twilio's defaults). */
export function checkSayVoice(voice: string | undefined, language: string | undefined): VoiceCheck {
  const name = voice ?? 'man';
  if (name === 'man' || name === 'woman') return inList(name, language ?? 'en-US', BASIC_MAN_WOMAN);
  if (name === 'alice') return inList(name, language ?? 'en-US', ALICE);

  const polly = /^Polly\.([A-Za-z]+)(?:-(Neural|Generative|Standard))?$/.exec(name);
  if (polly) {
    const [, base = '', engine] = polly;
    const languages = POLLY[base];
    if (!languages) return { ok: false, reason: `unknown Amazon Polly voice "${name}"` };
    if (engine === 'Neural' && POLLY_STANDARD_ONLY.has(base)) {
      return { ok: false, reason: `"${name}" does not exist: Polly.${base} has no neural engine` };
    }
    // A Polly voice speaks its own language when none is given.
    return inList(name, language ?? languages[0] ?? 'en-US', languages);
  }

  const google = /^Google\.([a-z]{2,3}-[A-Z]{2})-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.exec(name);
  if (google) {
    const own = google[1] ?? '';
    return inList(name, language ?? own, [own]);
  }
  return { ok: false, reason: `unknown voice "${name}" (use man, woman, alice, Polly.<Name> or Google.<lang>-<type>-<X>)` };
}

function inList(voice: string, language: string, languages: readonly string[]): VoiceCheck {
  const wanted = language.toLowerCase();
  if (languages.some((l) => l.toLowerCase() === wanted)) return { ok: true, language };
  return {
    ok: false,
    reason: `voice "${voice}" does not speak language "${language}" (it speaks ${languages.slice(0, 8).join(', ')}${languages.length > 8 ? ', …' : ''})`,
  };
}
