/**
 * The HR log as stored: one row per transition, codes only. Defined here, beside the pure HR
 * logic that folds it, so that flows/ needs nothing from bot/; the store port re-exports it.
 */

/** One HR log row. Only codes: no names, no ids, no free text. */
export interface HrLogRow {
  /** HMAC-SHA256(CASE_KEY_SECRET, caseId), hex; computed by the store. */
  caseKey: string;
  rung: string;
  /**
   * The coarse route kind (ROUTE_KINDS in flows/escalation/types.ts), never who did it or who was
   * hit; null on rows written before routes existed (migration 009).
   */
  route: string | null;
  transition: string;
  outcome: string | null;
  categories: string[];
  source: string | null;
  orgUnit: string;
  /** `2026-W48` (`isoWeek` in flows/calendar.ts). */
  isoWeek: string;
  daysSinceSignal: number | null;
  deadlineMet: boolean | null;
}

export type HrLogEntry = Omit<HrLogRow, 'caseKey'>;
