/**
 * A manager's organisation units as cards (issue 19 §2). Pure: content and units in, view models
 * out. A change is asked for on one card and made only from a second, confirming card: the bot
 * audits it when confirmed.
 *
 * | what                              | template      | shows                                                        |
 * |-----------------------------------|---------------|--------------------------------------------------------------|
 * | `onderdeel` / `unit`              | unit-settings | the current units; a choice of configured units; replace, add, remove |
 * | replace / add / remove (ask)      | notice        | the units now and after the change; confirm; cancel          |
 * | confirmed (done) or no change     | notice        | the units from now on                                        |
 */
import type { LocaleContent } from '../content/schema';
import { cardButton, commandActionData, unitAskActionData, unitConfirmActionData } from './actions';
import type { CardButton, UnitChange } from './actions';
import { noticeModel } from './notice-model';
import type { NoticeModel } from './notice-model';
import type { FieldModel } from './view-models';

export interface UnitSettingsModel {
  title: string;
  body: string;
  explain: string;
  orgUnit: FieldModel;
  replace: CardButton;
  add: { visible: boolean; button: CardButton };
  remove: { visible: boolean; button: CardButton };
}

const listOf = (units: readonly string[], content: LocaleContent) => (units.length === 0 ? content.ui.orgUnitSettings.noneValue : units.join(', '));

/** The settings card: `units` are the manager's, `configured` the units one can choose (ORG_UNITS). */
export function unitSettingsModel(content: LocaleContent, units: readonly string[], configured: readonly string[]): UnitSettingsModel {
  const s = content.ui.orgUnitSettings;
  return {
    title: s.title,
    body: units.length === 0 ? s.none : s.current.replace('{units}', units.join(', ')),
    explain: s.explain,
    orgUnit: {
      id: 'orgUnit',
      label: s.chooseLabel,
      error: s.chooseError,
      required: true,
      value: '',
      choices: [...new Set(configured)].map((unit) => ({ title: unit, value: unit })),
      style: 'compact',
      invalid: false,
    },
    replace: cardButton(s.replaceButton, unitAskActionData('replace')),
    add: { visible: units.length > 0, button: cardButton(s.addButton, unitAskActionData('add')) },
    remove: { visible: units.length > 1, button: cardButton(s.removeButton, unitAskActionData('remove')) },
  };
}

/** The confirmation: the units now and after the change; only its button makes the change. */
export function unitConfirmModel(content: LocaleContent, change: UnitChange, unit: string, before: readonly string[], after: readonly string[]): NoticeModel {
  const s = content.ui.orgUnitSettings;
  return noticeModel({
    title: s.confirmTitle,
    body: s.confirmBody,
    facts: [
      { title: s.beforeLabel, value: listOf(before, content) },
      { title: s.afterLabel, value: listOf(after, content) },
    ],
    buttons: [cardButton(s.confirmButton, unitConfirmActionData(change, unit)), cardButton(content.ui.cancelButton, commandActionData('orgUnit'))],
  });
}

/** After a confirmed change, or a change that would change nothing. */
export function unitDoneModel(content: LocaleContent, units: readonly string[], changed: boolean): NoticeModel {
  const s = content.ui.orgUnitSettings;
  return changed
    ? noticeModel({ title: s.doneTitle, body: s.doneBody.replace('{units}', listOf(units, content)) })
    : noticeModel({ title: s.unchangedTitle, body: s.unchangedBody, buttons: [cardButton(s.title, commandActionData('orgUnit'))] });
}
