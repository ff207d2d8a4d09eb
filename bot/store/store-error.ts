/**
 * The store's one error and the validation helpers that are the port's contract: every
 * implementation runs them on each row as it writes it, so an invalid row aborts the whole turn.
 * A leaf module (see store-rows.ts).
 */
import { AUDIT_ACTIONS } from '../audit';
import { KEY_BYTES } from '../crypto';
import type { NotesKeyRing } from '../crypto';
import { ROUTE_KINDS } from '../../flows/escalation/types';
import { CASE_STATUSES } from './store-rows';
import type { AuditEntry, HrLogEntry, HrLogQuery, NoteInput, TurnWrite } from './store-rows';

export const STORE_ERROR_CODES = [
  'storeUnavailable',
  'readOnly',
  'diskFull',
  'corrupt',
  'notOwner',
  'invalidCode',
  'badKey',
  'migrationFailed',
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/**
 * The one error a store throws on purpose. The message is the code plus, at most, the name of the
 * offending field (`hrLog[1].categories`): never a value, a note or a secret.
 */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(field ? `${code}: ${field}` : code, options);
    this.name = 'StoreError';
  }
}

/** A calendar quarter, `2026-Q4`. */
export const QUARTER_PATTERN = /^\d{4}-Q[1-4]$/;
/** An ISO 8601 week, `2026-W48`. */
export const ISO_WEEK_PATTERN = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;
/** An enumerated code: rung, transition, outcome, category, source, step, audit detail. */
export const CODE_PATTERN = /^[a-zA-Z0-9_-]{1,40}$/;
/** Case, owner and actor ids: Entra object ids, Teams ids (`29:…`), UUIDs. No spaces, so no prose. */
export const ID_PATTERN = /^[A-Za-z0-9:_.@=+/-]{1,256}$/;
/** A configured organisation unit name (ORG_UNITS): letters, digits, spaces, light punctuation. */
export const ORG_UNIT_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} &'().,/_+:\u2013-]{0,59}$/u;
/** A BCP 47 language tag such as `nl`, `nl-NL`, `en-US`. */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;
const MAX_DAY_OFFSET = 36_500;

function assertMatches(value: unknown, pattern: RegExp, field: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) throw new StoreError('invalidCode', field);
}

export function assertCode(value: unknown, field: string): void {
  assertMatches(value, CODE_PATTERN, field);
}

export function assertId(value: unknown, field: string): void {
  assertMatches(value, ID_PATTERN, field);
}

export function assertOrgUnit(value: unknown, field: string): void {
  assertMatches(value, ORG_UNIT_PATTERN, field);
}

export function assertLocale(value: unknown, field: string): void {
  assertMatches(value, LOCALE_PATTERN, field);
}

function assertInstant(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length > 40 || Number.isNaN(Date.parse(value))) {
    throw new StoreError('invalidCode', field);
  }
}

/** The case row part of a turn (ids, codes, status, time). */
export function assertTurnHeader(turn: TurnWrite): void {
  assertId(turn.caseId, 'caseId');
  assertId(turn.ownerId, 'ownerId');
  if (turn.expectedRevision !== null && !(Number.isInteger(turn.expectedRevision) && turn.expectedRevision >= 1)) {
    throw new StoreError('invalidCode', 'expectedRevision');
  }
  assertCode(turn.machineId, 'machineId');
  if (!Number.isInteger(turn.machineVersion) || turn.machineVersion < 1) throw new StoreError('invalidCode', 'machineVersion');
  assertCode(turn.step, 'step');
  if (!CASE_STATUSES.includes(turn.status)) throw new StoreError('invalidCode', 'status');
  assertOrgUnit(turn.orgUnit, 'orgUnit');
  assertInstant(turn.at, 'at');
  if (JSON.stringify(turn.snapshot) === undefined) throw new StoreError('invalidCode', 'snapshot');
}

export function assertNote(note: NoteInput, field: string): void {
  assertCode(note.step, `${field}.step`);
  if (typeof note.text !== 'string') throw new StoreError('invalidCode', `${field}.text`);
}

