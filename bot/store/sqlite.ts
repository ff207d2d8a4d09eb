/**
 * The embedded case store: one SQLite file (better-sqlite3), so `npm start` needs nothing else.
 *
 * - WAL journal with synchronous=FULL: a turn that `commit` acknowledged survives a crash.
 * - Every write is one `BEGIN IMMEDIATE` transaction, so writers from several processes queue on
 *   the file lock (busy timeout) instead of failing half-way, and the audit chain's head is read
 *   and extended by one writer at a time.
 * - Turns that arrive together are committed together: one transaction and one fsync, each turn in
 *   a savepoint of its own, acknowledged only after the COMMIT (sqlite-group-commit.ts).
 * - secure_delete=ON: purged rows are overwritten, not left in free pages.
 * - The file is created with mode 0600 (SQLite gives the -wal and -shm files the same mode).
 *
 * SQLite errors become StoreError codes (see `storeErrorFrom`); unknown errors pass unchanged.
 */
/* eslint-disable @typescript-eslint/require-await --
   The store's port is asynchronous (PostgreSQL needs it); SQLite answers synchronously, and `async`
   keeps a thrown StoreError a rejected promise, as the contract suite expects of both stores. */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AuditChainVerifier, chainAuditRecord } from '../audit';
import type { AuditAnchor, AuditVerification } from '../audit';
import { asKeyRing, caseKey, CryptoError } from '../crypto';
import type { NotesKeyRing } from '../crypto';
import { assertAuditEntry, assertId, assertStoreKeys, assertTurnHeader, assertUserSettings, conversationRefJson, conversationRefNeedsWrite, hrLogWeekRange, listLimit, StoreError } from './store-error';
import type { AuditEntry, CaseRow, CommitResult, HrLogEntry, HrLogQuery, HrLogRow, HrTimeline, HrTimelineQuery, Note, TurnWrite, UserSettings } from './store-rows';
import type { CaseStore } from './case-store';
import { loadMigrations, migrationsDir } from './migrate';
import { SQLITE_DATA_STEPS } from './data-migrations';
import type { Migration } from './migrate';
import type {
  AppraisalCount,
  AppraisalCountQuery,
  AppraisalCountRow,
  ReminderChange,
  ReminderClaim,
  ReminderOutcome,
  ReminderRow,
  SuspensionReason,
} from './reminder-store';
import { SqliteGroupCommit } from './sqlite-group-commit';
import { Lifecycle } from './lifecycle';
import { Handover } from './handover';
import { ManagerUnits } from './manager-units';
import { SqliteRunner } from './query-layer';
import { SqlitePrograms } from './store-program';
import type { EligibleGroup } from './group-eligibility';
import { NotesKeys } from './notes-keys';
import type { NotesKeyCount, ReencryptBatch } from './notes-key-store';
import type { AcceptHandoverResult, HandoverAcceptance, HandoverProposal, NotesLeftBehind, PendingHandover, ProposeHandoverResult } from './handover-store';
import type { DeleteCaseResult, MyDataLink, OwnerCaseExport, PurgeCutoffs, PurgeResult } from './lifecycle-store';
import { Reminders } from './reminders';
import { sqliteTeamReferences } from './team-references';
import type { TeamReferenceStore } from './team-references';
import { AUDIT_COLUMNS, CASE_COLUMNS, openedNotes, toCaseRow, toChainedAuditRecord } from './sql-rows';
import type { AuditRecordRow, CaseRecord, NoteRecord } from './sql-rows';
import { turnRows } from './turn-rows';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { HR_LOG_COLUMNS, hrLogRowFrom, SqliteHrProjection } from './sqlite-hr';
import type { HrLogRecord } from './sqlite-hr';

/** The store's file inside DATA_DIR. */
export const SQLITE_FILE_NAME = 'escalatiewijzer.sqlite';

export function sqliteFileIn(dataDir: string): string {
  return join(dataDir, SQLITE_FILE_NAME);
}

export interface SqliteStoreOptions {
  file: string;
  /** The notes key ring (NOTES_KEYS), or one 32-byte key (NOTES_KEY, the ring of one key `legacy`). */
  notesKey: Buffer | NotesKeyRing;
  /** 32 bytes, different from every notes key; keys the HR case key. */
  caseKeySecret: Buffer;
  /** How long a write waits for another writer's lock before `storeUnavailable`. Default 5000. */
  busyTimeoutMs?: number;
  /** Time for rows the store stamps itself (note reads, conversation refs, migrations). */
  clock?: () => Date;
  /** Defaults to bot/store/migrations/sqlite of the project. */
  migrationsDir?: string;
}

