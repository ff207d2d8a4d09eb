/**
 * What the load generator sends. Two workloads:
 *
 * - the echo baseline: one plain message, replayed (the echo bot has no state to walk);
 * - Escalatiewijzer: managers clicking card buttons (Action.Execute invokes) that walk many cases
 *   through the ladder. Every request is the valid next step of its case at the case's current
 *   revision, with a note, so every turn loads, transitions, encrypts and commits for real.
 *
 * The walks below are card inputs exactly as a card submits them (strings). Dates are relative to
 * the day the bench runs, because the bot stamps turns with the real clock.
 */
import { randomBytes } from 'node:crypto';
import { CONVERSATION } from '../tests/bot/helpers/ladder-inputs';
import { ESCALATION_MACHINE_VERSION } from '../flows/escalation/machine';

export interface WalkStep {
  event: string;
  inputs: Record<string, string>;
}

export type Walk = readonly WalkStep[];

const DAY_MS = 24 * 60 * 60 * 1000;

/** `2026-11-23`, `days` after (or before) `today`. */
function dayOffset(today: Date, days: number): string {
  return new Date(today.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Four routes through the ladder, 6 to 10 steps each: the address route with a repetition that
 * reopens at the sanction rung, an acute case via the safety step to a sanction, a formal report on
 * the integrity route, and an address that is denied, established by fact-finding, and ends in a
 * no-sanction decision.
 */
export function ladderWalks(today: Date, orgUnits: readonly string[]): Walk[] {
  const d = (days: number) => dayOffset(today, days);
  const signal = (orgUnit: string, extra: Record<string, string> = {}) => ({
    categories: 'remarkOrJoke,exclusion',
    source: 'affectedEmployee',
    signalDate: d(-2),
    occurrence: 'first',
    acute: 'false',
    perpetrator: 'teamMember',
    affected: 'teamMember',
    orgUnit,
    ...extra,
  });
  const unit = (i: number) => orgUnits[i % orgUnits.length]!;
  return [
    [
      { event: 'RECORD_SIGNAL', inputs: signal(unit(0)) },
      { event: 'RECORD_CONVERSATION', inputs: CONVERSATION },
      { event: 'ADDRESS_PREPARED', inputs: { plannedOn: d(1) } },
      { event: 'ADDRESS_HELD', inputs: { heldOn: d(0), otherSideHeard: 'true', outcome: 'stopped' } },
      { event: 'TEAM_TALK_HELD', inputs: { heldOn: d(0), identifying: 'false', consent: 'false' } },
      { event: 'CLOSE', inputs: { reason: 'behaviourStopped', aftercareAgreed: 'true' } },
      { event: 'REPORT_REPETITION', inputs: { signalDate: d(0), samePerson: 'true' } },
      { event: 'SANCTION_DECIDED', inputs: { consultedWith: 'hrAdviser', hearingOffered: 'true', decision: 'punishment' } },
      { event: 'TEAM_TALK_SKIPPED', inputs: {} },
      { event: 'CLOSE', inputs: { reason: 'behaviourStopped', aftercareAgreed: 'true' } },
    ],
    [
      { event: 'RECORD_SIGNAL', inputs: signal(unit(1), { acute: 'true', categories: 'insult' }) },
      { event: 'SAFETY_ENSURED', inputs: { separated: 'true', hrInformed: 'true', ownManagerInformed: 'true' } },
      { event: 'RECORD_CONVERSATION', inputs: CONVERSATION },
      { event: 'SANCTION_DECIDED', inputs: { consultedWith: 'hrAdviser', hearingOffered: 'true', decision: 'orderMeasure' } },
      { event: 'TEAM_TALK_SKIPPED', inputs: {} },
      { event: 'CLOSE', inputs: { reason: 'behaviourStopped', aftercareAgreed: 'false' } },
    ],
    [
      { event: 'RECORD_SIGNAL', inputs: signal(unit(2), { source: 'bystander' }) },
      { event: 'START_FORMAL_REPORT', inputs: { reason: 'serious' } },
      { event: 'FILE_REPORT', inputs: { route: 'integrity', filedOn: d(0) } },
      { event: 'REPORT_ACKNOWLEDGED', inputs: { acknowledgedOn: d(0) } },
      { event: 'REPORT_CONCLUDED', inputs: { outcome: 'upheld', concludedOn: d(0) } },
      { event: 'CLOSE', inputs: { reason: 'behaviourStopped', aftercareAgreed: 'true' } },
    ],
    [
      { event: 'RECORD_SIGNAL', inputs: signal(unit(3), { occurrence: 'repeated' }) },
      { event: 'RECORD_CONVERSATION', inputs: { ...CONVERSATION, consentFormal: 'false' } },
      { event: 'ADDRESS_PREPARED', inputs: { plannedOn: d(2) } },
      { event: 'ADDRESS_HELD', inputs: { heldOn: d(0), otherSideHeard: 'true', outcome: 'denied' } },
      { event: 'FACTS_ESTABLISHED', inputs: { consultedWith: 'integrityCoordinator', finding: 'confirmed' } },
      { event: 'SANCTION_DECIDED', inputs: { consultedWith: 'hrAdviser', hearingOffered: 'false', decision: 'none', noSanctionReason: 'insufficientFacts' } },
      { event: 'TEAM_TALK_HELD', inputs: { heldOn: d(0), identifying: 'true', consent: 'true' } },
      { event: 'CLOSE', inputs: { reason: 'behaviourStopped', aftercareAgreed: 'true' } },
    ],
  ];
}

/** Notes are free text of a realistic length; they are encrypted by the bot, never sent back. */
const NOTES = [
  'Gesprek gevoerd in de ochtend; medewerker gaf aan dat de opmerking in het teamoverleg pijn deed.',
  'Afspraak gemaakt om over twee weken terug te komen op de situatie en de gemaakte afspraken.',
  'Collega heeft excuses aangeboden; de betrokken medewerker wil eerst nadenken over een vervolg.',
  'Vertrouwenspersoon genoemd en het telefoonnummer gedeeld; medewerker neemt zelf contact op.',
];

/** One activity as the Bot Connector delivers it to /api/messages. */
function activity(user: string, serviceUrl: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: `a:bench-${user}`, conversationType: 'personal' },
    from: { id: `29:${user}`, aadObjectId: user, name: 'Manager' },
    recipient: { id: '28:bot', name: 'Escalatiewijzer' },
    id: `bench-${randomBytes(6).toString('base64url')}`,
    locale: 'nl-NL',
    ...extra,
  };
}

