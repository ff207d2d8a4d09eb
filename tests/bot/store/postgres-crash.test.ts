import { processesContract } from './contract/processes';
import { postgresHarness } from './fixtures/harness';

processesContract(postgresHarness);
