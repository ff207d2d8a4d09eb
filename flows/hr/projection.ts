/**
 * The per-case HR projection: one row per pseudonymous case key, folded from that case's HR log
 * rows in the same transaction that inserts them. Aggregates run over this table instead of the raw
 * log (which stays the source of truth and feeds the timelines). Pure, so every store (SQLite,
 * PostgreSQL) folds exactly the same way.
 *
 * | HR log transition     | what it sets in the projection                                               |
 * |-----------------------|------------------------------------------------------------------------------|
 * | (first row of a case) | org unit, signal week and quarter: they never change afterwards              |
 * | signalRecorded        | highest `routedAway` when routed away, else at least `signal`; source, categories |
 * | conversationRecorded  | support `supportOnly` when the employee wants no action (yet)                |
 * | employeeAgreed        | support `agreedLater`: the employee agreed to action after all              |
 * | supportEnded          | support `ended`: support only, then closed without action                   |
 * | addressHeld           | address outcome and address deadline (met/missed)                            |
 * | factsEstablished      | fact finding: confirmed / notConfirmed                                       |
 * | sanctionDecided       | sanction decision                                                            |
 * | handOverFollowedUp    | hand-over: handled / notHandled                                              |
 * | teamTalkHeld/Skipped  | team talk mode                                                               |
 * | reportFiled           | route; highest `formalReport`; clears report outcome and report deadlines    |
 * | reportAcknowledged    | whistleblower acknowledgement deadline (whistleblower route only)            |
 * | reportConcluded       | report outcome; whistleblower feedback or integrity outcome deadline         |
 * | closed                | close reason                                                                 |
 * | repetitionReported    | reopened + 1; clears the close reason (the case is open again)               |
 * Every row whose rung is `address` or `sanction` raises `highest` to that rung. Every row carries
 * the case's coarse route kind (the fine answers to who did it and who was hit never reach HR).
 * The route, outcomes and deadline flags keep the LATEST value; day offsets keep the FIRST time a
 * milestone was reached.
 */
import type { HrLogEntry } from './log';
import { CASE_HANDED_OVER } from '../escalation/effects';
import { quarterOfIsoWeek } from '../calendar';
import { CATEGORIES, FACT_FINDINGS, ROUTE_KINDS } from '../escalation/types';
import type { FactFinding, RouteKind } from '../escalation/types';

/** How far a case got: routed away from the flow, or the highest enforcement rung it reached. */
export const HIGHEST_POSITIONS = ['routedAway', 'signal', 'address', 'sanction', 'formalReport'] as const;
export type HighestPosition = (typeof HIGHEST_POSITIONS)[number];

export const DEADLINE_RESULTS = ['met', 'missed'] as const;
export type DeadlineResult = (typeof DEADLINE_RESULTS)[number];

/**
 * A case in which the affected employee did not (yet) want action: support only for now, then
 * action after all (`agreedLater`), or closed with support only (`ended`).
 */
export const SUPPORT_COURSES = ['supportOnly', 'agreedLater', 'ended'] as const;
export type SupportCourse = (typeof SUPPORT_COURSES)[number];

/** Whether the manager who took a handed-over case on has handled it, as the follow-up found. */
export const HAND_OVER_OUTCOMES = ['handled', 'notHandled'] as const;
export type HandOverOutcome = (typeof HAND_OVER_OUTCOMES)[number];

/** The case passed from one manager to another (bot/handover/): that it happened, never from or to whom. */
export const CASE_TRANSFERS = ['transferred'] as const;
export type CaseTransfer = (typeof CASE_TRANSFERS)[number];

/** Moments whose day offset (days since the signal) the projection keeps, first time reached. */
export const MILESTONES = ['conversation', 'addressHeld', 'sanction', 'teamTalk', 'reportFiled', 'reportConcluded', 'closed'] as const;
export type Milestone = (typeof MILESTONES)[number];

export interface HrCase {
  caseKey: string;
  orgUnit: string;
  /** ISO week of the case's first HR log row (the signal being recorded). */
  signalWeek: string;
  /** `2026-Q4`: the quarter of `signalWeek`; the case is counted in this quarter only. */
  quarter: string;
  highest: HighestPosition;
  /** The coarse route kind; never null (`routeBeforeRoutes` for rows from before routes existed). */
  route: RouteKind;
  source: string | null;
  /** Bit i set when the signal named CATEGORIES[i]. */
  categoryMask: number;
  addressOutcome: string | null;
  addressDeadline: DeadlineResult | null;
  sanction: string | null;
  support: SupportCourse | null;
  factFinding: FactFinding | null;
  handOver: HandOverOutcome | null;
  /** Set once the case passed to another manager. */
  transferred: CaseTransfer | null;
  teamTalk: string | null;
  reportRoute: string | null;
  reportOutcome: string | null;
  whistleblowerAck: DeadlineResult | null;
  whistleblowerFeedback: DeadlineResult | null;
  integrityOutcome: DeadlineResult | null;
  closeReason: string | null;
  /** How often a repetition reopened the case. */
  reopened: number;
  days: Record<Milestone, number | null>;
}

