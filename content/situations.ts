/**
 * The situations catalogue as data: `content/situations.nl.yaml` and `content/situations.en.yaml`,
 * one schema, the same situation ids as `flows/situations.ts`. Per situation: what the answer is
 * about, the essentials with their sources, and example questions that the free-text matcher
 * (bot/situation-search.ts) learns from. Policy owners extend the examples, synonyms and stop
 * words here; a missing situation or an unknown source stops the bot with its path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { SITUATION_IDS } from '../flows/situations';
import { contentDir, parseWith } from './load';
import type { Locale } from './load';
import { CONTENT_LOCALES, exactKeys, text } from './schema';
import type { LocaleContent } from './schema';

const sourceId = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'source ids are camelCase words');
/** Words the matcher compares: lower case, so a policy owner sees exactly what is matched. */
const word = text.refine((w) => w === w.toLocaleLowerCase('nl') && !/\s/.test(w), 'words are lowercase, without spaces');

const situationSchema = z.strictObject({
  /** A few words, as the button and the answer's heading show them. */
  title: text,
  /** One sentence: what the answer is about. */
  about: text,
  /** What the guidance must say, in plain words; never a promise the law does not make. */
  essentials: z.array(text).min(3).max(5),
  /** Ids from this file's `sources` or from the locale's main content (`content/<locale>.yaml`). */
  sources: z.array(sourceId).min(1),
  /**
   * Questions a manager might type about this situation. Never copy the held-out test set
   * (tests/bot/fixtures/frozen-questions.ts) here: it measures how well the matcher generalises.
   */
  examples: z.array(text).min(6).max(12),
});

export const situationsContentSchema = z.strictObject({
  meta: z.strictObject({ locale: z.enum(CONTENT_LOCALES) }),
  ui: z.strictObject({
    title: text,
    essentialsHeading: text,
    sourcesHeading: text,
    startButton: text,
    /** Shown with an answer while the manager has a case open. */
    openCaseHint: text,
    continueButton: text,
    noMatch: z.strictObject({ title: text, body: text, helpButton: text, newButton: text }),
  }),
  /**
   * Groups of words that mean the same here; the matcher reads every word of a group as its first.
   * Also used across languages: a group may hold the other language's word.
   */
  synonyms: z.array(z.array(word).min(2)).min(1),
  /** Words that say nothing about the situation ("wat", "moet", "ik"): left out of matching. */
  stopWords: z.array(word).min(1),
  /** Sources only this catalogue cites; the others come from the locale's main content. */
  sources: z.record(sourceId, z.strictObject({ title: text, reference: text })),
  situations: exactKeys(SITUATION_IDS, situationSchema),
});

export type SituationsContent = z.output<typeof situationsContentSchema>;
export type SituationContent = SituationsContent['situations'][keyof SituationsContent['situations']];

export function situationsContentFile(locale: Locale, dir: string = contentDir()): string {
  return path.resolve(dir, `situations.${locale}.yaml`);
}

/**
 * The problems between a catalogue and its locale's main content: a cited source defined nowhere,
 * a source defined twice, a word in two synonym groups (its meaning would depend on their order).
 */
export function crossCheckSituations(situations: SituationsContent, main: LocaleContent): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(situations.sources)) {
    if (id in main.sources) problems.push(`sources.${id}: already defined in the main content; cite it without defining it again`);
  }
  for (const [situation, entry] of Object.entries(situations.situations)) {
    entry.sources.forEach((id, index) => {
      if (!(id in situations.sources) && !(id in main.sources)) problems.push(`situations.${situation}.sources[${index}]: unknown source id "${id}"`);
    });
  }
  const groupOf = new Map<string, number>();
  situations.synonyms.forEach((group, index) => {
    for (const w of group) {
      const earlier = groupOf.get(w);
      if (earlier !== undefined && earlier !== index) problems.push(`synonyms[${index}]: "${w}" is already in synonyms[${earlier}]`);
      groupOf.set(w, index);
    }
  });
  return problems;
}

const cache = new Map<string, SituationsContent>();

/** One locale's catalogue, validated against its schema and its main content, and cached. */
export function loadSituationsContent(locale: Locale, main: LocaleContent, dir: string = contentDir()): SituationsContent {
  const file = situationsContentFile(locale, dir);
  const cached = cache.get(file);
  if (cached) return cached;
  const content = parseWith(situationsContentSchema, fs.readFileSync(file, 'utf8'), file);
  const problems = [
    ...(content.meta.locale === locale ? [] : [`meta.locale: expected "${locale}", found "${content.meta.locale}"`]),
    ...crossCheckSituations(content, main),
  ];
  if (problems.length > 0) throw new Error(`Invalid content in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  cache.set(file, content);
  return content;
}

export function loadAllSituationsContent(mains: Record<Locale, LocaleContent>, dir: string = contentDir()): Record<Locale, SituationsContent> {
  return { nl: loadSituationsContent('nl', mains.nl, dir), en: loadSituationsContent('en', mains.en, dir) };
}
