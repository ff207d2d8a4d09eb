/**
 * Text lint over every content file, nl and en: words and claims this guide must not use.
 * Minimising racism, anglicisms, promises the AVG does not allow ("only you can read them"),
 * overclaims about the appraisal question, a guideline worded as a rule, the manager filing what
 * is the employee's own choice, and source details that could not be confirmed (docs/sources.md).
 * Every content file counts, also ones added later: `*.nl.yaml` / `nl.yaml` are Dutch,
 * `*.en.yaml` / `en.yaml` English, and in a bilingual file (meldkanalen.yaml) the `nl` and `en` keys.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { contentDir } from '../../content/load';

type Locale = 'nl' | 'en';
interface Rule {
  readonly why: string;
  readonly pattern: RegExp;
}
interface Text {
  readonly where: string;
  readonly text: string;
}

const RULES: Record<Locale, readonly Rule[]> = {
  nl: [
    { why: 'minimises racism; say "pijnlijk", "onacceptabel"', pattern: /vervelend/i },
    { why: 'anglicism', pattern: /\bchecken\b|\bgecheckt\b/i },
    { why: 'anglicism', pattern: /\bmarkeer\b/i },
    { why: 'not true under the AVG (art. 15): say encrypted, visible to you in the bot', pattern: /alleen jij kunt (ze|hem|het) lezen/i },
    { why: 'overclaims: only BZK committed its own department', pattern: /vast onderdeel van de gesprekscyclus/i },
    { why: 'promises action before the employee said what they want', pattern: /ik ga (er|ermee) (mee )?aan de slag/i },
    { why: 'announces before asking', pattern: /ik ga dit aanspreken/i },
    { why: 'one term for the digest day: "aan het begin van de week"', pattern: /op maandag|eerste werkdag van de week/i },
    { why: 'the 5 working days are a guideline (richttijd), not a rule', pattern: /(hoort|moet) binnen \d+ werkdagen/i },
    { why: 'a complaint or external report is the employee\'s own choice', pattern: /wil je dat ik de melding doe/i },
    { why: 'the HR log is pseudonymised, not anonymous', pattern: /geanonimiseerde? (hr-)?logboek|anonieme gegevens voor hr/i },
    { why: 'unconfirmed source detail (docs/sources.md)', pattern: /nr\. 451|71141|gezamenlijke? loket/i },
  ],
  en: [
    { why: 'minimises racism; say "painful", "unacceptable"', pattern: /unpleasant/i },
    { why: 'not true under the GDPR (art. 15): say encrypted, visible to you in the bot', pattern: /only you can (still )?read (them|it)/i },
    { why: 'overclaims: only BZK committed its own department', pattern: /fixed part of the (appraisal|conversation) cycle/i },
    { why: 'promises action before the employee said what they want', pattern: /I will act on it/i },
    { why: 'announces before asking', pattern: /I am going to address this|I will address this/i },
    { why: 'one term for the digest day: "at the start of the week"', pattern: /on Monday|first working day of the week/i },
    { why: 'the 5 working days are a guideline, not a rule', pattern: /(must|should) (be addressed|happen) within \d+ working days/i },
    { why: 'a complaint or external report is the employee\'s own choice', pattern: /would you like me to make the report/i },
    { why: 'the HR log is pseudonymised, not anonymous', pattern: /anonymi[sz]ed (HR )?log|anonymous data for HR/i },
    { why: 'unconfirmed source detail (docs/sources.md)', pattern: /no\. 451|71141|joint desk/i },
  ],
};

/** Every string in a parsed YAML value, with its key path; `keep` filters keys (the bilingual nl/en). */
function strings(value: unknown, where: string, keep: (key: string) => boolean = () => true): Text[] {
  if (typeof value === 'string') return [{ where, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${where}[${i}]`, keep));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .filter(([key]) => keep(key))
      .flatMap(([key, child]) => strings(child, `${where}.${key}`, keep));
  }
  return [];
}

const BILINGUAL_KEYS: readonly string[] = ['nl', 'en'];

/** The texts of one locale across all content files. */
function textsOf(locale: Locale): Text[] {
  const files = fs.readdirSync(contentDir()).filter((f) => f.endsWith('.yaml'));
  return files.flatMap((file) => {
    const parsed: unknown = parseYaml(fs.readFileSync(path.join(contentDir(), file), 'utf8'));
    if (file === `${locale}.yaml` || file.endsWith(`.${locale}.yaml`)) return strings(parsed, file);
    if (/(^|\.)(nl|en)\.yaml$/.test(file)) return [];
    // Bilingual file: only the strings under this locale's key count.
    return strings(parsed, file, (key) => !BILINGUAL_KEYS.includes(key) || key === locale);
  });
}

function violations(texts: readonly Text[], rules: readonly Rule[]): string[] {
  return texts.flatMap(({ where, text }) =>
    rules.filter(({ pattern }) => pattern.test(text)).map(({ why }) => `${where}: ${why}`),
  );
}

describe.each(['nl', 'en'] as const)('text lint %s', (locale) => {
  it('reads the handreiking, the situations, the HR texts and the meldkanalen', () => {
    const files = new Set(textsOf(locale).map(({ where }) => where.split('.yaml')[0]));
    expect([...files]).toEqual(expect.arrayContaining([locale, `situations.${locale}`, `hr.${locale}`, 'meldkanalen']));
  });

  it('finds a planted word, so an empty result means something', () => {
    const planted = locale === 'nl'
      ? ['Ik hoor hoe vervelend dit was.', 'Aanspreken hoort binnen 5 werkdagen te gebeuren.', 'Alleen jij kunt ze lezen.']
      : ['I hear how unpleasant this was.', 'It must be addressed within 5 working days.', 'Only you can read them.'];
    expect(violations(planted.map((text, i) => ({ where: `planted[${i}]`, text })), RULES[locale])).toHaveLength(3);
  });

  it('uses none of the words this guide should not use', () => {
    expect(violations(textsOf(locale), RULES[locale])).toEqual([]);
  });

  it('calls the 5 working days a guideline wherever a text names them', () => {
    const guideline = locale === 'nl' ? /richttijd/i : /guideline/i;
    const fiveDays = locale === 'nl' ? /5 werkdagen/ : /5 working days/;
    const reminders = textsOf(locale).filter(({ where, text }) => where.includes('.reminders.kinds.') && fiveDays.test(text));
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.filter(({ text }) => !guideline.test(text)).map(({ where }) => where)).toEqual([]);
  });
});
