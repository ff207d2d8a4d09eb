/**
 * The store's tables as the query layer (query-layer.ts) sees them, written by hand once for both
 * databases (code generation would need a live database). Columns that hold one of a closed set
 * of values have that set as their type, so a row needs no cast where it is read. Where the two
 * databases store a value differently (SQLite has no booleans: 1/0), the column type says both.
 */
import type { CaseRecord } from './sql-rows';
import type { TeamPostRecord, TeamReferenceRecord } from './team-reference-rows';

export interface StoreSchema {
  cases: CaseRecord;
  /** The team-discussion kit (migration 014, team-references.ts): keyed by team, never by user. */
  team_references: TeamReferenceRecord;
  team_posts: TeamPostRecord;
}
