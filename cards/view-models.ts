/**
 * Content + case facts → the data a card template binds. Pure: no store, no machine run, no clock
 * (the caller passes `today`). Every text comes from the content files; every value a card shows
 * or prefills is an enumerated code, a date or a configured organisation unit — never free text.
 * Templates bind every path unconditionally, so a view model always fills every path it exposes
 * (an absent value would survive templating as a literal `${…}`).
 */
import { z } from 'zod';
import { CHOICE_GROUPS } from '../content/schema';
import type { ChoiceGroup, LocaleContent, Meldkanalen, UiErrorCode } from '../content/schema';
import type { Locale } from '../content/load';
import { EVENT_INPUTS, EVENT_TYPES } from '../flows/escalation/events';
import type { EscalationEvent, EventType } from '../flows/escalation/events';
import { RUNG_OF_STEP, RUNGS } from '../flows/escalation/types';
import { situationNotesFor } from '../flows/escalation/situation-notes';
import { routeOf } from '../flows/escalation/rules';
import type { EscalationContext, IsoDate, IsoInstant, Rung, StepId } from '../flows/escalation/types';
import { cardButton, commandActionData, explainActionData, openActionData, repeatAskActionData, stepActionData } from './actions';
import type { CardButton } from './actions';

// ————— the inputs of each event —————

/** `yesNo`: a question answered explicitly (Ja / Nee), where an unticked box would not clearly mean "no". */
type FieldKind = 'choice' | 'multiChoice' | 'date' | 'toggle' | 'yesNo';
/** The content key of a field's label and error (`fields.<key>`). */
export type FieldKey = keyof LocaleContent['fields'];

export interface FieldSpec {
  /** The card input id: the field name in EVENT_INPUTS. */
  id: string;
  /** Where its label and error live in the content; differs from `id` where two events share an id. */
  key: Exclude<FieldKey, 'note' | 'orgUnit'>;
  kind: FieldKind;
  group?: ChoiceGroup;
}

const choice = (id: string, group: ChoiceGroup, key: string = id): FieldSpec => ({ id, key: key as FieldSpec['key'], kind: 'choice', group });
const date = (id: string): FieldSpec => ({ id, key: id as FieldSpec['key'], kind: 'date' });
const toggle = (id: string): FieldSpec => ({ id, key: id as FieldSpec['key'], kind: 'toggle' });
const yesNo = (id: string): FieldSpec => ({ id, key: id as FieldSpec['key'], kind: 'yesNo' });
const multi = (id: string, group: ChoiceGroup): FieldSpec => ({ id, key: id as FieldSpec['key'], kind: 'multiChoice', group });

