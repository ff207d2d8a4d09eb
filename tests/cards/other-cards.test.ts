import { parseActionData } from '../../cards/actions';
import type { CardActionData } from '../../cards/actions';
import { renderCard } from '../../cards/render';
import type { AdaptiveCardJson } from '../../cards/render';
import {
  errorModel,
  helpModel,
  myCasesModel,
  reportChannelsModel,
  summaryModel,
  welcomeModel,
} from '../../cards/view-models';
import { loadContent, loadMeldkanalen, LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import { UI_ERROR_CODES } from '../../content/schema';
import type { EscalationEvent } from '../../flows/escalation/events';
import { SAMPLE_EVENTS } from '../../flows/escalation/explore';
import { STEP_IDS } from '../../flows/escalation/types';
import { cardActions, cardProblems, executeActions, schemaErrors } from '../helpers/card-schema';

const at = '2026-11-24T10:00:00.000Z';

function cardsOf(locale: Locale): [string, AdaptiveCardJson][] {
  const content = loadContent(locale);
  return [
    ['welcome', renderCard('welcome', welcomeModel(content))],
    ['help', renderCard('help', helpModel(content))],
    ['my-cases', renderCard('my-cases', myCasesModel(content, STEP_IDS.map((step, i) => ({ caseId: `case-${i}`, step, updatedAt: at }))))],
    ['my-cases (empty)', renderCard('my-cases', myCasesModel(content, []))],
    ...SAMPLE_EVENTS.map((event, i): [string, AdaptiveCardJson] => [
      `summary ${event.type} #${i}`,
      renderCard('summary', summaryModel({ content, event, recordedStep: 'signalRecord', nextStep: 'addressPrepare', noteStored: i % 2 === 0, caseId: 'case-1' })),
    ]),
    ...UI_ERROR_CODES.map((code): [string, AdaptiveCardJson] => [`error ${code}`, renderCard('error', errorModel(content, code, { fields: ['categories', 'note'] }))]),
    ['report-channels', renderCard('report-channels', reportChannelsModel(content, loadMeldkanalen(), locale))],
  ];
}

const cases = LOCALES.flatMap((locale) => cardsOf(locale).map(([name, card]) => [`${name} [${locale}]`, card] as const));

describe('the other cards', () => {
  it('every other card validates against the official Adaptive Card 1.5 schema', () => {
    expect(cases.flatMap(([name, card]) => schemaErrors(card).map((e) => `${name}: ${e}`))).toEqual([]);
  });

  it.each(cases)('%s: a well-formed 1.5 card whose buttons carry parseable action data', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    for (const action of executeActions(card)) expect(parseActionData(action.data).ok).toBe(true);
  });
});

const actionsOf = (card: unknown): CardActionData[] =>
  executeActions(card).flatMap((a) => {
    const parsed = parseActionData(a.data);
    return parsed.ok ? [parsed.action] : [];
  });

describe('welcome and help', () => {
  it.each(LOCALES)('welcome [%s] offers the commands to start, list cases and get help', (locale) => {
    const content = loadContent(locale);
    const card = renderCard('welcome', welcomeModel(content));
    expect(actionsOf(card)).toEqual([
      { ew: 1, kind: 'command', command: 'new' },
      { ew: 1, kind: 'command', command: 'cases' },
      { ew: 1, kind: 'command', command: 'help' },
    ]);
    expect(cardActions(card).map((a) => a.title)).toEqual([content.ui.welcome.startButton, content.ui.welcome.casesButton, content.ui.welcome.helpButton]);
    expect(JSON.stringify(card)).toContain(content.meta.contentVersion);
  });

  it.each(LOCALES)('help [%s] lists every command from the content', (locale) => {
    const content = loadContent(locale);
    const json = JSON.stringify(renderCard('help', helpModel(content)));
    for (const c of content.ui.help.commands) expect(json).toContain(JSON.stringify({ title: c.command, value: c.description }));
  });
});

describe('my cases', () => {
  it('shows each case with its step, status and a button that opens it', () => {
    const content = loadContent('nl');
    const card = renderCard(
      'my-cases',
      myCasesModel(content, [
        { caseId: 'open-1', step: 'addressPrepare', updatedAt: at },
        { caseId: 'done-2', step: 'closed', updatedAt: at },
      ]),
    );
    const json = JSON.stringify(card);
    expect(json).toContain(JSON.stringify(content.steps.addressPrepare.title));
    expect(json).toContain(JSON.stringify(content.ui.myCases.openLabel));
    expect(json).toContain(JSON.stringify(content.ui.myCases.closedLabel));
    expect(json).toMatch(/"value":"24 [^"]*2026, 11:00"/); // 10:00Z in Amsterdam (CET)
    expect(json).not.toContain(JSON.stringify(content.ui.myCases.empty));
    expect(actionsOf(card).filter((a) => a.kind === 'open')).toEqual([
      { ew: 1, kind: 'open', caseId: 'open-1' },
      { ew: 1, kind: 'open', caseId: 'done-2' },
    ]);
  });

  it('tells a case handed to other routes apart from a closed one', () => {
    const content = loadContent('en');
    const statuses = (step: 'closed' | 'managerIsSubject') =>
      JSON.stringify(renderCard('my-cases', myCasesModel(content, [{ caseId: 'c-1', step, updatedAt: at }])));
    expect(statuses('managerIsSubject')).toContain(JSON.stringify(content.ui.myCases.routedAwayLabel));
    expect(statuses('managerIsSubject')).not.toContain(JSON.stringify(content.ui.myCases.closedLabel));
    expect(statuses('closed')).toContain(JSON.stringify(content.ui.myCases.closedLabel));
  });

  it('says so when there are no cases', () => {
    const content = loadContent('en');
    const card = renderCard('my-cases', myCasesModel(content, []));
    expect(JSON.stringify(card)).toContain(JSON.stringify(content.ui.myCases.empty));
    expect(actionsOf(card)).toEqual([{ ew: 1, kind: 'command', command: 'new' }]);
  });
});

