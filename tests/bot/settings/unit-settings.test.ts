/**
 * A manager's organisation unit is theirs, not a free choice per case (issue 19 §2): chosen once on
 * the first signal, changed only with a confirming card that is audited, offered per case only
 * among the manager's own units; open cases keep the unit they were recorded with.
 */
import { loadContent } from '../../../content/load';
import type { AuditRecordRow } from '../../../bot/store/sql-rows';
import { Manager } from '../helpers/conversation-client';
import { cardOf } from '../helpers/recording-adapter';
import type { TurnOutput } from '../helpers/recording-adapter';
import { CONVERSATION, signalInputs } from '../helpers/ladder-inputs';
import { createTestBot, TEST_CLOCK_START } from '../helpers/test-bot';
import type { TestBot } from '../helpers/test-bot';
import Database from 'better-sqlite3';
import type { Json } from '../../helpers/json';

const nl = loadContent('nl');
const text = (value: unknown) => JSON.stringify(value);
const SIGNAL = signalInputs(TEST_CLOCK_START);

let bot: TestBot;
beforeEach(async () => {
  bot = await createTestBot({ ORG_UNITS: 'Beleid,Uitvoering,Toezicht,Staf' });
});
afterEach(async () => {
  await bot.close();
});

/** The card that replaced the clicked one: the invoke response. */
const replaced = (out: TurnOutput): Json => out.invokeResponse?.body?.value ?? cardOf(out.updated[0]);