export function assertHrLogEntry(entry: HrLogEntry, field: string): void {
  assertCode(entry.rung, `${field}.rung`);
  // The coarse route kind only: a finer code (who did it, who was hit) must never reach HR.
  if (entry.route !== null && !(ROUTE_KINDS as readonly unknown[]).includes(entry.route)) throw new StoreError('invalidCode', `${field}.route`);
  assertCode(entry.transition, `${field}.transition`);
  if (entry.outcome !== null) assertCode(entry.outcome, `${field}.outcome`);
  if (!Array.isArray(entry.categories)) throw new StoreError('invalidCode', `${field}.categories`);
  for (const category of entry.categories) assertCode(category, `${field}.categories`);
  if (entry.source !== null) assertCode(entry.source, `${field}.source`);
  assertOrgUnit(entry.orgUnit, `${field}.orgUnit`);
  assertMatches(entry.isoWeek, ISO_WEEK_PATTERN, `${field}.isoWeek`);
  const days = entry.daysSinceSignal;
  if (days !== null && !(Number.isInteger(days) && Math.abs(days) <= MAX_DAY_OFFSET)) {
    throw new StoreError('invalidCode', `${field}.daysSinceSignal`);
  }
  if (entry.deadlineMet !== null && typeof entry.deadlineMet !== 'boolean') {
    throw new StoreError('invalidCode', `${field}.deadlineMet`);
  }
}

export function assertAuditEntry(entry: AuditEntry, field: string): void {
  assertId(entry.actor, `${field}.actor`);
  if (!AUDIT_ACTIONS.includes(entry.action)) throw new StoreError('invalidCode', `${field}.action`);
  if (entry.caseId !== null) assertId(entry.caseId, `${field}.caseId`);
  assertCode(entry.detail, `${field}.detail`);
  assertInstant(entry.at, `${field}.at`);
}

/**
 * The keys a store is opened with: 32 bytes each, not all zeros, and not the same key twice; the
 * ring holds its current key.
 */
export function assertStoreKeys(notesKeys: NotesKeyRing, caseKeySecret: Buffer): void {
  const notesKeyList = [...notesKeys.keys.values()];
  for (const [key, field] of [...notesKeyList.map((key) => [key, 'notesKey'] as const), [caseKeySecret, 'caseKeySecret'] as const]) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES || key.every((byte) => byte === 0)) {
      throw new StoreError('badKey', field);
    }
  }
  if (!notesKeys.keys.has(notesKeys.currentId)) throw new StoreError('badKey', 'notesKey');
  if (notesKeyList.some((key) => key.equals(caseKeySecret))) throw new StoreError('badKey', 'caseKeySecret');
}

const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 500;

/** `listByOwner`'s limit: the default when missing or not a number, otherwise clamped to 1…500. */
export function listLimit(limit: number = DEFAULT_LIST_LIMIT): number {
  return Number.isFinite(limit) ? Math.max(1, Math.min(MAX_LIST_LIMIT, Math.floor(limit))) : DEFAULT_LIST_LIMIT;
}

/** The inclusive week bounds of an HR log query; open ends become bounds every week lies within. */
export function hrLogWeekRange(query: HrLogQuery): { fromWeek: string; toWeek: string } {
  for (const field of ['fromWeek', 'toWeek'] as const) {
    const week = query[field];
    if (week !== undefined && !ISO_WEEK_PATTERN.test(week)) throw new StoreError('invalidCode', field);
  }
  return { fromWeek: query.fromWeek ?? '0000-W00', toWeek: query.toWeek ?? '9999-W99' };
}

/** The fields `saveUserSettings` is given, checked before anything is written. */
export function assertUserSettings(ownerId: string, settings: { orgUnit?: string; locale?: string }): void {
  assertId(ownerId, 'ownerId');
  if (settings.orgUnit !== undefined) assertOrgUnit(settings.orgUnit, 'orgUnit');
  if (settings.locale !== undefined) assertLocale(settings.locale, 'locale');
}

/** A conversation reference as stored: JSON text. */
export function conversationRefJson(ownerId: string, ref: unknown): string {
  assertId(ownerId, 'ownerId');
  const json = JSON.stringify(ref);
  if (json === undefined) throw new StoreError('invalidCode', 'ref');
  return json;
}

/**
 * How stale a manager's conversation reference may get before a turn writes it again although it
 * did not change. Unchanged references are not rewritten (a write per turn costs an fsync), but its
 * `updated_at` is the manager's last activity for the purge of inactive managers, so it is kept
 * current to within this much.
 */
export const ACTIVITY_REFRESH_MS = 24 * 60 * 60 * 1000;

/** Whether a turn must write the reference: new, changed, or its activity stamp is stale. */
export function conversationRefNeedsWrite(stored: { ref: string; updated_at: string } | undefined, json: string, now: string): boolean {
  return stored?.ref !== json || Date.parse(now) - Date.parse(stored.updated_at) >= ACTIVITY_REFRESH_MS;
}
