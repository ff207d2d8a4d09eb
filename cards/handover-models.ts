/**
 * Handing a case over to another manager, as cards. Pure: content and case facts in, view models
 * out. Acceptance shows only the recorded facts (codes with their labels): never a note.
 *
 * | what                              | template          | shows                                                   |
 * |-----------------------------------|-------------------|---------------------------------------------------------|
 * | `overdragen`                      | my-cases          | the manager's open cases, each with "hand over…"         |
 * | "hand over…" on a case (proposal) | handover-propose  | what happens; the toggle "include my notes"; create code |
 * | the code                          | notice            | the code, until when, notes go or stay, how to accept; withdraw |
 * | withdrawn                         | notice            | that the code no longer works                           |
 * | `overnemen` without a code        | notice            | how to type the code                                    |
 * | `overnemen <code>` (acceptance)   | notice            | the case's facts, whether notes come along; accept      |
 * | accepted (done)                   | notice            | that the case is now theirs; open it                    |
 */
import type { LocaleContent } from '../content/schema';
import type { EscalationContext, IsoInstant } from '../flows/escalation/types';
import { cardButton, commandActionData, handoverAcceptActionData, handoverAskActionData, handoverCancelActionData, handoverProposeActionData, openActionData } from './actions';
import type { CardButton } from './actions';
import { factsOfContext } from './data-rights-models';
import { noticeModel } from './notice-model';
import type { NoticeModel } from './notice-model';
import { formatInstant, myCaseSummary } from './view-models';
import type { Fact, MyCase, MyCasesModel } from './view-models';

export interface HandoverProposeModel {
  title: string;
  body: string;
  facts: Fact[];
  includeNotes: { label: string; help: string };
  propose: CardButton;
  cancel: CardButton;
}

/** A case as the hand-over cards show it: where it stands and what was recorded. */
export interface HandoverCase extends MyCase {
  revision: number;
  orgUnit: string;
  context: EscalationContext;
}

/** `overdragen`: the open cases, each with "hand over…". */
export function handoverListModel(content: LocaleContent, cases: readonly MyCase[]): MyCasesModel {
  const h = content.ui.handover;
  return {
    title: h.listTitle,
    empty: { visible: cases.length === 0, text: h.empty },
    cases: cases.map((c) => ({ ...myCaseSummary(content, c), open: cardButton(h.chooseButton, handoverAskActionData(c.caseId)) })),
    start: cardButton(content.ui.cancelButton, commandActionData('cases')),
  };
}

export function handoverProposeModel(content: LocaleContent, c: MyCase): HandoverProposeModel {
  const h = content.ui.handover;
  return {
    title: h.proposeTitle,
    body: h.proposeBody,
    facts: myCaseSummary(content, c).facts,
    includeNotes: { label: h.includeNotesLabel, help: h.includeNotesHelp },
    propose: cardButton(h.proposeButton, handoverProposeActionData(c.caseId)),
    cancel: cardButton(content.ui.cancelButton, commandActionData('cases')),
  };
}

export function handoverCodeModel(content: LocaleContent, input: { caseId: string; code: string; expiresAt: IsoInstant; hours: number; includeNotes: boolean }): NoticeModel {
  const h = content.ui.handover;
  return noticeModel({
    title: h.codeTitle,
    body: h.codeBody,
    facts: [
      { title: h.codeLabel, value: input.code },
      { title: h.validUntilLabel, value: formatInstant(content.meta.locale, input.expiresAt) },
      { title: h.notesLabel, value: input.includeNotes ? h.notesIncluded : h.notesNotIncluded },
    ],
    smallPrint: h.howToAccept.replace('{code}', input.code).replace('{hours}', String(input.hours)),
    buttons: [cardButton(h.withdrawButton, handoverCancelActionData(input.caseId))],
  });
}

export function handoverWithdrawnModel(content: LocaleContent, withdrawn: boolean): NoticeModel {
  const h = content.ui.handover;
  return noticeModel({ title: h.withdrawnTitle, body: withdrawn ? h.withdrawnBody : h.notWithdrawnBody, buttons: [cardButton(content.ui.myCases.title, commandActionData('cases'))] });
}

export function handoverEnterCodeModel(content: LocaleContent): NoticeModel {
  const h = content.ui.handover;
  return noticeModel({ title: h.enterCodeTitle, body: h.enterCodeBody });
}

/** The facts a successor sees before accepting: where the case stands and the recorded codes, with labels. */
function caseFacts(content: LocaleContent, c: HandoverCase): Fact[] {
  const recorded = factsOfContext(content, c.context).flatMap((fact) => (fact.label && fact.text ? [{ title: fact.label, value: fact.text }] : []));
  return [...myCaseSummary(content, c).facts, { title: content.fields.orgUnit.label, value: c.orgUnit }, ...recorded];
}

/** "Take over this case?", for the revision shown; `changed` when an earlier confirmation was out of date. */
export function handoverAcceptModel(content: LocaleContent, input: { code: string; includeNotes: boolean; case: HandoverCase }, changed = false): NoticeModel {
  const h = content.ui.handover;
  return noticeModel({
    title: h.acceptTitle,
    body: changed ? `${h.changedNote} ${h.acceptBody}` : h.acceptBody,
    facts: caseFacts(content, input.case),
    smallPrint: input.includeNotes ? h.notesMovedNote : h.notesStayedNote,
    buttons: [cardButton(h.acceptButton, handoverAcceptActionData(input.code, input.case.revision)), cardButton(content.ui.cancelButton, commandActionData('cases'))],
  });
}

export function handoverDoneModel(content: LocaleContent, input: { caseId: string; notesMoved: boolean }): NoticeModel {
  const h = content.ui.handover;
  return noticeModel({
    title: h.doneTitle,
    body: h.doneBody,
    smallPrint: input.notesMoved ? h.notesMovedNote : h.notesStayedNote,
    buttons: [cardButton(h.openButton, openActionData(input.caseId))],
  });
}
