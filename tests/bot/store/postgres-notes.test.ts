import { notesContract } from './contract/notes';
import { notesKeyRotationContract } from './contract/notes-key-rotation';
import { postgresHarness } from './fixtures/harness';

notesContract(postgresHarness);
notesKeyRotationContract(postgresHarness);
