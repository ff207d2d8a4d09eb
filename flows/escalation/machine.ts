/**
 * The escalation ladder: Signaleren → Aanspreken → Sanctioneren → Teamgesprek → Formele melding,
 * then Afronden with aftercare. Pure: no I/O and no clock — every event carries the instant of its
 * turn in `at`. The bot runs one `transition()` per turn and stores the snapshot with
 * ESCALATION_MACHINE_ID and ESCALATION_MACHINE_VERSION; it never starts an actor, so nothing here
 * uses `after` timers (reminders are data, see effects.ts).
 */
import { assign, setup } from 'xstate';
import type { EscalationEvent, EventOf } from './events';
import { higherRung, isAcute, reopenRung, routesAway, sanctionDecisionProblem, teamTalkProblem } from './rules';
import type { EscalationContext, EscalationInput, Rung, StepId } from './types';

export const ESCALATION_MACHINE_ID = 'escalation';
/** Bump when a stored snapshot could no longer be restored by this machine. */
export const ESCALATION_MACHINE_VERSION = 1;

/** Where each step lives in the state tree; also the target of "back from a formal report". */
export const STEP_PATHS: Record<StepId, string> = {
  signalRecord: 'signal.record',
  signalConversation: 'signal.conversation',
  addressPrepare: 'address.prepare',
  addressConversation: 'address.conversation',
  sanction: 'sanction',
  teamTalk: 'teamTalk',
  formalReportRoute: 'formalReport.route',
  formalReportFiled: 'formalReport.filed',
  closing: 'closing',
  closed: 'closed',
  managerIsSubject: 'managerIsSubject',
};

const target = (step: StepId) => `#${ESCALATION_MACHINE_ID}.${STEP_PATHS[step]}`;

const enter = (rung: Rung) => ({ context, event }: { context: EscalationContext; event: EscalationEvent }) => ({
  rungEnteredAt: { ...context.rungEnteredAt, [rung]: event.at },
});

/** The steps from which the manager can return to the ladder when cancelling a formal report. */
const RETURNABLE_STEPS = ['signalConversation', 'addressPrepare', 'addressConversation', 'sanction', 'teamTalk', 'closing'] as const;

