/**
 * The audit chain's walk (bot/audit.ts), written once for both stores: in seq order from the
 * anchor a purge left, or from the genesis when nothing was ever purged, a batch at a time. The
 * caller runs it in one read transaction, so it sees one version of the table and its anchor
 * while others keep appending (or purging): the store's `verifyAudit`, and `npm run verify-audit`
 * on a connection of its own, without keys.
 */
import { sql } from 'kysely';
import { AuditChainVerifier } from '../audit';
import type { AuditVerification } from '../audit';
import { queryBuilder } from './query-layer';
import type { SqlDialect } from './query-layer';
import { toChainedAuditRecord } from './sql-rows';
import { firstRow, rows } from './store-program';
import type { StoreProgram } from './store-program';

const BATCH = 1000;

/** A database from before the anchor's migration has no anchor table (a restored old backup). */
const ANCHOR_TABLE_EXISTS = {
  sqlite: sql<{ present: 1 }>`SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchor'`,
  postgres: sql<{ present: 1 }>`SELECT 1 AS present WHERE to_regclass('audit_anchor') IS NOT NULL`,
};

export function* walkAuditChain(dialect: SqlDialect): StoreProgram<AuditVerification> {
  const db = queryBuilder(dialect);
  const hasAnchorTable = (yield* firstRow(ANCHOR_TABLE_EXISTS[dialect].compile(db))) !== undefined;
  const anchor = hasAnchorTable ? yield* firstRow(db.selectFrom('audit_anchor').select(['seq', 'hash']).where('id', '=', 1).compile()) : undefined;
  // PostgreSQL returns the bigint seq as a string.
  const verifier = new AuditChainVerifier(anchor ? { seq: Number(anchor.seq), hash: anchor.hash } : null);
  for (let after = 0; ; ) {
    const batch = yield* rows(db.selectFrom('audit').selectAll().where('seq', '>', after).orderBy('seq').limit(BATCH).compile());
    for (const row of batch) verifier.add(toChainedAuditRecord(row));
    if (batch.length < BATCH) return verifier.result();
    after = Number(batch[batch.length - 1]!.seq);
  }
}
