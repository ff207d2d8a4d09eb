/**
 * The case store port (case-store.ts) over both SQL databases, written once (issue 20 §1): every
 * method that is one algorithm of store programs (store-program.ts), and the store parts written
 * once (reminders, lifecycle, hand-over, manager units, notes key rotation). What each database
 * does its own way is its `StoreDialect` (sqlite.ts, postgres.ts): opening, the turn's commit
 * (SQLite's group commit, PostgreSQL's row locks), the HR projection, walking the audit chain,
 * closing.
 */
import { sql } from 'kysely';
import type { AuditVerification } from '../audit';
import type { NotesKeyRing } from '../crypto';
import type { HrAggregateRow } from '../../flows/hr/cells';
import type { CaseStore } from './case-store';
import { assertAuditEntry, assertId, assertUserSettings, conversationRefJson, conversationRefNeedsWrite, hrLogWeekRange, listLimit, StoreError } from './store-error';
import type { AuditEntry, CaseRow, CommitResult, HrLogQuery, HrLogRow, HrTimeline, HrTimelineQuery, Note, TurnWrite, UserSettings } from './store-rows';
import type { AppraisalCount, AppraisalCountQuery, AppraisalCountRow, ReminderChange, ReminderClaim, ReminderOutcome, ReminderRow, SuspensionReason } from './reminder-store';
import type { DeleteCaseResult, MyDataLink, OwnerCaseExport, PurgeCutoffs, PurgeResult } from './lifecycle-store';
import type { AcceptHandoverResult, HandoverAcceptance, HandoverProposal, NotesLeftBehind, PendingHandover, ProposeHandoverResult } from './handover-store';
import type { EligibleGroup } from './group-eligibility';
import type { NotesKeyCount, ReencryptBatch } from './notes-key-store';
import { ConversationRefs } from './conversation-refs';
import { TeamReferences } from './team-references';
import type { TeamReferenceStore } from './team-references';
import { Handover } from './handover';
import { Lifecycle } from './lifecycle';
import { ManagerUnits } from './manager-units';
import { NotesKeys } from './notes-keys';
import type { Reminders } from './reminders';
import { oneOf, Prepared } from './query-layer';
import { HR_LOG_COLUMNS, hrLogRowFrom, hrTimelineCasesQuery, hrTimelinesOf } from './hr-sql';
import type { HrLogRecord } from './hr-sql';
import { openedNotes, toCaseRow } from './sql-rows';
import { appendAudit, firstRow, rows } from './store-program';
import type { ProgramRunner } from './store-program';

/** What a database does its own way; the rest of the port is SqlCaseStore's. */
export interface StoreDialect {
  readonly programs: ProgramRunner;
  /** The reminders part, whose `applyTurn` the dialect's commit runs too. */
  readonly reminders: Reminders;
  commit(turn: TurnWrite): Promise<CommitResult>;
  verifyAudit(): Promise<AuditVerification>;
  hrAggregates(quarters: string[]): Promise<HrAggregateRow[]>;
  close(): Promise<void>;
}

/** The queries every turn runs, compiled once. */
function turnQueries(programs: ProgramRunner) {
  const { db } = programs;
  return {
    selectCase: Prepared.of<{ caseId: string }, CaseRecordRow>((slot) => db.selectFrom('cases').selectAll().where('id', '=', slot('caseId'))),
    selectConversationRef: Prepared.of<{ ownerId: string }, { ref: string; updated_at: string }>((slot) =>
      db.selectFrom('conversation_refs').select(['ref', 'updated_at']).where('owner_id', '=', slot('ownerId')),
    ),
    selectUserSettings: Prepared.of<{ ownerId: string }, UserSettingsRow>((slot) =>
      db.selectFrom('user_settings').select(['org_unit', 'locale', 'weekly_digest']).where('owner_id', '=', slot('ownerId')),
    ),
  };
}

type CaseRecordRow = Parameters<typeof toCaseRow>[0];
interface UserSettingsRow {
  org_unit: string | null;
  locale: string | null;
  weekly_digest: boolean | 0 | 1;
}

export class SqlCaseStore implements CaseStore {
  private readonly programs: ProgramRunner;
  private readonly queries: ReturnType<typeof turnQueries>;
  private readonly reminders: Reminders;
  private readonly refs: ConversationRefs;
  private readonly lifecycle: Lifecycle;
  private readonly handover: Handover;
  private readonly managerUnitsOf: ManagerUnits;
  private readonly keyRotation: NotesKeys;
  readonly teams: TeamReferenceStore;

  constructor(
    private readonly dialect: StoreDialect,
    private readonly notesKeys: NotesKeyRing,
    private readonly clock: () => Date,
  ) {
    this.programs = dialect.programs;
    this.queries = turnQueries(this.programs);
    this.reminders = dialect.reminders;
    this.refs = new ConversationRefs(this.programs, this.reminders);
    this.lifecycle = new Lifecycle(this.programs, notesKeys);
    this.handover = new Handover(this.programs, notesKeys);
    this.managerUnitsOf = new ManagerUnits(this.programs);
    this.keyRotation = new NotesKeys(this.programs, notesKeys);
    this.teams = new TeamReferences(this.programs);
  }

