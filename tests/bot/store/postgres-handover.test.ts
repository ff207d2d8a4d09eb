import { handoverContract } from './contract/handover';
import { postgresHarness } from './fixtures/harness';

handoverContract(postgresHarness);
