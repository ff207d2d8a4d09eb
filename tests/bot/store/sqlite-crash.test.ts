import { processesContract } from './contract/processes';
import { sqliteHarness } from './fixtures/harness';

processesContract(sqliteHarness);
