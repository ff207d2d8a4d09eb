/**
 * One turn of the conversation, top-down and free of botbuilder:
 * parse the action → check owner and revision → load the case → transition → persist (one
 * transaction) → render. Every refusal answers with a catalogued, localized message and writes
 * nothing.
 */
import { randomBytes } from 'node:crypto';
import type { Locale } from '../content/load';
import type { LocaleContent, Meldkanalen } from '../content/schema';
import type { SituationsContent } from '../content/situations';
import { asksForForm, parseActionData } from '../cards/actions';
import type { CardActionData, Command } from '../cards/actions';
import { personalChatOnlyModel } from '../cards/personal-chat-only-model';
import { renderCard, renderStepCard } from '../cards/render';
import { situationAnswerModel } from '../cards/situation-answer-model';
import {
  errorModel,
  helpModel,
  myCasesModel,
  reportChannelsModel,
  stepCardModel,
  summaryModel,
  welcomeModel,
} from '../cards/view-models';
import type { StepCardModel } from '../cards/view-models';
import { dayOf, isoWeek } from '../flows/calendar';
import { effectsOf } from '../flows/escalation/effects';
import { parseEventInputs } from '../flows/escalation/events';
import type { EscalationEvent } from '../flows/escalation/events';
import { advance, offeredEvents, persist, startCase, stepOf } from '../flows/escalation/ladder';
import type { EscalationSnapshot } from '../flows/escalation/ladder';
import { ESCALATION_MACHINE_ID, ESCALATION_MACHINE_VERSION } from '../flows/escalation/machine';
import type { StepId } from '../flows/escalation/types';
import { reminderChangesOf } from '../flows/reminders';
import { prefillInputs } from '../flows/situations';
import { AppraisalTurns } from './appraisal/appraisal-turns';
import type { AppraisalStore } from './appraisal/appraisal-turns';
import { ReminderActions } from './reminders/reminder-actions';
import type { ReminderActionStore } from './reminders/reminder-actions';
import { DataRightsTurns } from './data-rights/data-rights-turns';
import type { DataRightsTurnsStore } from './data-rights/data-rights-turns';
import type { TeamDiscussionKit } from './team-kit/team-discussion';
import type { TeamPostTurns } from './team-kit/team-post-turns';
import { takeOverCodeIn } from './handover/handover-code';
import { HandoverTurns } from './handover/handover-turns';
import type { HandoverTurnsStore } from './handover/handover-turns';
import { UnitSettingsTurns } from './settings/unit-settings-turns';
import type { UnitSettingsStore } from './settings/unit-settings-turns';
import type { UserErrorCode, UserErrorParams } from './errors';
import type { SituationSearch } from './situation-search';
import type { HrOverview } from './hr/command';
import type { KeyedMutex } from './keyed-mutex';
import { restoreCase } from './store/case-store';
import type { CaseRow, CaseStatus, CaseStore } from './store/case-store';
import type { Actor, Card, Reply, TurnPort } from './turn';


/** What a turn reads and writes itself (the case, the owner's list, one commit, audited reads), and what the turns it hands on use. */
export type ConversationStore = Pick<CaseStore, 'load' | 'listByOwner' | 'commit' | 'recordAudit'> &
  ReminderActionStore &
  AppraisalStore &
  HandoverTurnsStore &
  UnitSettingsStore &
  DataRightsTurnsStore;

export interface ConversationDeps {
  store: ConversationStore;
  contents: Record<Locale, LocaleContent>;
  meldkanalen: Meldkanalen;
  /** The situations catalogue per locale, and the matcher that finds a free-text question's situation in it. */
  situations: Record<Locale, SituationsContent>;
  search: SituationSearch;
  locks: KeyedMutex;
  /** The only clock of a turn; flows get the time on the event. */
  now: () => Date;
  orgUnits: string[];
  noteMaxLength: number;
  /** The `hr` / `overzicht` command; without it nobody has HR access in the chat. */
  hrOverview?: HrOverview;
  /** `mijn gegevens`: where browsers reach the bot, and how long a download link works. */
  myDataLinks: { publicBaseUrl: () => string; minutes: number; teamsAppId?: string | null };
  /** The bot's Microsoft App Id, for the link to its personal chat; empty in development. */
  botAppId: string;
  /** The team-discussion kit (`teamgesprek`); without it the words are an ordinary question. */
  teamKit?: TeamDiscussionKit;
  /** Sending the kit's agenda to a team from the personal chat; without it `teamgesprek` only shows the agenda. */
  teamPosts?: TeamPostTurns;
}