export const escalationMachine = setup({
  types: {
    context: {} as EscalationContext,
    events: {} as EscalationEvent,
    input: {} as EscalationInput,
  },
  guards: {
    subjectIsManagerOrOwnManager: ({ event }) => routesAway(event as EventOf<'RECORD_SIGNAL'>),
    isAcute: ({ context }) => isAcute(context),
    addressStopped: ({ event }) => (event as EventOf<'ADDRESS_HELD'>).outcome === 'stopped',
    sanctionDecisionAllowed: ({ event }) => sanctionDecisionProblem(event as EventOf<'SANCTION_DECIDED'>) === null,
    teamTalkAllowed: ({ event }) => teamTalkProblem(event as EventOf<'TEAM_TALK_HELD'>) === null,
    returnsTo: ({ context }, step: StepId) => context.formalReport?.returnTo === step,
    reopensAt: ({ context }, rung: Rung) => reopenRung(context) === rung,
  },
  actions: {
    recordSignal: assign(({ context, event }) => {
      const e = event as EventOf<'RECORD_SIGNAL'>;
      return {
        signal: {
          categories: e.categories,
          source: e.source,
          signalDate: e.signalDate,
          occurrence: e.occurrence,
          acute: e.acute,
          subject: e.subject,
        },
        rungEnteredAt: { ...context.rungEnteredAt, signal: context.rungEnteredAt.signal ?? e.at },
      };
    }),
    recordConversation: assign(({ event }) => {
      const { type: _type, at: _at, ...agreements } = event as EventOf<'RECORD_CONVERSATION'>;
      return { agreements };
    }),
    enterAddress: assign(({ context, event }) => ({
      ...enter('address')({ context, event }),
      highestRung: higherRung(context.highestRung, 'address'),
    })),
    recordAddressPlan: assign(({ context, event }) => ({
      address: { ...context.address, plannedOn: (event as EventOf<'ADDRESS_PREPARED'>).plannedOn },
    })),
    recordAddressHeld: assign(({ context, event }) => {
      const e = event as EventOf<'ADDRESS_HELD'>;
      return { address: { ...context.address, heldOn: e.heldOn, otherSideHeard: e.otherSideHeard, outcome: e.outcome } };
    }),
    enterSanction: assign(({ context, event }) => ({
      ...enter('sanction')({ context, event }),
      highestRung: higherRung(context.highestRung, 'sanction'),
    })),
    recordSanction: assign(({ event }) => {
      const e = event as EventOf<'SANCTION_DECIDED'>;
      return {
        sanction: {
          hrConsulted: true as const,
          hearingHeld: e.hearingHeld,
          decision: e.decision,
          ...(e.decision === 'none' && e.noSanctionReason ? { noSanctionReason: e.noSanctionReason } : {}),
          decidedAt: e.at,
        },
      };
    }),
    enterTeamTalk: assign(enter('teamTalk')),
    recordTeamTalk: assign(({ event }) => {
      const e = event as EventOf<'TEAM_TALK_HELD'>;
      return { teamTalk: { mode: e.identifying ? ('withConsent' as const) : ('general' as const), heldOn: e.heldOn } };
    }),
    skipTeamTalk: assign({ teamTalk: { mode: 'skipped' as const } }),
    /** Repetition after a formal report reopens at a formal report again: that counts as serious. */
    startFormalReport: assign(({ context, event }, returnTo: StepId) => ({
      ...enter('formalReport')({ context, event }),
      formalReport: { reason: event.type === 'START_FORMAL_REPORT' ? event.reason : ('serious' as const), returnTo },
    })),
    cancelFormalReport: assign({ formalReport: undefined }),
    fileReport: assign(({ context, event }) => {
      const e = event as EventOf<'FILE_REPORT'>;
      return {
        formalReport: { ...context.formalReport!, route: e.route, filedOn: e.filedOn },
        highestRung: higherRung(context.highestRung, 'formalReport'),
      };
    }),
    acknowledgeReport: assign(({ context, event }) => ({
      formalReport: { ...context.formalReport!, acknowledgedOn: (event as EventOf<'REPORT_ACKNOWLEDGED'>).acknowledgedOn },
    })),
    concludeReport: assign(({ context, event }) => {
      const e = event as EventOf<'REPORT_CONCLUDED'>;
      return { formalReport: { ...context.formalReport!, outcome: e.outcome, concludedOn: e.concludedOn } };
    }),
    enterClosing: assign(enter('closing')),
    close: assign(({ event }) => {
      const e = event as EventOf<'CLOSE'>;
      return { closing: { reason: e.reason, aftercareAgreed: e.aftercareAgreed, closedAt: e.at } };
    }),
    /** A new round on the same case: earlier findings stay in the HR log, the steps start afresh. */
    reopen: assign(({ context, event }) => ({
      signal: { ...context.signal!, signalDate: (event as EventOf<'REPORT_REPETITION'>).signalDate, occurrence: 'repeated' as const },
      address: undefined,
      sanction: undefined,
      teamTalk: undefined,
      formalReport: undefined,
      closing: undefined,
      reopenCount: context.reopenCount + 1,
    })),
  },
}).createMachine({
  id: ESCALATION_MACHINE_ID,
  context: ({ input }) => ({
    openedAt: input.openedAt,
    highestRung: 'signal',
    reopenCount: 0,
    rungEnteredAt: { signal: input.openedAt },
  }),
  initial: 'signal',
  states: {
    signal: {
      initial: 'record',
      states: {
        record: {
          on: {
            RECORD_SIGNAL: [
              { guard: 'subjectIsManagerOrOwnManager', target: target('managerIsSubject'), actions: 'recordSignal' },
              { target: 'conversation', actions: 'recordSignal' },
            ],
          },
        },
        conversation: {
          on: {
            RECORD_CONVERSATION: [
              { guard: 'isAcute', target: target('sanction'), actions: ['recordConversation', 'enterSanction'] },
              { target: target('addressPrepare'), actions: ['recordConversation', 'enterAddress'] },
            ],
            START_FORMAL_REPORT: { target: target('formalReportRoute'), actions: { type: 'startFormalReport', params: 'signalConversation' } },
          },
        },
      },
    },
    address: {
      initial: 'prepare',
      states: {
        prepare: {
          on: {
            ADDRESS_PREPARED: { target: 'conversation', actions: 'recordAddressPlan' },
            START_FORMAL_REPORT: { target: target('formalReportRoute'), actions: { type: 'startFormalReport', params: 'addressPrepare' } },
          },
        },
        conversation: {
          on: {
            ADDRESS_HELD: [
              { guard: 'addressStopped', target: target('teamTalk'), actions: ['recordAddressHeld', 'enterTeamTalk'] },
              { target: target('sanction'), actions: ['recordAddressHeld', 'enterSanction'] },
            ],
            START_FORMAL_REPORT: {
              target: target('formalReportRoute'),
              actions: { type: 'startFormalReport', params: 'addressConversation' },
            },
          },
        },
      },
    },
    sanction: {
      on: {
        SANCTION_DECIDED: { guard: 'sanctionDecisionAllowed', target: 'teamTalk', actions: ['recordSanction', 'enterTeamTalk'] },
        START_FORMAL_REPORT: { target: target('formalReportRoute'), actions: { type: 'startFormalReport', params: 'sanction' } },
      },
    },
    teamTalk: {
      on: {
        TEAM_TALK_HELD: { guard: 'teamTalkAllowed', target: 'closing', actions: ['recordTeamTalk', 'enterClosing'] },
        TEAM_TALK_SKIPPED: { target: 'closing', actions: ['skipTeamTalk', 'enterClosing'] },
        START_FORMAL_REPORT: { target: target('formalReportRoute'), actions: { type: 'startFormalReport', params: 'teamTalk' } },
      },
    },
    formalReport: {
      initial: 'route',
      states: {
        route: {
          on: {
            FILE_REPORT: { target: 'filed', actions: 'fileReport' },
            CANCEL_FORMAL_REPORT: RETURNABLE_STEPS.map((step) => ({
              guard: { type: 'returnsTo' as const, params: step },
              target: target(step),
              actions: 'cancelFormalReport' as const,
            })),
          },
        },
        filed: {
          on: {
            REPORT_ACKNOWLEDGED: { actions: 'acknowledgeReport' },
            REPORT_CONCLUDED: { target: target('closing'), actions: ['concludeReport', 'enterClosing'] },
          },
        },
      },
    },
    closing: {
      on: {
        CLOSE: { target: 'closed', actions: 'close' },
        START_FORMAL_REPORT: { target: target('formalReportRoute'), actions: { type: 'startFormalReport', params: 'closing' } },
      },
    },
    closed: {
      on: {
        REPORT_REPETITION: [
          { guard: { type: 'reopensAt', params: 'address' }, target: target('addressPrepare'), actions: ['reopen', 'enterAddress'] },
          { guard: { type: 'reopensAt', params: 'sanction' }, target: target('sanction'), actions: ['reopen', 'enterSanction'] },
          { target: target('formalReportRoute'), actions: ['reopen', { type: 'startFormalReport', params: 'closing' }] },
        ],
      },
    },
    managerIsSubject: { type: 'final' },
  },
});

export type EscalationMachine = typeof escalationMachine;