/** The unit choice of a card, as the manager sees it: its options, or null when the card asks none. */
function unitChoices(card: Json): string[] | null {
  const found: Json[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    if (node.type === 'Input.ChoiceSet' && node.id === 'orgUnit') found.push(node);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return found.length === 0 ? null : found[0].choices.map((c: Json) => c.value);
}

function settingsAudit(actor: string): Array<[string, string, string | null]> {
  const db = new Database(bot.dbFile, { readonly: true });
  try {
    return (db.prepare('SELECT seq, at, actor, action, case_id, detail, prev_hash, hash FROM audit WHERE actor = ? AND action = ? ORDER BY seq').all(actor, 'settings') as AuditRecordRow[]).map(
      (row) => [row.action, row.detail, row.case_id],
    );
  } finally {
    db.close();
  }
}

/** `onderdeel`, then one of replace / add / remove with `unit`: the confirming card. */
async function askChange(manager: Manager, change: 'replace' | 'add' | 'remove', unit: string): Promise<Json> {
  await manager.say('onderdeel');
  return replaced(await manager.execute(`unit-${change}`, { orgUnit: unit }));
}

async function newCase(manager: Manager, inputs: Record<string, string> = SIGNAL): Promise<TurnOutput> {
  await manager.say('nieuw');
  return manager.execute('RECORD_SIGNAL', inputs);
}

describe('a manager’s organisation unit', () => {
  it('is chosen on the first signal among all configured units, said to be fixed, and audited as set', async () => {
    const manager = new Manager(bot.adapter, 'first');
    await manager.say('nieuw');
    expect(unitChoices(manager.lastCard)).toEqual(['Beleid', 'Uitvoering', 'Toezicht', 'Staf']);
    expect(text(manager.lastCard)).toContain(nl.ui.orgUnitSettings.fieldHint);

    await manager.execute('RECORD_SIGNAL', { ...SIGNAL, orgUnit: 'Toezicht' });
    expect(await bot.store.managerUnits('first')).toEqual(['Toezicht']);
    expect(settingsAudit('first')).toEqual([['settings', 'orgUnitSet', null]]);
  });

  it('is not asked again, and a payload naming another unit still records the case in the manager’s own', async () => {
    const manager = new Manager(bot.adapter, 'fixed');
    await newCase(manager);
    await manager.say('nieuw');
    expect(unitChoices(manager.lastCard)).toBeNull();

    await manager.execute('RECORD_SIGNAL', { ...SIGNAL, orgUnit: 'Toezicht' });
    expect((await bot.store.listByOwner('fixed')).map((c) => c.orgUnit)).toEqual(['Beleid', 'Beleid']);
    expect((await bot.store.hrLog()).map((row) => row.orgUnit)).toEqual(['Beleid', 'Beleid']);
    expect(await bot.store.managerUnits('fixed')).toEqual(['Beleid']);
  });

  it('changes only after the confirming card, audited; open cases keep the unit they were recorded with', async () => {
    const manager = new Manager(bot.adapter, 'mover');
    await newCase(manager);
    const [open] = await bot.store.listByOwner('mover');

    const confirm = await askChange(manager, 'replace', 'Uitvoering');
    expect(text(confirm)).toContain(text(nl.ui.orgUnitSettings.confirmTitle));
    expect(text(confirm)).toContain('Uitvoering');
    expect(await bot.store.managerUnits('mover')).toEqual(['Beleid']);
    expect(settingsAudit('mover')).toEqual([['settings', 'orgUnitSet', null]]);

    const done = replaced(await manager.execute('unit-replace-confirm', {}, confirm));
    expect(text(done)).toContain(text(nl.ui.orgUnitSettings.doneTitle));
    expect(await bot.store.managerUnits('mover')).toEqual(['Uitvoering']);
    expect(settingsAudit('mover')).toEqual([
      ['settings', 'orgUnitSet', null],
      ['settings', 'orgUnitReplaced', null],
    ]);

    await manager.say('zaken');
    await manager.execute('open');
    await manager.execute('RECORD_CONVERSATION', { ...CONVERSATION, orgUnit: 'Uitvoering' });
    expect(await bot.store.load(open!.id)).toMatchObject({ revision: 2, orgUnit: 'Beleid' });
    await newCase(manager);
    expect((await bot.store.listByOwner('mover')).map((c) => c.orgUnit).sort()).toEqual(['Beleid', 'Uitvoering']);
  });

  it('of a manager of several units: each new case picks only among them', async () => {
    const manager = new Manager(bot.adapter, 'several');
    await newCase(manager);
    const confirm = await askChange(manager, 'add', 'Staf');
    await manager.execute('unit-add-confirm', {}, confirm);
    expect(await bot.store.managerUnits('several')).toEqual(['Beleid', 'Staf']);
    expect(settingsAudit('several').map(([, detail]) => detail)).toEqual(['orgUnitSet', 'orgUnitAdded']);

    await manager.say('nieuw');
    expect(unitChoices(manager.lastCard)).toEqual(['Beleid', 'Staf']);
    expect(text(manager.lastCard)).not.toContain(nl.ui.orgUnitSettings.fieldHint);
    // A configured unit that is not the manager's is refused: nothing is written.
    await manager.execute('RECORD_SIGNAL', { ...SIGNAL, orgUnit: 'Toezicht' });
    expect(await bot.store.listByOwner('several')).toHaveLength(1);
    await manager.execute('RECORD_SIGNAL', { ...SIGNAL, orgUnit: 'Staf' });
    expect((await bot.store.listByOwner('several')).map((c) => c.orgUnit).sort()).toEqual(['Beleid', 'Staf']);

    const remove = await askChange(manager, 'remove', 'Beleid');
    await manager.execute('unit-remove-confirm', {}, remove);
    expect(await bot.store.managerUnits('several')).toEqual(['Staf']);
  });

  it('a change that changes nothing, or a unit that is not configured, writes nothing', async () => {
    const manager = new Manager(bot.adapter, 'noop');
    await newCase(manager);
    expect(text(await askChange(manager, 'replace', 'Beleid'))).toContain(text(nl.ui.orgUnitSettings.unchangedTitle));
    expect(text(await askChange(manager, 'add', 'Beleid'))).toContain(text(nl.ui.orgUnitSettings.unchangedTitle));
    // One unit cannot be removed: the card offers no removal, and a forged one changes nothing.
    await manager.say('onderdeel');
    expect(text(manager.lastCard)).not.toContain(text(nl.ui.orgUnitSettings.removeButton));
    await manager.invokeRaw({ ew: 1, kind: 'unitConfirm', change: 'remove', unit: 'Beleid' });
    await manager.say('onderdeel');
    const refused = await manager.execute('unit-replace', { orgUnit: 'Geheime dienst' });
    expect(text(refused.invokeResponse?.body?.value)).toContain(nl.ui.errors.invalidInput.title);
    await manager.invokeRaw({ ew: 1, kind: 'unitConfirm', change: 'replace', unit: 'Geheime dienst' });
    expect(await bot.store.managerUnits('noop')).toEqual(['Beleid']);
    expect(settingsAudit('noop')).toEqual([['settings', 'orgUnitSet', null]]);
  });
});