  commit(turn: TurnWrite): Promise<CommitResult> {
    return this.dialect.commit(turn);
  }

  load(caseId: string): Promise<CaseRow | null> {
    const query = this.queries.selectCase.with({ caseId });
    return this.programs.read(function* () {
      const record = yield* firstRow(query);
      return record ? toCaseRow(record) : null;
    });
  }

  listByOwner(ownerId: string, limit?: number): Promise<CaseRow[]> {
    const { db } = this.programs;
    return this.programs.read(function* () {
      const records = yield* rows(db.selectFrom('cases').selectAll().where('owner_id', '=', ownerId).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(listLimit(limit)).compile());
      return records.map(toCaseRow);
    });
  }

  async readNotes(caseId: string, requesterId: string): Promise<Note[]> {
    const { db } = this.programs;
    const caseQuery = this.queries.selectCase.with({ caseId });
    const at = this.now();
    const read = await this.programs.write(function* () {
      assertId(requesterId, 'requesterId');
      const record = yield* firstRow(caseQuery);
      if (!record) return null;
      const allowed = record.owner_id === requesterId;
      yield* appendAudit({ actor: requesterId, action: 'read', caseId, detail: allowed ? 'notes' : 'notesDenied', at });
      // A note is its author's (notes.owner_id): after a hand-over without notes the case holds two authors' notes.
      const sealed = allowed
        ? yield* rows(db.selectFrom('notes').select(['step', 'key_id', 'iv', 'tag', 'ciphertext', 'created_at']).where('case_id', '=', caseId).where('owner_id', '=', requesterId).orderBy('id').compile())
        : [];
      return { allowed, sealed };
    });
    if (!read) return [];
    if (!read.allowed) throw new StoreError('notOwner');
    return openedNotes(this.notesKeys, read.sealed, { caseId, ownerId: requesterId });
  }

  recordAudit(entry: AuditEntry): Promise<void> {
    return this.programs.write(function* () {
      assertAuditEntry(entry, 'audit');
      yield* appendAudit(entry);
    });
  }

  verifyAudit(): Promise<AuditVerification> {
    return this.dialect.verifyAudit();
  }

  hrLog(query: HrLogQuery = {}): Promise<HrLogRow[]> {
    const { db } = this.programs;
    return this.programs.read(function* () {
      const { fromWeek, toWeek } = hrLogWeekRange(query);
      const records = yield* rows(sql<HrLogRecord>`SELECT ${sql.raw(HR_LOG_COLUMNS)} FROM hr_log WHERE iso_week >= ${fromWeek} AND iso_week <= ${toWeek} ORDER BY id`.compile(db));
      return records.map(hrLogRowFrom);
    });
  }

  hrAggregates(quarters: string[]): Promise<HrAggregateRow[]> {
    return this.dialect.hrAggregates(quarters);
  }

  hrTimelines(query: HrTimelineQuery): Promise<HrTimeline[]> {
    const { db, dialect } = this.programs;
    return this.programs.read(function* () {
      const cases = yield* rows(hrTimelineCasesQuery(query).compile(db));
      if (cases.length === 0) return [];
      const keys = cases.map((c) => c.case_key);
      const records = yield* rows(sql<HrLogRecord>`SELECT ${sql.raw(HR_LOG_COLUMNS)} FROM hr_log WHERE ${oneOf(dialect, 'case_key', keys)} ORDER BY id`.compile(db));
      return hrTimelinesOf(cases, records.map(hrLogRowFrom));
    });
  }

  async saveConversationRef(ownerId: string, ref: unknown): Promise<void> {
    const json = conversationRefJson(ownerId, ref);
    // Most turns bring the reference already stored: a read spares them a write transaction and its fsync.
    const storedQuery = this.queries.selectConversationRef.with({ ownerId });
    const stored = await this.programs.read(() => firstRow(storedQuery));
    const now = this.now();
    if (!conversationRefNeedsWrite(stored, json, now)) return;
    await this.programs.write(() => this.refs.save(ownerId, json, now));
  }

  suspendReminders(ownerId: string, reason: SuspensionReason): Promise<number> {
    return this.reminders.suspend(ownerId, reason, this.now());
  }

  async conversationRef(ownerId: string): Promise<unknown> {
    const query = this.queries.selectConversationRef.with({ ownerId });
    const record = await this.programs.read(() => firstRow(query));
    return record ? (JSON.parse(record.ref) as unknown) : null;
  }

  async userSettings(ownerId: string): Promise<UserSettings> {
    const query = this.queries.selectUserSettings.with({ ownerId });
    const record = await this.programs.read(() => firstRow(query));
    return { orgUnit: record?.org_unit ?? null, locale: record?.locale ?? null, weeklyDigest: Boolean(record?.weekly_digest) };
  }

