import { caseDeletedModel, deleteConfirmModel, deleteListModel, MY_DATA_FORMAT, myDataCardModel, myDataDocument } from '../../cards/data-rights-models';
import { renderCard } from '../../cards/render';
import type { AdaptiveCardJson } from '../../cards/render';
import { loadContent, LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import { stepOf } from '../../flows/escalation/ladder';
import { STEP_IDS } from '../../flows/escalation/types';
import { cardActions, cardProblems, executeActions, schemaErrors } from '../helpers/card-schema';
import { sample, walk } from '../flows/escalation/walk';

const at = '2026-11-24T10:00:00.000Z';
const URL_OF_LINK = 'https://escalatiewijzer.example.nl/api/my-data/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';

function cardsOf(locale: Locale): [string, AdaptiveCardJson][] {
  const content = loadContent(locale);
  const cases = STEP_IDS.map((step, i) => ({ caseId: `case-${i}`, step, updatedAt: at }));
  return [
    ['my-data', renderCard('my-data', myDataCardModel(content, URL_OF_LINK, 10))],
    ['delete list', renderCard('my-cases', deleteListModel(content, cases))],
    ['delete list (empty)', renderCard('my-cases', deleteListModel(content, []))],
    ['delete confirmation', renderCard('notice', deleteConfirmModel(content, { ...cases[2]!, revision: 3 }))],
    ['delete confirmation (case changed)', renderCard('notice', deleteConfirmModel(content, { ...cases[2]!, revision: 4 }, true))],
    ['case deleted', renderCard('notice', caseDeletedModel(content))],
  ];
}

const cards = LOCALES.flatMap((locale) => cardsOf(locale).map(([name, card]) => [`${name} [${locale}]`, card] as const));

describe('the data-rights cards', () => {
  it('validate against the official Adaptive Card 1.5 schema', () => {
    expect(cards.flatMap(([name, card]) => schemaErrors(card).map((e) => `${name}: ${e}`))).toEqual([]);
  });

  it.each(cards)('%s is a well-formed 1.5 card', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
  });

  it.each(LOCALES)('my data [%s] links to the download and says how long the link works', (locale) => {
    const content = loadContent(locale);
    const card = renderCard('my-data', myDataCardModel(content, URL_OF_LINK, 7));
    expect(cardActions(card)).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', url: URL_OF_LINK, title: content.dataRights.myData.downloadButton })]);
    expect(JSON.stringify(card)).toContain(content.dataRights.myData.linkNote.replace('{minutes}', '7'));
  });

  it('the confirmation deletes the revision the manager saw, or cancels; the list asks per case', () => {
    const content = loadContent('nl');
    const confirm = renderCard('notice', deleteConfirmModel(content, { caseId: 'case-9', step: 'teamTalk', updatedAt: at, revision: 5 }));
    expect(executeActions(confirm).map((a) => a.data)).toEqual([
      { ew: 1, kind: 'deleteCase', caseId: 'case-9', revision: 5 },
      { ew: 1, kind: 'command', command: 'cases' },
    ]);
    expect(JSON.stringify(confirm)).toContain(content.dataRights.deleteCase.keptNote);
    const list = renderCard('my-cases', deleteListModel(content, [{ caseId: 'case-1', step: 'closed', updatedAt: at }]));
    expect(executeActions(list).map((a) => a.data)).toEqual([
      { ew: 1, kind: 'deleteAsk', caseId: 'case-1' },
      { ew: 1, kind: 'command', command: 'cases' },
    ]);
  });
});

