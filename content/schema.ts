/**
 * The shape of the handreiking as data. Policy owners edit the YAML files; this schema checks them
 * at start-up and in tests. Every enumerated key (steps, rungs, choice codes, card inputs, button
 * titles) is derived from the machine's own constants, so content and machine cannot drift apart:
 * a missing or misspelt key fails validation with its path.
 */
import { z } from 'zod';
import {
  ADDRESS_OUTCOMES,
  AFFECTED_PARTIES,
  CATEGORIES,
  CLOSE_REASONS,
  CONSULTED_PARTIES,
  EXTERNAL_PARTY_MEASURES,
  EXTERNAL_WORKER_MEASURES,
  FACT_FINDINGS,
  FORMAL_REPORT_REASONS,
  NO_SANCTION_REASONS,
  OCCURRENCES,
  REPORT_OUTCOMES,
  REPORT_ROUTES,
  RUNGS,
  SANCTION_DECISIONS,
  PERPETRATORS,
  SIGNAL_SOURCES,
  STEP_IDS,
  STRUCTURAL_MEASURES,
} from '../flows/escalation/types';
import { SITUATION_NOTE_IDS } from '../flows/escalation/situation-notes';
import { EVENT_INPUTS, EVENT_TYPES } from '../flows/escalation/events';
import type { EventType } from '../flows/escalation/events';
import { REMINDER_KINDS } from '../flows/escalation/effects';
import { NOT_ASKED_REASONS } from '../flows/appraisal/machine';

/** A strict object with exactly these keys, each holding `value`. */
export function exactKeys<const K extends string, S extends z.ZodType>(keys: readonly K[], value: S) {
  return z.strictObject(Object.fromEntries(keys.map((key) => [key, value])) as { [P in K]: S });
}

/** Visible text: never empty; surrounding whitespace (YAML block scalars end in a newline) is dropped. */
export const text = z.string().trim().min(1, 'must not be empty');
const texts = (min: number, max: number) => z.array(text).min(min).max(max);
/** Search words are matched case-insensitively against lower-cased questions. */
const keyword = text.refine((word) => word === word.toLocaleLowerCase('nl'), 'keywords must be lowercase');
const sourceId = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'source ids are camelCase words');

export const CONTENT_LOCALES = ['nl', 'en'] as const;

/** The groups of enumerated codes a card offers as choices, with the codes of each. */
export const CHOICE_GROUPS = {
  categories: CATEGORIES,
  signalSource: SIGNAL_SOURCES,
  occurrence: OCCURRENCES,
  perpetrator: PERPETRATORS,
  affected: AFFECTED_PARTIES,
  addressOutcome: ADDRESS_OUTCOMES,
  consultedWith: CONSULTED_PARTIES,
  factFinding: FACT_FINDINGS,
  partyMeasures: EXTERNAL_PARTY_MEASURES,
  workerMeasures: EXTERNAL_WORKER_MEASURES,
  structuralMeasures: STRUCTURAL_MEASURES,
  sanctionDecision: SANCTION_DECISIONS,
  noSanctionReason: NO_SANCTION_REASONS,
  formalReportReason: FORMAL_REPORT_REASONS,
  reportRoute: REPORT_ROUTES,
  reportOutcome: REPORT_OUTCOMES,
  closeReason: CLOSE_REASONS,
} as const;
export type ChoiceGroup = keyof typeof CHOICE_GROUPS;

type ShapeKeys<S> = S extends z.ZodObject<infer Shape> ? Extract<keyof Shape, string> : never;
/** Every input id a card submits for a machine event (the field names of `EVENT_INPUTS`). */
export type EventInputId = { [T in EventType]: ShapeKeys<(typeof EVENT_INPUTS)[T]> }[EventType];
export const EVENT_INPUT_IDS = [
  ...new Set(Object.values(EVENT_INPUTS).flatMap((schema) => (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []))),
] as EventInputId[];

