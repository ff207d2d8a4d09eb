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

/** Who was hit. This adds guidance and can hand parts of the case to someone else; it never picks the route alone. */
export const AFFECTED_PARTIES = ['teamMember', 'self', 'citizen', 'applicant', 'groupOrTeam'] as const;
export type AffectedParty = (typeof AFFECTED_PARTIES)[number];

/**
 * The route a case takes, chosen by who did it (and, when the manager was hit, handed to their own
 * manager). Coarse on purpose: this is the only route information the HR log gets, so that no
 * unit's single case of a rare kind stands out.
 */
export const ROUTE_KINDS = ['ownTeam', 'handOver', 'external', 'structural', 'routedAway'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

/** Who the HR/P&O consultation went to: another adviser or the integrity coordinator when HR has a conflict. */
export const CONSULTED_PARTIES = ['hrAdviser', 'otherHrAdviser', 'integrityCoordinator'] as const;
export type ConsultedParty = (typeof CONSULTED_PARTIES)[number];

/** The result of fact-finding after the behaviour was denied (hoor en wederhoor). */
export const FACT_FINDINGS = ['confirmed', 'notConfirmed'] as const;
export type FactFinding = (typeof FACT_FINDINGS)[number];

/** What a manager did after a citizen, client or visitor showed the behaviour (aggression protocol, house rules). */
export const EXTERNAL_PARTY_MEASURES = ['warning', 'accessBan', 'policeReport', 'incidentRegistered', 'employeeSupported'] as const;
export type ExternalPartyMeasure = (typeof EXTERNAL_PARTY_MEASURES)[number];

/** What a manager did when a temp, contractor or intern showed the behaviour: through the agency, supplier or school. */
export const EXTERNAL_WORKER_MEASURES = ['agencyInformed', 'assignmentChanged', 'assignmentEnded', 'codeOfConductReminded', 'employeeSupported'] as const;
export type ExternalWorkerMeasure = (typeof EXTERNAL_WORKER_MEASURES)[number];

/** What a manager did when a rule, a way of working, or an unknown author is behind it. */
export const STRUCTURAL_MEASURES = ['processOwnerInformed', 'integrityCoordinatorInformed', 'evidenceKept', 'facilitiesInformed', 'teamTalkOnNorm', 'affectedSupported'] as const;
export type StructuralMeasure = (typeof STRUCTURAL_MEASURES)[number];

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
  'handedOver',
  'externalMeasuresTaken',
  'structuralFollowUp',
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
  'safety',
  'signalConversation',
  'supportOnly',
  'addressPrepare',
  'addressConversation',
  'factFinding',
  'sanction',
  'handOver',
  'handOverFollowUp',
  'externalParty',
  'externalWorker',
  'structural',
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
  safety: 'signal',
  signalConversation: 'signal',
  supportOnly: 'signal',
  addressPrepare: 'address',
  addressConversation: 'address',
  factFinding: 'sanction',
  sanction: 'sanction',
  handOver: 'address',
  handOverFollowUp: 'address',
  externalParty: 'address',
  externalWorker: 'address',
  structural: 'address',
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
  perpetrator: Perpetrator;
  affected: AffectedParty;
}

export interface SafetyFacts {
  separated: boolean;
  emergencyServicesCalled: boolean;
  hrInformed: boolean;
  ownManagerInformed: boolean;
}

export interface Agreements {
  listened: boolean;
  acknowledged: boolean;
  /** The employee agreed that the manager addresses the behaviour; `false` leads to support only. */
  approachAgreed: boolean;
  feedbackAgreed: boolean;
  confidentialityAgreed: boolean;
  consentFormal: boolean;
  consentTeamTalk: boolean;
  vertrouwenspersoonOffered: boolean;
  /** The affected employee is on sick leave: contact goes through the agreed contact person. */
  sickLeave: boolean;
}

export interface SupportFacts {
  /** When the employee later agreed to have the behaviour addressed. */
  agreedOn?: IsoDate;
}

export interface FactFindingFacts {
  consultedWith: ConsultedParty;
  finding: FactFinding;
}

export interface HandOverFacts {
  contactedOn: IsoDate;
  informAgreed: boolean;
  handled?: boolean;
}

export interface MeasuresFacts {
  measures: string[];
}

export interface AddressFacts {
  plannedOn?: IsoDate;
  heldOn?: IsoDate;
  otherSideHeard?: boolean;
  outcome?: AddressOutcome;
}

export interface SanctionFacts {
  consultedWith: ConsultedParty;
  /** CAO Rijk ch. 15: the employee had the chance to be heard (orally or in writing); declining does not block. */
  hearingOffered: boolean;
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
  /** The route chosen when the signal was recorded. */
  route?: RouteKind;
  safety?: SafetyFacts;
  agreements?: Agreements;
  support?: SupportFacts;
  factFinding?: FactFindingFacts;
  handOver?: HandOverFacts;
  measures?: MeasuresFacts;
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
