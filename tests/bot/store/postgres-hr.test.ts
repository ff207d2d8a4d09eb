import { hrContract } from './contract/hr';
import { postgresHarness } from './fixtures/harness';

hrContract(postgresHarness);