/**
 * The projection's columns as stores name them (`hr_cases` table), in one place: the SQL of every
 * store and the count conditions in measures.ts refer to these names only.
 */
export const HR_CASE_COLUMNS = {
  caseKey: 'case_key',
  orgUnit: 'org_unit',
  signalWeek: 'signal_week',
  quarter: 'quarter',
  highest: 'highest',
  route: 'route',
  source: 'source',
  categoryMask: 'category_mask',
  addressOutcome: 'address_outcome',
  addressDeadline: 'address_deadline',
  sanction: 'sanction',
  support: 'support',
  factFinding: 'fact_finding',
  handOver: 'hand_over',
  transferred: 'transferred',
  teamTalk: 'team_talk',
  reportRoute: 'report_route',
  reportOutcome: 'report_outcome',
  whistleblowerAck: 'whistleblower_ack',
  whistleblowerFeedback: 'whistleblower_feedback',
  integrityOutcome: 'integrity_outcome',
  closeReason: 'close_reason',
  reopened: 'reopened',
} as const satisfies Record<Exclude<keyof HrCase, 'days'>, string>;

export const HR_DAY_COLUMNS = {
  conversation: 'days_conversation',
  addressHeld: 'days_address_held',
  sanction: 'days_sanction',
  teamTalk: 'days_team_talk',
  reportFiled: 'days_report_filed',
  reportConcluded: 'days_report_concluded',
  closed: 'days_closed',
} as const satisfies Record<Milestone, string>;

/** A column a count condition may test: the enumerated ones (not the key, unit, week or quarter). */
export type HrConditionColumn = Exclude<keyof typeof HR_CASE_COLUMNS, 'caseKey' | 'orgUnit' | 'signalWeek' | 'quarter'>;
export const HR_CONDITION_COLUMNS = Object.keys(HR_CASE_COLUMNS).filter(
  (column) => !['caseKey', 'orgUnit', 'signalWeek', 'quarter'].includes(column),
) as HrConditionColumn[];

/**
 * One test on a projection column; a condition holds when all its tests hold (an empty condition
 * holds for every case). `recorded: false` tests for "no value yet"; `bit` tests one bit of the
 * category mask.
 */
export type HrTest =
  | { column: HrConditionColumn; is: string | number }
  | { column: HrConditionColumn; recorded: boolean }
  | { column: 'reopened'; atLeast: number }
  | { column: 'categoryMask'; bit: number; set: boolean };
export type HrCondition = readonly HrTest[];

const HIGHEST_ORDER: Record<HighestPosition, number> = { routedAway: -1, signal: 0, address: 1, sanction: 2, formalReport: 3 };

function raise(current: HighestPosition, to: HighestPosition): HighestPosition {
  if (current === 'routedAway') return current;
  return HIGHEST_ORDER[to] > HIGHEST_ORDER[current] ? to : current;
}

export function categoryMaskOf(categories: readonly string[]): number {
  return categories.reduce((mask, code) => {
    const bit = (CATEGORIES as readonly string[]).indexOf(code);
    return bit < 0 ? mask : mask | (1 << bit);
  }, 0);
}

const deadline = (met: boolean | null): DeadlineResult | null => (met === null ? null : met ? 'met' : 'missed');

/** `outcome` when it is one of `codes`, else `current`: a row never puts a foreign code in a column. */
function codeOr<C extends string>(codes: readonly C[], outcome: string | null, current: C | null): C | null {
  return (codes as readonly string[]).includes(outcome ?? '') ? (outcome as C) : current;
}

/**
 * The route of a case whose HR log rows carry none: written before routes existed (migration 009),
 * or by an instance still running older code during an upgrade. Version 1 of the machine had only
 * the ladder, so such a case is on it, unless it was routed away (the same rule as restoring a
 * version 1 case, flows/escalation/migrations.ts).
 */
export function routeBeforeRoutes(highest: HighestPosition): RouteKind {
  return highest === 'routedAway' ? 'routedAway' : 'ownTeam';
}

function routeOf(code: string | null): RouteKind | null {
  return (ROUTE_KINDS as readonly string[]).includes(code ?? '') ? (code as RouteKind) : null;
}

function emptyCase(caseKey: string, entry: HrLogEntry): HrCase {
  return {
    caseKey,
    orgUnit: entry.orgUnit,
    signalWeek: entry.isoWeek,
    quarter: quarterOfIsoWeek(entry.isoWeek),
    highest: 'signal',
    route: 'ownTeam', // foldHrCase sets the route after every row
    source: null,
    categoryMask: 0,
    addressOutcome: null,
    addressDeadline: null,
    sanction: null,
    support: null,
    factFinding: null,
    handOver: null,
    transferred: null,
    teamTalk: null,
    reportRoute: null,
    reportOutcome: null,
    whistleblowerAck: null,
    whistleblowerFeedback: null,
    integrityOutcome: null,
    closeReason: null,
    reopened: 0,
    days: { conversation: null, addressHeld: null, sanction: null, teamTalk: null, reportFiled: null, reportConcluded: null, closed: null },
  };
}

