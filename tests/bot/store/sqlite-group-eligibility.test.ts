import { groupEligibilityContract } from './contract/group-eligibility';
import { sqliteHarness } from './fixtures/harness';

groupEligibilityContract(sqliteHarness);
