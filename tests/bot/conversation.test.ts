import { loadContent } from '../../content/load';
import { createTestBot } from './helpers/test-bot';
import type { TestBot } from './helpers/test-bot';
import { executeActions, Manager } from './helpers/conversation-client';
import { CONVERSATION, SIGNAL, WHOLE_LADDER } from './helpers/ladder-inputs';
import { cardOf } from './helpers/recording-adapter';
import { cardInputs } from '../helpers/card-schema';
import type { Json } from '../helpers/json';

const CANARY = 'CANARY-7f3a9-vrije-tekst';


const text = (card: unknown) => JSON.stringify(card);

let bot: TestBot;
beforeEach(async () => {
  bot = await createTestBot();
});
afterEach(async () => {
  await bot.close();
});

async function caseOf(manager: Manager) {
  const [row] = await bot.store.listByOwner(manager.aadObjectId);
  return row!;
}

type Click = 'execute' | 'submit';

/** Walks signal → address (denied) → sanction → team talk → formal report → closing → closed. */
async function walkWholeLadder(manager: Manager, click: Click, locale: 'nl' | 'en') {
  const content = loadContent(locale);
  const notes: Record<string, string> = {
    RECORD_SIGNAL: CANARY,
    RECORD_CONVERSATION: `${CANARY} <b>bold</b> [link](https://evil.example) \u0007`,
    ADDRESS_HELD: CANARY,
    SANCTION_DECIDED: CANARY,
  };
  const steps = WHOLE_LADDER.map(({ event, inputs, next }) => [event, { ...inputs, ...(notes[event] ? { note: notes[event] } : {}) }, next as keyof typeof content.steps] as const);
  for (const [event, inputs, nextStep] of steps) {
    const out = await manager[click](event, inputs);
    const replaced = click === 'execute' ? out.invokeResponse?.body?.value : cardOf(out.updated[0]);
    expect(replaced).toBeDefined();
    expect(text(replaced)).not.toContain(CANARY);
    expect(text(manager.lastCard)).toContain(content.steps[nextStep].title);
    expect(text(manager.lastCard)).not.toContain(CANARY);
  }
}

describe('a manager walks a whole case', () => {
  it('in Dutch, with Universal Actions, through every rung to Afgerond', async () => {
    const manager = new Manager(bot.adapter, 'manager-a', 'nl-NL');
    await manager.say('nieuw');
    expect(text(manager.lastCard)).toContain(loadContent('nl').steps.signalRecord.title);
    await walkWholeLadder(manager, 'execute', 'nl');

    const row = await caseOf(manager);
    expect(row).toMatchObject({ step: 'closed', status: 'closed', revision: 10, orgUnit: 'Beleid' });
    const hr = await bot.store.hrLog();
    expect(hr.map((r) => r.transition)).toEqual([
      'signalRecorded', 'conversationRecorded', 'addressPrepared', 'addressHeld', 'factsEstablished', 'sanctionDecided',
      'formalReportStarted', 'reportFiled', 'reportConcluded', 'closed',
    ]);
    expect(hr.every((r) => r.orgUnit === 'Beleid' && /^[0-9a-f]{64}$/.test(r.caseKey) && r.isoWeek === '2026-W48')).toBe(true);
    expect(text(hr)).not.toContain(CANARY);
    expect(text(hr)).not.toContain('manager-a');
    expect(text(hr)).not.toContain(row.id);

    const notes = await bot.store.readNotes(row.id, 'manager-a');
    expect(notes.map((n) => n.step)).toEqual(['signalRecord', 'signalConversation', 'addressConversation', 'sanction']);
    expect(notes[1]!.text).toBe(`${CANARY} <b>bold</b> [link](https://evil.example) \u0007`);
    await expect(bot.store.verifyAudit()).resolves.toMatchObject({ ok: true });
  });

  it('in English, with the Action.Submit fallback updating the submitted card in place', async () => {
    const manager = new Manager(bot.adapter, 'manager-b', 'en-US');
    await manager.say('new');
    expect(text(manager.lastCard)).toContain(loadContent('en').steps.signalRecord.title);
    await walkWholeLadder(manager, 'submit', 'en');
    expect(await caseOf(manager)).toMatchObject({ step: 'closed', status: 'closed' });
  });
});

