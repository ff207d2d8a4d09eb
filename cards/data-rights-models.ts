/**
 * The manager's own data, as cards and as the downloaded file. Pure: content and case facts in,
 * view models (or the export document) out.
 *
 * | what                      | template   | shows                                                     |
 * |---------------------------|------------|-----------------------------------------------------------|
 * | `mijn gegevens`           | my-data    | what the file holds, a one-time download link (no case content) |
 * | `verwijder`               | my-cases   | the manager's cases, each with "delete…"                  |
 * | "delete…" on a case       | notice     | what goes and what stays; confirm or cancel               |
 * | confirmed                 | notice     | that it is gone                                           |
 *
 * The export document keeps codes next to their labels, so it is readable and machine-readable;
 * every value in it is an enumerated code, a date, a count or the manager's own note.
 */
import type { Locale } from '../content/load';
import type { LocaleContent } from '../content/schema';
import type { EventType } from '../flows/escalation/events';
import type { EscalationContext, IsoInstant, StepId } from '../flows/escalation/types';
import type { ReminderKind } from '../flows/escalation/effects';
import { cardButton, commandActionData, deleteAskActionData, deleteCaseActionData } from './actions';
import { noticeModel } from './notice-model';
import type { NoticeModel } from './notice-model';
import { caseStatusLabel, displayValue, EVENT_FIELDS, fieldLabel, myCaseSummary } from './view-models';
import type { MyCase, MyCasesModel } from './view-models';

export interface MyDataCardModel {
  title: string;
  intro: string;
  linkNote: string;
  download: { title: string; url: string };
}

export function myDataCardModel(content: LocaleContent, url: string, minutes: number): MyDataCardModel {
  const m = content.dataRights.myData;
  return { title: m.title, intro: m.intro, linkNote: m.linkNote.replace('{minutes}', String(minutes)), download: { title: m.downloadButton, url } };
}

/** The list `verwijder` shows: the my-cases card with "delete…" instead of "continue". */
export function deleteListModel(content: LocaleContent, cases: readonly MyCase[]): MyCasesModel {
  const d = content.dataRights.deleteCase;
  return {
    title: d.listTitle,
    empty: { visible: cases.length === 0, text: d.empty },
    cases: cases.map((c) => ({ ...myCaseSummary(content, c), open: cardButton(d.chooseButton, deleteAskActionData(c.caseId)) })),
    start: cardButton(content.ui.cancelButton, commandActionData('cases')),
  };
}

/** "Delete this case for good?", for the revision the manager saw; `changed` when an earlier confirmation was out of date. */
export function deleteConfirmModel(content: LocaleContent, c: MyCase & { revision: number }, changed = false): NoticeModel {
  const d = content.dataRights.deleteCase;
  return noticeModel({
    title: d.confirmTitle,
    body: changed ? `${d.changedNote} ${d.confirmBody}` : d.confirmBody,
    facts: myCaseSummary(content, c).facts,
    smallPrint: d.keptNote,
    buttons: [cardButton(d.confirmButton, deleteCaseActionData(c.caseId, c.revision)), cardButton(content.ui.cancelButton, commandActionData('cases'))],
  });
}

export function caseDeletedModel(content: LocaleContent): NoticeModel {
  const d = content.dataRights.deleteCase;
  return noticeModel({ title: d.deletedTitle, body: d.deletedBody, buttons: [cardButton(content.ui.myCases.title, commandActionData('cases'))] });
}

// ————— the downloaded file —————

export const MY_DATA_FORMAT = 'escalatiewijzer.my-data.v1';

interface Labelled {
  code: string;
  label: string;
}

export interface ExportedFact {
  /** Where in the case it was recorded: signal, agreements, address, sanction, teamTalk, formalReport, closing. */
  section: string;
  field: string;
  /** As stored: a code, a list of codes, a date or yes/no. */
  value: unknown;
  /** The field's name and the value as the cards show them, where the content has them. */
  label?: string;
  text?: string;
}

export interface ExportedCase {
  caseId: string;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  revision: number;
  orgUnit: string;
  status: Labelled;
  step: Labelled;
  highestRung: Labelled;
  reopenCount: number;
  facts: ExportedFact[];
  notes: Array<{ step: Labelled; writtenAt: IsoInstant; text: string }>;
  reminders: Array<{ kind: Labelled; dueAt: IsoInstant; status: string }>;
}

export interface MyDataUser {
  id: string;
  orgUnit: string | null;
  /** Every unit in the manager's settings (issue 19 §2): `orgUnit` is the first of them. */
  orgUnits?: string[];
  locale: string | null;
  weeklyDigest: boolean;
}

