/**
 * A manager's personal conversation reference, which reminders are sent to, written once for both
 * stores as a store program (store-program.ts). A turn that commits a case writes it in its own
 * transaction (turn-commit.ts); a turn that commits nothing has it written on its own
 * (`saveConversationRef`, sql-case-store.ts).
 *
 * The write is one conditional upsert, so a turn needs no read to find out whether its reference
 * is already stored: it changes a row only when the reference is new, differs, or its activity
 * stamp is older than ACTIVITY_REFRESH_MS (store-error.ts). Only a reference that was written
 * resumes the owner's suspended reminders: the bot can reach them again.
 */
import { ACTIVITY_REFRESH_MS } from './store-error';
import { Prepared } from './query-layer';
import type { Reminders } from './reminders';
import { run } from './store-program';
import type { ProgramRunner, StoreProgram } from './store-program';

// A type, not an interface: Prepared's slots need an index signature.
type ReferenceValues = {
  ownerId: string;
  /** The reference as JSON text (conversationRefJson). */
  ref: string;
  at: string;
  /** A stored reference stamped at or before this is written again although it did not change. */
  staleBefore: string;
};

export class ConversationRefs {
  private readonly upsert: Prepared<ReferenceValues, never>;

  constructor(
    store: ProgramRunner,
    private readonly reminders: Reminders,
  ) {
    this.upsert = Prepared.of<ReferenceValues, never>((slot) =>
      store.db
        .insertInto('conversation_refs')
        .values({ owner_id: slot('ownerId'), ref: slot('ref'), updated_at: slot('at') })
        .onConflict((conflict) =>
          conflict
            .column('owner_id')
            .doUpdateSet((eb) => ({ ref: eb.ref('excluded.ref'), updated_at: eb.ref('excluded.updated_at') }))
            .where((eb) => eb.or([eb('conversation_refs.ref', '<>', eb.ref('excluded.ref')), eb('conversation_refs.updated_at', '<=', slot('staleBefore'))])),
        ),
    );
  }

  /** Stores `ref` (JSON text) for `ownerId` as of `at`, unless it is stored unchanged and fresh. */
  *save(ownerId: string, ref: string, at: string): StoreProgram<void> {
    const staleBefore = new Date(Date.parse(at) - ACTIVITY_REFRESH_MS).toISOString();
    if ((yield* run(this.upsert.with({ ownerId, ref, at, staleBefore }))) === 0) return;
    yield* this.reminders.resume(ownerId, at);
  }
}