/** The inputs each event submits, in card order. A test keeps the ids equal to EVENT_INPUTS. */
export const EVENT_FIELDS: Record<EventType, readonly FieldSpec[]> = {
  RECORD_SIGNAL: [
    yesNo('acute'),
    choice('perpetrator', 'perpetrator'),
    choice('affected', 'affected'),
    multi('categories', 'categories'),
    choice('source', 'signalSource'),
    date('signalDate'),
    choice('occurrence', 'occurrence'),
  ],
  SAFETY_ENSURED: [toggle('separated'), toggle('emergencyServicesCalled'), toggle('hrInformed'), toggle('ownManagerInformed')],
  RECORD_CONVERSATION: [
    toggle('listened'),
    toggle('acknowledged'),
    yesNo('approachAgreed'),
    toggle('feedbackAgreed'),
    toggle('confidentialityAgreed'),
    toggle('consentFormal'),
    toggle('consentTeamTalk'),
    toggle('vertrouwenspersoonOffered'),
    toggle('sickLeave'),
  ],
  EMPLOYEE_AGREES: [date('agreedOn')],
  SUPPORT_ENDED: [],
  ADDRESS_PREPARED: [date('plannedOn')],
  ADDRESS_HELD: [date('heldOn'), toggle('otherSideHeard'), choice('outcome', 'addressOutcome')],
  FACTS_ESTABLISHED: [choice('consultedWith', 'consultedWith'), choice('finding', 'factFinding')],
  SANCTION_DECIDED: [
    choice('consultedWith', 'consultedWith'),
    toggle('hearingOffered'),
    choice('decision', 'sanctionDecision'),
    choice('noSanctionReason', 'noSanctionReason'),
  ],
  HANDED_OVER: [date('contactedOn'), toggle('informAgreed')],
  HAND_OVER_FOLLOWED_UP: [yesNo('handled')],
  EXTERNAL_PARTY_HANDLED: [multi('partyMeasures', 'partyMeasures')],
  EXTERNAL_WORKER_HANDLED: [multi('workerMeasures', 'workerMeasures')],
  STRUCTURAL_RAISED: [multi('structuralMeasures', 'structuralMeasures')],
  TEAM_TALK_HELD: [date('heldOn'), toggle('identifying'), toggle('consent')],
  TEAM_TALK_SKIPPED: [],
  START_FORMAL_REPORT: [choice('reason', 'formalReportReason', 'formalReportReason')],
  CANCEL_FORMAL_REPORT: [],
  FILE_REPORT: [choice('route', 'reportRoute'), date('filedOn')],
  REPORT_ACKNOWLEDGED: [date('acknowledgedOn')],
  REPORT_CONCLUDED: [choice('outcome', 'reportOutcome', 'reportOutcome'), date('concludedOn')],
  CLOSE: [choice('reason', 'closeReason', 'closeReason'), toggle('aftercareAgreed')],
  REPORT_REPETITION: [date('signalDate'), yesNo('samePerson')],
};

/**
 * Buttons that submit no card inputs (`associatedInputs: "none"`), so the step's required inputs do
 * not block them; a formal report's reason is preset on its button instead.
 */
export const BUTTON_ONLY_EVENTS: readonly EventType[] = ['START_FORMAL_REPORT', 'CANCEL_FORMAL_REPORT', 'TEAM_TALK_SKIPPED', 'SUPPORT_ENDED'];

/**
 * Inputs the rules (not the input schema) always require, so the card can ask for them before
 * submitting: a sanction decision is never recorded without HR/P&O or the integrity coordinator (rules.ts).
 */
const RULE_REQUIRED_INPUTS: Partial<Record<EventType, readonly string[]>> = { SANCTION_DECIDED: ['consultedWith'] };

/** Whether the event's input schema refuses a missing value for this input. */
export function isRequiredInput(event: EventType, id: string): boolean {
  const schema = EVENT_INPUTS[event];
  if (!(schema instanceof z.ZodObject)) return false;
  const field = (schema.shape as Record<string, z.ZodType>)[id];
  return field !== undefined && !field.safeParse(undefined).success;
}

// ————— formatting enumerated values —————

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTL_LOCALE: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

/** Made once per locale: constructing an Intl.DateTimeFormat costs far more than formatting with it. */
const DATE_FORMATS = new Map<Locale, Intl.DateTimeFormat>();
const INSTANT_FORMATS = new Map<Locale, Intl.DateTimeFormat>();

function formatterOf(cache: Map<Locale, Intl.DateTimeFormat>, locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = cache.get(locale);
  if (!format) cache.set(locale, (format = new Intl.DateTimeFormat(INTL_LOCALE[locale], options)));
  return format;
}

export function formatDate(locale: Locale, value: IsoDate): string {
  return formatterOf(DATE_FORMATS, locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}

export function formatInstant(locale: Locale, value: IsoInstant): string {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return '—';
  return formatterOf(INSTANT_FORMATS, locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(instant);
}

function isCode(group: ChoiceGroup, value: unknown): value is string {
  return typeof value === 'string' && (CHOICE_GROUPS[group] as readonly string[]).includes(value);
}

function choiceTitle(content: LocaleContent, group: ChoiceGroup, code: string): string {
  return (content.choices[group] as Record<string, string>)[code]!;
}

/**
 * A recorded value as the manager reads it: a choice title, a date or yes/no. Anything that is not
 * a valid value of the field yields null, so free text can never slip through.
 */
export function displayValue(content: LocaleContent, spec: FieldSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'choice':
      return isCode(spec.group!, value) ? choiceTitle(content, spec.group!, value) : null;
    case 'multiChoice': {
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => isCode(spec.group!, v))) return null;
      return value.map((code: string) => choiceTitle(content, spec.group!, code)).join(', ');
    }
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) ? formatDate(content.meta.locale, value) : null;
    case 'toggle':
    case 'yesNo':
      return typeof value === 'boolean' ? (value ? content.ui.yes : content.ui.no) : null;
  }
}