  async saveUserSettings(ownerId: string, settings: { orgUnit?: string; locale?: string }): Promise<void> {
    const { db } = this.programs;
    const storedQuery = this.queries.selectUserSettings.with({ ownerId });
    const at = this.now();
    assertUserSettings(ownerId, settings);
    // Every new case saves the unit it was recorded for, mostly the one already stored: no write then.
    const stored = await this.programs.read(() => firstRow(storedQuery));
    const unchanged = stored && (settings.orgUnit ?? stored.org_unit) === stored.org_unit && (settings.locale ?? stored.locale) === stored.locale;
    if (unchanged) return;
    await this.programs.statement(
      db
        .insertInto('user_settings')
        .values({ owner_id: ownerId, org_unit: settings.orgUnit ?? null, locale: settings.locale ?? null, updated_at: at })
        .onConflict((conflict) =>
          conflict.column('owner_id').doUpdateSet((eb) => ({
            org_unit: eb.fn.coalesce('excluded.org_unit', 'user_settings.org_unit'),
            locale: eb.fn.coalesce('excluded.locale', 'user_settings.locale'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .compile(),
    );
  }

  async ping(): Promise<void> {
    const { db } = this.programs;
    await this.programs.read(() => rows(sql`SELECT count(*) AS n FROM schema_migrations`.compile(db)));
  }

  close(): Promise<void> {
    return this.dialect.close();
  }

  managerUnits(ownerId: string): Promise<string[]> {
    return this.managerUnitsOf.units(ownerId);
  }

  setManagerUnits(ownerId: string, units: readonly string[], audit: AuditEntry): Promise<void> {
    return this.managerUnitsOf.setUnits(ownerId, units, audit);
  }

  hrEligibleGroups(quarters: string[], k: number): Promise<EligibleGroup[]> {
    return this.managerUnitsOf.eligibleGroups(quarters, k);
  }

  claimDueReminders(claim: ReminderClaim): Promise<ReminderRow[]> {
    return this.reminders.claim(claim);
  }

  finishReminder(id: string, claimant: string, outcome: ReminderOutcome, at: string): Promise<boolean> {
    return this.reminders.finish(id, claimant, outcome, at);
  }

  updateReminder(id: string, ownerId: string, change: ReminderChange, at: string): Promise<{ changed: boolean; reminder: ReminderRow } | null> {
    return this.reminders.update(id, ownerId, change, at);
  }

  pendingReminders(ownerId: string): Promise<ReminderRow[]> {
    return this.reminders.pending(ownerId);
  }

  setWeeklyDigest(ownerId: string, nextDigestAt: string | null, at: string): Promise<void> {
    return this.reminders.setWeeklyDigest(ownerId, nextDigestAt, at);
  }

  recordAppraisal(count: AppraisalCount, token: string, at: string): Promise<boolean> {
    return this.reminders.recordAppraisal(count, token, at);
  }

  appraisalCounts(query: AppraisalCountQuery = {}): Promise<AppraisalCountRow[]> {
    return this.reminders.appraisalCounts(query);
  }

  purgeExpired(cutoffs: PurgeCutoffs, at: string, limit: number): Promise<PurgeResult> {
    return this.lifecycle.purge(cutoffs, at, limit);
  }

  deleteCase(caseId: string, ownerId: string, expectedRevision: number, at: string): Promise<DeleteCaseResult> {
    return this.lifecycle.deleteCase(caseId, ownerId, expectedRevision, at);
  }

  exportOwnerData(ownerId: string, at: string): Promise<OwnerCaseExport[]> {
    return this.lifecycle.exportOwnerData(ownerId, at);
  }

  saveMyDataLink(link: MyDataLink, at: string): Promise<void> {
    return this.lifecycle.saveMyDataLink(link, at);
  }

  takeMyDataLink(tokenHash: string, at: string): Promise<{ ownerId: string; locale: string } | null> {
    return this.lifecycle.takeMyDataLink(tokenHash, at);
  }

  proposeHandover(proposal: HandoverProposal, at: string): Promise<ProposeHandoverResult> {
    return this.handover.propose(proposal, at);
  }

  pendingHandover(codeHash: string, at: string): Promise<PendingHandover | null> {
    return this.handover.pending(codeHash, at);
  }

  cancelHandover(caseId: string, ownerId: string, at: string): Promise<boolean> {
    return this.handover.cancel(caseId, ownerId, at);
  }

  acceptHandover(acceptance: HandoverAcceptance, at: string): Promise<AcceptHandoverResult> {
    return this.handover.accept(acceptance, at);
  }

  expireHandovers(at: string, limit: number): Promise<number> {
    return this.handover.expire(at, limit);
  }

  orphanedCases(inactiveBefore: string, limit: number): Promise<CaseRow[]> {
    return this.handover.orphans(inactiveBefore, limit);
  }

  notesLeftBehind(authorId: string, at: string): Promise<NotesLeftBehind[]> {
    return this.handover.notesLeftBehind(authorId, at);
  }

  reencryptNotes(afterId: number, limit: number): Promise<ReencryptBatch> {
    return this.keyRotation.reencrypt(afterId, limit);
  }

  notesPerKey(): Promise<NotesKeyCount[]> {
    return this.keyRotation.perKey();
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