/**
 * | cause                                                              | StoreError code  |
 * |--------------------------------------------------------------------|------------------|
 * | SQLITE_READONLY*                                                   | readOnly         |
 * | SQLITE_FULL                                                        | diskFull         |
 * | SQLITE_CORRUPT*, SQLITE_NOTADB                                     | corrupt          |
 * | SQLITE_CANTOPEN*, SQLITE_BUSY*, SQLITE_LOCKED*, SQLITE_IOERR*, SQLITE_PROTOCOL | storeUnavailable |
 * | CryptoError (wrong notes key, tampered note)                       | badKey           |
 * | anything else                                                      | passed unchanged |
 */
export function storeErrorFrom(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  if (error instanceof CryptoError) return new StoreError('badKey', undefined, { cause: error });
  if (isSqliteError(error)) {
    const code = error.code;
    const mapped = code.startsWith('SQLITE_READONLY')
      ? 'readOnly'
      : code === 'SQLITE_FULL'
        ? 'diskFull'
        : code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
          ? 'corrupt'
          : /^SQLITE_(CANTOPEN|BUSY|LOCKED|IOERR|PROTOCOL)/.test(code)
            ? 'storeUnavailable'
            : null;
    if (mapped) return new StoreError(mapped, undefined, { cause: error });
  }
  return error;
}

/**
 * By name, not `instanceof`: the native addon throws instances of whichever SqliteError class was
 * registered last, which is another class (even from another realm, with another `Error`) when the
 * module was loaded twice, as jest does per test file.
 */
function isSqliteError(error: unknown): error is Error & { code: string } {
  return nameOf(error) === 'SqliteError' && typeof (error as { code?: unknown }).code === 'string';
}

/** Creates the folder and an empty file readable by this user only, before SQLite opens it. */
function prepareFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
}

function applyMigrations(db: Database.Database, migrations: Migration[], now: () => string): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const newest = Math.max(...migrations.map((m) => m.version));
  if (db.prepare('SELECT 1 FROM schema_migrations WHERE version > ?').get(newest)) {
    // The file was migrated by newer code: refuse rather than write in a shape we do not know.
    throw new StoreError('migrationFailed', 'schemaNewerThanCode');
  }
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    const apply = db.transaction(() => {
      // Checked inside the write lock: another process may have applied it meanwhile.
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      SQLITE_DATA_STEPS[migration.version]?.(db);
      record.run(migration.version, migration.name, now());
    });
    try {
      apply.immediate();
    } catch (error) {
      const mapped = storeErrorFrom(error);
      if (mapped instanceof StoreError) throw mapped;
      const label = `${String(migration.version).padStart(3, '0')}_${migration.name}`;
      throw new StoreError('migrationFailed', label, { cause: error });
    }
  }
}

