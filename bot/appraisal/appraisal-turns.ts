/**
 * The appraisal-conversation prompt as turns: `gesprek` shows the card for before the
 * conversation; afterwards one click records, as an anonymous counter only, whether the question
 * was asked and whether something was signalled. Nothing of the conversation is stored, not even a
 * snapshot: the card says which step it was rendered at, and a random token on it makes a repeated
 * click count once. When something was signalled, a new case is offered with the source prefilled.
 *
 * | click                      | writes                                 | reply                              |
 * |----------------------------|----------------------------------------|------------------------------------|
 * | `gesprek` / `appraisal`    | —                                      | before card                        |
 * | after the conversation     | —                                      | after card                         |
 * | asked / not asked (+reason) | counter + token (once), unit if chosen | recorded, in place (+ a new case card) |
 */
import { randomBytes } from 'node:crypto';
import type { AppraisalActionData } from '../../cards/actions';
import { appraisalAfterModel, appraisalBeforeModel, appraisalRecordedModel } from '../../cards/appraisal-models';
import { renderCard } from '../../cards/render';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import {
  advanceAppraisal,
  appraisalAt,
  appraisalOutcomeOf,
  appraisalStepOf,
  offeredAppraisalEvents,
  offersCase,
  parseAppraisalInputs,
} from '../../flows/appraisal/prompt';
import { dayOf, quarterOf } from '../../flows/calendar';
import type { Card, Actor, Reply } from '../turn';
import type { UserErrorCode, UserErrorParams } from '../errors';
import type { CaseStore } from '../store/case-store';

/** What the appraisal question writes: the anonymous count, and the manager's unit when they name it. */
export type AppraisalStore = Pick<CaseStore, 'recordAppraisal' | 'userSettings' | 'setManagerUnits'>;

export interface AppraisalDeps {
  store: AppraisalStore;
  contents: Record<Locale, LocaleContent>;
  now: () => Date;
  orgUnits: string[];
  refuse: (actor: Actor, code: UserErrorCode, params?: UserErrorParams) => Reply;
  errorText: (actor: Actor, code: UserErrorCode, params?: UserErrorParams) => string;
  /** The first card of a new case, with these inputs prefilled. */
  newCaseCard: (actor: Actor, prefill: Readonly<Record<string, string>>) => Promise<Card>;
}

/** The signal source a case started from an appraisal conversation is prefilled with. */
const APPRAISAL_SOURCE = { source: 'appraisalConversation' } as const;

const newToken = () => randomBytes(16).toString('base64url');

export class AppraisalTurns {
  constructor(private readonly deps: AppraisalDeps) {}

  start(actor: Actor): Reply {
    return { messages: [renderCard('appraisal-before', appraisalBeforeModel(this.content(actor), newToken()))] };
  }

  async act(actor: Actor, action: AppraisalActionData, inputs: Record<string, unknown>): Promise<Reply> {
    const shown = appraisalAt(action.step);
    if (!offeredAppraisalEvents(shown).includes(action.event)) return this.deps.refuse(actor, 'notAllowedHere');
    // Read once for the whole turn: the card it answers with asks for the unit only when this lacks one.
    const settings = await this.deps.store.userSettings(actor.userId);
    const parsed = parseAppraisalInputs(action.event, inputs);
    if (!parsed.ok) return this.retry(actor, action.token, settings.orgUnit, 'invalidInput', parsed.fields);
    const result = advanceAppraisal(shown, parsed.event);
    if (!result.accepted) return this.deps.refuse(actor, 'notAllowedHere');
    const outcome = appraisalOutcomeOf(result.snapshot);
    if (!outcome) return { messages: [this.afterCard(actor, action.token, settings.orgUnit)] };

    const orgUnit = this.knownUnit(settings.orgUnit) ?? this.knownUnit(inputs.orgUnit);
    if (!orgUnit) return this.retry(actor, action.token, settings.orgUnit, 'invalidInput', ['orgUnit']);
    const at = this.deps.now().toISOString();
    const counted = await this.deps.store.recordAppraisal({ orgUnit, quarter: quarterOf(dayOf(at)), ...outcome }, action.token, at);
    // A manager without a (configured) unit chose it on this card: it becomes their unit, audited as on a first signal.
    if (orgUnit !== settings.orgUnit) {
      const detail = settings.orgUnit === null ? 'orgUnitSet' : 'orgUnitReplaced';
      await this.deps.store.setManagerUnits(actor.userId, [orgUnit], { actor: actor.userId, action: 'settings', caseId: null, detail, at });
    }

    const step = appraisalStepOf(result.snapshot) as 'askedNothingSignalled' | 'askedSignalled' | 'notAsked';
    return {
      inPlace: renderCard('notice', appraisalRecordedModel(this.content(actor), counted ? step : 'alreadyRecorded')),
      messages: counted && offersCase(result.snapshot) ? [await this.deps.newCaseCard(actor, APPRAISAL_SOURCE)] : [],
    };
  }

  /** `orgUnit`: the manager's unit as the turn read it from their settings. */
  private afterCard(actor: Actor, token: string, orgUnit: string | null, error?: { code: UserErrorCode; fields: string[] }): Card {
    return renderCard(
      'appraisal-after',
      appraisalAfterModel({
        content: this.content(actor),
        token,
        orgUnits: this.deps.orgUnits,
        needsOrgUnit: this.knownUnit(orgUnit) === null,
        ...(error ? { error } : {}),
      }),
    );
  }

  /** The after card again, saying what to correct; nothing was counted. */
  private retry(actor: Actor, token: string, orgUnit: string | null, code: UserErrorCode, fields: string[]): Reply {
    return { inPlace: this.afterCard(actor, token, orgUnit, { code, fields }), messages: [], notice: this.deps.errorText(actor, code, { fields }) };
  }

  private knownUnit(value: unknown): string | null {
    return typeof value === 'string' && this.deps.orgUnits.includes(value) ? value : null;
  }

  private content(actor: Actor): LocaleContent {
    return this.deps.contents[actor.locale];
  }
}
