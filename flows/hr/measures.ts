/**
 * What HR sees, as data: the tables of the summary and the export, grouped under the four themes
 * of the beleids- en effectrapportage discriminatie en racisme, and the durations between rungs.
 *
 * Every table splits one population cell into categories that cover it exactly (their counts add
 * up to the population), so the suppression in aggregate.ts can protect it against subtraction.
 * A population is `cases` (every case signalled in the period) or a category of another table
 * (`highestRung.formalReport`): tables that share a population share that very cell.
 *
 * A `flags` table is a list of yes/no questions about the same population (a signal can name
 * several kinds of behaviour): each flag is its own pair `yes + no = population`.
 *
 * There are two root populations, each counted by its own store query:
 * | root         | counts                            | categories test                             | cells              |
 * |--------------|-----------------------------------|---------------------------------------------|--------------------|
 * | `cases`      | cases (the projection, hr_cases)  | projection columns (HrCondition)            | cells.ts           |
 * | `appraisals` | appraisal conversations (issue 5) | a counter's answers (HrAppraisalCondition)  | appraisal-cells.ts |
 * The appraisal counters are already sums of conversations per unit and quarter; the store never
 * knows a case or a person behind them. Adding a section means adding tables here (with a new root
 * and its own cells module when it counts something new) and texts in content/hr.*.yaml.
 *
 * A table with a `share` also publishes that category's share of the population, in percent.
 *
 * A category that always holds exactly the cases of another table's category names that cell with
 * `sameAs` (`route.routedAway` is `highestRung.routedAway`): it is then one cell, counted and
 * suppressed once. Two cells that always hold the same count but are suppressed apart would let
 * the one that is shown reveal the one that is hidden.
 */
import {
  ADDRESS_OUTCOMES,
  CATEGORIES,
  CLOSE_REASONS,
  FACT_FINDINGS,
  REPORT_OUTCOMES,
  REPORT_ROUTES,
  ROUTE_KINDS,
  SANCTION_DECISIONS,
  SIGNAL_SOURCES,
} from '../escalation/types';
import { NOT_ASKED_REASONS } from '../appraisal/types';
import type { NotAskedReason } from '../appraisal/types';
import { CASE_TRANSFERS, HAND_OVER_OUTCOMES, HIGHEST_POSITIONS, SUPPORT_COURSES } from './projection';
import type { HrCondition, HrConditionColumn, HrTest, Milestone } from './projection';

/** The four themes of the rapportage, in the letter's order. */
export const HR_THEMES = ['normstelling', 'handelingsvaardigheid', 'voorzieningen', 'handhaving'] as const;
export type HrTheme = (typeof HR_THEMES)[number];

export interface HrCategoryDef {
  code: string;
  /** The complete condition (population tests included), so categories never overlap. */
  when: HrCondition;
  /** The cell of another table's category that always holds exactly these cases (see above). */
  sameAs?: string;
}

interface HrTableBase {
  id: string;
  theme: HrTheme;
  kind: 'partition' | 'flags';
  /** `cases`, `appraisals` or `<table>.<category>`. */
  population: string;
  /** A category whose share of the population (in percent) is published beside the counts. */
  share?: string;
}

export interface HrCaseTableDef extends HrTableBase {
  categories: readonly HrCategoryDef[];
}

/** The answers a counter must have to fall in a category (every one given). */
export interface HrAppraisalCondition {
  asked?: boolean;
  signalled?: boolean;
  notAskedReason?: NotAskedReason;
}

export interface HrAppraisalCategoryDef {
  code: string;
  /** The complete condition, as for cases. */
  when: HrAppraisalCondition;
}

export interface HrAppraisalTableDef extends HrTableBase {
  kind: 'partition';
  categories: readonly HrAppraisalCategoryDef[];
}

export type HrTableDef = HrCaseTableDef | HrAppraisalTableDef;

/** The root population: every case whose signal falls in the period. */
export const CASES = 'cases';
/** The other root: every appraisal conversation recorded in the period (the calendar quarter of the day it was recorded). */
export const APPRAISALS = 'appraisals';

const is = (column: HrConditionColumn, value: string | number): HrTest => ({ column, is: value });
const recorded = (column: HrConditionColumn, value: boolean): HrTest => ({ column, recorded: value });
const FORMAL_REPORT = is('highest', 'formalReport');
const OWN_TEAM = is('route', 'ownTeam');
const HAND_OVER = is('route', 'handOver');

