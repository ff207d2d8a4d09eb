/**
 * `npm run orphaned-cases`: the open cases of managers who stopped using the bot (their account is
 * gone, or they have not used the bot for the case retention, RETENTION_CASES_DAYS). Such cases are
 * never closed or deleted by the purge job; they wait here for a successor.
 *
 *   npm run orphaned-cases                      lists them: case id, organisation unit, step, last change
 *   npm run orphaned-cases -- --issue <caseId>  makes a one-time hand-over code for one of them
 *
 * The organisation (the unit's director or HR) names the successor; the operator gives them the
 * code, and the successor types `overnemen <code>` in their own chat with the bot. The code is made
 * without the earlier owner's notes (only an author can pass their notes on): those stay until the
 * note retention ends. The audit trail records `handover`/`proposed` with actor `system:operator`.
 * Uses the same settings as the bot (DATA_DIR or DATABASE_URL, NOTES_KEY, CASE_KEY_SECRET).
 */
import { loadConfig } from '../bot/config';
import { displayHandoverCode, HANDOVER_CODE_HOURS, handoverCodeHash, newHandoverCode } from '../bot/handover/handover-code';
import { purgeCutoffs } from '../bot/retention/retention-periods';
import { OPERATOR_ACTOR } from '../bot/store/handover-store';
import { openConfiguredStore } from '../bot/store/open-store';

const MAX_LISTED = 500;

async function main(args: string[]): Promise<number> {
  const config = loadConfig();
  const store = await openConfiguredStore(config);
  try {
    const now = new Date();
    const orphans = await store.orphanedCases(purgeCutoffs(now, config.retention.days).managersInactiveBefore, MAX_LISTED);
    const issue = args[0] === '--issue' ? args[1] : undefined;
    if (args.length > 0 && !issue) {
      console.error('usage: npm run orphaned-cases [-- --issue <caseId>]');
      return 2;
    }
    if (!issue) {
      for (const row of orphans) console.log([row.id, row.orgUnit, row.step, row.updatedAt].join('\t'));
      console.log(`${orphans.length} open case(s) waiting for a successor.`);
      return 0;
    }
    const orphan = orphans.find((row) => row.id === issue);
    if (!orphan) {
      console.error('That case is not an open case of a manager who stopped using the bot.');
      return 1;
    }
    const code = newHandoverCode();
    const expiresAt = new Date(now.getTime() + HANDOVER_CODE_HOURS * 3_600_000).toISOString();
    const result = await store.proposeHandover(
      { codeHash: handoverCodeHash(code), caseId: orphan.id, fromOwnerId: orphan.ownerId, proposedBy: OPERATOR_ACTOR, includeNotes: false, expiresAt },
      now.toISOString(),
    );
    if (!result.ok) {
      console.error(`No code made: ${result.reason}.`);
      return 1;
    }
    console.log(`Hand-over code ${displayHandoverCode(code)}, valid until ${expiresAt}. The successor types in their own chat with the bot: overnemen ${displayHandoverCode(code)}`);
    return 0;
  } finally {
    await store.close();
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