/** A prefill value as a card input takes it, or '' when it is not a valid value of the field. */
function inputValue(spec: FieldSpec, value: string | undefined): string {
  if (value === undefined) return '';
  switch (spec.kind) {
    case 'choice':
      return isCode(spec.group!, value) ? value : '';
    case 'multiChoice': {
      const codes = value.split(',').map((s) => s.trim());
      return codes.length > 0 && codes.every((code) => isCode(spec.group!, code)) ? codes.join(',') : '';
    }
    case 'date':
      return ISO_DATE.test(value) ? value : '';
    case 'toggle':
    case 'yesNo':
      return value === 'true' || value === 'false' ? value : '';
  }
}

export interface Fact {
  title: string;
  value: string;
}

export function fieldLabel(content: LocaleContent, key: FieldKey): string {
  return content.fields[key].label;
}

/** The facts of a set of recorded values, in field order, only those with a displayable value. */
function factsOf(content: LocaleContent, specs: readonly FieldSpec[], values: Record<string, unknown>): Fact[] {
  return specs.flatMap((spec) => {
    const value = displayValue(content, spec, values[spec.id]);
    return value === null ? [] : [{ title: fieldLabel(content, spec.key), value }];
  });
}

// ————— shared pieces —————

export interface TextItem {
  text: string;
}

export const items = (texts: readonly string[]): TextItem[] => texts.map((text) => ({ text }));

/** "Interim synthesis … (2026.11-interim.0)": on every card that gives guidance. */
export function noticeOf(content: LocaleContent): string {
  return `${content.meta.interimNotice} (${content.meta.contentVersion})`;
}

function stepTitle(content: LocaleContent, step: StepId): string {
  return content.steps[step].title;
}

/** The label of a submitted input id, preferring the events of the current step where ids are shared. */
function inputLabel(content: LocaleContent, id: string, events: readonly EventType[]): string | null {
  if (id === 'note') return content.fields.note.label;
  if (id === 'orgUnit') return content.fields.orgUnit.label;
  const spec = events.flatMap((event) => EVENT_FIELDS[event]).find((s) => s.id === id);
  if (spec) return fieldLabel(content, spec.key);
  return Object.prototype.hasOwnProperty.call(content.fields, id) ? fieldLabel(content, id as FieldKey) : null;
}

export interface ErrorParams {
  /** Input ids that were wrong or missing (invalidInput). */
  fields?: readonly string[];
  /** The limit that was exceeded (noteTooLong): fills `{max}` in the text. */
  max?: number;
  /** Events of the step the error is about: disambiguates shared input ids. */
  events?: readonly EventType[];
}

export interface ErrorModel {
  visible: boolean;
  title: string;
  body: string;
  /** Labels of the inputs to fix; unknown ids are left out. */
  fields: TextItem[];
}

export function errorModel(content: LocaleContent, code: UiErrorCode, params: ErrorParams = {}): ErrorModel {
  const labels = (params.fields ?? []).map((id) => inputLabel(content, id, params.events ?? EVENT_TYPES)).filter((l): l is string => l !== null);
  return {
    visible: true,
    title: content.ui.errors[code].title,
    body: content.ui.errors[code].body.replace('{max}', String(params.max ?? DEFAULT_NOTE_MAX_LENGTH)),
    fields: items([...new Set(labels)]),
  };
}

// ————— the step card —————

export interface ChoiceModel {
  title: string;
  value: string;
}

