/**
 * The escalation ladder: Signaleren → Aanspreken → Sanctioneren → Teamgesprek → Formele melding,
 * then Afronden with aftercare — and the routes beside it that real situations need. Who did it
 * chooses the route (rules.ts `routeOf`): the ladder for a member of the manager's own team; a
 * hand-over to the right manager (another team, HR staff, or the manager was hit); an external
 * party (citizen, visitor, temp, contractor, intern: no CAO Rijk sanction); a structural route (a
 * rule, procedure, group or unknown author); routed away (the manager or their own manager). An
 * acute signal goes to a safety step before any route. The employee's wish counts: without their
 * agreement to address it, the case supports only, until they agree. Pure: no I/O and no clock — every event carries the instant of its
 * turn in `at`. The bot runs one `transition()` per turn and stores the snapshot with
 * ESCALATION_MACHINE_ID and ESCALATION_MACHINE_VERSION; it never starts an actor, so nothing here
 * uses `after` timers (reminders are data, see effects.ts).
 */
import { assertEvent, assign, setup } from 'xstate';
import type { EscalationEvent } from './events';
import { firstStepOf, higherRung, isAcute, rejectionOf, reopenRung, routeOf } from './rules';
import { STEP_IDS } from './types';
import type { EscalationContext, EscalationInput, Rung, StepId } from './types';

export const ESCALATION_MACHINE_ID = 'escalation';
/**
 * Bump when a stored snapshot could no longer be restored by this machine, and add its migration
 * to `migrations.ts`. 2: who did it / who was hit, the routes beside the ladder, the safety step.
 */
export const ESCALATION_MACHINE_VERSION = 2;

