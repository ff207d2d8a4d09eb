import { remindersContract } from './contract/reminders';
import { sqliteHarness } from './fixtures/harness';

remindersContract(sqliteHarness);