describe('the ladder’s rules in the conversation', () => {
  it('routes a manager away when the signal is about themselves, and the case cannot continue', async () => {
    const manager = new Manager(bot.adapter, 'manager-c');
    await manager.say('nieuw');
    await manager.execute('RECORD_SIGNAL', { ...SIGNAL, perpetrator: 'self' });
    expect(text(manager.lastCard)).toContain(loadContent('nl').steps.managerIsSubject.title);
    expect(executeActions(manager.lastCard).filter((a) => a.data?.kind === 'step')).toEqual([]);
    expect(await caseOf(manager)).toMatchObject({ step: 'managerIsSubject', status: 'routedAway' });
  });

  it('reopens a closed case one rung higher when the behaviour is repeated', async () => {
    const manager = new Manager(bot.adapter, 'manager-d');
    await manager.say('nieuw');
    await manager.execute('RECORD_SIGNAL', SIGNAL);
    await manager.execute('RECORD_CONVERSATION', CONVERSATION);
    await manager.execute('ADDRESS_PREPARED', { plannedOn: '2026-11-25' });
    await manager.execute('ADDRESS_HELD', { heldOn: '2026-11-26', otherSideHeard: 'true', outcome: 'stopped' });
    await manager.execute('TEAM_TALK_SKIPPED');
    await manager.execute('CLOSE', { reason: 'behaviourStopped', aftercareAgreed: 'true' });
    await manager.execute('REPORT_REPETITION', { signalDate: '2026-12-10', samePerson: 'true' });
    expect(text(manager.lastCard)).toContain(loadContent('nl').steps.sanction.title);
    expect(await caseOf(manager)).toMatchObject({ step: 'sanction', status: 'open' });
  });

  it('refuses a sanction decision without HR consulted, says why, and changes nothing', async () => {
    const manager = new Manager(bot.adapter, 'manager-e');
    await manager.say('nieuw');
    await manager.execute('RECORD_SIGNAL', { ...SIGNAL, acute: 'true' });
    await manager.execute('SAFETY_ENSURED', { separated: 'true', hrInformed: 'true' });
    await manager.execute('RECORD_CONVERSATION', CONVERSATION);
    const before = await caseOf(manager);
    const out = await manager.execute('SANCTION_DECIDED', { consultedWith: '', hearingOffered: 'true', decision: 'punishment' });
    expect(text(out.invokeResponse?.body?.value)).toContain(loadContent('nl').ui.errors.hrNotConsulted.title);
    expect(await caseOf(manager)).toEqual(before);
  });
});