export interface FieldModel {
  id: string;
  label: string;
  error: string;
  required: boolean;
  /** Prefilled value ('' for none); for toggles "true"/"false". A toggle's label is its own title: a statement the manager ticks. */
  value: string;
  choices: ChoiceModel[];
  /** A long single choice is a drop-down, so the card stays short; a short one shows its options (one click). */
  style: 'compact' | 'expanded';
  /** The bot refused this input: its error shows right under it, besides the summary at the top (WCAG 3.3.1). */
  invalid: boolean;
}

export interface StepActionModel extends CardButton {
  offered: boolean;
}

/** The ladder on one line: the rungs before the current one, the current one (marked), the rungs after it. */
export interface ProgressModel {
  visible: boolean;
  label: string;
  before: string;
  current: string;
  after: string;
}

export interface GuidanceModel {
  title: string;
  /** The one thing to do now: right under the title and the ladder. */
  doNow: string;
  /** A few one-line reminders on the form; the whole checklist is in the explanation. */
  shortChecklist: TextItem[];
  /** The interim notice: only in the explanation's sources section, not on every step card. */
  notice: string;
  progress: ProgressModel;
  /** What the case has recorded so far, as enumerated facts. */
  facts: Fact[];
  headings: LocaleContent['ui']['guidance'];
  why: string;
  checklist: TextItem[];
  examples: TextItem[];
  dont: TextItem[];
  involve: TextItem[];
  deadline: string;
  sources: TextItem[];
  /** Guidance for this situation (who did it, who was hit, how it came in), on the steps it concerns. */
  situationNotes: { visible: boolean; items: { title: string; text: string; sources: string }[] };
}

export interface StepCardModel {
  step: StepId;
  /** The texts the card's fixed parts come from: the render expands those once per step and content (render.ts). */
  content: LocaleContent;
  error: ErrorModel;
  guidance: GuidanceModel;
  /** Every event's inputs, keyed by their content key (`outcome` vs `reportOutcome`). */
  fields: Record<Exclude<FieldKey, 'note' | 'orgUnit'>, FieldModel>;
  orgUnit: FieldModel & { visible: boolean };
  /**
   * Folded behind `button` (next to the step's own buttons) unless the note is what needs fixing
   * (`open`): most steps need no note.
   */
  note: { visible: boolean; open: boolean; button: string; label: string; error: string; maxLength: number };
  actions: Record<EventType, StepActionModel>;
  formalReport: { visible: boolean; title: string; prompt: string; options: CardButton[] };
  reportChannels: CardButton;
  /** The team-talk card asks for consent only when no first conversation recorded it. */
  asksTeamTalkConsent: boolean;
  /** "It happened again" on open steps: a button that asks for it on a small card of its own; a closed case asks it in its form. */
  repetition: { visible: boolean; title: string; button: CardButton };
  /**
   * The full guidance comes on demand: "Uitleg" shows it in place of the form (`shown`), and "back"
   * shows the form again. A step card without it is short enough to act on at a glance.
   */
  explanation: { shown: boolean; open: CardButton; back: CardButton };
}

export interface StepCardInput {
  caseId: string;
  revision: number;
  step: StepId;
  context: EscalationContext;
  /** `offeredEvents(snapshot)`: only these get a button. */
  offered: readonly EventType[];
  content: LocaleContent;
  /** The user's locale: must be the locale of `content` (guards against mixing languages on one card). */
  locale: Locale;
  /** The manager's today: the default of date inputs. */
  today?: IsoDate;
  /** Values to show again (e.g. after an invalid submit, or the source when known); invalid ones are dropped. */
  prefill?: Readonly<Record<string, string>>;
  /** The units the signal form offers (the manager's, or all configured ones for a first signal); it asks for one when `needsOrgUnit`. */
  orgUnits?: readonly string[];
  needsOrgUnit?: boolean;
  /** Said with the unit's label, e.g. that it becomes the manager's fixed unit: a few words, the card has no room for more. */
  orgUnitHint?: string;
  /** The longest note the bot accepts (NOTE_MAX_LENGTH); the input stops there. */
  noteMaxLength?: number;
  error?: { code: UiErrorCode; fields?: readonly string[]; max?: number };
  /** Show the step's full guidance instead of its form ("Uitleg"). */
  explain?: boolean;
}

