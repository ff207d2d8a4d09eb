/**
 * `npm run rotate-notes-key`: seals every note that an older key of NOTES_KEYS sealed again with
 * the current (first) key, in batches of one transaction each. Safe while the bot runs, on one or
 * several instances, and safe to run twice at once; stopped halfway, a second run finishes the
 * work. See docs/operations.md ("Rotating the notes key").
 *
 * Prints counts and key ids only: never a key, a note or a case id. Exit code 0 when every note
 * that can be read is under the current key, 1 when some notes did not open with the key of their
 * id (a wrong key given for that id: fix NOTES_KEYS and run again). Notes under key ids that
 * NOTES_KEYS no longer holds are reported: they cannot be read by anyone.
 * Uses the same settings as the bot (DATA_DIR or DATABASE_URL, NOTES_KEYS, CASE_KEY_SECRET).
 */
import { loadConfig } from '../bot/config';
import { rotateNotesKey } from '../bot/store/notes-key-store';
import type { NotesKeyCount } from '../bot/store/notes-key-store';
import { openConfiguredStore } from '../bot/store/open-store';

const listed = (counts: NotesKeyCount[]): string => counts.map((count) => `${count.keyId} (${count.notes})`).join(', ');

async function main(): Promise<number> {
  const config = loadConfig();
  const store = await openConfiguredStore(config);
  try {
    const report = await rotateNotesKey(store, config.notesKey);
    console.log(`${report.reencrypted} note(s) re-encrypted with key ${config.notesKey.currentId}.`);
    if (report.lost.length > 0) {
      console.warn(`Notes under key ids that NOTES_KEYS no longer holds, unreadable for good: ${listed(report.lost)}. They go with the note retention.`);
    }
    if (report.remaining.length > 0) {
      console.error(`Notes that the key of their id did not open: ${listed(report.remaining)}. Check that key in NOTES_KEYS and run again.`);
      return 1;
    }
    console.log(
      config.notesKey.keys.size > 1
        ? 'Every readable note is under the current key: the older keys can be removed from NOTES_KEYS once every instance runs with this ring.'
        : 'Every readable note is under the current key.',
    );
    return 0;
  } finally {
    await store.close();
  }
}

void main().then((code) => {
  process.exitCode = code;
});