/** `codes` of one column, each a category, plus an optional category for "not recorded". */
function byColumn(column: HrConditionColumn, codes: readonly string[], base: HrCondition = [], notRecorded?: string): HrCategoryDef[] {
  return [
    ...(notRecorded ? [{ code: notRecorded, when: [...base, recorded(column, false)] }] : []),
    ...codes.map((code) => ({ code, when: [...base, is(column, code)] })),
  ];
}

const DEADLINES = ['met', 'missed'] as const;

export const HR_CASE_TABLES: readonly HrCaseTableDef[] = [
  // — normstelling: which norms are crossed, and whether the team talks about the norm —
  {
    id: 'signalCategories',
    theme: 'normstelling',
    kind: 'flags',
    population: CASES,
    categories: CATEGORIES.map((code, bit) => ({ code, when: [{ column: 'categoryMask', bit, set: true }] })),
  },
  { id: 'teamTalk', theme: 'normstelling', kind: 'partition', population: CASES, categories: byColumn('teamTalk', ['withConsent', 'general', 'skipped'], [], 'notReached') },
  // — handelingsvaardigheid leidinggevenden en omstanders: addressing, on time. Not whether the
  // manager listened: an unticked statement on the conversation card is no measurement of it. —
  {
    id: 'addressHeld',
    theme: 'handelingsvaardigheid',
    kind: 'partition',
    population: CASES,
    categories: [
      { code: 'held', when: [recorded('addressOutcome', true)] },
      { code: 'notHeld', when: [recorded('addressOutcome', false)] },
    ],
  },
  { id: 'addressDeadline', theme: 'handelingsvaardigheid', kind: 'partition', population: 'addressHeld.held', categories: byColumn('addressDeadline', DEADLINES) },
  {
    id: 'support',
    theme: 'handelingsvaardigheid',
    kind: 'partition',
    population: 'route.ownTeam',
    categories: byColumn('support', SUPPORT_COURSES, [OWN_TEAM], 'notSupportOnly'),
  },
  // — voorzieningen om te melden: how signals arrive, which routes are taken, report deadlines —
  { id: 'signalSource', theme: 'voorzieningen', kind: 'partition', population: CASES, categories: byColumn('source', SIGNAL_SOURCES) },
  { id: 'reportRoute', theme: 'voorzieningen', kind: 'partition', population: 'highestRung.formalReport', categories: byColumn('reportRoute', REPORT_ROUTES, [FORMAL_REPORT]) },
  {
    id: 'whistleblowerAck',
    theme: 'voorzieningen',
    kind: 'partition',
    population: 'reportRoute.whistleblower',
    categories: byColumn('whistleblowerAck', DEADLINES, [FORMAL_REPORT, is('reportRoute', 'whistleblower')], 'notRecorded'),
  },
  {
    id: 'whistleblowerFeedback',
    theme: 'voorzieningen',
    kind: 'partition',
    population: 'reportRoute.whistleblower',
    categories: byColumn('whistleblowerFeedback', DEADLINES, [FORMAL_REPORT, is('reportRoute', 'whistleblower')], 'notRecorded'),
  },
  {
    id: 'integrityOutcome',
    theme: 'voorzieningen',
    kind: 'partition',
    population: 'reportRoute.integrity',
    categories: byColumn('integrityOutcome', DEADLINES, [FORMAL_REPORT, is('reportRoute', 'integrity')], 'notRecorded'),
  },
  // — handhaving: which route cases take, how far they get, what the outcomes are, whether they come back —
  {
    id: 'route',
    theme: 'handhaving',
    kind: 'partition',
    population: CASES,
    // Routed away is routed away however it is asked: the funnel's category, one cell.
    categories: byColumn('route', ROUTE_KINDS).map((c) => (c.code === 'routedAway' ? { ...c, sameAs: 'highestRung.routedAway' } : c)),
  },
  { id: 'highestRung', theme: 'handhaving', kind: 'partition', population: CASES, categories: byColumn('highest', HIGHEST_POSITIONS) },
  { id: 'addressOutcome', theme: 'handhaving', kind: 'partition', population: 'addressHeld.held', categories: byColumn('addressOutcome', ADDRESS_OUTCOMES) },
  { id: 'factFinding', theme: 'handhaving', kind: 'partition', population: CASES, categories: byColumn('factFinding', FACT_FINDINGS, [], 'noFactFinding') },
  { id: 'sanctionDecision', theme: 'handhaving', kind: 'partition', population: CASES, categories: byColumn('sanction', SANCTION_DECISIONS, [], 'notDecided') },
  {
    id: 'handOverFollowUp',
    theme: 'handhaving',
    kind: 'partition',
    population: 'route.handOver',
    categories: byColumn('handOver', HAND_OVER_OUTCOMES, [HAND_OVER], 'notFollowedUp'),
  },
  // A count of cases passed to another manager (a manager who changed jobs, fell ill or left).
  { id: 'caseTransfer', theme: 'handelingsvaardigheid', kind: 'partition', population: CASES, categories: byColumn('transferred', CASE_TRANSFERS, [], 'notTransferred') },
  {
    id: 'reportOutcome',
    theme: 'handhaving',
    kind: 'partition',
    population: 'highestRung.formalReport',
    categories: byColumn('reportOutcome', REPORT_OUTCOMES, [FORMAL_REPORT], 'pending'),
  },
  { id: 'closeReason', theme: 'handhaving', kind: 'partition', population: CASES, categories: byColumn('closeReason', CLOSE_REASONS, [], 'notClosed') },
  {
    id: 'reopened',
    theme: 'handhaving',
    kind: 'partition',
    population: CASES,
    categories: [
      { code: 'no', when: [is('reopened', 0)] },
      { code: 'yes', when: [{ column: 'reopened', atLeast: 1 }] },
    ],
  },
];