/** Where each step lives in the state tree; also the target of "back from a formal report". */
export const STEP_PATHS: Record<StepId, string> = {
  signalRecord: 'signal.record',
  safety: 'signal.safety',
  signalConversation: 'signal.conversation',
  supportOnly: 'signal.supportOnly',
  addressPrepare: 'address.prepare',
  addressConversation: 'address.conversation',
  factFinding: 'factFinding',
  sanction: 'sanction',
  handOver: 'handOver.contact',
  handOverFollowUp: 'handOver.followUp',
  externalParty: 'externalParty',
  externalWorker: 'externalWorker',
  structural: 'structural',
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

/**
 * The steps from which the manager can return when cancelling a formal report: every active step
 * that offers one (the signal and the safety step come before a report can start; the report's
 * own steps and the ends are no place to return to).
 */
const NOT_RETURNABLE: readonly StepId[] = ['signalRecord', 'safety', 'formalReportRoute', 'formalReportFiled', 'closed', 'managerIsSubject'];
const RETURNABLE_STEPS = STEP_IDS.filter((step) => !NOT_RETURNABLE.includes(step));

/** Where a route starts after the signal (or the safety step): one transition per possible first step. */
const ROUTE_STARTS = ['signalConversation', 'addressPrepare', 'sanction', 'handOver', 'externalParty', 'externalWorker', 'structural'] as const;

/** Entry actions per route start: the rung the step belongs to is entered, and raised for enforcement. */
const ENTRY_ACTIONS: Record<(typeof ROUTE_STARTS)[number], readonly ('enterAddress' | 'enterSanction')[]> = {
  signalConversation: [],
  addressPrepare: ['enterAddress'],
  sanction: ['enterSanction'],
  handOver: ['enterAddress'],
  externalParty: ['enterAddress'],
  externalWorker: ['enterAddress'],
  structural: ['enterAddress'],
};

/** "Start a formal report" from a step, remembering where to return when it is cancelled. */
const formalReportFrom = (step: StepId) => ({
  START_FORMAL_REPORT: {
    guard: 'eventAllowed' as const,
    target: target('formalReportRoute'),
    actions: { type: 'startFormalReport' as const, params: step },
  },
});

/** A repetition while the case is open or closed: one rung up on the ladder, the route's step again elsewhere. */
const repetition = (reopen: boolean) => ({
  REPORT_REPETITION: [
    { guard: { type: 'repeatsAt' as const, params: 'address' as const }, target: target('addressPrepare'), actions: [...(reopen ? ['reopen' as const] : ['repeat' as const]), 'enterAddress' as const] },
    { guard: { type: 'repeatsAt' as const, params: 'sanction' as const }, target: target('sanction'), actions: [...(reopen ? ['reopen' as const] : ['repeat' as const]), 'enterSanction' as const] },
    ...(['handOver', 'externalParty', 'externalWorker', 'structural'] as const).map((step) => ({
      guard: { type: 'repeatsIn' as const, params: step },
      target: target(step),
      actions: [...(reopen ? ['reopen' as const] : ['repeat' as const]), 'enterAddress' as const],
    })),
    {
      guard: 'eventAllowed' as const,
      target: target('formalReportRoute'),
      actions: [...(reopen ? ['reopen' as const] : ['repeat' as const]), { type: 'startFormalReport' as const, params: 'closing' as const }],
    },
  ],
});

// Guards and actions that read an event's fields assert its type (xstate's assertEvent): one wired to
// the wrong event throws at once instead of reading undefined fields.
export const escalationMachine = setup({
  types: {
    context: {} as EscalationContext,
    events: {} as EscalationEvent,
    input: {} as EscalationInput,
  },
  guards: {
    /** No rule in rules.ts refuses the event (the bot asks the same function to explain a refusal). */
    eventAllowed: ({ context, event }) => rejectionOf(event, context) === null,
    routesAway: ({ context }) => firstStepOf(context) === 'managerIsSubject',
    isAcute: ({ context }) => isAcute(context),
    startsAt: ({ context }, step: StepId) => firstStepOf(context) === step,
    approachNotAgreed: ({ event }) => {
      assertEvent(event, 'RECORD_CONVERSATION');
      return event.approachAgreed === false;
    },
    addressStopped: ({ event }) => {
      assertEvent(event, 'ADDRESS_HELD');
      return event.outcome === 'stopped';
    },
    addressDenied: ({ event }) => {
      assertEvent(event, 'ADDRESS_HELD');
      return event.outcome === 'denied';
    },
    factsConfirmed: ({ event }) => {
      assertEvent(event, 'FACTS_ESTABLISHED');
      return event.finding === 'confirmed';
    },
    returnsTo: ({ context }, step: StepId) => context.formalReport?.returnTo === step,
    repeatsAt: ({ context, event }, rung: Rung) =>
      rejectionOf(event, context) === null && (context.route ?? 'ownTeam') === 'ownTeam' && reopenRung(context) === rung,
    repeatsIn: ({ context, event }, step: StepId) =>
      rejectionOf(event, context) === null && (context.route ?? 'ownTeam') !== 'ownTeam' && firstStepOf({ ...context, signal: { ...context.signal!, acute: false } }) === step,
  },
  actions: {
    recordSignal: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_SIGNAL');
      return {
        signal: {
          categories: event.categories,
          source: event.source,
          signalDate: event.signalDate,
          occurrence: event.occurrence,
          acute: event.acute,
          perpetrator: event.perpetrator,
          affected: event.affected,
        },
        route: routeOf(event.perpetrator, event.affected),
        rungEnteredAt: { ...context.rungEnteredAt, signal: context.rungEnteredAt.signal ?? event.at },
      };
    }),
    recordSafety: assign(({ event }) => {
      assertEvent(event, 'SAFETY_ENSURED');
      const { type: _type, at: _at, ...safety } = event;
      return { safety };
    }),
    recordConversation: assign(({ event }) => {
      assertEvent(event, 'RECORD_CONVERSATION');
      const { type: _type, at: _at, ...agreements } = event;
      return { agreements };
    }),
    recordAgreement: assign(({ context, event }) => {
      assertEvent(event, 'EMPLOYEE_AGREES');
      return {
        support: { agreedOn: event.agreedOn },
        agreements: { ...context.agreements!, approachAgreed: true },
      };
    }),
    enterAddress: assign(({ context, event }) => ({
      ...enter('address')({ context, event }),
      highestRung: higherRung(context.highestRung, 'address'),
    })),
    recordAddressPlan: assign(({ context, event }) => {
      assertEvent(event, 'ADDRESS_PREPARED');
      return {
        address: { ...context.address, plannedOn: event.plannedOn },
      };
    }),
    recordAddressHeld: assign(({ context, event }) => {
      assertEvent(event, 'ADDRESS_HELD');
      return { address: { ...context.address, heldOn: event.heldOn, otherSideHeard: event.otherSideHeard, outcome: event.outcome } };
    }),
    recordFactFinding: assign(({ event }) => {
      assertEvent(event, 'FACTS_ESTABLISHED');
      return { factFinding: { consultedWith: event.consultedWith, finding: event.finding } };
    }),
    enterSanction: assign(({ context, event }) => ({
      ...enter('sanction')({ context, event }),
      highestRung: higherRung(context.highestRung, 'sanction'),
    })),
    recordSanction: assign(({ event }) => {
      assertEvent(event, 'SANCTION_DECIDED');
      return {
        sanction: {
          consultedWith: event.consultedWith!,
          hearingOffered: event.hearingOffered,
          decision: event.decision,
          ...(event.decision === 'none' && event.noSanctionReason ? { noSanctionReason: event.noSanctionReason } : {}),
          decidedAt: event.at,
        },
      };
    }),
    recordHandOver: assign(({ event }) => {
      assertEvent(event, 'HANDED_OVER');
      return { handOver: { contactedOn: event.contactedOn, informAgreed: event.informAgreed } };
    }),
    recordHandOverFollowUp: assign(({ context, event }) => {
      assertEvent(event, 'HAND_OVER_FOLLOWED_UP');
      return {
        handOver: { ...context.handOver!, handled: event.handled },
      };
    }),
    recordMeasures: assign(({ event }) => {
      assertEvent(event, ['EXTERNAL_PARTY_HANDLED', 'EXTERNAL_WORKER_HANDLED', 'STRUCTURAL_RAISED']);
      const measures = 'partyMeasures' in event ? event.partyMeasures : 'workerMeasures' in event ? event.workerMeasures : event.structuralMeasures;
      return { measures: { measures: [...measures] } };
    }),
    enterTeamTalk: assign(enter('teamTalk')),
    recordTeamTalk: assign(({ event }) => {
      assertEvent(event, 'TEAM_TALK_HELD');
      return { teamTalk: { mode: event.identifying ? ('withConsent' as const) : ('general' as const), heldOn: event.heldOn } };
    }),
    skipTeamTalk: assign({ teamTalk: { mode: 'skipped' as const } }),
    /** Repetition after a formal report reopens at a formal report again: that counts as serious. */
    startFormalReport: assign(({ context, event }, returnTo: StepId) => ({
      ...enter('formalReport')({ context, event }),
      formalReport: { reason: event.type === 'START_FORMAL_REPORT' ? event.reason : ('serious' as const), returnTo },
    })),
    cancelFormalReport: assign({ formalReport: undefined }),
    fileReport: assign(({ context, event }) => {
      assertEvent(event, 'FILE_REPORT');
      return {
        formalReport: { ...context.formalReport!, route: event.route, filedOn: event.filedOn },
        highestRung: higherRung(context.highestRung, 'formalReport'),
      };
    }),
    acknowledgeReport: assign(({ context, event }) => {
      assertEvent(event, 'REPORT_ACKNOWLEDGED');
      return {
        formalReport: { ...context.formalReport!, acknowledgedOn: event.acknowledgedOn },
      };
    }),
    concludeReport: assign(({ context, event }) => {
      assertEvent(event, 'REPORT_CONCLUDED');
      return { formalReport: { ...context.formalReport!, outcome: event.outcome, concludedOn: event.concludedOn } };
    }),
    enterClosing: assign(enter('closing')),
    close: assign(({ event }) => {
      assertEvent(event, 'CLOSE');
      return { closing: { reason: event.reason, aftercareAgreed: event.aftercareAgreed, closedAt: event.at } };
    }),
    /** A repetition while the case is open: the same round goes on one rung higher. */
    repeat: assign(({ context, event }) => {
      assertEvent(event, 'REPORT_REPETITION');
      return {
        signal: { ...context.signal!, signalDate: event.signalDate, occurrence: 'repeated' as const },
        teamTalk: undefined,
        formalReport: undefined,
      };
    }),
    /** A new round on the same case: earlier findings stay in the HR log, the steps start afresh. */
    reopen: assign(({ context, event }) => {
      assertEvent(event, 'REPORT_REPETITION');
      return {
        signal: { ...context.signal!, signalDate: event.signalDate, occurrence: 'repeated' as const },
        address: undefined,
        factFinding: undefined,
        sanction: undefined,
        handOver: undefined,
        measures: undefined,
        teamTalk: undefined,
        formalReport: undefined,
        closing: undefined,
        reopenCount: context.reopenCount + 1,
      };
    }),
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
            RECORD_SIGNAL: {
              guard: 'eventAllowed',
              target: 'routing',
              actions: 'recordSignal',
            },
          },
        },
        /** Transient: acute first, then the route that who did it chose. */
        routing: {
          always: [
            { guard: 'routesAway', target: target('managerIsSubject') },
            { guard: 'isAcute', target: 'safety' },
            { target: '#escalation.signal.routeStart' },
          ],
        },
        safety: {
          on: {
            SAFETY_ENSURED: { target: 'routeStart', actions: 'recordSafety' },
          },
        },
        routeStart: {
          always: ROUTE_STARTS.map((step) => ({
            guard: { type: 'startsAt' as const, params: step },
            target: target(step),
            actions: [...ENTRY_ACTIONS[step]],
          })),
        },
        conversation: {
          on: {
            RECORD_CONVERSATION: [
              { guard: 'isAcute', target: target('sanction'), actions: ['recordConversation', 'enterSanction'] },
              { guard: 'approachNotAgreed', target: 'supportOnly', actions: 'recordConversation' },
              { target: target('addressPrepare'), actions: ['recordConversation', 'enterAddress'] },
            ],
            ...formalReportFrom('signalConversation'),
          },
        },
        supportOnly: {
          on: {
            EMPLOYEE_AGREES: { target: target('addressPrepare'), actions: ['recordAgreement', 'enterAddress'] },
            SUPPORT_ENDED: { target: target('closing'), actions: 'enterClosing' },
            ...formalReportFrom('supportOnly'),
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
            ...formalReportFrom('addressPrepare'),
          },
        },
        conversation: {
          on: {
            ADDRESS_HELD: [
              { guard: 'addressStopped', target: target('teamTalk'), actions: ['recordAddressHeld', 'enterTeamTalk'] },
              { guard: 'addressDenied', target: target('factFinding'), actions: ['recordAddressHeld', 'enterSanction'] },
              { target: target('sanction'), actions: ['recordAddressHeld', 'enterSanction'] },
            ],
            ...formalReportFrom('addressConversation'),
          },
        },
      },
    },
    factFinding: {
      on: {
        FACTS_ESTABLISHED: [
          { guard: 'factsConfirmed', target: 'sanction', actions: 'recordFactFinding' },
          { target: 'teamTalk', actions: ['recordFactFinding', 'enterTeamTalk'] },
        ],
        ...formalReportFrom('factFinding'),
      },
    },
    sanction: {
      on: {
        SANCTION_DECIDED: { guard: 'eventAllowed', target: 'teamTalk', actions: ['recordSanction', 'enterTeamTalk'] },
        ...formalReportFrom('sanction'),
      },
    },
    handOver: {
      initial: 'contact',
      states: {
        contact: {
          on: {
            HANDED_OVER: { target: 'followUp', actions: 'recordHandOver' },
            ...formalReportFrom('handOver'),
          },
        },
        followUp: {
          on: {
            HAND_OVER_FOLLOWED_UP: { target: target('closing'), actions: ['recordHandOverFollowUp', 'enterClosing'] },
            ...formalReportFrom('handOverFollowUp'),
          },
        },
      },
    },
    externalParty: {
      on: {
        EXTERNAL_PARTY_HANDLED: { target: 'closing', actions: ['recordMeasures', 'enterClosing'] },
        ...formalReportFrom('externalParty'),
      },
    },
    externalWorker: {
      on: {
        EXTERNAL_WORKER_HANDLED: { target: 'closing', actions: ['recordMeasures', 'enterClosing'] },
        ...formalReportFrom('externalWorker'),
      },
    },
    structural: {
      on: {
        STRUCTURAL_RAISED: { target: 'closing', actions: ['recordMeasures', 'enterClosing'] },
        ...formalReportFrom('structural'),
      },
    },
    teamTalk: {
      on: {
        TEAM_TALK_HELD: { guard: 'eventAllowed', target: 'closing', actions: ['recordTeamTalk', 'enterClosing'] },
        TEAM_TALK_SKIPPED: { target: 'closing', actions: ['skipTeamTalk', 'enterClosing'] },
        ...formalReportFrom('teamTalk'),
        ...repetition(false),
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
        ...formalReportFrom('closing'),
        ...repetition(false),
      },
    },
    closed: {
      on: repetition(true),
    },
    managerIsSubject: { type: 'final' },
  },
});

export type EscalationMachine = typeof escalationMachine;