describe('the downloaded file', () => {
  const closed = walk([
    sample('RECORD_SIGNAL', { categories: ['insult', 'exclusion'] }),
    sample('RECORD_CONVERSATION'),
    sample('ADDRESS_PREPARED'),
    sample('ADDRESS_HELD', { outcome: 'stopped' }),
    sample('TEAM_TALK_SKIPPED'),
    sample('CLOSE'),
  ]);

  function documentIn(locale: Locale) {
    return myDataDocument(loadContent(locale), {
      user: { id: 'aad-owner', orgUnit: 'Beleid', locale: 'nl', weeklyDigest: false },
      exportedAt: at,
      cases: [
        {
          caseId: 'case-1',
          createdAt: '2026-11-20T09:00:00.000Z',
          updatedAt: at,
          revision: 6,
          orgUnit: 'Beleid',
          status: 'closed',
          step: stepOf(closed),
          context: closed.context,
          notes: [{ step: 'signalRecord', text: 'Mijn eigen notitie', at: '2026-11-20T09:00:00.000Z' }],
          reminders: [{ kind: 'aftercare', dueAt: '2026-12-22T07:00:00.000Z', status: 'due' }],
        },
      ],
      notesLeftBehind: [{ caseId: 'case-2', notes: [{ step: 'addressPrepare', text: 'Notitie in een overgedragen zaak', at: '2026-11-21T09:00:00.000Z' }] }],
      teamAgendaPosts: [{ team: 'Team Beleid', dueAt: '2026-12-14T08:00:00.000Z', status: 'planned' }],
    });
  }

  it('lists the team agendas the manager planned, without any link to a case', () => {
    expect(documentIn('nl').teamAgendaPosts).toEqual([{ team: 'Team Beleid', dueAt: '2026-12-14T08:00:00.000Z', status: 'planned' }]);
  });

  it('keeps the notes the manager left behind in a case handed over without them, and nothing else of that case', () => {
    expect(documentIn('nl').notesInHandedOverCases).toEqual([
      { caseId: 'case-2', notes: [{ step: { code: 'addressPrepare', label: loadContent('nl').steps.addressPrepare.title }, writtenAt: '2026-11-21T09:00:00.000Z', text: 'Notitie in een overgedragen zaak' }] },
    ]);
  });

  it('keeps every code with its label, the notes as written and the reminders', () => {
    const content = loadContent('nl');
    const document = documentIn('nl');
    expect(document).toMatchObject({ format: MY_DATA_FORMAT, about: content.dataRights.myData.about, locale: 'nl', user: { id: 'aad-owner' } });
    const [exported] = document.cases;
    expect(exported).toMatchObject({
      caseId: 'case-1',
      status: { code: 'closed', label: content.ui.myCases.closedLabel },
      step: { code: 'closed', label: content.steps.closed.title },
      notes: [{ step: { code: 'signalRecord', label: content.steps.signalRecord.title }, text: 'Mijn eigen notitie' }],
      reminders: [{ kind: { code: 'aftercare', label: content.reminders.kinds.aftercare.title }, status: 'due' }],
    });
    expect(exported!.facts).toContainEqual({
      section: 'signal',
      field: 'categories',
      value: ['insult', 'exclusion'],
      label: content.fields.categories.label,
      text: `${content.choices.categories.insult}, ${content.choices.categories.exclusion}`,
    });
    expect(exported!.facts).toContainEqual(expect.objectContaining({ section: 'address', field: 'outcome', value: 'stopped', text: content.choices.addressOutcome.stopped }));
    expect(exported!.facts).toContainEqual(expect.objectContaining({ section: 'closing', field: 'reason', label: content.fields.closeReason.label }));
    // Facts the cards do not show keep their code only.
    expect(exported!.facts).toContainEqual({ section: 'teamTalk', field: 'mode', value: 'skipped' });
  });

  it('is written in the locale of the request, with the same codes', () => {
    const [nl, en] = [documentIn('nl'), documentIn('en')];
    expect(en.cases[0]!.step.label).toBe(loadContent('en').steps.closed.title);
    expect(en.cases[0]!.facts.map((f) => [f.section, f.field, f.value])).toEqual(nl.cases[0]!.facts.map((f) => [f.section, f.field, f.value]));
  });
});
