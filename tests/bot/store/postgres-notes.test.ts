import { notesContract } from './contract/notes';
import { postgresHarness } from './fixtures/harness';

notesContract(postgresHarness);
