/**
 * Appraisal conversations recorded through the real bot (`gesprek` → "after the conversation" →
 * one click, TestAdapter → conversation → SQLite), one manager each: what HR's appraisal section
 * then shows is what managers really clicked.
 */
import type { NotAskedReason } from '../../../../flows/appraisal/types';
import { Manager } from '../../helpers/conversation-client';
import type { TestBot } from '../../helpers/test-bot';

/** Asked and nothing signalled, asked and something signalled, or not asked for a reason. */
export type AppraisalAnswer = 'nothingSignalled' | 'signalled' | NotAskedReason;

export interface AppraisalPlan {
  orgUnit: string;
  answer: AppraisalAnswer;
  /** The day the manager records it (`2026-08-20`); the bot's today when absent. */
  recordedOn?: string;
}

let sequence = 0;

async function recorded(bot: TestBot): Promise<number> {
  return (await bot.store.appraisalCounts()).reduce((sum, row) => sum + row.count, 0);
}

export async function walkAppraisal(bot: TestBot, plan: AppraisalPlan): Promise<void> {
  sequence += 1;
  const manager = new Manager(bot.adapter, `aad-appraisal-walk-${sequence}-${Math.random().toString(36).slice(2, 8)}`);
  const today = bot.clock.now;
  if (plan.recordedOn) bot.clock.now = new Date(`${plan.recordedOn}T10:00:00.000Z`);
  try {
    const before = await recorded(bot);
    await manager.say('gesprek');
    await manager.execute('CONVERSATION_HELD');
    const [event, inputs] =
      plan.answer === 'nothingSignalled'
        ? ['ASKED_NOTHING_SIGNALLED', {}]
        : plan.answer === 'signalled'
          ? ['ASKED_SOMETHING_SIGNALLED', {}]
          : ['NOT_ASKED', { reason: plan.answer }];
    await manager.execute(event, { ...inputs, orgUnit: plan.orgUnit });
    if ((await recorded(bot)) !== before + 1) throw new Error(`walkAppraisal ${plan.orgUnit} ${plan.answer}: not counted`);
  } finally {
    bot.clock.now = today;
  }
}

export async function walkAppraisals(bot: TestBot, plans: readonly AppraisalPlan[]): Promise<void> {
  for (const plan of plans) await walkAppraisal(bot, plan);
}

const times = (n: number, plan: AppraisalPlan): AppraisalPlan[] => Array.from({ length: n }, () => plan);

/**
 * For k = 5, with the bot's today in 2026-Q4: Beleid records 17 conversations in Q4 and 6 in Q3;
 * Toezicht and Staf 5 each, which together are enough to let Beleid's year show beside all units.
 */
export const HR_DEMO_APPRAISALS: readonly AppraisalPlan[] = [
  ...times(7, { orgUnit: 'Beleid', answer: 'nothingSignalled' }),
  ...times(5, { orgUnit: 'Beleid', answer: 'signalled' }),
  ...times(3, { orgUnit: 'Beleid', answer: 'noTime' }),
  ...times(2, { orgUnit: 'Beleid', answer: 'forgot' }),
  ...times(4, { orgUnit: 'Beleid', answer: 'nothingSignalled', recordedOn: '2026-08-20' }),
  ...times(2, { orgUnit: 'Beleid', answer: 'discussedRecently', recordedOn: '2026-08-20' }),
  ...times(3, { orgUnit: 'Toezicht', answer: 'nothingSignalled' }),
  ...times(2, { orgUnit: 'Toezicht', answer: 'noTime' }),
  { orgUnit: 'Staf', answer: 'signalled' },
  { orgUnit: 'Staf', answer: 'nothingSignalled' },
  ...times(3, { orgUnit: 'Staf', answer: 'forgot' }),
];