/** Typed commands, Dutch with English aliases; the Teams command menu (manifest/) must only offer these. */
export const COMMANDS: Record<string, Command> = {
  help: 'help',
  hulp: 'help',
  '?': 'help',
  nieuw: 'new',
  new: 'new',
  zaken: 'cases',
  'mijn zaken': 'cases',
  cases: 'cases',
  'my cases': 'cases',
  melden: 'report',
  report: 'report',
  gesprek: 'appraisal',
  personeelsgesprek: 'appraisal',
  appraisal: 'appraisal',
  herinneringen: 'reminders',
  reminders: 'reminders',
  hr: 'hr',
  overzicht: 'hr',
  'mijn gegevens': 'myData',
  'my data': 'myData',
  verwijder: 'delete',
  delete: 'delete',
  overdragen: 'handover',
  'hand over': 'handover',
  overnemen: 'takeOver',
  'take over': 'takeOver',
  onderdeel: 'orgUnit',
  'mijn onderdeel': 'orgUnit',
  unit: 'orgUnit',
  'my unit': 'orgUnit',
};

/** The units a new case's signal card offers: the manager's own, or every configured unit when they have none yet (`first`). */
interface UnitChoice {
  offered: readonly string[];
  first: boolean;
}

/** A case as the manager's card shows it: where the turn starts from. */
interface Shown {
  caseId: string;
  revision: number;
  snapshot: EscalationSnapshot;
  /** A new case's unit choice, when the turn has read it already: its card then does not read it again. */
  unitChoice?: UnitChoice;
}

/** What a step card shows besides its case. */
interface StepCardOptions {
  error?: { code: UserErrorCode } & UserErrorParams;
  prefill?: Readonly<Record<string, string>>;
  /** The full guidance instead of the form. */
  explain?: boolean;
}

const statusOf = (step: StepId): CaseStatus => (step === 'closed' ? 'closed' : step === 'managerIsSubject' ? 'routedAway' : 'open');

const newCaseId = () => randomBytes(16).toString('base64url');

/** What a card sent back, as the prefill of the card shown again: text values only; the card model keeps only valid codes and dates, never the note. */
const prefillOf = (inputs: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(inputs).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'note'));

export class Conversation implements TurnPort {
  private readonly reminders: ReminderActions;
  private readonly appraisal: AppraisalTurns;
  private readonly dataRights: DataRightsTurns;
  private readonly handover: HandoverTurns;
  private readonly units: UnitSettingsTurns;

  constructor(private readonly deps: ConversationDeps) {
    const refuse = (actor: Actor, code: UserErrorCode, params?: UserErrorParams) => this.refuse(actor, code, params);
    this.reminders = new ReminderActions({ store: deps.store, contents: deps.contents, now: deps.now, refuse });
    this.appraisal = new AppraisalTurns({
      store: deps.store,
      contents: deps.contents,
      now: deps.now,
      orgUnits: deps.orgUnits,
      refuse,
      errorText: (actor, code, params) => this.errorText(actor, code, params),
      newCaseCard: (actor, prefill) => this.newCaseCard(actor, prefill),
    });
    this.handover = new HandoverTurns({ store: deps.store, contents: deps.contents, now: deps.now, refuse });
    this.units = new UnitSettingsTurns({ store: deps.store, contents: deps.contents, now: deps.now, orgUnits: deps.orgUnits, refuse });
    this.dataRights = new DataRightsTurns({
      store: deps.store,
      contents: deps.contents,
      now: deps.now,
      publicBaseUrl: deps.myDataLinks.publicBaseUrl,
      linkMinutes: deps.myDataLinks.minutes,
      teamsAppId: deps.myDataLinks.teamsAppId ?? null,
      refuse,
    });
  }

  welcome(actor: Actor): Reply {
    return { messages: [renderCard('welcome', welcomeModel(this.content(actor)))] };
  }