/** The echo baseline's message: what a user types in a personal chat. */
export function echoMessage(serviceUrl: string): string {
  return JSON.stringify(activity('bench-echo-user', serviceUrl, { type: 'message', text: 'Hallo, hoe pak ik dit aan?' }));
}

export interface WalkingCase {
  caseId: string;
  user: string;
  walk: Walk;
  /** Index of the next step in `walk`; also the case's current revision. */
  next: number;
}

export interface WalkStats {
  /** Steps the bot recorded (invoke answered with the summary card). */
  recorded: number;
  /** Answers that were not a recorded step: the walk of that case is abandoned. */
  unexpected: number;
  casesStarted: number;
  casesFinished: number;
}

/**
 * The cases in flight: each request takes a case that is not waiting for an answer, sends its next
 * step at its current revision, and puts it back once the bot recorded the step. Cases are spread
 * over `users` managers; a finished case makes room for a new one.
 */
export class LadderWorkload {
  readonly stats: WalkStats = { recorded: 0, unexpected: 0, casesStarted: 0, casesFinished: 0 };
  private readonly idle: WalkingCase[] = [];
  private userCursor = 0;
  private walkCursor = 0;

  constructor(
    private readonly serviceUrl: string,
    private readonly walks: readonly Walk[],
    private readonly users: number,
    /** Recognises the invoke answer of a recorded step (the summary card's title). */
    private readonly recordedMarker: string,
  ) {}

  /** The next request body, and the case it belongs to (held until its answer arrives). */
  take(): { body: string; walking: WalkingCase } {
    const walking = this.idle.pop() ?? this.startCase();
    const step = walking.walk[walking.next]!;
    const note = NOTES[(walking.next + walking.caseId.charCodeAt(0)) % NOTES.length]!;
    const data = { ew: 1, kind: 'step', mv: ESCALATION_MACHINE_VERSION, caseId: walking.caseId, revision: walking.next, event: step.event, ...step.inputs, note };
    const body = activity(walking.user, this.serviceUrl, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: step.event, data }, trigger: 'manual' },
    });
    return { body: JSON.stringify(body), walking };
  }

  /** The bot's answer to the step `walking` sent. */
  answered(walking: WalkingCase, status: number, body: string): void {
    if (status !== 200 || !body.includes(this.recordedMarker)) {
      this.stats.unexpected += 1;
      return;
    }
    this.stats.recorded += 1;
    walking.next += 1;
    if (walking.next < walking.walk.length) this.idle.push(walking);
    else this.stats.casesFinished += 1;
  }

  private startCase(): WalkingCase {
    this.stats.casesStarted += 1;
    const user = `bench-manager-${this.userCursor++ % this.users}`;
    const walk = this.walks[this.walkCursor++ % this.walks.length]!;
    return { caseId: randomBytes(16).toString('base64url'), user, walk, next: 0 };
  }
}