/** The default cap on notes; the bot may configure another and enforces it (a long note is refused, not cut). */
export const DEFAULT_NOTE_MAX_LENGTH = 2000;

const LADDER_SEPARATOR = ' › ';

/** The sanction rung applies only to the own-team route: elsewhere the manager does not sanction (rules.ts `routeOf`). */
function rungsOf(context: EscalationContext, current: Rung): readonly Rung[] {
  const route = context.route ?? (context.signal ? routeOf(context.signal.perpetrator, context.signal.affected) : undefined);
  return route === undefined || route === 'ownTeam' ? RUNGS : RUNGS.filter((rung) => rung !== 'sanction' || rung === current);
}

/**
 * The ladder on one line: the current rung marked by a symbol and weight (not by colour alone), the
 * rungs before and after it as one plain run each.
 */
function progressOf(content: LocaleContent, step: StepId, context: EscalationContext): ProgressModel {
  const current: Rung | null = RUNG_OF_STEP[step] ?? (step === 'closed' ? 'closing' : null);
  const label = content.ui.progress.label;
  if (current === null) return { visible: false, label, before: '', current: '', after: '' };
  const rungs = rungsOf(context, current);
  const at = rungs.indexOf(current);
  const names = (part: readonly Rung[]) => part.map((rung) => content.rungs[rung]);
  return {
    visible: true,
    label,
    before: names(rungs.slice(0, at)).map((name) => `${name}${LADDER_SEPARATOR}`).join(''),
    current: `▶ ${content.rungs[current]}`,
    after: names(rungs.slice(at + 1)).map((name) => `${LADDER_SEPARATOR}${name}`).join(''),
  };
}

/** Steps whose card a manager may show to the team: no sanction fact on them (a sanction is not shared). */
const TEAM_FACING_STEPS: readonly StepId[] = ['teamTalk'];

/** The enumerated facts the case has recorded so far, for orientation on every step card. */
export function caseFacts(content: LocaleContent, context: EscalationContext, step?: StepId): Fact[] {
  const spec = (event: EventType, id: string) => EVENT_FIELDS[event].filter((s) => s.id === id);
  return [
    ...factsOf(
      content,
      [...spec('RECORD_SIGNAL', 'perpetrator'), ...spec('RECORD_SIGNAL', 'affected'), ...spec('RECORD_SIGNAL', 'categories'), ...spec('RECORD_SIGNAL', 'signalDate')],
      { ...context.signal },
    ),
    ...factsOf(content, spec('ADDRESS_HELD', 'outcome'), { ...context.address }),
    ...(step !== undefined && TEAM_FACING_STEPS.includes(step) ? [] : factsOf(content, spec('SANCTION_DECIDED', 'decision'), { ...context.sanction })),
    ...factsOf(content, [...spec('START_FORMAL_REPORT', 'reason'), ...EVENT_FIELDS.FILE_REPORT, ...EVENT_FIELDS.REPORT_ACKNOWLEDGED], {
      ...context.formalReport,
    }),
  ];
}

function situationNotesOf(content: LocaleContent, step: StepId, context: EscalationContext): GuidanceModel['situationNotes'] {
  const notes = situationNotesFor(step, context).map((id) => {
    const note = content.situationNotes[id];
    return { title: note.title, text: note.text, sources: sourceItems(content, note.sources).map((item) => item.text).join('; ') };
  });
  return { visible: notes.length > 0, items: notes };
}

