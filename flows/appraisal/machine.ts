/**
 * The appraisal-conversation prompt (personeelsgesprek): before the conversation the manager reads
 * how to ask whether the employee has signalled or experienced racism at work; afterwards one click
 * records whether the question was asked and whether something came up. Pure, like the ladder.
 *
 * | step       | event                      | next                    | counted as                      |
 * |------------|----------------------------|-------------------------|---------------------------------|
 * | before     | CONVERSATION_HELD          | after                   | —                               |
 * | after      | ASKED_NOTHING_SIGNALLED    | askedNothingSignalled   | asked, not signalled            |
 * | after      | ASKED_SOMETHING_SIGNALLED  | askedSignalled          | asked, signalled (offers a case) |
 * | after      | NOT_ASKED (reason)         | notAsked                | not asked, with the reason code |
 *
 * Nothing of the conversation is kept: the record of a personeelsgesprek lives in P-Direkt (CAO
 * Rijk ch. 12). The bot keeps no snapshot either; a card carries the step it was rendered at and
 * the bot resumes from there (`appraisalAt`).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { NOT_ASKED_REASONS } from './types';
import type { NotAskedReason } from './types';

const APPRAISAL_MACHINE_ID = 'appraisal';

export const APPRAISAL_STEPS = ['before', 'after', 'askedNothingSignalled', 'askedSignalled', 'notAsked'] as const;
export type AppraisalStep = (typeof APPRAISAL_STEPS)[number];

export { NOT_ASKED_REASONS } from './types';
export type { NotAskedReason } from './types';

/** The inputs each event takes from a card; card inputs arrive as strings. */
export const APPRAISAL_EVENT_INPUTS = {
  CONVERSATION_HELD: z.object({}),
  ASKED_NOTHING_SIGNALLED: z.object({}),
  ASKED_SOMETHING_SIGNALLED: z.object({}),
  NOT_ASKED: z.object({ reason: z.enum(NOT_ASKED_REASONS) }),
} as const;

export type AppraisalEventType = keyof typeof APPRAISAL_EVENT_INPUTS;
export const APPRAISAL_EVENT_TYPES = Object.keys(APPRAISAL_EVENT_INPUTS) as AppraisalEventType[];

export type AppraisalEvent =
  | { type: 'CONVERSATION_HELD' }
  | { type: 'ASKED_NOTHING_SIGNALLED' }
  | { type: 'ASKED_SOMETHING_SIGNALLED' }
  | { type: 'NOT_ASKED'; reason: NotAskedReason };

/** What the HR counters take from a recorded conversation: two yes/no answers and a reason code. */
export interface AppraisalOutcome {
  asked: boolean;
  signalled: boolean;
  notAskedReason: NotAskedReason | null;
}

export interface AppraisalContext {
  outcome: AppraisalOutcome | null;
}

export const appraisalMachine = setup({
  types: {
    context: {} as AppraisalContext,
    events: {} as AppraisalEvent,
  },
  actions: {
    recordAsked: assign((_, signalled: boolean) => ({ outcome: { asked: true, signalled, notAskedReason: null } })),
    recordNotAsked: assign(({ event }) => ({
      outcome: { asked: false, signalled: false, notAskedReason: (event as Extract<AppraisalEvent, { type: 'NOT_ASKED' }>).reason },
    })),
  },
}).createMachine({
  id: APPRAISAL_MACHINE_ID,
  context: { outcome: null },
  initial: 'before',
  states: {
    before: { on: { CONVERSATION_HELD: 'after' } },
    after: {
      on: {
        ASKED_NOTHING_SIGNALLED: { target: 'askedNothingSignalled', actions: { type: 'recordAsked', params: false } },
        ASKED_SOMETHING_SIGNALLED: { target: 'askedSignalled', actions: { type: 'recordAsked', params: true } },
        NOT_ASKED: { target: 'notAsked', actions: 'recordNotAsked' },
      },
    },
    askedNothingSignalled: { type: 'final' },
    askedSignalled: { type: 'final' },
    notAsked: { type: 'final' },
  },
});