/** The milestone a transition marks, if any. */
const MILESTONE_OF: Partial<Record<string, Milestone>> = {
  conversationRecorded: 'conversation',
  addressHeld: 'addressHeld',
  sanctionDecided: 'sanction',
  teamTalkHeld: 'teamTalk',
  teamTalkSkipped: 'teamTalk',
  reportFiled: 'reportFiled',
  reportConcluded: 'reportConcluded',
  closed: 'closed',
};

/** The transition-specific part of the table above. */
function applyTransition(c: HrCase, entry: HrLogEntry): HrCase {
  const { outcome } = entry;
  switch (entry.transition) {
    case 'signalRecorded':
      return {
        ...c,
        highest: outcome === 'routedAway' ? 'routedAway' : raise(c.highest, 'signal'),
        source: entry.source,
        categoryMask: categoryMaskOf(entry.categories),
      };
    case 'conversationRecorded':
      // The outcome of rows written before issue 18 (listened / notListened) is read and not
      // used: it was a ticked box, no measurement.
      return {
        ...c,
        // Only the support-only step follows the conversation on the signal rung (the ladder goes
        // on at `address`, an acute case at `sanction`), and the conversation is held once a case.
        support: entry.rung === 'signal' ? 'supportOnly' : c.support,
      };
    case 'employeeAgreed':
      return { ...c, support: 'agreedLater' };
    case 'supportEnded':
      return { ...c, support: 'ended' };
    case 'addressHeld':
      return { ...c, addressOutcome: outcome, addressDeadline: deadline(entry.deadlineMet) };
    case 'factsEstablished':
      return { ...c, factFinding: codeOr(FACT_FINDINGS, outcome, c.factFinding) };
    case 'sanctionDecided':
      return { ...c, sanction: outcome };
    case 'handOverFollowedUp':
      return { ...c, handOver: codeOr(HAND_OVER_OUTCOMES, outcome, c.handOver) };
    case CASE_HANDED_OVER:
      return { ...c, transferred: 'transferred' };
    case 'teamTalkHeld':
    case 'teamTalkSkipped':
      return { ...c, teamTalk: outcome };
    case 'reportFiled':
      return {
        ...c,
        highest: raise(c.highest, 'formalReport'),
        reportRoute: outcome,
        reportOutcome: null,
        whistleblowerAck: null,
        whistleblowerFeedback: null,
        integrityOutcome: null,
      };
    case 'reportAcknowledged':
      return c.reportRoute === 'whistleblower' ? { ...c, whistleblowerAck: deadline(entry.deadlineMet) } : c;
    case 'reportConcluded':
      return {
        ...c,
        reportOutcome: outcome,
        ...(c.reportRoute === 'whistleblower' ? { whistleblowerFeedback: deadline(entry.deadlineMet) } : {}),
        ...(c.reportRoute === 'integrity' ? { integrityOutcome: deadline(entry.deadlineMet) } : {}),
      };
    case 'closed':
      return { ...c, closeReason: outcome };
    case 'repetitionReported':
      return { ...c, reopened: c.reopened + 1, closeReason: null };
    default:
      return c;
  }
}

/** One HR log row folded into the case's projection (`previous` is null for a case's first row). */
export function foldHrCase(previous: HrCase | null, caseKey: string, entry: HrLogEntry): HrCase {
  const base = previous ?? emptyCase(caseKey, entry);
  const applied = applyTransition(base, entry);
  const rung = entry.rung === 'address' || entry.rung === 'sanction' ? entry.rung : null;
  const milestone = MILESTONE_OF[entry.transition];
  const highest = rung ? raise(applied.highest, rung) : applied.highest;
  return {
    ...applied,
    highest,
    route: routeOf(entry.route) ?? previous?.route ?? routeBeforeRoutes(highest),
    days: milestone && applied.days[milestone] === null ? { ...applied.days, [milestone]: entry.daysSinceSignal } : applied.days,
  };
}

/**
 * Whether a turn's rows may start a projection: only a case's signal does. A later row of a case HR
 * has no projection of belongs to a case that stayed open after its signal's quarter was purged
 * (RETENTION_HR_DAYS); recording it would count that case a second time, as a new case in the
 * quarter of the row. The stores keep such rows out of the HR log.
 */
export function startsHrCase(entries: readonly HrLogEntry[]): boolean {
  return entries[0]?.transition === 'signalRecorded';
}

/** The projection after a turn's rows, in order. */
export function projectHrCase(previous: HrCase | null, caseKey: string, entries: readonly HrLogEntry[]): HrCase | null {
  return entries.reduce<HrCase | null>((c, entry) => foldHrCase(c, caseKey, entry), previous);
}
