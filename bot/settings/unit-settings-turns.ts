/**
 * A manager's organisation units (issue 19 §2), as turns. The unit decides which group a case
 * counts in, so it is not a free choice per case: it is set once (on the first signal, in that
 * turn's commit: `TurnWrite.firstUnit`, or here) and changed only here, with a confirming card
 * whose answer the store writes together with its audit row (`settings`/orgUnitSet,
 * orgUnitReplaced, orgUnitAdded, orgUnitRemoved).
 *
 * | turn                          | answer                                                            |
 * |-------------------------------|-------------------------------------------------------------------|
 * | `onderdeel` / `unit`          | the current units and a choice of the configured ones             |
 * | replace / add / remove        | the units now and after; confirm or cancel (nothing written yet)  |
 * | confirm                       | the change, audited; or "nothing changed"                         |
 *
 * Open cases keep the unit they were recorded with: a change counts only for new cases.
 */
import { renderCard } from '../../cards/render';
import type { UnitChange } from '../../cards/actions';
import { unitConfirmModel, unitDoneModel, unitSettingsModel } from '../../cards/unit-settings-model';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import type { Actor, Reply } from '../turn';
import type { UserErrorCode, UserErrorParams } from '../errors';
import type { CaseStore } from '../store/case-store';
import { MAX_MANAGER_UNITS } from '../store/manager-units-store';
import type { UnitAuditDetail } from '../store/manager-units-store';

/** What the unit setting reads and writes: the manager's units (audited in the same write). */
export type UnitSettingsStore = Pick<CaseStore, 'managerUnits' | 'setManagerUnits'>;

export interface UnitSettingsDeps {
  store: UnitSettingsStore;
  contents: Record<Locale, LocaleContent>;
  now: () => Date;
  /** The configured units (ORG_UNITS): the only ones a manager can take. */
  orgUnits: readonly string[];
  refuse: (actor: Actor, code: UserErrorCode, params?: UserErrorParams) => Reply;
}

/** The units after `change`, or null when it changes nothing (or would leave none, or too many). */
export function changedUnits(units: readonly string[], change: UnitChange, unit: string): string[] | null {
  switch (change) {
    case 'replace':
      return units.length === 1 && units[0] === unit ? null : [unit];
    case 'add':
      return units.length === 0 || units.includes(unit) || units.length >= MAX_MANAGER_UNITS ? null : [...units, unit];
    case 'remove':
      return units.length < 2 || !units.includes(unit) ? null : units.filter((u) => u !== unit);
  }
}

function auditDetailOf(before: readonly string[], change: UnitChange): UnitAuditDetail {
  if (before.length === 0) return 'orgUnitSet';
  return change === 'replace' ? 'orgUnitReplaced' : change === 'add' ? 'orgUnitAdded' : 'orgUnitRemoved';
}

export class UnitSettingsTurns {
  constructor(private readonly deps: UnitSettingsDeps) {}

  /** The manager's units as the bot uses them: those in their settings that are still configured. */
  async unitsOf(ownerId: string): Promise<string[]> {
    return (await this.deps.store.managerUnits(ownerId)).filter((unit) => this.deps.orgUnits.includes(unit));
  }

  async show(actor: Actor): Promise<Reply> {
    const units = await this.unitsOf(actor.userId);
    return { messages: [renderCard('unit-settings', unitSettingsModel(this.content(actor), units, this.deps.orgUnits))] };
  }

  /** Replace, add or remove: the confirming card; nothing is written until it is answered. */
  async ask(actor: Actor, change: UnitChange, inputs: Record<string, unknown>): Promise<Reply> {
    const unit = inputs.orgUnit;
    if (typeof unit !== 'string' || !this.deps.orgUnits.includes(unit)) return this.deps.refuse(actor, 'invalidInput', { fields: ['orgUnit'] });
    const before = await this.unitsOf(actor.userId);
    const after = changedUnits(before, change, unit);
    if (after === null) return { inPlace: renderCard('notice', unitDoneModel(this.content(actor), before, false)), messages: [] };
    return { inPlace: renderCard('notice', unitConfirmModel(this.content(actor), change, unit, before, after)), messages: [] };
  }

  /** The confirmed change, from the units as they are now (another change may have come between). */
  async confirm(actor: Actor, change: UnitChange, unit: string): Promise<Reply> {
    if (!this.deps.orgUnits.includes(unit)) return this.deps.refuse(actor, 'invalidInput', { fields: ['orgUnit'] });
    const before = await this.unitsOf(actor.userId);
    const after = changedUnits(before, change, unit);
    if (after !== null) await this.deps.store.setManagerUnits(actor.userId, after, this.auditRow(actor, auditDetailOf(before, change)));
    return { inPlace: renderCard('notice', unitDoneModel(this.content(actor), after ?? before, after !== null)), messages: [] };
  }

  private auditRow(actor: Actor, detail: UnitAuditDetail) {
    return { actor: actor.userId, action: 'settings' as const, caseId: null, detail, at: this.deps.now().toISOString() };
  }

  private content(actor: Actor): LocaleContent {
    return this.deps.contents[actor.locale];
  }
}