describe('clicks that must change nothing', () => {
  /** A case with its signal recorded (a case exists from then on). */
  async function started(id = 'owner') {
    const manager = new Manager(bot.adapter, id);
    await manager.say('nieuw');
    await manager.execute('RECORD_SIGNAL', SIGNAL);
    return manager;
  }

  it('a double click on the same card: the second answers with the current card', async () => {
    const manager = await started();
    const card = manager.lastCard;
    await manager.execute('RECORD_CONVERSATION', CONVERSATION, card);
    const after = await caseOf(manager);
    const hrRows = (await bot.store.hrLog()).length;
    const second = await manager.execute('RECORD_CONVERSATION', { ...CONVERSATION, listened: 'false' }, card);
    expect(text(second.invokeResponse?.body?.value)).toContain(loadContent('nl').steps.addressPrepare.title);
    expect(second.sent).toEqual([]);
    expect(await caseOf(manager)).toEqual(after);
    expect((await bot.store.hrLog()).length).toBe(hrRows);
  });

  it('a stale Action.Submit gets the current card and writes nothing', async () => {
    const manager = await started();
    const card = manager.lastCard;
    await manager.submit('RECORD_CONVERSATION', CONVERSATION, card);
    const after = await caseOf(manager);
    await manager.submit('RECORD_CONVERSATION', CONVERSATION, card);
    expect(await caseOf(manager)).toEqual(after);
  });

  it('another user’s case is refused and nothing changes', async () => {
    const owner = await started('owner');
    const intruder = new Manager(bot.adapter, 'intruder');
    const before = await caseOf(owner);
    const hrBefore = await bot.store.hrLog();
    const out = await intruder.execute('RECORD_CONVERSATION', CONVERSATION, owner.lastCard);
    expect(out.invokeResponse?.body?.type).toBe('application/vnd.microsoft.activity.message');
    expect(out.invokeResponse?.body?.value).toContain(loadContent('nl').ui.errors.notYourCase.title);
    const submitted = await intruder.submit('RECORD_CONVERSATION', CONVERSATION, owner.lastCard);
    expect(text(submitted.sent)).toContain(loadContent('nl').ui.errors.notYourCase.title);
    expect(await caseOf(owner)).toEqual(before);
    expect(await bot.store.hrLog()).toEqual(hrBefore);
  });

  it.each([
    ['not an object', 'RECORD_SIGNAL'],
    ['an unknown kind', { ew: 1, kind: 'drop', caseId: 'x' }],
    ['an unknown event', { ew: 1, kind: 'step', caseId: 'abc', revision: 1, event: 'DELETE_ALL' }],
    ['a path as case id', { ew: 1, kind: 'step', caseId: '../../etc', revision: 1, event: 'CLOSE' }],
    ['a negative revision', { ew: 1, kind: 'step', caseId: 'abc', revision: -1, event: 'CLOSE' }],
    ['a string revision', { ew: 1, kind: 'step', caseId: 'abc', revision: '1', event: 'CLOSE' }],
    ['a prototype key', JSON.parse('{"__proto__": {"kind": "step"}, "ew": 1}')],
  ])('a malformed payload (%s) gets a clear error card', async (_name, value) => {
    const manager = await started();
    const before = await caseOf(manager);
    const out = await manager.sendValue(value);
    expect(text(out.sent)).toContain(loadContent('nl').ui.errors.malformedAction.title);
    expect(await caseOf(manager)).toEqual(before);
  });

  it('wrong input types name the fields to fix, and write nothing', async () => {
    const manager = new Manager(bot.adapter, 'owner');
    await manager.say('nieuw');
    const out = await manager.execute('RECORD_SIGNAL', { ...SIGNAL, categories: 'religion', signalDate: 'gisteren' });
    const nl = loadContent('nl');
    expect(text(out.invokeResponse?.body?.value)).toContain(nl.fields.categories.label);
    expect(text(out.invokeResponse?.body?.value)).toContain(nl.fields.signalDate.label);
    expect(await bot.store.listByOwner('owner')).toEqual([]);
  });

  it('an unknown organisation unit is refused, the units read once for the check and the card that asks again', async () => {
    const manager = new Manager(bot.adapter, 'owner');
    await manager.say('nieuw');
    const unitReads = jest.spyOn(bot.store, 'managerUnits');
    const out = await manager.execute('RECORD_SIGNAL', { ...SIGNAL, orgUnit: 'Geheime dienst' });
    // The signal card again, asking for the unit among the units the check offered.
    const unitInput: Json = cardInputs(out.invokeResponse?.body?.value).find((input) => input.id === 'orgUnit');
    expect(unitInput?.choices?.map((choice: Json) => choice.value)).toEqual(bot.config.orgUnits);
    expect(await bot.store.listByOwner('owner')).toEqual([]);
    expect(unitReads).toHaveBeenCalledTimes(1);
    unitReads.mockRestore();
  });

  it('a note over the length limit is refused and nothing is stored', async () => {
    const manager = await started();
    const before = await caseOf(manager);
    const out = await manager.execute('RECORD_CONVERSATION', { ...CONVERSATION, note: 'x'.repeat(bot.config.noteMaxLength + 1) });
    const answer = text(out.invokeResponse?.body?.value);
    expect(answer).toContain(loadContent('nl').ui.errors.noteTooLong.title);
    expect(answer).toContain(`hoogstens ${bot.config.noteMaxLength} tekens`);
    expect(answer).not.toContain('{max}');
    expect(await caseOf(manager)).toEqual(before);
    expect(await bot.store.readNotes(before.id, 'owner')).toEqual([]);
  });

  it('typing nieuw and walking away leaves no case behind', async () => {
    await new Manager(bot.adapter, 'owner').say('nieuw');
    expect(await bot.store.listByOwner('owner')).toEqual([]);
  });
});

