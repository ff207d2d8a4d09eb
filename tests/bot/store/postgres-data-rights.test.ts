import { dataRightsContract } from './contract/data-rights';
import { postgresHarness } from './fixtures/harness';

dataRightsContract(postgresHarness);
