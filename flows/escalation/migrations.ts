/**
 * Stored snapshots of older machine versions, brought to the current one. A case is stored with the
 * machine version it was last saved by; `restore` runs the migrations from there. Pure.
 *
 * | from | what changed                                                                                 |
 * |------|----------------------------------------------------------------------------------------------|
 * | 1    | `subject` became who did it (`perpetrator`) and who was hit (`affected`); the route is stored; |
 * |      | HR consulted (`hrConsulted: true`) names who (`consultedWith`); `hearingHeld` became           |
 * |      | `hearingOffered` (the chance to be heard); the conversation records sick leave.              |
 */
import { routeOf } from './rules';
import type { AffectedParty, Perpetrator } from './types';

/** A snapshot as stored: the state value and context, whatever machine version wrote them. */
export interface StoredSnapshot {
  value: unknown;
  context: unknown;
  status: 'active' | 'done';
}

/** A case saved by a newer machine than this one (a rolling deploy): refuse it, never guess. */
export class UnknownMachineVersionError extends Error {
  constructor(readonly version: number) {
    super(`escalation snapshot of machine version ${version} is newer than this machine`);
    this.name = 'UnknownMachineVersionError';
  }
}

type V1Subject = 'teamMember' | 'someoneElse' | 'self' | 'ownManager';

/** Version 1 asked one question, "who is it about?"; the person hit was always a team member. */
const V1_PERPETRATOR: Record<V1Subject, Perpetrator> = {
  teamMember: 'teamMember',
  someoneElse: 'otherTeam',
  self: 'self',
  ownManager: 'ownManager',
};

/** A version-1 context: the parts this migration rewrites; everything else is carried over as is. */
interface V1Context {
  signal?: Record<string, unknown>;
  agreements?: Record<string, unknown>;
  sanction?: Record<string, unknown>;
  [field: string]: unknown;
}

function fromV1(stored: StoredSnapshot): StoredSnapshot {
  const context = structuredClone(stored.context) as V1Context;
  if (context.signal) {
    const { subject, ...signal } = context.signal as { subject: V1Subject };
    const perpetrator = V1_PERPETRATOR[subject] ?? 'teamMember';
    const affected: AffectedParty = 'teamMember';
    context.signal = { ...signal, perpetrator, affected };
    // A v1 case about someone outside the team was already on the ladder: it stays there.
    context.route = subject === 'someoneElse' ? 'ownTeam' : routeOf(perpetrator, affected);
  }
  if (context.agreements) context.agreements = { ...context.agreements, sickLeave: false };
  if (context.sanction) {
    const { hrConsulted: _hr, hearingHeld, ...sanction } = context.sanction as { hrConsulted: true; hearingHeld: boolean };
    context.sanction = { ...sanction, consultedWith: 'hrAdviser', hearingOffered: hearingHeld };
  }
  // Version 1's states all exist in version 2 under the same paths.
  return { ...stored, context };
}

/** Migration from version N to N + 1, by N. */
const MIGRATIONS: Record<number, (stored: StoredSnapshot) => StoredSnapshot> = { 1: fromV1 };

export function migrateSnapshot(stored: StoredSnapshot, fromVersion: number, toVersion: number): StoredSnapshot {
  if (!Number.isInteger(fromVersion) || fromVersion < 1 || fromVersion > toVersion) throw new UnknownMachineVersionError(fromVersion);
  let current = stored;
  for (let version = fromVersion; version < toVersion; version++) {
    const migrate = MIGRATIONS[version];
    if (!migrate) throw new UnknownMachineVersionError(version);
    current = migrate(current);
  }
  return current;
}