function guidanceOf(content: LocaleContent, step: StepId, context: EscalationContext): GuidanceModel {
  const s = content.steps[step];
  return {
    title: s.title,
    doNow: s.doNow,
    shortChecklist: items(s.shortChecklist),
    notice: noticeOf(content),
    progress: progressOf(content, step, context),
    facts: caseFacts(content, context, step),
    headings: content.ui.guidance,
    why: s.why,
    checklist: items(s.checklist),
    examples: items(s.examples),
    dont: items(s.dont),
    involve: items(s.involve),
    deadline: s.deadline,
    sources: sourceItems(content, s.sources),
    situationNotes: situationNotesOf(content, step, context),
  };
}

/** Sources by id as "title — reference" lines; unknown ids are left out. */
export function sourceItems(content: LocaleContent, ids: readonly string[]): TextItem[] {
  return ids.flatMap((id) => {
    const source = content.sources[id];
    return source ? [{ text: `${source.title} — ${source.reference}` }] : [];
  });
}

/** Whether the bot refused this input id on the card being shown again. */
function isRefused(input: StepCardInput, id: string): boolean {
  return input.error?.code === 'invalidInput' && (input.error.fields ?? []).includes(id);
}

/** A single choice with more options than this is a drop-down. */
const EXPANDED_CHOICES_MAX = 4;

function fieldModel(content: LocaleContent, event: EventType, spec: FieldSpec, input: StepCardInput): FieldModel {
  const prefilled = inputValue(spec, input.prefill?.[spec.id]);
  const value = prefilled !== '' ? prefilled : spec.kind === 'date' && input.today && ISO_DATE.test(input.today) ? input.today : spec.kind === 'toggle' ? 'false' : '';
  const choices = spec.group
    ? CHOICE_GROUPS[spec.group].map((code) => ({ title: choiceTitle(content, spec.group!, code), value: code }))
    : spec.kind === 'yesNo'
      ? [
          { title: content.ui.yes, value: 'true' },
          { title: content.ui.no, value: 'false' },
        ]
      : [];
  return {
    id: spec.id,
    label: fieldLabel(content, spec.key),
    error: content.fields[spec.key].error,
    required: isRequiredInput(event, spec.id) || (RULE_REQUIRED_INPUTS[event] ?? []).includes(spec.id),
    value,
    choices,
    style: spec.kind === 'choice' && choices.length > EXPANDED_CHOICES_MAX ? 'compact' : 'expanded',
    invalid: isRefused(input, spec.id),
  };
}

/**
 * The prefilled values that are valid values of the offered events' inputs (codes, dates, yes/no)
 * and the unit: what "Uitleg" and back carry, so the form comes back prefilled. Never the note.
 */
function prefillStillValid(input: StepCardInput, orgUnit: string): Record<string, string> {
  const carried: Record<string, string> = {};
  for (const spec of input.offered.flatMap((event) => EVENT_FIELDS[event])) {
    const value = inputValue(spec, input.prefill?.[spec.id]);
    if (value !== '') carried[spec.id] = value;
  }
  if (orgUnit !== '') carried.orgUnit = orgUnit;
  return carried;
}

