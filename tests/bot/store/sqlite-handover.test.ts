import { handoverContract } from './contract/handover';
import { sqliteHarness } from './fixtures/harness';

handoverContract(sqliteHarness);
