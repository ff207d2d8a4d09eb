/**
 * The HR view's texts as data: `content/hr.nl.yaml` and `content/hr.en.yaml`, one schema, the same
 * keys in both. Every theme, table, category and interval that bot/hr/measures.ts publishes must
 * have a title, so a measure without text fails at start-up, with its path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { HR_API_ERROR_CODES } from '../flows/hr/api-errors';
import { HR_INTERVALS, HR_TABLES, HR_THEMES } from '../flows/hr/measures';
import { HR_LOG_TRANSITIONS } from '../flows/escalation/effects';
import { RUNGS } from '../flows/escalation/types';
import { contentDir, parseWith } from './load';
import type { Locale } from './load';
import { CONTENT_LOCALES, exactKeys, text } from './schema';


const titled = z.strictObject({ title: text, description: text });

/** A table with a `share` (measures.ts) also names that share; the others must not. */
const tableSchema = <const C extends string>(codes: readonly C[], hasShare: boolean) =>
  z.strictObject({ title: text, description: text, total: text, share: hasShare ? text : z.never().optional(), categories: exactKeys(codes, text) });

const pageSchema = z.strictObject({
  title: text,
  intro: text,
  sections: z.array(z.strictObject({ heading: text, paragraphs: z.array(text).min(1) })).min(1),
});

export const hrContentSchema = z.strictObject({
  meta: z.strictObject({ locale: z.enum(CONTENT_LOCALES) }),
  themes: exactKeys(HR_THEMES, titled),
  tables: z.strictObject(
    Object.fromEntries(HR_TABLES.map((t) => [t.id, tableSchema(t.categories.map((c) => c.code), t.share !== undefined)])) as Record<string, ReturnType<typeof tableSchema>>,
  ),
  intervals: exactKeys(
    HR_INTERVALS.map((i) => i.id),
    text,
  ),
  statistics: z.strictObject({ median: text, p90: text, days: text }),
  suppression: z.strictObject({ marker: text, explanation: text }),
  export: z.strictObject({
    columns: z.strictObject({
      themeCode: text,
      theme: text,
      tableCode: text,
      table: text,
      categoryCode: text,
      category: text,
      period: text,
      orgUnit: text,
      value: text,
      status: text,
    }),
    allUnits: text,
    total: text,
    shown: text,
    suppressed: text,
    durations: text,
  }),
  card: z.strictObject({
    title: text,
    intro: text,
    period: text,
    cases: text,
    highestRung: text,
    addressDeadlineShare: text,
    appraisals: text,
    appraisalsRecorded: text,
    appraisalAskedShare: text,
    appraisalSignalledShare: text,
    notAskedReasons: text,
    suppressedNote: text,
    moreInTab: text,
    /** The command's answer while the year's figures are still being computed, and when they could not be. */
    figuresComputing: text,
    figuresUnavailable: text,
  }),
  tab: z.strictObject({
    title: text,
    intro: text,
    skipLink: text,
    nav: z.strictObject({ label: text, hr: text, privacy: text, accessibility: text, terms: text, otherLanguage: text }),
    filters: z.strictObject({ legend: text, year: text, quarter: text, wholeYear: text, orgUnit: text, allUnits: text, apply: text }),
    status: z.strictObject({ signingIn: text, loading: text, loaded: text, exported: text, computing: text }),
    summary: z.strictObject({ heading: text, cases: text, appraisals: text, minimum: text }),
    charts: z.strictObject({
      funnel: titled,
      durations: titled,
      deadlines: titled,
      appraisal: titled,
      /** The row heading of the appraisal chart's table: the selected unit and its units or quarters. */
      group: text,
      dataTable: text,
      share: text,
    }),
    tables: z.strictObject({ heading: text, category: text, count: text, byUnit: text, byQuarter: text }),
    export: z.strictObject({ heading: text, description: text, csv: text, json: text, report: text, reportPdf: text, reportDocx: text }),
    timelines: z.strictObject({
      heading: text,
      description: text,
      show: text,
      none: text,
      case: text,
      unit: text,
      signalQuarter: text,
      events: text,
      more: text,
      day: text,
      /** Where a case stands after an event: the rungs, and the two ends. */
      positions: exactKeys([...RUNGS, 'closed', 'routedAway'], text),
      transitions: exactKeys(HR_LOG_TRANSITIONS, text),
    }),
    errors: exactKeys(HR_API_ERROR_CODES, text),
  }),
  privacy: pageSchema,
  accessibility: pageSchema,
  /** Terms of use: what the app is and is not (the Teams manifest links here). */
  terms: pageSchema,
});

export type HrContent = z.output<typeof hrContentSchema>;

const cache = new Map<string, HrContent>();

export function hrContentFile(locale: Locale, dir: string = contentDir()): string {
  return path.resolve(dir, `hr.${locale}.yaml`);
}

/** One locale's HR texts, validated and cached; invalid content throws with every failing path. */
export function loadHrContent(locale: Locale, dir: string = contentDir()): HrContent {
  const file = hrContentFile(locale, dir);
  const cached = cache.get(file);
  if (cached) return cached;
  const content = parseWith(hrContentSchema, fs.readFileSync(file, 'utf8'), file);
  if (content.meta.locale !== locale) throw new Error(`Invalid content in ${file}:\n  - meta.locale: expected "${locale}", found "${content.meta.locale}"`);
  cache.set(file, content);
  return content;
}

export function loadAllHrContent(dir: string = contentDir()): Record<Locale, HrContent> {
  return { nl: loadHrContent('nl', dir), en: loadHrContent('en', dir) };
}
