/**
 * The HR summary card (bot command `hr` / `overzicht`): figures in, card view model out. Pure.
 * Every figure is already suppressed by the bot; a suppressed one shows the word for it, never a
 * number. Texts come from content/hr.*.yaml.
 */
import type { HrContent } from '../content/hr';
import type { Locale } from '../content/load';
import type { Fact } from './view-models';

/** A published figure: a count or a percentage, or null when suppressed. */
export interface HrFigure {
  label: string;
  value: number | null;
}

export interface HrSummaryCardInput {
  texts: HrContent;
  locale: Locale;
  /** `2026` or `2026-Q4`. */
  period: string;
  k: number;
  cases: number | null;
  highestRung: HrFigure[];
  /** A percentage (0–100), null when suppressed. */
  addressDeadlineShare: number | null;
  /** Appraisal conversations recorded, and the shares asked and signalled (percentages). */
  appraisals: number | null;
  appraisalAskedShare: number | null;
  appraisalSignalledShare: number | null;
  notAskedReasons: HrFigure[];
}

interface FactGroup {
  title: string;
  facts: Fact[];
}

export interface HrSummaryCardModel {
  title: string;
  intro: string;
  overview: Fact[];
  highestRung: FactGroup;
  appraisals: FactGroup;
  notAskedReasons: FactGroup;
  note: string;
  more: string;
}

/** The number formats of each locale (the export writes decimals with them too). */
export const INTL_LOCALE: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

export function hrSummaryCardModel(input: HrSummaryCardInput): HrSummaryCardModel {
  const { texts, locale } = input;
  const card = texts.card;
  const marker = texts.suppression.marker;
  const count = (value: number | null) => (value === null ? marker : new Intl.NumberFormat(INTL_LOCALE[locale]).format(value));
  const percent = (value: number | null) =>
    value === null ? marker : new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
  return {
    title: card.title,
    intro: card.intro,
    overview: [
      { title: card.period, value: input.period },
      { title: card.cases, value: count(input.cases) },
      { title: card.addressDeadlineShare, value: percent(input.addressDeadlineShare) },
    ],
    highestRung: { title: card.highestRung, facts: input.highestRung.map((figure) => ({ title: figure.label, value: count(figure.value) })) },
    appraisals: {
      title: card.appraisals,
      facts: [
        { title: card.appraisalsRecorded, value: count(input.appraisals) },
        { title: card.appraisalAskedShare, value: percent(input.appraisalAskedShare) },
        { title: card.appraisalSignalledShare, value: percent(input.appraisalSignalledShare) },
      ],
    },
    notAskedReasons: { title: card.notAskedReasons, facts: input.notAskedReasons.map((figure) => ({ title: figure.label, value: count(figure.value) })) },
    note: card.suppressedNote.replace('{k}', String(input.k)),
    more: card.moreInTab,
  };
}