  /** The one answer outside the personal chat: nothing of anyone's cases, only the way to the personal chat. */
  personalChatOnlyCard(locale: Locale): Card {
    return renderCard('personal-chat-only', personalChatOnlyModel(this.deps.contents[locale], this.deps.botAppId));
  }

  teamDiscussionCard(text: string): Card | null {
    const locale = this.deps.teamKit?.requestedIn(text);
    return locale ? this.deps.teamKit!.agendaCard(locale) : null;
  }

  async onText(actor: Actor, text: string): Promise<Reply> {
    const kitLocale = this.deps.teamKit?.requestedIn(text);
    if (kitLocale) return this.deps.teamPosts ? this.deps.teamPosts.start(actor, kitLocale) : { messages: [this.deps.teamKit!.managerCard(kitLocale)] };
    const normalized = text.replace(/<[^>]*>/g, ' ').trim().toLowerCase().replace(/\s+/g, ' ');
    const command = COMMANDS[normalized];
    if (command) return this.runCommand(actor, command);
    const handoverCode = takeOverCodeIn(normalized);
    if (handoverCode !== null) return this.handover.show(actor, handoverCode);
    return this.answerQuestion(actor, normalized);
  }

  async onCardAction(actor: Actor, value: unknown): Promise<Reply> {
    const parsed = parseActionData(value);
    if (!parsed.ok) return this.refuse(actor, 'malformedAction');
    const { action, inputs } = parsed;
    switch (action.kind) {
      case 'command':
        return this.runCommand(actor, action.command);
      case 'open':
        return this.openCase(actor, action.caseId);
      case 'repeatAsk':
        return this.askRepetition(actor, action.caseId);
      case 'explain':
        return this.explain(actor, action, inputs);
      case 'step':
        return this.deps.locks.run(action.caseId, () => this.step(actor, action, inputs));
      case 'snooze':
        return this.reminders.snooze(actor, action.reminderId, action.period);
      case 'dismiss':
        return this.reminders.dismiss(actor, action.reminderId);
      case 'digest':
        return this.reminders.setDigest(actor, action.weekly);
      case 'appraisal':
        return this.appraisal.act(actor, action, inputs);
      case 'deleteAsk':
        return this.dataRights.askDelete(actor, action.caseId);
      case 'deleteCase':
        return this.deps.locks.run(action.caseId, () => this.dataRights.deleteCase(actor, action.caseId, action.revision));
      case 'situation':
        return { messages: [await this.newCaseCard(actor, prefillInputs(action.situation))] };
      case 'handoverAsk':
        return this.handover.ask(actor, action.caseId);
      case 'handoverPropose':
        return this.handover.propose(actor, action.caseId, inputs);
      case 'handoverCancel':
        return this.handover.withdraw(actor, action.caseId);
      case 'handoverAccept':
        return this.handover.accept(actor, action.token, action.revision);
      case 'unitAsk':
        return this.units.ask(actor, action.change, inputs);
      case 'unitConfirm':
        return this.units.confirm(actor, action.change, action.unit);
      case 'teamPostSend':
        return this.deps.teamPosts ? this.deps.teamPosts.send(actor, action, inputs) : this.refuse(actor, 'malformedAction');
      case 'teamPostCancel':
        return this.deps.teamPosts ? this.deps.teamPosts.cancel(actor, action.post) : this.refuse(actor, 'malformedAction');
    }
  }

  private async runCommand(actor: Actor, command: Command): Promise<Reply> {
    const content = this.content(actor);
    switch (command) {
      case 'help':
        return { messages: [renderCard('help', helpModel(content))] };
      case 'report':
        return { messages: [renderCard('report-channels', reportChannelsModel(content, this.deps.meldkanalen, actor.locale))] };
      case 'cases': {
        const rows = await this.deps.store.listByOwner(actor.userId, 20);
        const cases = rows.map((row) => ({ caseId: row.id, step: row.step, status: row.status, updatedAt: row.updatedAt, context: restoreCase(row).context }));
        return { messages: [renderCard('my-cases', myCasesModel(content, cases))] };
      }
      case 'new':
        return this.newCase(actor);
      case 'appraisal':
        return this.appraisal.start(actor);
      case 'reminders':
        return this.reminders.settings(actor);
      case 'hr':
        return this.hrOverview(actor);
      case 'myData':
        return this.dataRights.myData(actor);
      case 'delete':
        return this.dataRights.deleteList(actor);
      case 'handover':
        return this.handover.list(actor);
      case 'takeOver':
        return this.handover.enterCode(actor);
      case 'orgUnit':
        return this.units.show(actor);
    }
  }