/**
 * Inputs whose id is shared by two events get an extra, specific label: `outcome` (address held /
 * report concluded) and `reason` (start formal report / close).
 */
export const SPECIFIC_LABEL_IDS = ['reportOutcome', 'closeReason', 'formalReportReason'] as const;
export type FieldId = EventInputId | (typeof SPECIFIC_LABEL_IDS)[number] | 'note';

/** The errors a user can meet; the bot's `UserErrorCode` is this type, so each one has a text. */
export const UI_ERROR_CODES = [
  'malformedAction',
  'unknownEvent',
  'invalidInput',
  'notYourCase',
  'caseNotFound',
  'staleRevision',
  'notAllowedHere',
  'hrNotConsulted',
  'hearingRequired',
  'noSanctionReasonRequired',
  'teamConsentRequired',
  'impossibleCombination',
  'formalConsentRequired',
  'otherPersonNewCase',
  'olderCard',
  'caseFromNewerVersion',
  'noteTooLong',
  'orgUnitRequired',
  'internal',
  'storeUnavailable',
  'noHrAccess',
  'handoverCodeInvalid',
  'handoverOwnCode',
  'handoverCaseClosed',
] as const;
export type UiErrorCode = (typeof UI_ERROR_CODES)[number];

type Issue = { path: (string | number)[]; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Every step or situation-note source that is not defined under `sources`; tolerates content that failed elsewhere. */
function unknownSourceIds(content: unknown): Issue[] {
  if (!isRecord(content) || !isRecord(content.sources)) return [];
  const defined = content.sources;
  return (['steps', 'situationNotes'] as const).flatMap((section) =>
    isRecord(content[section])
      ? Object.entries(content[section]).flatMap(([id, entry]) =>
          isRecord(entry) && Array.isArray(entry.sources)
            ? entry.sources.flatMap((source: unknown, index): Issue[] =>
                typeof source === 'string' && !Object.prototype.hasOwnProperty.call(defined, source)
                  ? [{ path: [section, id, 'sources', index], message: `unknown source id "${source}" (not defined under sources)` }]
                  : [],
              )
            : [],
        )
      : [],
  );
}

/** Channels whose id was used by an earlier channel; tolerates entries that failed elsewhere. */
function duplicateIds(channels: unknown): Issue[] {
  if (!Array.isArray(channels)) return [];
  const seen = new Set<string>();
  return channels.flatMap((channel: unknown, index): Issue[] => {
    if (!isRecord(channel) || typeof channel.id !== 'string') return [];
    const duplicate = seen.has(channel.id);
    seen.add(channel.id);
    return duplicate ? [{ path: [index, 'id'], message: `duplicate channel id "${channel.id}"` }] : [];
  });
}

/** About one line at phone width (360 px) in Teams' font. */
const SHORT_LINE_MAX = 60;

const stepSchema = z.strictObject({
  title: text,
  /** The one thing to do now, in one or two sentences: the first thing the step card says. */
  doNow: text.refine((value) => (value.match(/[.!?](\s|$)/g) ?? []).length <= 2, 'one or two sentences'),
  /** What to keep in mind, at most five lines that each fit one line of a phone-width card; the full `checklist` is in the explanation. */
  shortChecklist: z.array(text.refine((line) => line.length <= SHORT_LINE_MAX, `at most ${SHORT_LINE_MAX} characters`)).min(1).max(5),
  /** Why this step matters, in two or three sentences. */
  why: text,
  checklist: texts(3, 7),
  /** Sentences the manager can say. */
  examples: texts(1, 4),
  dont: texts(1, 5),
  involve: texts(1, 5),
  /** Indicative deadline, in words. */
  deadline: text,
  /** Ids from `sources`. */
  sources: z.array(sourceId).min(1),
  keywords: z.array(keyword).min(1),
});

const sourceSchema = z.strictObject({ title: text, reference: text });

const fieldSchema = z.strictObject({ label: text, error: text });

const uiSchema = z.strictObject({
  welcome: z.strictObject({ title: text, body: text, startButton: text, casesButton: text, helpButton: text }),
  help: z.strictObject({
    title: text,
    intro: text,
    commands: z.array(z.strictObject({ command: text, description: text })).min(1),
  }),
  /** Handing a case over to another manager (bot/handover/): proposal, code, acceptance, done. */
  handover: z.strictObject({
    listTitle: text,
    empty: text,
    chooseButton: text,
    proposeTitle: text,
    proposeBody: text,
    includeNotesLabel: text,
    includeNotesHelp: text,
    proposeButton: text,
    codeTitle: text,
    codeBody: text,
    codeLabel: text,
    validUntilLabel: text,
    notesLabel: text,
    notesIncluded: text,
    notesNotIncluded: text,
    /** `{code}` and `{hours}` are filled in. */
    howToAccept: text,
    withdrawButton: text,
    withdrawnTitle: text,
    withdrawnBody: text,
    notWithdrawnBody: text,
    enterCodeTitle: text,
    enterCodeBody: text,
    acceptTitle: text,
    acceptBody: text,
    changedNote: text,
    acceptButton: text,
    doneTitle: text,
    doneBody: text,
    notesMovedNote: text,
    notesStayedNote: text,
    openButton: text,
  }),
  /** A manager's organisation units (bot/settings/): the settings card, its confirmation and the signal card's hint. `{units}` is filled in. */
  orgUnitSettings: z.strictObject({
    title: text,
    current: text,
    none: text,
    explain: text,
    chooseLabel: text,
    chooseError: text,
    replaceButton: text,
    addButton: text,
    removeButton: text,
    confirmTitle: text,
    confirmBody: text,
    beforeLabel: text,
    afterLabel: text,
    noneValue: text,
    confirmButton: text,
    doneTitle: text,
    doneBody: text,
    unchangedTitle: text,
    unchangedBody: text,
    fieldHint: text,
  }),
  myCases: z.strictObject({
    title: text,
    empty: text,
    continueButton: text,
    openLabel: text,
    closedLabel: text,
    /** A case about the manager or their own manager: handed to other routes, not closed. */
    routedAwayLabel: text,
    stepLabel: text,
    updatedLabel: text,
  }),
  summary: z.strictObject({ title: text, recordedStep: text, noteStored: text, nextStep: text }),
  reportChannels: z.strictObject({ title: text, intro: text }),
  progress: z.strictObject({ label: text }),
  guidance: z.strictObject({
    why: text,
    checklist: text,
    examples: text,
    dont: text,
    involve: text,
    deadline: text,
    sources: text,
    /** The button that shows the full guidance in place of the form, and the one that goes back. */
    explain: text,
    back: text,
  }),
  /** The one answer outside the personal chat (channel, group chat): where the bot does work. */
  personalChatOnly: z.strictObject({ title: text, body: text, openButton: text, noAppId: text }),
  formalReportButton: text,
  /** Opens "it happened again" on an open step. */
  repetitionButton: text,
  cancelButton: text,
  yes: text,
  no: text,
  errors: exactKeys(UI_ERROR_CODES, z.strictObject({ title: text, body: text })),
});

/** Sources the appraisal prompt cites that are not defined under `sources`. */
function unknownAppraisalSourceIds(content: unknown): Issue[] {
  if (!isRecord(content) || !isRecord(content.appraisal) || !isRecord(content.appraisal.before) || !isRecord(content.sources)) return [];
  const { sources } = content.appraisal.before;
  const defined = content.sources;
  return Array.isArray(sources)
    ? sources.flatMap((id: unknown, index): Issue[] =>
        typeof id === 'string' && !Object.prototype.hasOwnProperty.call(defined, id)
          ? [{ path: ['appraisal', 'before', 'sources', index], message: `unknown source id "${id}" (not defined under sources)` }]
          : [],
      )
    : [];
}

/** The personeelsgesprek prompt: the card before the conversation, the one-click record after it. */
const appraisalSchema = z.strictObject({
  before: z.strictObject({
    title: text,
    intro: text,
    howToAskHeading: text,
    howToAsk: texts(3, 6),
    questionHeading: text,
    /** The question itself, in plain words the manager can say as it stands. */
    question: text,
    ifYesHeading: text,
    ifYes: texts(3, 6),
    privacy: text,
    sources: z.array(sourceId).min(1),
    recordButton: text,
  }),
  after: z.strictObject({
    title: text,
    intro: text,
    askedNothingButton: text,
    askedSignalledButton: text,
    notAskedButton: text,
    reasonLabel: text,
    reasonError: text,
    notAskedConfirmButton: text,
  }),
  recorded: z.strictObject({
    title: text,
    askedNothingSignalled: text,
    askedSignalled: text,
    notAsked: text,
    alreadyRecorded: text,
    anonymous: text,
  }),
  notAskedReasons: exactKeys(NOT_ASKED_REASONS, text),
});

/** Proactive reminders, the weekly digest and the setting that chooses between them. */
const remindersSchema = z.strictObject({
  kinds: exactKeys(REMINDER_KINDS, z.strictObject({ title: text, body: text })),
  stepLabel: text,
  dueLabel: text,
  openButton: text,
  snoozeDayButton: text,
  snoozeWeekButton: text,
  dismissButton: text,
  digestButton: text,
  snoozed: text,
  snoozedUntilLabel: text,
  dismissed: text,
  gone: text,
  digest: z.strictObject({ title: text, intro: text, empty: text, dueHeading: text, nothingDue: text }),
  settings: z.strictObject({
    title: text,
    intro: text,
    currentLabel: text,
    separateMode: text,
    digestMode: text,
    separateButton: text,
    digestButton: text,
  }),
});

/** A text with `{name}` in it, filled in by the bot. */
const textWith = (placeholder: string) => text.refine((value) => value.includes(`{${placeholder}}`), `must contain {${placeholder}}`);

/** The manager's own data: a one-time download of their cases (`mijn gegevens`), and deleting a case (`verwijder`). */
const dataRightsSchema = z.strictObject({
  myData: z.strictObject({
    title: text,
    intro: text,
    /** Under the download button: how long the link works. */
    linkNote: textWith('minutes'),
    downloadButton: text,
    /** The page the link opens in the browser, before the download. */
    pageTitle: text,
    pageIntro: text,
    /** The page of a link that expired, was used or never existed. */
    linkGone: text,
    /** The page when the store cannot be read. */
    unavailable: text,
    /** The downloaded file's name, before the date. */
    fileName: z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and hyphens'),
    /** At the top of the file: what it holds and what it does not. */
    about: text,
  }),
  deleteCase: z.strictObject({
    listTitle: text,
    empty: text,
    chooseButton: text,
    confirmTitle: text,
    confirmBody: text,
    /** What stays after a deletion (the tombstone, the anonymous HR rows). */
    keptNote: text,
    confirmButton: text,
    deletedTitle: text,
    deletedBody: text,
    /** On a confirmation card that was out of date: confirm again. */
    changedNote: text,
  }),
});

export const localeContentSchema = z
  .strictObject({
    meta: z.strictObject({
      locale: z.enum(CONTENT_LOCALES),
      contentVersion: text,
      /** The visible statement that this is an interim synthesis until the official model exists. */
      interimNotice: text,
      /** Shown next to every free-text input. */
      privacyHint: text,
    }),
    rungs: exactKeys(RUNGS, text),
    steps: exactKeys(STEP_IDS, stepSchema),
    /** Guidance that fits the situation (who did it, who was hit, how it came in), shown on the steps it concerns. */
    situationNotes: exactKeys(SITUATION_NOTE_IDS, z.strictObject({ title: text, text, sources: z.array(sourceId).min(1) })),
    sources: z.record(sourceId, sourceSchema),
    choices: z.strictObject({
      categories: exactKeys(CHOICE_GROUPS.categories, text),
      signalSource: exactKeys(CHOICE_GROUPS.signalSource, text),
      occurrence: exactKeys(CHOICE_GROUPS.occurrence, text),
      perpetrator: exactKeys(CHOICE_GROUPS.perpetrator, text),
      affected: exactKeys(CHOICE_GROUPS.affected, text),
      addressOutcome: exactKeys(CHOICE_GROUPS.addressOutcome, text),
      consultedWith: exactKeys(CHOICE_GROUPS.consultedWith, text),
      factFinding: exactKeys(CHOICE_GROUPS.factFinding, text),
      partyMeasures: exactKeys(CHOICE_GROUPS.partyMeasures, text),
      workerMeasures: exactKeys(CHOICE_GROUPS.workerMeasures, text),
      structuralMeasures: exactKeys(CHOICE_GROUPS.structuralMeasures, text),
      sanctionDecision: exactKeys(CHOICE_GROUPS.sanctionDecision, text),
      noSanctionReason: exactKeys(CHOICE_GROUPS.noSanctionReason, text),
      formalReportReason: exactKeys(CHOICE_GROUPS.formalReportReason, text),
      reportRoute: exactKeys(CHOICE_GROUPS.reportRoute, text),
      reportOutcome: exactKeys(CHOICE_GROUPS.reportOutcome, text),
      closeReason: exactKeys(CHOICE_GROUPS.closeReason, text),
    } satisfies { [G in ChoiceGroup]: z.ZodType }),
    fields: z.strictObject({
      ...exactKeys([...EVENT_INPUT_IDS, ...SPECIFIC_LABEL_IDS], fieldSchema).shape,
      /** `button` opens the note: it stays folded until the manager wants to write one. */
      note: z.strictObject({ label: text, error: text, button: text }),
      /** Asked once, on the first signal: the coarse unit HR aggregates by. */
      orgUnit: fieldSchema,
    }),
    actions: exactKeys(EVENT_TYPES, text),
    ui: uiSchema,
    appraisal: appraisalSchema,
    reminders: remindersSchema,
    dataRights: dataRightsSchema,
  })
  // Runs even when other parts are invalid, so one start-up error lists every problem at once.
  .superRefine((content, ctx) => [...unknownSourceIds(content), ...unknownAppraisalSourceIds(content)].forEach((issue) => ctx.addIssue({ code: 'custom', ...issue })), {
    when: () => true,
  });

export type LocaleContent = z.output<typeof localeContentSchema>;
export type StepContent = LocaleContent['steps'][keyof LocaleContent['steps']];
export type SourceContent = LocaleContent['sources'][string];

const localized = z.strictObject({ nl: text, en: text });

export const MELDKANAAL_KINDS = ['vertrouwenspersoon', 'integrity', 'complaint', 'whistleblower', 'external'] as const;
export type MeldkanaalKind = (typeof MELDKANAAL_KINDS)[number];

export const meldkanaalSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lowercase words joined by hyphens'),
  kind: z.enum(MELDKANAAL_KINDS),
  name: localized,
  description: localized,
  contact: localized,
});

/** The reporting channels of an organisation: a list, ids unique. */
export const meldkanalenSchema = z
  .array(meldkanaalSchema)
  .min(1)
  .superRefine((channels, ctx) => duplicateIds(channels).forEach((issue) => ctx.addIssue({ code: 'custom', ...issue })), {
    when: () => true,
  });

export type Meldkanaal = z.output<typeof meldkanaalSchema>;
export type Meldkanalen = z.output<typeof meldkanalenSchema>;
