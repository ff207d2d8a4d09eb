import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { loadContent } from '../../content/load';
import { createTestBot } from './helpers/test-bot';
import type { TestBot } from './helpers/test-bot';
import { executeActions, Manager } from './helpers/conversation-client';
import { cardOf } from './helpers/recording-adapter';
import type { TurnOutput } from './helpers/recording-adapter';
import type { Json } from '../helpers/json';

const CANARY = 'CANARY-4b1d-personeelsgesprek';
const text = (value: unknown) => JSON.stringify(value);

let bot: TestBot;
beforeEach(async () => {
  bot = await createTestBot();
});
afterEach(async () => {
  await bot.close();
});

/** The card that replaced the clicked one: the invoke response, or the in-place update of a Submit. */
const replaced = (out: TurnOutput) => out.invokeResponse?.body?.value ?? cardOf(out.updated[0]);

function counters(): unknown[] {
  const db = new Database(bot.dbFile, { readonly: true });
  try {
    return db.prepare('SELECT * FROM appraisal_counts ORDER BY asked DESC, signalled DESC, not_asked_reason').all();
  } finally {
    db.close();
  }
}

/** Types `gesprek`, then clicks "after the conversation": the manager has the after card. */
async function afterConversation(manager: Manager, command = 'gesprek') {
  const before = await manager.say(command);
  const beforeCard = cardOf(before.sent[0]);
  await manager.execute('CONVERSATION_HELD', {}, beforeCard);
  return manager.lastCard;
}

