/**
 * `mijn gegevens` and `verwijder` in the conversation (botbuilder TestAdapter → the real handler →
 * SQLite): the download card carries a link and nothing of the cases; a case is deleted only after
 * confirmation, only by its owner, only at the revision the manager confirmed.
 */
import { caseKey } from '../../../bot/crypto';
import { myDataTokenHash } from '../../../bot/data-rights/my-data-link';
import { loadContent } from '../../../content/load';
import { cardActions, cardProblems, schemaErrors } from '../../helpers/card-schema';
import { executeActions, Manager } from '../helpers/conversation-client';
import { CONVERSATION, SIGNAL } from '../helpers/ladder-inputs';
import { createTestBot } from '../helpers/test-bot';
import type { TestBot } from '../helpers/test-bot';

const nl = loadContent('nl');
const en = loadContent('en');
const NOTE = 'CANARY-eigen-notitie-4711';
const text = (value: unknown) => JSON.stringify(value);

let bot: TestBot;
beforeEach(async () => {
  bot = await createTestBot({ PUBLIC_BASE_URL: 'https://escalatiewijzer.example.nl', MY_DATA_LINK_MINUTES: '5' });
});
afterEach(async () => {
  await bot.close();
});

/** A manager with one case at revision 1 (signal recorded, with a note) and its addressOverdue reminder. */
async function managerWithCase(id: string, locale: 'nl-NL' | 'en-US' = 'nl-NL'): Promise<{ manager: Manager; caseId: string }> {
  const manager = new Manager(bot.adapter, id, locale);
  await manager.say(locale === 'nl-NL' ? 'nieuw' : 'new');
  await manager.execute('RECORD_SIGNAL', { ...SIGNAL, note: NOTE });
  const [row] = await bot.store.listByOwner(id);
  return { manager, caseId: row!.id };
}

/** The card's download button (Action.OpenUrl). */
const downloadOf = (card: unknown) => cardActions(card).find((a) => a.type === 'Action.OpenUrl') as { type: string; title: string; url: string };

const checkCard = (card: unknown) => {
  expect(cardProblems(card)).toEqual([]);
  expect(schemaErrors(card)).toEqual([]);
};

describe('mijn gegevens', () => {
  it.each([
    ['mijn gegevens', 'nl-NL', nl],
    ['my data', 'en-US', en],
  ] as const)('“%s” answers with a one-time download link and nothing of the cases', async (command, locale, content) => {
    const { manager, caseId } = await managerWithCase('aad-data-owner', locale);
    const out = await manager.say(command);
    const card = manager.lastCard;
    checkCard(card);
    expect(text(card)).toContain(content.dataRights.myData.title);
    expect(text(card)).toContain(content.dataRights.myData.linkNote.replace('{minutes}', '5'));
    expect(text(out.sent)).not.toContain(NOTE);
    expect(text(out.sent)).not.toContain(caseId);
    const download = downloadOf(card);
    expect(download).toMatchObject({ type: 'Action.OpenUrl', title: content.dataRights.myData.downloadButton });
    const url = new URL(download.url);
    // Without TEAMS_APP_ID (as here) the page itself; with it, a Teams dialog around it (my-data-route.test.ts).
    expect(`${url.origin}${url.pathname.replace(/[^/]+$/, '')}`).toBe('https://escalatiewijzer.example.nl/tab/my-data/');
    const token = url.pathname.split('/').pop()!;
    // The store keeps the hash, never the token; the link is this manager's.
    expect(await bot.store.takeMyDataLink(myDataTokenHash(token), bot.clock.now.toISOString())).toEqual({ ownerId: 'aad-data-owner', locale: locale.slice(0, 2) });
  });

  it('gives every request a new link', async () => {
    const manager = new Manager(bot.adapter, 'aad-twice');
    await manager.say('mijn gegevens');
    const first = downloadOf(manager.lastCard).url;
    await manager.say('mijn gegevens');
    expect(downloadOf(manager.lastCard).url).not.toBe(first);
  });
});