  /** HR users get the suppressed summary; everyone else is told they have no access. */
  private async hrOverview(actor: Actor): Promise<Reply> {
    const overview = this.deps.hrOverview;
    if (!overview?.allows(actor.userId)) return this.refuse(actor, 'noHrAccess');
    return { messages: [await overview.card(actor.userId, actor.locale)] };
  }

  /**
   * A new case exists only once its signal is recorded: the first card carries a fresh id at
   * revision 0, so typing `nieuw` and walking away leaves nothing behind.
   */
  private async newCase(actor: Actor): Promise<Reply> {
    return { messages: [await this.newCaseCard(actor)] };
  }

  private newCaseCard(actor: Actor, prefill?: Readonly<Record<string, string>>): Promise<Card> {
    return this.stepCard(actor, { caseId: newCaseId(), revision: 0, snapshot: startCase(this.deps.now().toISOString()) }, prefill ? { prefill } : {});
  }

  private async openCase(actor: Actor, caseId: string): Promise<Reply> {
    const row = await this.deps.store.load(caseId);
    if (!row) return this.refuse(actor, 'caseNotFound');
    if (row.ownerId !== actor.userId) return this.refuse(actor, 'notYourCase');
    await this.deps.store.recordAudit({ actor: actor.userId, action: 'read', caseId, detail: 'case', at: this.deps.now().toISOString() });
    return { messages: [await this.stepCard(actor, { caseId: row.id, revision: row.revision, snapshot: restoreCase(row) })] };
  }

  /**
   * "Uitleg" and back: the case's current step card in place, with the full guidance or with the
   * form. A new case exists only on its card until its signal is recorded (revision 0).
   */
  private async explain(actor: Actor, action: Extract<CardActionData, { kind: 'explain' }>, inputs: Record<string, unknown>): Promise<Reply> {
    const row = await this.deps.store.load(action.caseId);
    if (!row && action.revision !== 0) return this.refuse(actor, 'caseNotFound');
    if (row && row.ownerId !== actor.userId) return this.refuse(actor, 'notYourCase');
    if (row) await this.deps.store.recordAudit({ actor: actor.userId, action: 'read', caseId: row.id, detail: 'case', at: this.deps.now().toISOString() });
    const snapshot = row ? restoreCase(row) : startCase(this.deps.now().toISOString());
    // The values the form was prefilled with came along on the button: the form comes back as it was.
    const shown: Shown = { caseId: action.caseId, revision: row?.revision ?? 0, snapshot };
    return { inPlace: await this.stepCard(actor, shown, { prefill: prefillOf(inputs), explain: !asksForForm(action) }), messages: [] };
  }

  /** "It happened again" on an open case: a small card with the date and whether it was the same person. */
  private async askRepetition(actor: Actor, caseId: string): Promise<Reply> {
    const row = await this.deps.store.load(caseId);
    if (!row) return this.refuse(actor, 'caseNotFound');
    if (row.ownerId !== actor.userId) return this.refuse(actor, 'notYourCase');
    const snapshot = restoreCase(row);
    if (!offeredEvents(snapshot).includes('REPORT_REPETITION')) return this.refuse(actor, 'notAllowedHere');
    return { messages: [renderCard('repetition-form', await this.stepCardModelOf(actor, { caseId: row.id, revision: row.revision, snapshot }))] };
  }