describe('the explanation on demand', () => {
  const nl = loadContent('nl');

  it('"Uitleg" shows the full guidance in place of the form and "Terug" the form again, also on a new case', async () => {
    const manager = new Manager(bot.adapter, 'owner');
    await manager.say('nieuw');
    const form = manager.lastCard;
    expect(text(form)).not.toContain(nl.steps.signalRecord.why);
    // A new case exists only on its card: the explanation needs nothing stored.
    const explained = await manager.execute('explain', {}, form);
    const guidance = explained.invokeResponse?.body?.value;
    expect(text(guidance)).toContain(nl.steps.signalRecord.why);
    expect(text(guidance)).toContain(nl.meta.interimNotice);
    expect(explained.sent).toEqual([]);
    const back = await manager.execute('explain-back', {}, guidance);
    expect(text(back.invokeResponse?.body?.value)).not.toContain(nl.steps.signalRecord.why);
    expect(text(back.invokeResponse?.body?.value)).toContain(nl.actions.RECORD_SIGNAL);
    expect(await bot.store.listByOwner('owner')).toEqual([]);

    // With a case stored: the current step's guidance, through the Action.Submit fallback too.
    await manager.execute('RECORD_SIGNAL', SIGNAL, form);
    const submitted = await manager.submit('explain');
    expect(text(submitted.updated)).toContain(nl.steps.signalConversation.why);
  });

  it('"Uitleg" and back keep the values the form was prefilled with, and a refused form keeps what was filled in', async () => {
    const manager = new Manager(bot.adapter, 'owner');
    const valueOf = (card: unknown, id: string) => cardInputs(card).find((input) => input.id === id)?.value;
    // A new case started from a situation comes prefilled: who did it and who was hit.
    await manager.sendValue({ ew: 1, kind: 'situation', situation: 'sickLeave' });
    const form = manager.lastCard;
    expect([valueOf(form, 'perpetrator'), valueOf(form, 'affected')]).toEqual(['teamMember', 'teamMember']);
    const guidance = (await manager.execute('explain', {}, form)).invokeResponse?.body?.value;
    expect(text(guidance)).toContain(nl.steps.signalRecord.why);
    const back = (await manager.execute('explain-back', {}, guidance)).invokeResponse?.body?.value;
    expect([valueOf(back, 'perpetrator'), valueOf(back, 'affected')]).toEqual(['teamMember', 'teamMember']);

    // A submit the bot refuses shows the form again with the manager's answers in it, never the note.
    const { categories: _missing, ...withoutCategories } = SIGNAL;
    const refused = (await manager.execute('RECORD_SIGNAL', { ...withoutCategories, note: CANARY }, back)).invokeResponse?.body?.value;
    expect(text(refused)).toContain(nl.ui.errors.invalidInput.title);
    expect(valueOf(refused, 'source')).toBe(SIGNAL.source);
    expect(valueOf(refused, 'signalDate')).toBe(SIGNAL.signalDate);
    expect(text(refused)).not.toContain(CANARY);
  });

  it('refuses another manager the explanation of a case, which would show its facts', async () => {
    const owner = new Manager(bot.adapter, 'owner');
    await owner.say('nieuw');
    await owner.execute('RECORD_SIGNAL', SIGNAL);
    const out = await new Manager(bot.adapter, 'intruder').execute('explain', {}, owner.lastCard);
    expect(text(out.invokeResponse?.body?.value)).toContain(nl.ui.errors.notYourCase.title);
    expect(text(out.invokeResponse?.body?.value)).not.toContain(nl.steps.signalConversation.why);
  });
});

describe('commands and questions', () => {
  it('welcomes a new user', async () => {
    const out = await bot.adapter.turn({
      type: 'conversationUpdate', channelId: 'msteams', serviceUrl: 'https://smba.example.invalid/',
      conversation: { id: 'c1', conversationType: 'personal' }, recipient: { id: '28:bot', name: 'bot' },
      from: { id: '29:u', name: 'u', aadObjectId: 'u' }, membersAdded: [{ id: '29:u', name: 'u' }], locale: 'nl-NL',
    });
    expect(text(out.sent)).toContain(loadContent('nl').ui.welcome.title);
  });

  it.each([['help', 'nl-NL', 'nl'], ['help', 'en-US', 'en']] as const)('answers %s in %s', async (command, teamsLocale, locale) => {
    const out = await new Manager(bot.adapter, 'm', teamsLocale).say(command);
    expect(text(out.sent)).toContain(loadContent(locale).ui.help.title);
  });

  it('lists my cases with their step, and only mine', async () => {
    const mine = new Manager(bot.adapter, 'mine');
    await mine.say('nieuw');
    await mine.execute('RECORD_SIGNAL', SIGNAL);
    const other = new Manager(bot.adapter, 'other');
    await other.say('nieuw');
    await other.execute('RECORD_SIGNAL', SIGNAL);
    const out = await mine.say('zaken');
    expect(executeActions(cardOf(out.sent[0])).filter((a) => a.data?.kind === 'open')).toHaveLength(1);
    const nl = loadContent('nl');
    // Two open cases must not look the same: when it happened, what kind of behaviour, the step to take.
    const facts = cardOf(out.sent[0]).body.flatMap((el: Json) => el.items ?? []).flatMap((el: Json) => el.facts ?? []);
    expect(facts).toEqual([
      { title: nl.fields.signalDate.label, value: '23 november 2026' },
      { title: nl.fields.categories.label, value: `${nl.choices.categories.remarkOrJoke}, ${nl.choices.categories.exclusion}` },
      { title: nl.ui.myCases.stepLabel, value: nl.steps.signalConversation.title },
      { title: nl.ui.myCases.updatedLabel, value: expect.any(String) },
    ]);
    await mine.execute('open');
    expect(text(mine.lastCard)).toContain(loadContent('nl').steps.signalConversation.title);
  });

  it('shows the reporting channels', async () => {
    const out = await new Manager(bot.adapter, 'm').say('melden');
    expect(text(out.sent)).toContain(loadContent('nl').ui.reportChannels.title);
  });

  // Free-text questions (situations, open case, no match) have their own tests: free-text.test.ts.
  it('answers a free-text question with the situation it is about and a button to start a case on that route', async () => {
    const out = await new Manager(bot.adapter, 'm').say('Een teamgenoot noemt een collega uit mijn team steeds met een racistische scheldnaam');
    const card = cardOf(out.sent[0]);
    expect(executeActions(card).map((a) => a.data?.situation)).toEqual(['ownTeam']);
  });
});