function prepareStatements(db: Database.Database) {
  return {
    selectCase: db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ?`),
    selectCasesByOwner: db.prepare(
      `SELECT ${CASE_COLUMNS} FROM cases WHERE owner_id = ? ORDER BY updated_at DESC, id DESC LIMIT ?`,
    ),
    insertCase: db.prepare(
      `INSERT INTO cases (${CASE_COLUMNS}) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    ),
    updateCase: db.prepare(
      `UPDATE cases SET machine_id = ?, machine_version = ?, snapshot = ?, revision = revision + 1, step = ?,
         status = ?, org_unit = ?, updated_at = ?, past_first_step = 1
       WHERE id = ? AND owner_id = ? AND revision = ?`,
    ),
    insertNote: db.prepare(
      'INSERT INTO notes (case_id, owner_id, step, key_id, iv, tag, ciphertext, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // A note is its author's (notes.owner_id): after a hand-over without notes the case holds two authors' notes.
    selectNotes: db.prepare('SELECT step, key_id, iv, tag, ciphertext, created_at FROM notes WHERE case_id = ? AND owner_id = ? ORDER BY id'),
    insertHrLog: db.prepare(`INSERT INTO hr_log (${HR_LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    selectHrLog: db.prepare(`SELECT ${HR_LOG_COLUMNS} FROM hr_log WHERE iso_week >= ? AND iso_week <= ? ORDER BY id`),
    selectAuditHead: db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
    selectAuditAnchor: db.prepare('SELECT seq, hash FROM audit_anchor WHERE id = 1'),
    insertAudit: db.prepare(`INSERT INTO audit (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    upsertConversationRef: db.prepare(
      `INSERT INTO conversation_refs (owner_id, ref, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (owner_id) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
    ),
    selectConversationRef: db.prepare('SELECT ref, updated_at FROM conversation_refs WHERE owner_id = ?'),
    selectUserSettings: db.prepare('SELECT org_unit, locale, weekly_digest FROM user_settings WHERE owner_id = ?'),
    upsertUserSettings: db.prepare(
      `INSERT INTO user_settings (owner_id, org_unit, locale, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (owner_id) DO UPDATE SET org_unit = COALESCE(excluded.org_unit, user_settings.org_unit),
         locale = COALESCE(excluded.locale, user_settings.locale), updated_at = excluded.updated_at`,
    ),
    ping: db.prepare('SELECT count(*) AS n FROM schema_migrations'),
  };
}

/** Walks the chain from its anchor (bot/audit.ts), or from the genesis when nothing was ever purged. */
function verifyAuditTable(db: Database.Database): AuditVerification {
  // One read transaction: the walk sees one consistent version of the table and its anchor.
  return db.transaction(() => {
    const hasAnchorTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchor'").get();
    const anchor = hasAnchorTable ? (db.prepare('SELECT seq, hash FROM audit_anchor WHERE id = 1').get() as AuditAnchor | undefined) : undefined;
    const verifier = new AuditChainVerifier(anchor ?? null);
    for (const record of db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit ORDER BY seq`).iterate()) verifier.add(toChainedAuditRecord(record as AuditRecordRow));
    return verifier.result();
  })();
}

class SqliteCaseStore implements CaseStore {
  private closed = false;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly reminders: Reminders;
  private readonly programs: SqlitePrograms;
  private readonly hr: SqliteHrProjection;
  private readonly turns: SqliteGroupCommit<TurnWrite, CommitResult>;
  private readonly lifecycle: Lifecycle;
  private readonly handover: Handover;
  private readonly managerUnitsOf: ManagerUnits;
  private readonly keyRotation: NotesKeys;
  readonly teams: TeamReferenceStore;

  constructor(
    private readonly db: Database.Database,
    private readonly notesKeys: NotesKeyRing,
    private readonly caseKeySecret: Buffer,
    private readonly clock: () => Date,
  ) {
    this.statements = prepareStatements(db);
    this.hr = new SqliteHrProjection(db);
    this.programs = new SqlitePrograms(
      db,
      new SqliteRunner(db),
      {
        appendAudit: (entries) => entries.forEach((entry) => this.appendAudit(entry)),
        writeHrLog: (caseId, entries) => this.writeHrLog(caseKey(caseKeySecret, caseId), entries),
      },
      <X>(work: () => X) => this.guard(work),
    );
    this.reminders = new Reminders(this.programs);
    this.lifecycle = new Lifecycle(this.programs, notesKeys);
    this.handover = new Handover(this.programs, notesKeys);
    this.managerUnitsOf = new ManagerUnits(this.programs);
    this.keyRotation = new NotesKeys(this.programs, notesKeys);
    this.hr.repair();
    this.teams = sqliteTeamReferences(db, <X>(work: () => X) => this.guard(work));
    this.turns = new SqliteGroupCommit(db, (turn: TurnWrite) => this.commitTurn(turn), <X>(work: () => X) => this.guard(work));
  }

  /** Turns that arrive together share one transaction and one fsync (sqlite-group-commit.ts). */
  async commit(turn: TurnWrite): Promise<CommitResult> {
    return this.turns.run(turn);
  }

  async load(caseId: string): Promise<CaseRow | null> {
    return this.guard(() => {
      const record = this.statements.selectCase.get(caseId) as CaseRecord | undefined;
      return record ? toCaseRow(record) : null;
    });
  }

  async listByOwner(ownerId: string, limit?: number): Promise<CaseRow[]> {
    return this.guard(() => (this.statements.selectCasesByOwner.all(ownerId, listLimit(limit)) as CaseRecord[]).map(toCaseRow));
  }

  async readNotes(caseId: string, requesterId: string): Promise<Note[]> {
    return this.guard(() => {
      assertId(requesterId, 'requesterId');
      const record = this.statements.selectCase.get(caseId) as CaseRecord | undefined;
      if (!record) return [];
      const allowed = record.owner_id === requesterId;
      const sealed = this.db.transaction(() => {
        this.appendAudit({
          actor: requesterId,
          action: 'read',
          caseId,
          detail: allowed ? 'notes' : 'notesDenied',
          at: this.now(),
        });
        return allowed ? (this.statements.selectNotes.all(caseId, requesterId) as NoteRecord[]) : [];
      }).immediate();
      if (!allowed) throw new StoreError('notOwner');
      return openedNotes(this.notesKeys, sealed, { caseId, ownerId: record.owner_id });
    });
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    this.guard(() => {
      assertAuditEntry(entry, 'audit');
      this.db.transaction(() => this.appendAudit(entry)).immediate();
    });
  }

  async verifyAudit(): Promise<AuditVerification> {
    return this.guard(() => verifyAuditTable(this.db));
  }

  async hrLog(query: HrLogQuery = {}): Promise<HrLogRow[]> {
    return this.guard(() => {
      const { fromWeek, toWeek } = hrLogWeekRange(query);
      return (this.statements.selectHrLog.all(fromWeek, toWeek) as HrLogRecord[]).map(hrLogRowFrom);
    });
  }

  async hrAggregates(quarters: string[]): Promise<HrAggregateRow[]> {
    return this.guard(() => this.hr.aggregates(quarters));
  }

  async hrTimelines(query: HrTimelineQuery): Promise<HrTimeline[]> {
    return this.guard(() => this.hr.timelines(query));
  }

  async saveConversationRef(ownerId: string, ref: unknown): Promise<void> {
    this.guard(() => {
      const json = conversationRefJson(ownerId, ref);
      // Most turns bring the reference already stored: a read spares them a write and its fsync.
      const stored = this.statements.selectConversationRef.get(ownerId) as { ref: string; updated_at: string } | undefined;
      const now = this.now();
      if (!conversationRefNeedsWrite(stored, json, now)) return;
      this.db
        .transaction(() => {
          this.statements.upsertConversationRef.run(ownerId, json, now);
          this.programs.now(this.reminders.resume(ownerId, now));
        })
        .immediate();
    });
  }

  async suspendReminders(ownerId: string, reason: SuspensionReason): Promise<number> {
    return this.reminders.suspend(ownerId, reason, this.now());
  }

  async conversationRef(ownerId: string): Promise<unknown> {
    return this.guard(() => {
      const record = this.statements.selectConversationRef.get(ownerId) as { ref: string } | undefined;
      return record ? (JSON.parse(record.ref) as unknown) : null;
    });
  }

  async userSettings(ownerId: string): Promise<UserSettings> {
    return this.guard(() => {
      const record = this.statements.selectUserSettings.get(ownerId) as
        | { org_unit: string | null; locale: string | null; weekly_digest: number }
        | undefined;
      return { orgUnit: record?.org_unit ?? null, locale: record?.locale ?? null, weeklyDigest: record?.weekly_digest === 1 };
    });
  }

  async saveUserSettings(ownerId: string, settings: { orgUnit?: string; locale?: string }): Promise<void> {
    this.guard(() => {
      assertUserSettings(ownerId, settings);
      // Every new case saves the unit it was recorded for, mostly the one already stored: no write then.
      const stored = this.statements.selectUserSettings.get(ownerId) as { org_unit: string | null; locale: string | null } | undefined;
      const unchanged = stored && (settings.orgUnit ?? stored.org_unit) === stored.org_unit && (settings.locale ?? stored.locale) === stored.locale;
      if (!unchanged) this.statements.upsertUserSettings.run(ownerId, settings.orgUnit ?? null, settings.locale ?? null, this.now());
    });
  }

  async ping(): Promise<void> {
    this.guard(() => this.statements.ping.get());
  }

  async managerUnits(ownerId: string): Promise<string[]> {
    return this.managerUnitsOf.units(ownerId);
  }

  async setManagerUnits(ownerId: string, units: readonly string[], audit: AuditEntry): Promise<void> {
    return this.managerUnitsOf.setUnits(ownerId, units, audit);
  }

  async hrEligibleGroups(quarters: string[], k: number): Promise<EligibleGroup[]> {
    return this.managerUnitsOf.eligibleGroups(quarters, k);
  }

  async claimDueReminders(claim: ReminderClaim): Promise<ReminderRow[]> {
    return this.reminders.claim(claim);
  }

  async finishReminder(id: string, claimant: string, outcome: ReminderOutcome, at: string): Promise<boolean> {
    return this.reminders.finish(id, claimant, outcome, at);
  }

  async updateReminder(id: string, ownerId: string, change: ReminderChange, at: string): Promise<{ changed: boolean; reminder: ReminderRow } | null> {
    return this.reminders.update(id, ownerId, change, at);
  }

  async pendingReminders(ownerId: string): Promise<ReminderRow[]> {
    return this.reminders.pending(ownerId);
  }

  async setWeeklyDigest(ownerId: string, nextDigestAt: string | null, at: string): Promise<void> {
    return this.reminders.setWeeklyDigest(ownerId, nextDigestAt, at);
  }

  async recordAppraisal(count: AppraisalCount, token: string, at: string): Promise<boolean> {
    return this.reminders.recordAppraisal(count, token, at);
  }

  async appraisalCounts(query: AppraisalCountQuery = {}): Promise<AppraisalCountRow[]> {
    return this.reminders.appraisalCounts(query);
  }

  async purgeExpired(cutoffs: PurgeCutoffs, at: string, limit: number): Promise<PurgeResult> {
    return this.lifecycle.purge(cutoffs, at, limit);
  }

  async deleteCase(caseId: string, ownerId: string, expectedRevision: number, at: string): Promise<DeleteCaseResult> {
    return this.lifecycle.deleteCase(caseId, ownerId, expectedRevision, at);
  }

  async exportOwnerData(ownerId: string, at: string): Promise<OwnerCaseExport[]> {
    return this.lifecycle.exportOwnerData(ownerId, at);
  }

  async saveMyDataLink(link: MyDataLink, at: string): Promise<void> {
    return this.lifecycle.saveMyDataLink(link, at);
  }

  async takeMyDataLink(tokenHash: string, at: string): Promise<{ ownerId: string; locale: string } | null> {
    return this.lifecycle.takeMyDataLink(tokenHash, at);
  }

  async proposeHandover(proposal: HandoverProposal, at: string): Promise<ProposeHandoverResult> {
    return this.handover.propose(proposal, at);
  }

  async pendingHandover(codeHash: string, at: string): Promise<PendingHandover | null> {
    return this.handover.pending(codeHash, at);
  }

  async cancelHandover(caseId: string, ownerId: string, at: string): Promise<boolean> {
    return this.handover.cancel(caseId, ownerId, at);
  }

  async acceptHandover(acceptance: HandoverAcceptance, at: string): Promise<AcceptHandoverResult> {
    return this.handover.accept(acceptance, at);
  }

  async expireHandovers(at: string, limit: number): Promise<number> {
    return this.handover.expire(at, limit);
  }

  async orphanedCases(inactiveBefore: string, limit: number): Promise<CaseRow[]> {
    return this.handover.orphans(inactiveBefore, limit);
  }

  async notesLeftBehind(authorId: string, at: string): Promise<NotesLeftBehind[]> {
    return this.handover.notesLeftBehind(authorId, at);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }

  async reencryptNotes(afterId: number, limit: number): Promise<ReencryptBatch> {
    return this.keyRotation.reencrypt(afterId, limit);
  }

  async notesPerKey(): Promise<NotesKeyCount[]> {
    return this.keyRotation.perKey();
  }

  private guard<T>(work: () => T): T {
    if (this.closed) throw new StoreError('storeUnavailable', 'closed');
    try {
      return work();
    } catch (error) {
      throw storeErrorFrom(error);
    }
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private commitTurn(turn: TurnWrite): CommitResult {
    assertTurnHeader(turn);
    const snapshot = JSON.stringify(turn.snapshot);
    const { statements } = this;
    return this.db
      .transaction((): CommitResult => {
        const existing = statements.selectCase.get(turn.caseId) as CaseRecord | undefined;
        if (existing && existing.owner_id !== turn.ownerId) throw new StoreError('notOwner');
        if (turn.expectedRevision === null) {
          if (existing) return { ok: false, reason: 'conflict', current: toCaseRow(existing) };
          statements.insertCase.run(
            turn.caseId,
            turn.ownerId,
            turn.machineId,
            turn.machineVersion,
            snapshot,
            turn.step,
            turn.status,
            turn.orgUnit,
            turn.at,
            turn.at,
          );
        } else {
          if (!existing) return { ok: false, reason: 'conflict', current: null };
          const { changes } = statements.updateCase.run(
            turn.machineId,
            turn.machineVersion,
            snapshot,
            turn.step,
            turn.status,
            turn.orgUnit,
            turn.at,
            turn.caseId,
            turn.ownerId,
            turn.expectedRevision,
          );
          if (changes !== 1) return { ok: false, reason: 'conflict', current: toCaseRow(existing) };
        }

        const rows = turnRows(turn, this.notesKeys, this.caseKeySecret);
        for (const { step, sealed } of rows.notes) {
          statements.insertNote.run(turn.caseId, turn.ownerId, step, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext, turn.at);
        }
        for (const entry of rows.audit) this.appendAudit(entry);
        this.writeHrLog(rows.caseKey, rows.hrLog);

        this.programs.now(this.reminders.applyTurn(turn));

        return { ok: true, revision: turn.expectedRevision === null ? 1 : turn.expectedRevision + 1 };
      })
      .immediate();
  }

  /**
   * A case's HR log rows and its projection; callers hold the write lock and have checked the rows.
   * No rows for a case whose HR history was purged while it stayed open: it is not counted twice.
   */
  private writeHrLog(key: string, entries: HrLogEntry[]): void {
    if (!this.hr.fold(key, entries)) return;
    for (const entry of entries) {
      this.statements.insertHrLog.run(
        key,
        entry.rung,
        entry.route,
        entry.transition,
        entry.outcome,
        entry.categories.join(','),
        entry.source,
        entry.orgUnit,
        entry.isoWeek,
        entry.daysSinceSignal,
        entry.deadlineMet === null ? null : entry.deadlineMet ? 1 : 0,
      );
    }
  }

  /** Extends the chain from its last row, or its anchor when a purge left none; callers hold the write lock (an immediate transaction). */
  private appendAudit(entry: AuditEntry): void {
    const head = (this.statements.selectAuditHead.get() ?? this.statements.selectAuditAnchor.get()) as AuditAnchor | undefined;
    const row = chainAuditRecord(head ?? null, entry);
    this.statements.insertAudit.run(row.seq, row.at, row.actor, row.action, row.caseId, row.detail, row.prevHash, row.hash);
  }
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<CaseStore> {
  const notesKeys = asKeyRing(options.notesKey);
  assertStoreKeys(notesKeys, options.caseKeySecret);
  const clock = options.clock ?? (() => new Date());
  const migrations = loadMigrations(options.migrationsDir ?? migrationsDir('sqlite'));
  let db: Database.Database | undefined;
  try {
    prepareFile(options.file);
    db = new Database(options.file, { timeout: options.busyTimeoutMs ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    applyMigrations(db, migrations, () => clock().toISOString());
    return new SqliteCaseStore(db, notesKeys, options.caseKeySecret, clock);
  } catch (error) {
    db?.close();
    const mapped = storeErrorFrom(error);
    if (mapped instanceof StoreError) throw mapped;
    if (nameOf(error) === 'TypeError') throw new StoreError('storeUnavailable', undefined, { cause: error });
    const fsCode = errnoCodeOf(error);
    if (fsCode) throw new StoreError(fsErrorCode(fsCode), undefined, { cause: error });
    throw error;
  }
}

/** better-sqlite3 reports a missing folder or a closed connection as a TypeError. */
function nameOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
}

/** `ENOSPC`, `EACCES`, … from node:fs; by shape, since such errors may come from another realm. */
function errnoCodeOf(error: unknown): string | null {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
}

function fsErrorCode(code: string): 'readOnly' | 'diskFull' | 'storeUnavailable' {
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'readOnly';
  if (code === 'ENOSPC') return 'diskFull';
  return 'storeUnavailable';
}

/**
 * Verifies the audit chain of a store file without keys and without writing (for
 * `npm run verify-audit`). Throws StoreError `storeUnavailable` when the file does not exist.
 */
export function verifySqliteAuditFile(file: string): AuditVerification {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return verifyAuditTable(db);
  } catch (error) {
    const mapped = storeErrorFrom(error);
    if (mapped instanceof StoreError) throw mapped;
    if (nameOf(error) === 'TypeError') throw new StoreError('storeUnavailable', undefined, { cause: error });
    throw error;
  } finally {
    db?.close();
  }
}