describe('the appraisal prompt in the conversation', () => {
  it.each([
    ['nl-NL', 'gesprek', 'nl'],
    ['nl-NL', 'personeelsgesprek', 'nl'],
    ['en-US', 'appraisal', 'en'],
  ] as const)('%s: `%s` shows how to ask, the question and what to do with a yes', async (teamsLocale, command, locale) => {
    const content = loadContent(locale);
    const out = await new Manager(bot.adapter, 'manager-p', teamsLocale).say(command);
    const card = cardOf(out.sent[0]);
    expect(text(card)).toContain(text(content.appraisal.before.question));
    expect(text(card)).toContain(text(content.appraisal.before.title));
    expect(executeActions(card).map((a) => a.data.event)).toEqual(['CONVERSATION_HELD']);
  });

  it.each(['execute', 'submit'] as const)('asked, nothing signalled: one click counts it, anonymously (%s)', async (click) => {
    const manager = new Manager(bot.adapter, 'manager-a', 'nl-NL');
    const after = await afterConversation(manager);
    const out = await manager[click]('ASKED_NOTHING_SIGNALLED', { orgUnit: 'Beleid' }, after);
    expect(text(replaced(out))).toContain(text(loadContent('nl').appraisal.recorded.askedNothingSignalled));
    expect(out.sent).toEqual([]);
    expect(counters()).toEqual([{ org_unit: 'Beleid', quarter: '2026-Q4', asked: 1, signalled: 0, not_asked_reason: '', count: 1 }]);
    expect(await bot.store.listByOwner('manager-a')).toEqual([]);
  });

  it('asked, something signalled: counts it and offers a new case with the source prefilled, in English too', async () => {
    const manager = new Manager(bot.adapter, 'manager-b', 'en-US');
    const after = await afterConversation(manager, 'appraisal');
    const out = await manager.execute('ASKED_SOMETHING_SIGNALLED', { orgUnit: 'Staf' }, after);
    const en = loadContent('en');
    expect(text(replaced(out))).toContain(text(en.appraisal.recorded.askedSignalled));
    const caseCard = cardOf(out.sent[0]);
    expect(text(caseCard)).toContain(text(en.steps.signalRecord.title));
    const source = (caseCard.body as unknown[]).flatMap(function find(node: Json): Json[] {
      if (Array.isArray(node)) return node.flatMap(find);
      if (node && typeof node === 'object') return node.id === 'source' ? [node] : Object.values(node).flatMap(find);
      return [];
    });
    expect(source[0].value).toBe('appraisalConversation');
    expect(counters()).toEqual([{ org_unit: 'Staf', quarter: '2026-Q4', asked: 1, signalled: 1, not_asked_reason: '', count: 1 }]);

    // The offered case starts once the signal is recorded, with the appraisal as its source.
    await manager.execute('RECORD_SIGNAL', {
      categories: 'exclusion',
      source: 'appraisalConversation',
      signalDate: '2026-11-20',
      occurrence: 'first',
      acute: 'false',
      perpetrator: 'teamMember', affected: 'teamMember',
    });
    const [row] = await bot.store.listByOwner('manager-b');
    expect(row).toMatchObject({ step: 'signalConversation', orgUnit: 'Staf' });
    expect((await bot.store.hrLog()).map((r) => r.source)).toEqual(['appraisalConversation']);
  });

  it('not asked: needs a reason from the short list, then counts it with the reason', async () => {
    const manager = new Manager(bot.adapter, 'manager-c', 'nl-NL');
    await bot.store.saveUserSettings('manager-c', { orgUnit: 'Toezicht' });
    const after = await afterConversation(manager);
    expect(JSON.stringify(after)).not.toContain('"id":"orgUnit"');
    const nl = loadContent('nl');
    const missing = await manager.execute('NOT_ASKED', {}, after);
    expect(text(replaced(missing))).toContain(text(nl.ui.errors.invalidInput.title));
    expect(counters()).toEqual([]);
    const out = await manager.execute('NOT_ASKED', { reason: 'notSuitable' }, after);
    expect(text(replaced(out))).toContain(text(nl.appraisal.recorded.notAsked));
    expect(counters()).toEqual([{ org_unit: 'Toezicht', quarter: '2026-Q4', asked: 0, signalled: 0, not_asked_reason: 'notSuitable', count: 1 }]);
  });

  it('asks for the organisation unit once, refuses an unknown one, and remembers the chosen one', async () => {
    const manager = new Manager(bot.adapter, 'manager-d', 'nl-NL');
    const after = await afterConversation(manager);
    expect(text(after)).toContain('"id":"orgUnit"');
    const settingsReads = jest.spyOn(bot.store, 'userSettings');
    const refused = await manager.execute('ASKED_NOTHING_SIGNALLED', { orgUnit: 'Geheime dienst' }, after);
    expect(text(replaced(refused))).toContain(text(loadContent('nl').fields.orgUnit.label));
    expect(counters()).toEqual([]);
    // The turn read the settings once, for the check and for the card that asks again.
    expect(settingsReads).toHaveBeenCalledTimes(1);
    settingsReads.mockRestore();
    await manager.execute('ASKED_NOTHING_SIGNALLED', { orgUnit: 'Uitvoering' }, after);
    expect((await bot.store.userSettings('manager-d')).orgUnit).toBe('Uitvoering');
    expect(text(await afterConversation(manager))).not.toContain('"id":"orgUnit"');
  });

  it('a double click, or a click on the same card after another answer, counts once', async () => {
    const manager = new Manager(bot.adapter, 'manager-e', 'nl-NL');
    const after = await afterConversation(manager);
    await manager.execute('ASKED_SOMETHING_SIGNALLED', { orgUnit: 'Beleid' }, after);
    const again = await manager.execute('ASKED_SOMETHING_SIGNALLED', { orgUnit: 'Beleid' }, after);
    expect(text(replaced(again))).toContain(text(loadContent('nl').appraisal.recorded.alreadyRecorded));
    expect(again.sent).toEqual([]);
    await manager.submit('NOT_ASKED', { reason: 'noTime' }, after);
    expect(counters()).toEqual([{ org_unit: 'Beleid', quarter: '2026-Q4', asked: 1, signalled: 1, not_asked_reason: '', count: 1 }]);
  });

  it('refuses a record from the card before the conversation, and forged steps', async () => {
    const manager = new Manager(bot.adapter, 'manager-f', 'nl-NL');
    const before = cardOf((await manager.say('gesprek')).sent[0]);
    const token = executeActions(before)[0].data.token;
    for (const data of [
      { ew: 1, kind: 'appraisal', step: 'before', event: 'ASKED_SOMETHING_SIGNALLED', token },
      { ew: 1, kind: 'appraisal', step: 'askedSignalled', event: 'NOT_ASKED', token, reason: 'noTime' },
    ]) {
      const out = await manager.invokeRaw({ ...data, orgUnit: 'Beleid' });
      expect(text(out.sent)).toContain(text(loadContent('nl').ui.errors.notAllowedHere.title));
    }
    expect(counters()).toEqual([]);
  });

  it('keeps nothing of the conversation: only the counters reach the store, never free text or who', async () => {
    const manager = new Manager(bot.adapter, 'manager-canary', 'nl-NL');
    const after = await afterConversation(manager);
    const polluted = { orgUnit: 'Beleid', reason: 'other', note: CANARY, text: CANARY, comment: CANARY, name: CANARY };
    await manager.execute('NOT_ASKED', polluted, after);
    const otherCard = await afterConversation(manager);
    await manager.execute('ASKED_NOTHING_SIGNALLED', { ...polluted, reason: CANARY }, otherCard);
    const refused = await afterConversation(manager);
    await manager.execute('NOT_ASKED', { ...polluted, reason: CANARY }, refused);

    expect(counters()).toEqual([
      { org_unit: 'Beleid', quarter: '2026-Q4', asked: 1, signalled: 0, not_asked_reason: '', count: 1 },
      { org_unit: 'Beleid', quarter: '2026-Q4', asked: 0, signalled: 0, not_asked_reason: 'other', count: 1 },
    ]);
    expect(await bot.store.hrLog()).toEqual([]);
    expect(await bot.store.listByOwner('manager-canary')).toEqual([]);
    const db = new Database(bot.dbFile, { readonly: true });
    const tables = db.prepare('SELECT * FROM appraisal_counts').all().concat(db.prepare('SELECT * FROM appraisal_tokens').all());
    db.close();
    expect(text(tables)).not.toContain('manager-canary');
    // Not in any table, nor in the write-ahead log.
    for (const file of [bot.dbFile, `${bot.dbFile}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(CANARY)).toBe(false);
    }
  });
});
