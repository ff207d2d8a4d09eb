/**
 * Cases walked through the real bot (botbuilder TestAdapter → conversation → SQLite), one manager
 * per case, along the ladder paths HR reports on. What HR then sees is what managers really did.
 */
import { addDays } from '../../../../flows/calendar';
import { Manager } from '../../helpers/conversation-client';
import type { TestBot } from '../../helpers/test-bot';

export type CasePath =
  /** signal → address (stopped, on time) → team talk → closed */
  | 'stopped'
  /** signal → address (denied, late) → facts confirmed → sanction (order measure) → team talk skipped → closed */
  | 'deniedSanction'
  /** acute signal → safety → sanction (punishment, the chance to be heard given) → formal integrity report upheld → closed */
  | 'acuteIntegrity'
  /** signal → address (stopped) → whistleblower report, acknowledged on time → still open */
  | 'whistleblower'
  /** the signal is about the manager: routed away */
  | 'routedAway'
  /** signal and a conversation, its "I listened" box unticked (HR never sees it, issue 18): still open */
  | 'openAfterConversation';

export interface CasePlan {
  path: CasePath;
  orgUnit: string;
  /** Days between the signal and today (the bot's clock). */
  signalDaysAgo: number;
}

const CONVERSATION = (listened: boolean) => ({
  listened: String(listened),
  acknowledged: 'true',
  approachAgreed: 'true',
  feedbackAgreed: 'true',
  confidentialityAgreed: 'true',
  consentFormal: 'true',
  consentTeamTalk: 'true',
  vertrouwenspersoonOffered: 'true',
  sickLeave: 'false',
});

let sequence = 0;

/** Walks one case; returns the manager who owns it. */
export async function walkCase(bot: TestBot, plan: CasePlan): Promise<Manager> {
  sequence += 1;
  const manager = new Manager(bot.adapter, `aad-hr-walk-${sequence}-${Math.random().toString(36).slice(2, 8)}`);
  const today = bot.clock.now.toISOString().slice(0, 10);
  const signalDate = addDays(today, -plan.signalDaysAgo);
  const step = async (event: string, inputs: Record<string, unknown> = {}) => {
    const before = manager.lastCard;
    await manager.execute(event, inputs);
    if (manager.lastCard === before) throw new Error(`walkCase ${plan.path}: ${event} gave no new card`);
  };
  await manager.say('nieuw');
  const signal = {
    categories: plan.path === 'acuteIntegrity' ? 'insult,exclusion' : 'remarkOrJoke',
    source: plan.path === 'whistleblower' ? 'bystander' : 'affectedEmployee',
    signalDate,
    occurrence: 'first',
    acute: String(plan.path === 'acuteIntegrity'),
    perpetrator: plan.path === 'routedAway' ? 'ownManager' : 'teamMember',
    affected: 'teamMember',
    orgUnit: plan.orgUnit,
  };
  await step('RECORD_SIGNAL', signal);
  if (plan.path === 'routedAway') return manager;
  if (plan.path === 'acuteIntegrity') {
    await step('SAFETY_ENSURED', { separated: 'true', emergencyServicesCalled: 'false', hrInformed: 'true', ownManagerInformed: 'true' });
  }
  await step('RECORD_CONVERSATION', CONVERSATION(plan.path !== 'openAfterConversation'));
  if (plan.path === 'openAfterConversation') return manager;

  if (plan.path !== 'acuteIntegrity') {
    await step('ADDRESS_PREPARED', { plannedOn: today });
    const late = plan.path === 'deniedSanction';
    await step('ADDRESS_HELD', {
      heldOn: late ? today : addDays(signalDate, 1),
      otherSideHeard: 'true',
      outcome: plan.path === 'deniedSanction' ? 'denied' : 'stopped',
    });
  }
  if (plan.path === 'deniedSanction') await step('FACTS_ESTABLISHED', { consultedWith: 'hrAdviser', finding: 'confirmed' });
  if (plan.path === 'deniedSanction' || plan.path === 'acuteIntegrity') {
    const punishment = plan.path === 'acuteIntegrity';
    await step('SANCTION_DECIDED', { consultedWith: 'hrAdviser', hearingOffered: String(punishment), decision: punishment ? 'punishment' : 'orderMeasure' });
  }
  if (plan.path === 'stopped') {
    await step('TEAM_TALK_HELD', { heldOn: today, identifying: 'false', consent: 'false' });
  } else if (plan.path === 'deniedSanction') {
    await step('TEAM_TALK_SKIPPED');
  } else {
    await step('START_FORMAL_REPORT', { reason: 'serious' });
    const route = plan.path === 'whistleblower' ? 'whistleblower' : 'integrity';
    await step('FILE_REPORT', { route, filedOn: today });
    if (route === 'whistleblower') {
      await manager.execute('REPORT_ACKNOWLEDGED', { acknowledgedOn: today });
      return manager;
    }
    await step('REPORT_CONCLUDED', { outcome: 'upheld', concludedOn: today });
  }
  await step('CLOSE', { reason: plan.path === 'stopped' ? 'behaviourStopped' : plan.path === 'deniedSanction' ? 'sanctionDecided' : 'formalRouteConcluded', aftercareAgreed: 'true' });
  return manager;
}

export async function walkCases(bot: TestBot, plans: readonly CasePlan[]): Promise<void> {
  for (const plan of plans) await walkCase(bot, plan);
}

/**
 * 12 cases in Beleid (it gets timelines), 6 in Uitvoering, 4 in Toezicht and 3 in Staf (suppressed),
 * for k = 5, one manager per case. Beleid and Uitvoering are large enough for the operational store
 * (issue 19 §2); Toezicht and Staf are not, so a padder could have made them up: all units minus the
 * units shown must not give their sum, and Uitvoering is hidden for it, which leaves Beleid shown.
 */
export const HR_DEMO_CASES: readonly CasePlan[] = [
  ...Array.from({ length: 6 }, (_, i): CasePlan => ({ path: 'stopped', orgUnit: 'Uitvoering', signalDaysAgo: 1 + (i % 3) })),
  ...Array.from({ length: 6 }, (_, i): CasePlan => ({ path: 'stopped', orgUnit: 'Beleid', signalDaysAgo: 1 + (i % 3) })),
  ...Array.from({ length: 3 }, (_, i): CasePlan => ({ path: 'deniedSanction', orgUnit: 'Beleid', signalDaysAgo: 10 + i })),
  ...Array.from({ length: 2 }, (_, i): CasePlan => ({ path: 'acuteIntegrity', orgUnit: 'Beleid', signalDaysAgo: 4 + i })),
  { path: 'whistleblower', orgUnit: 'Beleid', signalDaysAgo: 3 },
  ...Array.from({ length: 3 }, (_, i): CasePlan => ({ path: 'stopped', orgUnit: 'Toezicht', signalDaysAgo: 2 + i })),
  { path: 'routedAway', orgUnit: 'Toezicht', signalDaysAgo: 0 },
  { path: 'openAfterConversation', orgUnit: 'Staf', signalDaysAgo: 6 },
  { path: 'stopped', orgUnit: 'Staf', signalDaysAgo: 1 },
  { path: 'stopped', orgUnit: 'Staf', signalDaysAgo: 2 },
];