export interface MyDataDocument {
  format: typeof MY_DATA_FORMAT;
  about: string;
  exportedAt: IsoInstant;
  locale: Locale;
  user: MyDataUser;
  cases: ExportedCase[];
  /** The manager's own notes in cases they handed over without them: still theirs, readable by them only. */
  notesInHandedOverCases: Array<{ caseId: string; notes: ExportedCase['notes'] }>;
  /** The team agendas they planned or posted (`teamgesprek`), while the store keeps them: no case is linked to one. */
  teamAgendaPosts: TeamPostToExport[];
}

export interface TeamPostToExport {
  /** The team's name as Teams gave it; null once the app has left the team. */
  team: string | null;
  dueAt: IsoInstant;
  status: 'planned' | 'sent' | 'cancelled' | 'failed';
}

export interface CaseToExport {
  caseId: string;
  createdAt: IsoInstant;
  updatedAt: IsoInstant;
  revision: number;
  orgUnit: string;
  /** open, closed or routedAway. */
  status: string;
  step: StepId;
  context: EscalationContext;
  notes: ReadonlyArray<{ step: string; text: string; at: IsoInstant }>;
  reminders: ReadonlyArray<{ kind: string; dueAt: IsoInstant; status: string }>;
}

/** The parts of the machine's context, with the events whose card fields label them. */
const FACT_SECTIONS: ReadonlyArray<readonly [keyof EscalationContext, readonly EventType[]]> = [
  ['signal', ['RECORD_SIGNAL']],
  ['agreements', ['RECORD_CONVERSATION']],
  ['address', ['ADDRESS_PREPARED', 'ADDRESS_HELD']],
  ['sanction', ['SANCTION_DECIDED']],
  ['teamTalk', ['TEAM_TALK_HELD']],
  ['formalReport', ['START_FORMAL_REPORT', 'FILE_REPORT', 'REPORT_ACKNOWLEDGED', 'REPORT_CONCLUDED']],
  ['closing', ['CLOSE']],
];

export function factsOfContext(content: LocaleContent, context: EscalationContext): ExportedFact[] {
  return FACT_SECTIONS.flatMap(([section, events]) => {
    const values = context[section];
    if (typeof values !== 'object' || values === null) return [];
    const specs = events.flatMap((event) => EVENT_FIELDS[event]);
    return Object.entries(values).map(([field, value]): ExportedFact => {
      const spec = specs.find((s) => s.id === field);
      const text = spec ? displayValue(content, spec, value) : null;
      return { section, field, value, ...(spec ? { label: fieldLabel(content, spec.key) } : {}), ...(text !== null ? { text } : {}) };
    });
  });
}

const stepLabel = (content: LocaleContent, step: string): Labelled => ({
  code: step,
  label: Object.prototype.hasOwnProperty.call(content.steps, step) ? content.steps[step as StepId].title : step,
});

const reminderLabel = (content: LocaleContent, kind: string): Labelled => ({
  code: kind,
  label: Object.prototype.hasOwnProperty.call(content.reminders.kinds, kind) ? content.reminders.kinds[kind as ReminderKind].title : kind,
});

/** A case handed over without the manager's notes: only those notes. */
export interface NotesToExport {
  caseId: string;
  notes: CaseToExport['notes'];
}

export function myDataDocument(
  content: LocaleContent,
  input: { user: MyDataUser; exportedAt: IsoInstant; cases: readonly CaseToExport[]; notesLeftBehind: readonly NotesToExport[]; teamAgendaPosts: readonly TeamPostToExport[] },
): MyDataDocument {
  const exportedNotes = (notes: CaseToExport['notes']) => notes.map((note) => ({ step: stepLabel(content, note.step), writtenAt: note.at, text: note.text }));
  return {
    format: MY_DATA_FORMAT,
    about: content.dataRights.myData.about,
    exportedAt: input.exportedAt,
    locale: content.meta.locale,
    user: input.user,
    cases: input.cases.map((c) => ({
      caseId: c.caseId,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      revision: c.revision,
      orgUnit: c.orgUnit,
      status: { code: c.status, label: caseStatusLabel(content, c.step) },
      step: stepLabel(content, c.step),
      highestRung: { code: c.context.highestRung, label: content.rungs[c.context.highestRung] },
      reopenCount: c.context.reopenCount,
      facts: factsOfContext(content, c.context),
      notes: exportedNotes(c.notes),
      reminders: c.reminders.map((reminder) => ({ kind: reminderLabel(content, reminder.kind), dueAt: reminder.dueAt, status: reminder.status })),
    })),
    notesInHandedOverCases: input.notesLeftBehind.map((left) => ({ caseId: left.caseId, notes: exportedNotes(left.notes) })),
    teamAgendaPosts: [...input.teamAgendaPosts],
  };
}
