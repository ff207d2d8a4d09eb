/**
 * PostgreSQL advisory lock keys of the store, `(namespace, object)`: the namespace keeps them apart
 * from other applications' locks in the same database.
 */
import type { ClientBase } from 'pg';

export const LOCK_NAMESPACE = 0x45575a31;
/** Session lock while migrations are applied at start-up. */
export const MIGRATIONS_LOCK = 1;
/** Transaction lock of whoever reads and extends (or purges) the audit chain. */
export const AUDIT_CHAIN_LOCK = 2;
/** Transaction lock of the one instance purging expired data; the others skip that round. */
export const PURGE_LOCK = 3;
/** Transaction lock of whoever rewrites HR's aggregate parts: a compaction, or recomputing them at start-up. */
export const HR_AGGREGATES_LOCK = 4;

/** The locks a store program may ask for (store-program.ts), by name. */
export const ADVISORY_LOCKS = { auditChain: AUDIT_CHAIN_LOCK, purge: PURGE_LOCK, hrAggregates: HR_AGGREGATES_LOCK } as const;

/**
 * Takes a transaction-level advisory lock, waiting for its holder's COMMIT. As a statement of its
 * own, so the statements after it see what the holder committed.
 */
export async function lockUntilCommit(db: ClientBase, lock: number): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, lock]);
}

/** Takes a transaction-level advisory lock if nobody holds it; false when another transaction does. */
export async function tryLockUntilCommit(db: ClientBase, lock: number): Promise<boolean> {
  return (await db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS locked', [LOCK_NAMESPACE, lock])).rows[0]?.locked === true;
}