  /** A step on the ladder: validated, then one transition, then one transaction. */
  private async step(actor: Actor, action: Extract<CardActionData, { kind: 'step' }>, inputs: Record<string, unknown>): Promise<Reply> {
    const at = this.deps.now().toISOString();
    const row = await this.deps.store.load(action.caseId);
    if (!row && action.revision !== 0) return this.refuse(actor, 'caseNotFound');
    if (row && row.ownerId !== actor.userId) return this.refuse(actor, 'notYourCase');
    // A new case's units are read once, for its unit and for any card this turn answers with.
    const shown: Shown = row
      ? { caseId: action.caseId, revision: row.revision, snapshot: restoreCase(row) }
      : { caseId: action.caseId, revision: 0, snapshot: startCase(at), unitChoice: await this.orgUnitChoice(actor) };
    // A card from before the machine changed may ask for inputs this version no longer knows: show the current card.
    if (row && action.mv !== ESCALATION_MACHINE_VERSION) return this.current(actor, shown, 'olderCard');
    if (shown.revision !== action.revision) return this.current(actor, shown);
    const recordedStep = stepOf(shown.snapshot);

    if (!offeredEvents(shown.snapshot).includes(action.event)) return this.retry(actor, shown, 'notAllowedHere');
    const note = typeof inputs.note === 'string' ? inputs.note.trim() : '';
    if (note.length > this.deps.noteMaxLength) return this.retry(actor, shown, 'noteTooLong', { max: this.deps.noteMaxLength }, inputs);
    const parsed = parseEventInputs(action.event, inputs, at);
    const { orgUnit, first } = this.orgUnitFor(row, shown, inputs);
    const wrongFields = [...(parsed.ok ? [] : parsed.fields), ...(orgUnit === null ? ['orgUnit'] : [])];
    if (!parsed.ok || orgUnit === null) return this.retry(actor, shown, 'invalidInput', { fields: wrongFields }, inputs);

    const result = advance(shown.snapshot, parsed.event);
    if (!result.accepted) return this.retry(actor, shown, result.rejection, {}, inputs);

    const next = result.snapshot;
    const nextStep = stepOf(next);
    const effects = effectsOf(parsed.event, next.context, nextStep);
    const committed = await this.deps.store.commit({
      caseId: shown.caseId,
      ownerId: actor.userId,
      expectedRevision: row ? row.revision : null,
      machineId: ESCALATION_MACHINE_ID,
      machineVersion: ESCALATION_MACHINE_VERSION,
      snapshot: persist(next),
      step: nextStep,
      status: statusOf(nextStep),
      orgUnit,
      at,
      notes: note ? [{ step: recordedStep, text: note }] : [],
      hrLog: [{ ...effects.hr, orgUnit, isoWeek: isoWeek(dayOf(at)) }],
      reminders: reminderChangesOf(effects),
      audit: [
        ...(row ? [] : [{ actor: actor.userId, action: 'create' as const, detail: 'case' }]),
        { actor: actor.userId, action: 'transition', detail: parsed.event.type },
        ...(note ? [{ actor: actor.userId, action: 'note' as const, detail: recordedStep }] : []),
      ],
      // A manager's first unit comes from their first signal card: from then on it is in their settings.
      ...(first ? { firstUnit: orgUnit } : {}),
      ...(actor.reference !== undefined ? { conversationRef: actor.reference } : {}),
    });
    if (!committed.ok) {
      // Another turn won the race: show what is current now, change nothing.
      const current = committed.current;
      return current ? this.current(actor, { caseId: current.id, revision: current.revision, snapshot: restoreCase(current) }) : this.refuse(actor, 'caseNotFound');
    }

    const content = this.content(actor);
    return {
      inPlace: renderCard('summary', summaryModel({ content, recordedStep, event: parsed.event, noteStored: note.length > 0, nextStep, caseId: shown.caseId })),
      messages: [await this.stepCard(actor, { caseId: shown.caseId, revision: committed.revision, snapshot: next })],
      ...(actor.reference !== undefined ? { referenceStored: true as const } : {}),
    };
  }

  /**
   * A case keeps the unit it was recorded with. A new case gets the manager's unit from their
   * settings, or one of their units that the card offered (orgUnitChoice); only a manager without
   * a unit chooses among all configured units, and that choice becomes their unit (`first`).
   * null when the unit is missing or not one the card could offer: a payload naming another unit
   * is refused, so no case lands in a unit that is not the manager's (issue 19 §2). `shown`
   * carries a new case's choice as the turn read it.
   */
  private orgUnitFor(row: CaseRow | null, shown: Shown, inputs: Record<string, unknown>): { orgUnit: string | null; first: boolean } {
    if (row) return { orgUnit: row.orgUnit, first: false };
    const { offered, first } = shown.unitChoice ?? { offered: [], first: false };
    if (offered.length === 1 && !first) return { orgUnit: offered[0]!, first };
    const chosen = typeof inputs.orgUnit === 'string' && offered.includes(inputs.orgUnit) ? inputs.orgUnit : null;
    return { orgUnit: chosen, first };
  }