describe('verwijder', () => {
  async function confirmationFor(manager: Manager, caseId: string) {
    await manager.say('verwijder');
    const list = manager.lastCard;
    checkCard(list);
    const ask = await manager.execute('delete-ask', {}, list);
    const confirmation = ask.invokeResponse?.body?.value;
    expect(confirmation).toBeDefined();
    checkCard(confirmation);
    expect(text(confirmation)).toContain(nl.dataRights.deleteCase.confirmTitle);
    expect(text(confirmation)).toContain(caseId);
    return confirmation;
  }

  it('lists only the manager’s own cases, each with a delete button', async () => {
    const { manager, caseId } = await managerWithCase('aad-lister');
    await managerWithCase('aad-someone-else');
    await manager.say('verwijder');
    const buttons = executeActions(manager.lastCard).filter((a) => a.data?.kind === 'deleteAsk');
    expect(buttons.map((a) => [a.title, a.data.caseId])).toEqual([[nl.dataRights.deleteCase.chooseButton, caseId]]);
  });

  it('deletes nothing until the manager confirms; then the case, notes and reminders go, a tombstone and the HR rows stay', async () => {
    const { manager, caseId } = await managerWithCase('aad-deleter');
    const hrRows = (await bot.store.hrLog()).filter((r) => r.caseKey === caseKey(bot.config.caseKeySecret, caseId));
    expect(hrRows).toHaveLength(1);
    const confirmation = await confirmationFor(manager, caseId);
    expect(await bot.store.load(caseId)).not.toBeNull();

    const done = await manager.execute('delete-confirm', {}, confirmation);
    expect(text(done.invokeResponse?.body?.value)).toContain(nl.dataRights.deleteCase.deletedTitle);
    expect(await bot.store.load(caseId)).toBeNull();
    expect(await bot.store.readNotes(caseId, 'aad-deleter')).toEqual([]);
    expect(await bot.store.pendingReminders('aad-deleter')).toEqual([]);
    expect((await bot.store.hrLog()).filter((r) => r.caseKey === caseKey(bot.config.caseKeySecret, caseId))).toEqual(hrRows);
    await manager.say('zaken');
    expect(text(manager.lastCard)).not.toContain(caseId);
    expect(await bot.store.verifyAudit()).toMatchObject({ ok: true });

    // A second click on the confirmation: the case is gone, nothing else happens.
    const again = await manager.execute('delete-confirm', {}, confirmation);
    expect(text(again.invokeResponse?.body)).toContain(nl.ui.errors.caseNotFound.title);
  });

  it('keeps the manager’s conversation and settings when their last case goes: they still use the bot', async () => {
    const { manager, caseId } = await managerWithCase('aad-last-case');
    const settings = await bot.store.userSettings('aad-last-case');
    expect(settings.orgUnit).not.toBeNull();
    await manager.execute('delete-confirm', {}, await confirmationFor(manager, caseId));
    expect(await bot.store.listByOwner('aad-last-case')).toEqual([]);
    expect(await bot.store.conversationRef('aad-last-case')).not.toBeNull();
    expect(await bot.store.userSettings('aad-last-case')).toEqual(settings);
  });

  it('asks again, and deletes nothing, when the case moved on after the confirmation was shown', async () => {
    const { manager, caseId } = await managerWithCase('aad-hasty');
    const stepCard = manager.lastCard;
    const confirmation = await confirmationFor(manager, caseId);
    await manager.execute('RECORD_CONVERSATION', CONVERSATION, stepCard);
    expect((await bot.store.load(caseId))!.revision).toBe(2);

    const out = await manager.execute('delete-confirm', {}, confirmation);
    const fresh = out.invokeResponse?.body?.value;
    expect(text(fresh)).toContain(nl.dataRights.deleteCase.changedNote);
    expect(await bot.store.load(caseId)).not.toBeNull();
    expect(executeActions(fresh).find((a) => a.data?.kind === 'deleteCase')!.data).toMatchObject({ caseId, revision: 2 });
    await manager.execute('delete-confirm', {}, fresh);
    expect(await bot.store.load(caseId)).toBeNull();
  });

  it('refuses another user’s case at both clicks and deletes nothing', async () => {
    const { manager: owner, caseId } = await managerWithCase('aad-victim');
    const confirmation = await confirmationFor(owner, caseId);
    await owner.say('verwijder');
    const intruder = new Manager(bot.adapter, 'aad-intruder');
    for (const [event, card] of [['delete-ask', owner.lastCard], ['delete-confirm', confirmation]] as const) {
      const out = await intruder.execute(event, {}, card);
      expect(text(out.invokeResponse?.body)).toContain(nl.ui.errors.notYourCase.title);
    }
    expect(await bot.store.load(caseId)).not.toBeNull();
    expect(await bot.store.readNotes(caseId, 'aad-victim')).toHaveLength(1);
  });
});
