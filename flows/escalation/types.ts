/**
 * The vocabulary of the escalation ladder. Every value here is an enumerated code: these codes are
 * what the HR log, the cards and the content files share. Nothing here may ever hold free text,
 * names or identifiers — free text lives in the bot's encrypted notes, outside the machine.
 */

export const CATEGORIES = [
  'remarkOrJoke',
  'insult',
  'exclusion',
  'underestimation',
  'careerDisadvantage',
  'recruitmentQuestions',
  'towardsCitizens',
  'onlineOrWritten',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * How the signal reached the manager. A team chat, social media and an anonymous signal each change
 * what the guidance says (keep the message; the code of conduct off duty; no conversation with an
 * affected employee nobody knows).
 */
export const SIGNAL_SOURCES = [
  'seenMyself',
  'affectedEmployee',
  'bystander',
  'appraisalConversation',
  'teamChat',
  'socialMedia',
  'anonymous',
] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

export const OCCURRENCES = ['first', 'repeated'] as const;
export type Occurrence = (typeof OCCURRENCES)[number];

/**
 * Who showed the behaviour. This chooses the route: nobody manages a case about themselves or their
 * own manager (`self`, `ownManager`), CAO Rijk ch. 15 applies only to civil servants (not to
 * citizens or external workers), and a rule or an unknown author has no person to address.
 */
export const PERPETRATORS = [
  'teamMember',
  'otherTeam',
  'ownManager',
  'self',
  'hrStaff',
  'citizen',
  'externalWorker',
  'groupOrUnknown',
  'ruleOrProcedure',
] as const;
export type Perpetrator = (typeof PERPETRATORS)[number];

/** Who the signal is about (machine version 1; replaced by PERPETRATORS and AFFECTED_PARTIES). */
export const SUBJECTS = ['teamMember', 'someoneElse', 'self', 'ownManager'] as const;
export type Subject = (typeof SUBJECTS)[number];

/** Who was hit. This adds guidance and can hand parts of the case to someone else; it never picks the route alone. */
export const AFFECTED_PARTIES = ['teamMember', 'self', 'citizen', 'applicant', 'groupOrTeam'] as const;
export type AffectedParty = (typeof AFFECTED_PARTIES)[number];

export const ADDRESS_OUTCOMES = ['stopped', 'denied', 'repeated'] as const;
export type AddressOutcome = (typeof ADDRESS_OUTCOMES)[number];

/** CAO Rijk chapter 15: an order measure is not a punishment; "none" needs a reason. */
export const SANCTION_DECISIONS = ['orderMeasure', 'punishment', 'none'] as const;
export type SanctionDecision = (typeof SANCTION_DECISIONS)[number];

export const NO_SANCTION_REASONS = ['insufficientFacts', 'notProportionate', 'otherMeasureTaken'] as const;
export type NoSanctionReason = (typeof NO_SANCTION_REASONS)[number];

export const FORMAL_REPORT_REASONS = ['affectedWants', 'serious'] as const;
export type FormalReportReason = (typeof FORMAL_REPORT_REASONS)[number];

export const REPORT_ROUTES = ['integrity', 'complaint', 'whistleblower', 'crm', 'adv', 'police'] as const;
export type ReportRoute = (typeof REPORT_ROUTES)[number];

export const REPORT_OUTCOMES = ['upheld', 'notUpheld', 'withdrawn', 'referred'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

export const CLOSE_REASONS = [
  'behaviourStopped',
  'sanctionDecided',
  'formalRouteConcluded',
  'affectedEmployeeWish',
  'noFurtherAction',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const TEAM_TALK_MODES = ['withConsent', 'general', 'skipped'] as const;
export type TeamTalkMode = (typeof TEAM_TALK_MODES)[number];

/** The rungs as the manager sees them, in ladder order. */
export const RUNGS = ['signal', 'address', 'sanction', 'teamTalk', 'formalReport', 'closing'] as const;
export type Rung = (typeof RUNGS)[number];

/**
 * The rungs that enforce against the behaviour. Repetition after closing reopens the case one
 * enforcement rung higher: a team discussion sets the norm for everyone but is no step up in
 * enforcement, so it is not on this list.
 */
export const ENFORCEMENT_RUNGS = ['signal', 'address', 'sanction', 'formalReport'] as const;
export type EnforcementRung = (typeof ENFORCEMENT_RUNGS)[number];

/** Every leaf state of the machine: one card, one content entry each. */
export const STEP_IDS = [
  'signalRecord',
  'signalConversation',
  'addressPrepare',
  'addressConversation',
  'sanction',
  'teamTalk',
  'formalReportRoute',
  'formalReportFiled',
  'closing',
  'closed',
  'managerIsSubject',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** The rung each step belongs to; `closed` and `managerIsSubject` are ends, not rungs. */
export const RUNG_OF_STEP: Record<StepId, Rung | null> = {
  signalRecord: 'signal',
  signalConversation: 'signal',
  addressPrepare: 'address',
  addressConversation: 'address',
  sanction: 'sanction',
  teamTalk: 'teamTalk',
  formalReportRoute: 'formalReport',
  formalReportFiled: 'formalReport',
  closing: 'closing',
  closed: null,
  managerIsSubject: null,
};

/** Calendar date `YYYY-MM-DD` (the day something happened, as the manager records it). */
export type IsoDate = string;
/** Instant `YYYY-MM-DDTHH:mm:ss.sssZ` (when the turn happened; the bot's clock puts it on the event). */
export type IsoInstant = string;

export interface SignalFacts {
  categories: Category[];
  source: SignalSource;
  signalDate: IsoDate;
  occurrence: Occurrence;
  acute: boolean;
  subject: Subject;
}

export interface Agreements {
  listened: boolean;
  acknowledged: boolean;
  approachAgreed: boolean;
  feedbackAgreed: boolean;
  confidentialityAgreed: boolean;
  consentFormal: boolean;
  consentTeamTalk: boolean;
  vertrouwenspersoonOffered: boolean;
}

export interface AddressFacts {
  plannedOn?: IsoDate;
  heldOn?: IsoDate;
  otherSideHeard?: boolean;
  outcome?: AddressOutcome;
}

export interface SanctionFacts {
  hrConsulted: true;
  hearingHeld: boolean;
  decision: SanctionDecision;
  noSanctionReason?: NoSanctionReason;
  decidedAt: IsoInstant;
}

export interface TeamTalkFacts {
  mode: TeamTalkMode;
  heldOn?: IsoDate;
}

export interface FormalReportFacts {
  reason: FormalReportReason;
  /** The step to go back to when the manager cancels before filing. */
  returnTo: StepId;
  route?: ReportRoute;
  filedOn?: IsoDate;
  acknowledgedOn?: IsoDate;
  outcome?: ReportOutcome;
  concludedOn?: IsoDate;
}

export interface ClosingFacts {
  reason: CloseReason;
  aftercareAgreed: boolean;
  closedAt: IsoInstant;
}

export interface EscalationContext {
  openedAt: IsoInstant;
  signal?: SignalFacts;
  agreements?: Agreements;
  address?: AddressFacts;
  sanction?: SanctionFacts;
  teamTalk?: TeamTalkFacts;
  formalReport?: FormalReportFacts;
  closing?: ClosingFacts;
  /** Highest enforcement rung reached in this case, across reopenings. */
  highestRung: EnforcementRung;
  reopenCount: number;
  /** When each rung was last entered: day offsets for HR come from these. */
  rungEnteredAt: Partial<Record<Rung, IsoInstant>>;
}

export interface EscalationInput {
  openedAt: IsoInstant;
}