describe('the summary that replaces a submitted card', () => {
  const canary = 'CANARY-vrije-tekst-0815';

  it.each(LOCALES)('[%s] shows the recorded step, enumerated values as titles, the note hint and the next step', (locale) => {
    const content = loadContent(locale);
    const event: EscalationEvent = {
      type: 'RECORD_SIGNAL',
      at,
      categories: ['insult', 'exclusion'],
      source: 'bystander',
      signalDate: '2026-11-20',
      occurrence: 'first',
      acute: false,
      perpetrator: 'teamMember', affected: 'teamMember',
    };
    const card = renderCard('summary', summaryModel({ content, event, recordedStep: 'signalRecord', nextStep: 'signalConversation', noteStored: true, caseId: 'c-1' }));
    const json = JSON.stringify(card);
    expect(json).toContain(JSON.stringify(content.steps.signalRecord.title).slice(0, -1));
    expect(json).toContain(JSON.stringify(`${content.choices.categories.insult}, ${content.choices.categories.exclusion}`));
    expect(json).toContain(JSON.stringify(content.choices.signalSource.bystander));
    expect(json).toContain(JSON.stringify(content.ui.summary.noteStored));
    expect(json).toContain(JSON.stringify(content.steps.signalConversation.title));
    for (const code of ['insult', 'bystander', 'teamMember', '2026-11-20']) expect(json).not.toContain(`"${code}"`);
    expect(actionsOf(card)).toEqual([{ ew: 1, kind: 'open', caseId: 'c-1' }]);
  });

  it('says nothing about a note when none was given', () => {
    const content = loadContent('nl');
    const card = renderCard('summary', summaryModel({ content, event: SAMPLE_EVENTS[0]!, recordedStep: 'signalRecord', nextStep: 'signalConversation', noteStored: false, caseId: 'c-1' }));
    expect(JSON.stringify(card)).not.toContain(content.ui.summary.noteStored);
  });

  it('never shows free text, even when an event carries some', () => {
    const content = loadContent('nl');
    const polluted = {
      type: 'ADDRESS_HELD',
      at,
      heldOn: canary,
      otherSideHeard: canary,
      outcome: canary,
      note: canary,
      text: canary,
    } as unknown as EscalationEvent;
    for (const event of [polluted, ...SAMPLE_EVENTS.map((e) => ({ ...e, note: canary, comment: canary }) as unknown as EscalationEvent)]) {
      const card = renderCard('summary', summaryModel({ content, event, recordedStep: 'addressConversation', nextStep: 'sanction', noteStored: true, caseId: 'c-1' }));
      expect(JSON.stringify(card)).not.toContain(canary);
    }
  });

  it('offers no way back into a case the manager was routed away from', () => {
    const content = loadContent('en');
    const card = renderCard('summary', summaryModel({ content, event: SAMPLE_EVENTS[2]!, recordedStep: 'signalRecord', nextStep: 'managerIsSubject', noteStored: false, caseId: 'c-1' }));
    expect(executeActions(card)).toEqual([]);
  });
});

describe('errors', () => {
  it.each(UI_ERROR_CODES)('%s shows its localized title and body', (code) => {
    for (const locale of LOCALES) {
      const content = loadContent(locale);
      const json = JSON.stringify(renderCard('error', errorModel(content, code, { max: 750 })));
      expect(json).toContain(JSON.stringify(content.ui.errors[code].title));
      expect(json).toContain(JSON.stringify(content.ui.errors[code].body.replace('{max}', '750')));
      expect(json).not.toContain('{max}');
    }
  });

  it('lists invalid fields by their labels, never by id or value', () => {
    const content = loadContent('en');
    const json = JSON.stringify(renderCard('error', errorModel(content, 'invalidInput', { fields: ['signalDate', 'note', 'evil<script>'] })));
    expect(json).toContain(JSON.stringify(`• ${content.fields.signalDate.label}`));
    expect(json).toContain(JSON.stringify(`• ${content.fields.note.label}`));
    expect(json).not.toContain('evil');
  });
});

describe('report channels and search', () => {
  it.each(LOCALES)('[%s] lists every configured channel in the user\'s language', (locale) => {
    const channels = loadMeldkanalen();
    const json = JSON.stringify(renderCard('report-channels', reportChannelsModel(loadContent(locale), channels, locale)));
    for (const channel of channels) {
      expect(json).toContain(JSON.stringify(channel.name[locale]));
      expect(json).toContain(JSON.stringify(channel.contact[locale]));
    }
  });
});