export function stepCardModel(input: StepCardInput): StepCardModel {
  const { caseId, revision, step, content, offered } = input;
  if (input.locale !== content.meta.locale) throw new Error(`stepCardModel: locale ${input.locale} with ${content.meta.locale} content`);
  const fields = {} as StepCardModel['fields'];
  for (const event of EVENT_TYPES) {
    for (const spec of EVENT_FIELDS[event]) {
      // A key shared by two events (heldOn, signalDate) has one label and one default: the first wins.
      fields[spec.key] ??= fieldModel(content, event, spec, input);
    }
  }
  // Only an offered event gets a button on the card, so only its data is checked (cardButton); the
  // others keep their title and verb, which the card's fixed text is expanded with (render.ts).
  const actions = Object.fromEntries(
    EVENT_TYPES.map((event): [EventType, StepActionModel] => [
      event,
      offered.includes(event)
        ? { ...cardButton(content.actions[event], stepActionData(caseId, revision, event)), offered: true }
        : { title: content.actions[event], verb: event, data: stepActionData(caseId, revision, event), offered: false },
    ]),
  ) as Record<EventType, StepActionModel>;

  const units = [...new Set(input.orgUnits ?? [])];
  const chosenUnit = input.prefill?.orgUnit;
  const orgUnit = {
    id: 'orgUnit',
    label: input.orgUnitHint ? `${content.fields.orgUnit.label} (${input.orgUnitHint})` : content.fields.orgUnit.label,
    error: content.fields.orgUnit.error,
    required: true,
    value: chosenUnit !== undefined && units.includes(chosenUnit) ? chosenUnit : '',
    choices: units.map((unit) => ({ title: unit, value: unit })),
    style: 'compact' as const,
    invalid: isRefused(input, 'orgUnit'),
    visible: step === 'signalRecord' && input.needsOrgUnit === true && units.length > 0 && offered.includes('RECORD_SIGNAL'),
  };

  const carried = prefillStillValid(input, orgUnit.value);
  const formalReportOffered = offered.includes('START_FORMAL_REPORT');
  return {
    step,
    content,
    error: input.error
      ? errorModel(content, input.error.code, { ...input.error, fields: input.error.fields ?? [], events: offered })
      : { visible: false, title: '', body: '', fields: [] },
    guidance: guidanceOf(content, step, input.context),
    fields,
    orgUnit,
    note: {
      visible: offered.some((event) => !BUTTON_ONLY_EVENTS.includes(event)),
      open: input.error?.code === 'noteTooLong',
      button: content.fields.note.button,
      // The privacy hint in the label: announced whenever the field is focused, not a text beside it.
      label: `${content.fields.note.label}. ${content.meta.privacyHint}`,
      error: content.fields.note.error,
      maxLength: input.noteMaxLength ?? DEFAULT_NOTE_MAX_LENGTH,
    },
    actions,
    formalReport: {
      visible: formalReportOffered,
      title: content.ui.formalReportButton,
      prompt: content.fields.formalReportReason.label,
      options: CHOICE_GROUPS.formalReportReason.map((reason) =>
        cardButton(choiceTitle(content, 'formalReportReason', reason), stepActionData(caseId, revision, 'START_FORMAL_REPORT', { reason })),
      ),
    },
    reportChannels: cardButton(content.ui.reportChannels.title, commandActionData('report')),
    asksTeamTalkConsent: input.context.agreements === undefined,
    repetition: {
      visible: offered.includes('REPORT_REPETITION') && step !== 'closed',
      title: content.ui.repetitionButton,
      button: cardButton(content.ui.repetitionButton, repeatAskActionData(caseId)),
    },
    explanation: {
      shown: input.explain === true,
      open: cardButton(content.ui.guidance.explain, explainActionData(caseId, revision, true, carried)),
      back: cardButton(content.ui.guidance.back, explainActionData(caseId, revision, false, carried)),
    },
  };
}

// ————— the summary that replaces a submitted card —————

export interface SummaryInput {
  content: LocaleContent;
  /** The step the manager recorded something on, and the event that was accepted there. */
  recordedStep: StepId;
  event: EscalationEvent;
  /** The step the case is at now. */
  nextStep: StepId;
  /** Whether a note came with the submit (it is stored encrypted, never shown). */
  noteStored: boolean;
  caseId: string;
}

export interface SummaryModel {
  title: string;
  recordedLabel: string;
  recorded: string;
  facts: Fact[];
  note: { visible: boolean; text: string };
  nextLabel: string;
  next: string;
  open: CardButton & { visible: boolean };
}

export function summaryModel(input: SummaryInput): SummaryModel {
  const { content, event } = input;
  const values: Record<string, unknown> = { ...event };
  return {
    title: content.ui.summary.title,
    recordedLabel: content.ui.summary.recordedStep,
    recorded: stepTitle(content, input.recordedStep),
    facts: factsOf(content, EVENT_FIELDS[event.type], values),
    note: { visible: input.noteStored, text: content.ui.summary.noteStored },
    nextLabel: content.ui.summary.nextStep,
    next: stepTitle(content, input.nextStep),
    open: {
      ...cardButton(content.ui.myCases.continueButton, openActionData(input.caseId)),
      visible: input.nextStep !== 'managerIsSubject',
    },
  };
}

