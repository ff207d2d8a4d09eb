import type { HrServiceOptions } from '../../../../bot/hr/service';

/**
 * The operational store's flags as they are for fixtures of real units, each with cases of many
 * managers: every unit × quarter large enough (issue 19 §2). For stores filled with bench HR data,
 * which has no managers to count; padding.test.ts tests the store's own flags.
 */
export const everyUnitFlagged: HrServiceOptions['timelineFlags'] = () => Promise.resolve(() => true);
