/**
 * The rapportage's policy texts as data: `content/report.nl.yaml` and `content/report.en.yaml`, one
 * schema, the same keys in both. The figures' own labels (themes, tables, categories) stay in
 * content/hr.*.yaml, so the report and the tab name a measure the same way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { contentDir, parseWith } from './load';
import type { Locale } from './load';
import { CONTENT_LOCALES, text } from './schema';

const section = z.strictObject({ heading: text, paragraphs: z.array(text).min(1) });

export const reportContentSchema = z.strictObject({
  meta: z.strictObject({ locale: z.enum(CONTENT_LOCALES) }),
  title: text,
  subtitle: text,
  allUnits: text,
  generatedBy: text,
  pageNumber: text,
  summary: z.strictObject({
    heading: text,
    intro: text,
    keyFigures: text,
    figure: text,
    value: text,
    cases: text,
    formalReports: text,
    appraisals: text,
    appraisalAskedShare: text,
    addressOnTime: text,
    compareNote: text,
  }),
  theme: z.strictObject({ chartAlt: text, category: text, count: text, change: text, share: text, durations: text }),
  appraisal: z.strictObject({ heading: text, intro: text }),
  methods: z.strictObject({ heading: text, sections: z.array(section).min(1) }),
  annex: z.strictObject({ heading: text, intro: text }),
  /** What a suppressed cell reads, everywhere in the report: never a number. */
  suppressed: text,
  belowK: section,
  docx: z.strictObject({ chartsMissing: text }),
});

export type ReportContent = z.output<typeof reportContentSchema>;

const cache = new Map<string, ReportContent>();

/** One locale's report texts, validated and cached; invalid content throws with every failing path. */
export function loadReportContent(locale: Locale, dir: string = contentDir()): ReportContent {
  const file = path.resolve(dir, `report.${locale}.yaml`);
  const cached = cache.get(file);
  if (cached) return cached;
  const content = parseWith(reportContentSchema, fs.readFileSync(file, 'utf8'), file);
  if (content.meta.locale !== locale) throw new Error(`Invalid content in ${file}:\n  - meta.locale: expected "${locale}", found "${content.meta.locale}"`);
  cache.set(file, content);
  return content;
}