// ————— welcome, help, my cases, meldkanalen, search —————

export interface WelcomeModel {
  title: string;
  body: string;
  notice: string;
  start: CardButton;
  cases: CardButton;
  help: CardButton;
}

export function welcomeModel(content: LocaleContent): WelcomeModel {
  const w = content.ui.welcome;
  return {
    title: w.title,
    body: w.body,
    notice: noticeOf(content),
    start: cardButton(w.startButton, commandActionData('new')),
    cases: cardButton(w.casesButton, commandActionData('cases')),
    help: cardButton(w.helpButton, commandActionData('help')),
  };
}

export interface HelpModel {
  title: string;
  intro: string;
  commands: Fact[];
  notice: string;
  start: CardButton;
  cases: CardButton;
  report: CardButton;
}

export function helpModel(content: LocaleContent): HelpModel {
  const h = content.ui.help;
  return {
    title: h.title,
    intro: h.intro,
    commands: h.commands.map((c) => ({ title: c.command, value: c.description })),
    notice: noticeOf(content),
    start: cardButton(content.ui.welcome.startButton, commandActionData('new')),
    cases: cardButton(content.ui.welcome.casesButton, commandActionData('cases')),
    report: cardButton(content.ui.reportChannels.title, commandActionData('report')),
  };
}

export interface MyCase {
  caseId: string;
  step: StepId;
  updatedAt: IsoInstant;
  /** The case's recorded facts: its signal date and categories tell two open cases apart. */
  context?: EscalationContext;
}

export interface MyCasesModel {
  title: string;
  empty: { visible: boolean; text: string };
  cases: { status: string; facts: Fact[]; open: CardButton }[];
  start: CardButton;
}

/** Open, closed or routed away, as the manager's lists say it. */
export function caseStatusLabel(content: LocaleContent, step: StepId): string {
  const m = content.ui.myCases;
  return step === 'managerIsSubject' ? m.routedAwayLabel : step === 'closed' ? m.closedLabel : m.openLabel;
}

/** The facts that tell a manager's cases apart: when it happened, then what kind of behaviour. */
const IDENTIFYING_SIGNAL_FIELDS = ['signalDate', 'categories'].map((id) => EVENT_FIELDS.RECORD_SIGNAL.find((spec) => spec.id === id)!);

/** A case in one of the manager's lists: its status, signal date and kind, the step to take next and its last change. */
export function myCaseSummary(content: LocaleContent, c: MyCase): { status: string; facts: Fact[] } {
  const m = content.ui.myCases;
  return {
    status: caseStatusLabel(content, c.step),
    facts: [
      ...factsOf(content, IDENTIFYING_SIGNAL_FIELDS, { ...c.context?.signal }),
      { title: m.stepLabel, value: stepTitle(content, c.step) },
      { title: m.updatedLabel, value: formatInstant(content.meta.locale, c.updatedAt) },
    ],
  };
}

export function myCasesModel(content: LocaleContent, cases: readonly MyCase[]): MyCasesModel {
  const m = content.ui.myCases;
  return {
    title: m.title,
    empty: { visible: cases.length === 0, text: m.empty },
    cases: cases.map((c) => ({ ...myCaseSummary(content, c), open: cardButton(m.continueButton, openActionData(c.caseId)) })),
    start: cardButton(content.ui.welcome.startButton, commandActionData('new')),
  };
}

export interface ReportChannelsModel {
  title: string;
  intro: string;
  channels: { name: string; description: string; contact: string }[];
}

export function reportChannelsModel(content: LocaleContent, meldkanalen: Meldkanalen, locale: Locale): ReportChannelsModel {
  return {
    title: content.ui.reportChannels.title,
    intro: content.ui.reportChannels.intro,
    channels: meldkanalen.map((channel) => ({
      name: channel.name[locale],
      description: channel.description[locale],
      contact: channel.contact[locale],
    })),
  };
}