/**
 * The appraisal question (issue 5), under handelingsvaardigheid: asking it in every
 * personeelsgesprek is something managers do (docs/hr-data-dictionary.md says why this theme).
 */
export const HR_APPRAISAL_TABLES: readonly HrAppraisalTableDef[] = [
  {
    id: 'appraisalAsked',
    theme: 'handelingsvaardigheid',
    kind: 'partition',
    population: APPRAISALS,
    share: 'asked',
    categories: [
      { code: 'asked', when: { asked: true } },
      { code: 'notAsked', when: { asked: false } },
    ],
  },
  {
    id: 'appraisalSignalled',
    theme: 'handelingsvaardigheid',
    kind: 'partition',
    population: 'appraisalAsked.asked',
    share: 'signalled',
    categories: [
      { code: 'signalled', when: { asked: true, signalled: true } },
      { code: 'nothingSignalled', when: { asked: true, signalled: false } },
    ],
  },
  {
    id: 'appraisalNotAskedReason',
    theme: 'handelingsvaardigheid',
    kind: 'partition',
    population: 'appraisalAsked.notAsked',
    categories: NOT_ASKED_REASONS.map((code) => ({ code, when: { asked: false, notAskedReason: code } })),
  },
];

/** Every table HR sees, in the order of the summary and the export (within each theme). */
export const HR_TABLES: readonly HrTableDef[] = [...HR_CASE_TABLES, ...HR_APPRAISAL_TABLES];

/** Tables whose categories are deadline results: the deadline compliance chart. */
export const DEADLINE_TABLES = ['addressDeadline', 'whistleblowerAck', 'whistleblowerFeedback', 'integrityOutcome'] as const;

/** Days between two milestones of a case (`from: null` counts from the signal). */
export interface HrIntervalDef {
  id: string;
  theme: HrTheme;
  from: Milestone | null;
  to: Milestone;
}

export const HR_INTERVALS: readonly HrIntervalDef[] = [
  { id: 'signalToConversation', theme: 'handelingsvaardigheid', from: null, to: 'conversation' },
  { id: 'signalToAddressHeld', theme: 'handelingsvaardigheid', from: null, to: 'addressHeld' },
  { id: 'addressHeldToSanction', theme: 'handhaving', from: 'addressHeld', to: 'sanction' },
  { id: 'signalToReportFiled', theme: 'voorzieningen', from: null, to: 'reportFiled' },
  { id: 'reportFiledToConcluded', theme: 'voorzieningen', from: 'reportFiled', to: 'reportConcluded' },
  { id: 'signalToClosed', theme: 'handhaving', from: null, to: 'closed' },
];
