import { groupEligibilityContract } from './contract/group-eligibility';
import { postgresHarness } from './fixtures/harness';

groupEligibilityContract(postgresHarness);
