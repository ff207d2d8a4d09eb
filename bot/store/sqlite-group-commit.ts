/**
 * Group commit for the SQLite store. With synchronous=FULL every COMMIT waits for an fsync, and
 * better-sqlite3 waits on the event loop: one fsync per turn caps the bot at a few hundred turns a
 * second and holds up every other request meanwhile. So the turns that ask to be committed while
 * the event loop is busy are written together:
 *
 * - one `BEGIN IMMEDIATE … COMMIT` (one fsync) for the batch, each turn inside a savepoint of its
 *   own (the turn's own transaction function nests as a savepoint), so a turn that fails or
 *   conflicts changes nothing and does not disturb the others;
 * - no promise resolves before the COMMIT has returned: a turn is acknowledged only once it is
 *   durable, exactly as before;
 * - when the COMMIT itself fails, or SQLite ends the whole transaction (disk full, I/O error),
 *   every turn of the batch is rejected with that error: none of them was written.
 *
 * The batch runs in one synchronous task, so no other statement of this connection interleaves.
 */
import type Database from 'better-sqlite3';

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<T, R> {
  work: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export class SqliteGroupCommit<T, R> {
  private pending: Array<Pending<T, R>> = [];

  constructor(
    private readonly db: Database.Database,
    /** Writes one piece of work; runs inside the batch's transaction and may open a nested one. */
    private readonly apply: (work: T) => R,
    /** Runs the batch (a closed store refuses it) and maps what it throws to store errors. */
    private readonly guard: <X>(work: () => X) => X,
  ) {}

  run(work: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ work, resolve, reject });
      // Everything that arrives before the event loop turns joins this batch.
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    let outcomes: Array<Outcome<R>>;
    try {
      outcomes = this.guard(() => this.db.transaction(() => batch.map((item) => this.attempt(item.work))).immediate());
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  private attempt(work: T): Outcome<R> {
    try {
      return { ok: true, value: this.guard(() => this.apply(work)) };
    } catch (error) {
      // SQLite rolled the whole transaction back: the turns before this one are gone as well.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}