  private async orgUnitChoice(actor: Actor): Promise<UnitChoice> {
    const units = await this.units.unitsOf(actor.userId);
    return units.length === 0 ? { offered: this.deps.orgUnits, first: true } : { offered: units, first: false };
  }

  /**
   * A question is answered for the situation it is about (in the user's language, whatever language
   * it was asked in), with a button to start a case on that route; an open case is offered to
   * continue, not re-sent. When nothing matches well, the answer says so instead of guessing.
   */
  private async answerQuestion(actor: Actor, question: string): Promise<Reply> {
    const open = (await this.deps.store.listByOwner(actor.userId, 20)).find((row) => row.status === 'open');
    const match = this.deps.search.best(question, actor.locale);
    const model = situationAnswerModel({
      content: this.content(actor),
      situations: this.deps.situations[actor.locale],
      situation: match?.situation ?? null,
      ...(open ? { openCase: { caseId: open.id, step: open.step, updatedAt: open.updatedAt, context: restoreCase(open).context } } : {}),
    });
    return { messages: [renderCard('situation-answer', model)] };
  }

  /** The current card of a case, unchanged: the answer to a stale or double click, or a card of an older version. */
  private async current(actor: Actor, shown: Shown, code: 'staleRevision' | 'olderCard' = 'staleRevision'): Promise<Reply> {
    const card = await this.stepCard(actor, shown, { error: { code } });
    return { inPlace: card, messages: [], notice: this.errorText(actor, code) };
  }

  /** The same step again, with what to correct and what the manager filled in; nothing was written. */
  private async retry(actor: Actor, shown: Shown, code: UserErrorCode, params: UserErrorParams = {}, inputs: Record<string, unknown> = {}): Promise<Reply> {
    const card = await this.stepCard(actor, shown, { error: { code, ...params }, prefill: prefillOf(inputs) });
    return { inPlace: card, messages: [], notice: this.errorText(actor, code, params) };
  }

  private refuse(actor: Actor, code: UserErrorCode, params: UserErrorParams = {}): Reply {
    return { messages: [renderCard('error', errorModel(this.content(actor), code, params))], notice: this.errorText(actor, code, params) };
  }

  private errorText(actor: Actor, code: UserErrorCode, params: UserErrorParams = {}): string {
    const model = errorModel(this.content(actor), code, params);
    return [model.title, model.body, ...model.fields.map((field) => `• ${field.text}`)].join(' ');
  }

  /** The step card of a case: its model (below), rendered. */
  private async stepCard(...args: Parameters<Conversation['stepCardModelOf']>): Promise<Card> {
    return renderStepCard(await this.stepCardModelOf(...args));
  }

  private async stepCardModelOf(actor: Actor, { caseId, revision, snapshot, unitChoice: read }: Shown, { error, prefill, explain = false }: StepCardOptions = {}): Promise<StepCardModel> {
    const step = stepOf(snapshot);
    const unitChoice = step === 'signalRecord' ? (read ?? (await this.orgUnitChoice(actor))) : { offered: [], first: false };
    return stepCardModel({
      caseId,
      revision,
      step,
      context: snapshot.context,
      offered: offeredEvents(snapshot),
      content: this.content(actor),
      locale: actor.locale,
      today: dayOf(this.deps.now().toISOString()),
      orgUnits: unitChoice.offered,
      needsOrgUnit: unitChoice.first || unitChoice.offered.length > 1,
      ...(unitChoice.first ? { orgUnitHint: this.content(actor).ui.orgUnitSettings.fieldHint } : {}),
      noteMaxLength: this.deps.noteMaxLength,
      ...(error ? { error } : {}),
      ...(prefill ? { prefill } : {}),
      explain,
    });
  }

  private content(actor: Actor): LocaleContent {
    return this.deps.contents[actor.locale];
  }
}

export type { EscalationEvent };
